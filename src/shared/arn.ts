/**
 * Amazon Resource Names: `arn:partition:service:region:account-id:resource`, built and read here
 * only. Rampart stores every ARN in the canonical partition (`aws`) and speaks to each client in
 * the partition of the region it signed for: an ARN a client sends in its partition is made
 * canonical before handlers and storage see it, and every ARN Rampart answers or authorizes on is
 * put in the client's partition (`arn:aws-cn:` for a client on cn-north-1).
 */

/** The parts of an ARN. */
export interface Arn {
  readonly partition: string;
  readonly service: string;
  readonly region: string;
  readonly accountId: string;
  readonly resource: string;
}

/** The partition ARNs are stored in. */
export const CANONICAL_PARTITION = 'aws';

/** @deprecated the canonical partition (kept for the name existing code uses). */
export const PARTITION = CANONICAL_PARTITION;

/** Parses an ARN; returns undefined when it does not have six colon-separated parts. */
export function parseArn(arn: string): Arn | undefined {
  if (!arn.startsWith('arn:')) return undefined;
  const parts = arn.split(':');
  if (parts.length < 6) return undefined;
  const [, partition, service, region, accountId] = parts as [string, string, string, string, string];
  if (!partition || !service) return undefined;
  return { partition, service, region, accountId, resource: parts.slice(5).join(':') };
}

/**
 * An S3 bucket ARN, optionally with a key prefix (`arn:aws:s3:::bucket[/prefix]`, as a log destination
 * names one): the bucket and the prefix without its trailing slashes; undefined for any other ARN.
 */
export function s3BucketAndPrefix(arn: string): { bucket: string; prefix: string } | undefined {
  const a = parseArn(arn);
  if (!a || a.service !== 's3' || a.region !== '' || a.accountId !== '') return undefined;
  const slash = a.resource.indexOf('/');
  const bucket = slash < 0 ? a.resource : a.resource.slice(0, slash);
  return bucket === '' ? undefined : { bucket, prefix: slash < 0 ? '' : a.resource.slice(slash + 1).replace(/\/+$/, '') };
}

/** The ARN of `a`. */
export function formatArn(a: Arn): string {
  return `arn:${a.partition}:${a.service}:${a.region}:${a.accountId}:${a.resource}`;
}

/** An ARN in the canonical partition. */
export function canonicalArn(service: string, region: string, accountId: string, resource: string): string {
  return formatArn({ partition: CANONICAL_PARTITION, service, region, accountId, resource });
}

/**
 * `value` with every string that is an ARN of partition `from` moved to partition `to`, deeply
 * (objects and arrays are copied only where something changed). Strings that merely contain an ARN
 * (a policy document) are left as they are: they are the client's own text.
 */
export function movePartition<T>(value: T, from: string, to: string): T {
  if (from === to) return value;
  return move(value, `arn:${from}:`, `arn:${to}:`) as T;
}

function move(v: unknown, from: string, to: string): unknown {
  if (typeof v === 'string') return v.startsWith(from) ? to + v.slice(from.length) : v;
  if (Array.isArray(v)) {
    let out: unknown[] | undefined;
    v.forEach((x, i) => {
      const y = move(x, from, to);
      if (y !== x) (out ??= [...v])[i] = y;
    });
    return out ?? v;
  }
  if (v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    let out: Record<string, unknown> | undefined;
    for (const [k, x] of Object.entries(v)) {
      const y = move(x, from, to);
      if (y !== x) (out ??= { ...(v as Record<string, unknown>) })[k] = y;
    }
    return out ?? v;
  }
  return v;
}

/** `text` (an error message) with every ARN of partition `from` in it moved to partition `to`. */
export function movePartitionInText(text: string, from: string, to: string): string {
  return from === to ? text : text.split(`arn:${from}:`).join(`arn:${to}:`);
}
