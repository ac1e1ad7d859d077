/**
 * The resources Shield Advanced protects, told from their ARNs (API reference, CreateProtection):
 * Application and Classic Load Balancers, CloudFront distributions, Global Accelerator
 * accelerators, Route 53 hosted zones and Elastic IP allocations. Rampart accepts any well-formed
 * ARN of these in the caller's account (a Rampart proxy is named by an ALB ARN; the others are
 * stored and listed, and only ALBs that front a Rampart proxy see traffic).
 */
import type { ProtectedResourceType } from './api.generated.js';

const REGION = '[a-z]{2}(?:-[a-z]+)+-\\d';
const PATTERNS: readonly (readonly [ProtectedResourceType, RegExp])[] = [
  ['APPLICATION_LOAD_BALANCER', new RegExp(`^arn:aws:elasticloadbalancing:${REGION}:(\\d{12}):loadbalancer/app/[A-Za-z0-9-]{1,32}/[0-9a-f]{16}$`)],
  ['CLASSIC_LOAD_BALANCER', new RegExp(`^arn:aws:elasticloadbalancing:${REGION}:(\\d{12}):loadbalancer/[A-Za-z0-9-]{1,32}$`)],
  ['CLOUDFRONT_DISTRIBUTION', /^arn:aws:cloudfront::(\d{12}):distribution\/[A-Z0-9]{1,32}$/],
  ['GLOBAL_ACCELERATOR', /^arn:aws:globalaccelerator::(\d{12}):accelerator\/[0-9a-f-]{1,64}$/],
  ['ROUTE_53_HOSTED_ZONE', /^arn:aws:route53:::hostedzone\/()[A-Z0-9]{1,32}$/],
  ['ELASTIC_IP_ALLOCATION', new RegExp(`^arn:aws:ec2:${REGION}:(\\d{12}):eip-allocation/eipalloc-[0-9a-f]{8,17}$`)],
];

/** What a protectable resource ARN names: its type, and its account (none for hosted zones). */
export interface ProtectedResource {
  readonly type: ProtectedResourceType;
  readonly accountId?: string;
}

export function parseProtectedArn(arn: string): ProtectedResource | undefined {
  for (const [type, re] of PATTERNS) {
    const m = re.exec(arn);
    if (m) return m[1] ? { type, accountId: m[1] } : { type };
  }
  return undefined;
}

/** The Region of an ALB ARN (where its web ACL association lives). */
export const albRegion = (arn: string): string | undefined => /^arn:aws:elasticloadbalancing:([^:]+):/.exec(arn)?.[1];

/** Why an ARN is refused, in the words other emulators record for AWS. */
export function unrecognized(arn: string): string {
  const parts = arn.split(':');
  const relative = parts.slice(5).join(':');
  // protocol-lint: allow AWS's message names the ARN's parts in angle brackets; it is no XML
  if (parts.length < 6 || !relative.includes('/')) return "Relative ID must be in the form '<resource>/<id>'.";
  return `Unrecognized resource '${relative.split('/')[0]}' of service '${parts[2]}'.`;
}

export const protectionArn = (accountId: string, id: string) => `arn:aws:shield::${accountId}:protection/${id}`;
export const groupArn = (accountId: string, id: string) => `arn:aws:shield::${accountId}:protection-group/${id}`;
export const attackArn = (accountId: string, id: string) => `arn:aws:shield::${accountId}:attack/${id}`;

/** `arn:aws:shield::<account>:<kind>/<id>` → its parts. */
export function parseShieldArn(arn: string): { accountId: string; kind: 'protection' | 'protection-group'; id: string } | undefined {
  const m = /^arn:aws:shield::(\d{12}):(protection|protection-group)\/([A-Za-z0-9-]{1,36})$/.exec(arn);
  return m ? { accountId: m[1]!, kind: m[2] as 'protection' | 'protection-group', id: m[3]! } : undefined;
}
