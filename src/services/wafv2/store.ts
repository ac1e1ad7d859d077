/**
 * WAFv2 state, per account and region (scope `region`; CLOUDFRONT entities live in us-east-1):
 * - wafv2.entities      `<kind>/<Scope>/<id>`   EntityRecord (IP sets, regex pattern sets, rule groups, web ACLs)
 * - wafv2.associations  `<resource ARN>`        AssociationRecord (the web ACL protecting an ALB)
 * - wafv2.logging       `<web ACL ARN>`         LoggingConfiguration as stored
 */
import type { Scope as StoreScope } from '../../storage/types.js';
import { Table } from '../../storage/table.js';
import type {
  AssociationConfig,
  CaptchaConfig,
  ChallengeConfig,
  CustomResponseBody,
  DataProtectionConfig,
  DefaultAction,
  IPAddressVersion,
  LoggingConfiguration,
  Regex,
  Rule,
  Scope,
  Tag,
  VisibilityConfig,
} from './api.generated.js';
import type { Kind } from './arns.js';

export const WAFV2_TABLES = { entities: 'wafv2.entities', associations: 'wafv2.associations', logging: 'wafv2.logging' } as const;

export interface IpSetData {
  readonly IPAddressVersion: IPAddressVersion;
  readonly Addresses: readonly string[];
}

export interface RegexSetData {
  readonly RegularExpressionList: readonly Regex[];
}

export interface RuleGroupData {
  readonly Capacity: number;
  readonly Rules: readonly Rule[];
  readonly VisibilityConfig: VisibilityConfig;
  readonly CustomResponseBodies?: Record<string, CustomResponseBody>;
}

export interface WebAclData {
  readonly DefaultAction: DefaultAction;
  readonly Rules: readonly Rule[];
  readonly VisibilityConfig: VisibilityConfig;
  /** The WCUs its rules use (computed on every write). */
  readonly Capacity: number;
  readonly CustomResponseBodies?: Record<string, CustomResponseBody>;
  readonly DataProtectionConfig?: DataProtectionConfig;
  readonly CaptchaConfig?: CaptchaConfig;
  readonly ChallengeConfig?: ChallengeConfig;
  readonly TokenDomains?: readonly string[];
  readonly AssociationConfig?: AssociationConfig;
}

export interface DataOf {
  ipset: IpSetData;
  regexpatternset: RegexSetData;
  rulegroup: RuleGroupData;
  webacl: WebAclData;
}

export interface EntityRecord<K extends Kind = Kind> {
  readonly kind: K;
  readonly id: string;
  readonly name: string;
  readonly scope: Scope;
  readonly arn: string;
  readonly accountId: string;
  readonly region: string;
  readonly description?: string;
  /** Changes on every write (optimistic locking). */
  readonly lockToken: string;
  readonly tags: readonly Tag[];
  /** The ARNs of the IP sets, regex pattern sets and rule groups its rules reference. */
  readonly refs: readonly string[];
  readonly createdAt: number;
  readonly data: DataOf[K];
}

export interface AssociationRecord {
  readonly webAclArn: string;
}

export const entities = new Table<EntityRecord>(WAFV2_TABLES.entities);
export const associations = new Table<AssociationRecord>(WAFV2_TABLES.associations);
export const logging = new Table<LoggingConfiguration>(WAFV2_TABLES.logging);

export const regionScope = (accountId: string, region: string): StoreScope => ({ kind: 'region', accountId, region });
export const entityKey = (kind: Kind, scope: Scope, id: string): string => `${kind}/${scope}/${id}`;
export const kindPrefix = (kind: Kind, scope: Scope): string => `${kind}/${scope}/`;

/** Records are JSON: blobs (ByteMatchStatement.SearchString) are kept as `{ $blob: base64 }`. */
export function storable<T>(v: T): T {
  // protocol-lint: allow a deep copy of a record into storable JSON, not a request or response body
  return JSON.parse(JSON.stringify(v, (_k, x: unknown) => (x instanceof Uint8Array ? { $blob: Buffer.from(x).toString('base64') } : x))) as T;
}

/** The reverse of `storable`, for answers (the serializer encodes blobs itself). */
export function revive<T>(v: T): T {
  if (Array.isArray(v)) return v.map((x: unknown) => revive(x)) as T;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (typeof o['$blob'] === 'string' && Object.keys(o).length === 1) return new Uint8Array(Buffer.from(o['$blob'], 'base64')) as T;
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, revive(x)])) as T;
  }
  return v;
}
