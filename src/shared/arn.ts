/** Amazon Resource Names: `arn:partition:service:region:account-id:resource`. */
export interface Arn {
  readonly partition: string;
  readonly service: string;
  readonly region: string;
  readonly accountId: string;
  readonly resource: string;
}

/** Parses an ARN; returns undefined when it does not have six colon-separated parts. */
export function parseArn(arn: string): Arn | undefined {
  if (!arn.startsWith('arn:')) return undefined;
  const parts = arn.split(':');
  if (parts.length < 6) return undefined;
  const [, partition, service, region, accountId] = parts as [string, string, string, string, string];
  if (!partition || !service) return undefined;
  return { partition, service, region, accountId, resource: parts.slice(5).join(':') };
}

export function formatArn(a: Arn): string {
  return `arn:${a.partition}:${a.service}:${a.region}:${a.accountId}:${a.resource}`;
}

export const PARTITION = 'aws';
