/**
 * WAFv2 ARNs: `arn:<partition>:wafv2:<region>:<account>:<regional|global>/<kind>/<name>/<id>`
 * (`global` for CLOUDFRONT, whose entities live in us-east-1), and the ALB ARNs web ACLs are
 * associated with. Parsing is strict: anything else names nothing.
 */
import { partitionOfRegion } from '../../shared/regions.js';
import type { Scope } from './api.generated.js';
import { BAD_SCOPE, invalidParameter } from './errors.js';

export type Kind = 'ipset' | 'regexpatternset' | 'rulegroup' | 'webacl';
export const KINDS: readonly Kind[] = ['ipset', 'regexpatternset', 'rulegroup', 'webacl'];

/** Where a request acts: the caller's account and the signed region. */
export interface Here {
  readonly accountId: string;
  readonly region: string;
}

export const partitionOf = (region: string): string => partitionOfRegion(region)?.id ?? 'aws';
const scopePart = (scope: Scope) => (scope === 'CLOUDFRONT' ? 'global' : 'regional');

export function entityArn(here: Here, scope: Scope, kind: Kind, name: string, id: string): string {
  return `arn:${partitionOf(here.region)}:wafv2:${here.region}:${here.accountId}:${scopePart(scope)}/${kind}/${name}/${id}`;
}

export interface ParsedArn {
  readonly region: string;
  readonly accountId: string;
  readonly scope: Scope;
  readonly kind: Kind;
  readonly name: string;
  readonly id: string;
}

const ENTITY_ARN = /^arn:aws[a-z-]*:wafv2:([a-z0-9-]{1,32}):(\d{12}):(regional|global)\/(ipset|regexpatternset|rulegroup|webacl)\/([\w-]{1,128})\/([0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12})$/;

/** The entity an ARN names, or undefined when it is no WAFv2 entity ARN. */
export function parseEntityArn(arn: string): ParsedArn | undefined {
  const m = ENTITY_ARN.exec(arn);
  if (!m) return undefined;
  return { region: m[1]!, accountId: m[2]!, scope: m[3] === 'global' ? 'CLOUDFRONT' : 'REGIONAL', kind: m[4] as Kind, name: m[5]!, id: m[6]! };
}

const ALB_ARN = /^arn:aws[a-z-]*:elasticloadbalancing:([a-z0-9-]{1,32}):(\d{12}):loadbalancer\/app\/([A-Za-z0-9-]{1,32})\/([0-9a-f]{1,32})$/;

/** An Application Load Balancer ARN (the only resource type associations are served for). */
export function parseAlbArn(arn: string): { region: string; accountId: string } | undefined {
  const m = ALB_ARN.exec(arn);
  return m ? { region: m[1]!, accountId: m[2]! } : undefined;
}

/** CLOUDFRONT is served in us-east-1 only, as AWS serves it. */
export function checkScope(scope: Scope, here: Here): void {
  if (scope === 'CLOUDFRONT' && here.region !== 'us-east-1') throw invalidParameter('SCOPE_VALUE', scope, BAD_SCOPE);
}
