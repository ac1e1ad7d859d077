/**
 * Reads what WAFv2 wrote for one load balancer (its association, the web ACL, the IP sets, regex
 * pattern sets and rule groups it references, its logging configuration) and compiles it. The
 * fingerprint (lock tokens of everything read) tells whether a recompile is needed.
 */
import type { LoggingConfiguration } from '../../services/wafv2/api.generated.js';
import { associations, entities, logging, regionScope, type EntityRecord, type IpSetData, type RegexSetData, type RuleGroupData, type WebAclData } from '../../services/wafv2/store.js';
import type { StoreOps } from '../../storage/types.js';
import { CidrSet } from '../waf/ip.js';
import type { CompiledRegex } from '../waf/regex.js';

/** What one load balancer's web ACL is made of, as stored. */
export interface AclSnapshot {
  readonly fingerprint: string;
  readonly acl?: EntityRecord<'webacl'>;
  readonly ipSets: Map<string, CidrSet>;
  readonly regexSets: Map<string, CompiledRegex[]>;
  readonly ruleGroups: Map<string, { name: string; data: RuleGroupData }>;
  readonly logging?: LoggingConfiguration;
}

const ARN_KEY = /:(regional|global)\/(ipset|regexpatternset|rulegroup|webacl)\/[\w-]{1,128}\/([0-9a-f-]{36})$/;

/** The store key of an entity ARN (`kind/SCOPE/id`), or undefined. */
export function keyOfArn(arn: string): string | undefined {
  const m = ARN_KEY.exec(arn);
  return m ? `${m[2]}/${m[1] === 'global' ? 'CLOUDFRONT' : 'REGIONAL'}/${m[3]}` : undefined;
}

/** At most this many referenced entities are read (a web ACL has at most a few hundred). */
const MAX_REFS = 1000;

export async function loadSnapshot(ops: StoreOps, accountId: string, region: string, albArn: string, regex: (p: string) => CompiledRegex, cache?: AclSnapshot): Promise<AclSnapshot> {
  const scope = regionScope(accountId, region);
  const assoc = await associations.get(ops, scope, albArn);
  const empty: AclSnapshot = { fingerprint: `none:${assoc?.webAclArn ?? ''}`, ipSets: new Map(), regexSets: new Map(), ruleGroups: new Map() };
  const aclKey = assoc ? keyOfArn(assoc.webAclArn) : undefined;
  if (!aclKey) return empty;
  const acl = (await entities.get(ops, scope, aclKey)) as EntityRecord<'webacl'> | undefined;
  if (!acl || acl.arn !== assoc!.webAclArn) return empty;
  const records: EntityRecord[] = [];
  const seen = new Set<string>();
  const queue = [...acl.refs];
  while (queue.length && seen.size < MAX_REFS) {
    const arn = queue.shift()!;
    if (seen.has(arn)) continue;
    seen.add(arn);
    const k = keyOfArn(arn);
    const rec = k ? await entities.get(ops, scope, k) : undefined;
    if (!rec) continue;
    records.push(rec);
    if (rec.kind === 'rulegroup') queue.push(...rec.refs);
  }
  const log = await logging.get(ops, scope, acl.arn);
  const fingerprint = [acl.arn, acl.lockToken, ...records.map((r) => `${r.arn}@${r.lockToken}`), log ? JSON.stringify(log) : ''].join('|');
  if (cache && cache.fingerprint === fingerprint) return cache;
  const snap: AclSnapshot = { fingerprint, acl, ipSets: new Map(), regexSets: new Map(), ruleGroups: new Map(), ...(log ? { logging: log } : {}) };
  for (const r of records) {
    if (r.kind === 'ipset') snap.ipSets.set(r.arn, new CidrSet((r.data as IpSetData).Addresses));
    else if (r.kind === 'regexpatternset') snap.regexSets.set(r.arn, (r.data as RegexSetData).RegularExpressionList.map((x) => regex(x.RegexString ?? '')));
    else if (r.kind === 'rulegroup') snap.ruleGroups.set(r.arn, { name: r.name, data: r.data as RuleGroupData });
  }
  return snap;
}

/** The inspected body size: the web ACL's AssociationConfig (ALB is fixed at 8 KB by AWS; up to 64 KB here). */
export function bodyLimitOf(data: WebAclData | undefined): number {
  const sizes = Object.values(data?.AssociationConfig?.RequestBody ?? {}).map((c) => c.DefaultSizeInspectionLimit);
  const kb = (s: string) => Number(/KB_(\d+)/.exec(s)?.[1] ?? 8);
  return sizes.length ? Math.min(64, Math.max(...sizes.map(kb))) * 1024 : 8 * 1024;
}
