/**
 * WAFv2 state, per account and region (scope `region`; CLOUDFRONT entities live in us-east-1):
 * - wafv2.entities      `<kind>/<Scope>/<id>`   EntityRecord (IP sets, regex pattern sets, rule groups, web ACLs)
 * - wafv2.associations  `<resource ARN>`        AssociationRecord (the web ACL protecting an ALB)
 * - wafv2.logging       `<web ACL ARN>`         LoggingConfiguration as stored
 * - wafv2.samples       `<web ACL id>/<metric name, URI-encoded>/<minute>/<proxy>`  SampleBatch
 *                       (written by the WAF proxy, src/dataplane/proxy; read by GetSampledRequests)
 * - wafv2.rate-keys     `<web ACL id>/<rule name>/<proxy>`  RateKeysRecord (written by the proxy;
 *                       read by GetRateBasedStatementManagedKeys)
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

export const WAFV2_TABLES = { entities: 'wafv2.entities', associations: 'wafv2.associations', logging: 'wafv2.logging', samples: 'wafv2.samples', rateKeys: 'wafv2.rate-keys' } as const;

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

/** One sampled request, as GetSampledRequests answers it (Timestamp in epoch seconds). */
export interface SampleRecord {
  readonly Request: { ClientIP: string; Country?: string; URI: string; Method: string; HTTPVersion: string; Headers: { Name: string; Value: string }[] };
  readonly Timestamp: number;
  readonly Action: string;
  readonly RuleNameWithinRuleGroup?: string;
  readonly RequestHeadersInserted?: { Name: string; Value: string }[];
  readonly ResponseCodeSent?: number;
  readonly Labels?: { Name: string }[];
  readonly OverriddenAction?: string;
}

/** At most this many samples per record (one proxy, one metric, one minute): the write stays bounded. */
export const MAX_SAMPLES_PER_BATCH = 100;
/** Samples are kept as long as GetSampledRequests can ask for them (3 hours). */
export const SAMPLE_RETENTION_S = 3 * 3600;

/** A minute of samples of one metric seen by one proxy: a reservoir and the population it drew from. */
export interface SampleBatch {
  readonly minute: number;
  readonly population: number;
  readonly samples: readonly SampleRecord[];
}

/** The keys (IP addresses) a rate-based rule limits on one proxy, as of `at` (epoch seconds). */
export interface RateKeysRecord {
  readonly at: number;
  readonly windowSec: number;
  /** Each key with the last time (epoch seconds) it was over the limit. At most 10,000 (AWS's maximum). */
  readonly keys: readonly (readonly [ip: string, lastOver: number])[];
}

export const samplesKey = (aclId: string, metric: string, minute: number, proxy: string) => `${aclId}/${encodeURIComponent(metric)}/${String(minute).padStart(10, '0')}/${proxy}`;
export const samplesPrefix = (aclId: string, metric: string) => `${aclId}/${encodeURIComponent(metric)}/`;
export const rateKeysPrefix = (aclId: string, rule: string) => `${aclId}/${encodeURIComponent(rule)}/`;

export const entities = new Table<EntityRecord>(WAFV2_TABLES.entities);
export const associations = new Table<AssociationRecord>(WAFV2_TABLES.associations);
export const logging = new Table<LoggingConfiguration>(WAFV2_TABLES.logging);
export const samples = new Table<SampleBatch>(WAFV2_TABLES.samples);
export const rateKeys = new Table<RateKeysRecord>(WAFV2_TABLES.rateKeys);

export const regionScope = (accountId: string, region: string): StoreScope => ({ kind: 'region', accountId, region });
export const entityKey = (kind: Kind, scope: Scope, id: string): string => `${kind}/${scope}/${id}`;
export const kindPrefix = (kind: Kind, scope: Scope): string => `${kind}/${scope}/`;

/**
 * Records are JSON: blobs (ByteMatchStatement.SearchString, a Buffer as the protocol layer parses it)
 * are kept as `{ $blob: base64 }`. INVARIANT: the replacer looks at the holder's own value, because
 * JSON.stringify calls a Buffer's toJSON (`{ type: 'Buffer', data: [...] }`) before the replacer sees it.
 */
export function storable<T>(v: T): T {
  function blobs(this: Record<string, unknown>, k: string, x: unknown): unknown {
    const raw = this[k];
    return raw instanceof Uint8Array ? { $blob: Buffer.from(raw).toString('base64') } : x;
  }
  // protocol-lint: allow a deep copy of a record into storable JSON, not a request or response body
  return JSON.parse(JSON.stringify(v, blobs)) as T;
}

/** A Buffer as records written before `storable` knew of toJSON hold it. */
function isBufferJson(o: Record<string, unknown>): boolean {
  const data = o['data'];
  return o['type'] === 'Buffer' && Object.keys(o).length === 2 && Array.isArray(data) && data.every((b) => Number.isInteger(b) && (b as number) >= 0 && (b as number) <= 255);
}

/** The reverse of `storable`, for answers (the serializer encodes blobs itself); also reads the older `{ type: 'Buffer', data }` form. */
export function revive<T>(v: T): T {
  if (Array.isArray(v)) return v.map((x: unknown) => revive(x)) as T;
  if (v instanceof Uint8Array) return v;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (typeof o['$blob'] === 'string' && Object.keys(o).length === 1) return new Uint8Array(Buffer.from(o['$blob'], 'base64')) as T;
    if (isBufferJson(o)) return new Uint8Array(o['data'] as number[]) as T;
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, revive(x)])) as T;
  }
  return v;
}
