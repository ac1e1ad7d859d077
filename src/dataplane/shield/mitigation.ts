/**
 * Shield Advanced's automatic application layer mitigation, as edits of the web ACL record (WAFv2's
 * `wafv2.entities` table, read and written through storage). AWS places its rules in a rule group named
 * `ShieldMitigationRuleGroup_<account>_<web ACL id>_...` evaluated last in the web ACL (priority
 * 10,000,000); Rampart adds one rule of that name at that priority, a rate-based rule per source IP
 * with the protection's configured action (Block or Count), when an attack starts, and removes it when
 * the attack ends. Deviation: the rule is inline in the web ACL, not a separate rule group (so it
 * shows in GetWebACL but not in ListRuleGroups). The web ACL's LockToken changes with each edit, as
 * an out-of-band change does on AWS.
 */
import { randomUUID } from 'node:crypto';
import type { Rule } from '../../services/wafv2/api.generated.js';
import type { EntityRecord, WAFV2_TABLES } from '../../services/wafv2/store.js';
import type { Store } from '../../storage/types.js';

/** WAFv2's table of web ACLs (typed against WAFv2's own constant). */
const ENTITIES: (typeof WAFV2_TABLES)['entities'] = 'wafv2.entities';
/** Where AWS places the Shield mitigation rule group in the web ACL. */
export const MITIGATION_PRIORITY = 10_000_000;
export const MITIGATION_PREFIX = 'ShieldMitigationRuleGroup';
/** WCUs of a rate-based statement without scope-down (WAF developer guide). */
const RATE_BASED_WCU = 2;
/** WAF's smallest rate-based limit. */
export const MIN_RATE_LIMIT = 10;

const WEB_ACL_ARN = /^arn:aws:wafv2:([a-z0-9-]{1,32}):(\d{12}):(regional|global)\/webacl\/([\w-]{1,128})\/([0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12})$/;

function locate(webAclArn: string) {
  const m = WEB_ACL_ARN.exec(webAclArn);
  if (!m) return undefined;
  return { scope: { kind: 'region' as const, accountId: m[2]!, region: m[1]! }, key: `webacl/${m[3] === 'global' ? 'CLOUDFRONT' : 'REGIONAL'}/${m[5]!}`, accountId: m[2]!, id: m[5]! };
}

/** The name of the Shield rule in a web ACL. */
export function mitigationRuleName(webAclArn: string): string | undefined {
  const at = locate(webAclArn);
  return at ? `${MITIGATION_PREFIX}_${at.accountId}_${at.id}` : undefined;
}

/** The rate-based rule: at most `limit` requests per source IP per minute, then `action`. */
export function mitigationRule(name: string, action: 'Block' | 'Count', limit: number): Rule {
  return {
    Name: name,
    Priority: MITIGATION_PRIORITY,
    Statement: { RateBasedStatement: { Limit: Math.max(MIN_RATE_LIMIT, Math.ceil(limit)), EvaluationWindowSec: 60, AggregateKeyType: 'IP' } },
    Action: action === 'Block' ? { Block: {} } : { Count: {} },
    VisibilityConfig: { SampledRequestsEnabled: true, CloudWatchMetricsEnabled: true, MetricName: name },
  };
}

const isShieldRule = (r: Rule, name: string) => r.Name === name;

/** Adds (or replaces) the Shield rule in the web ACL; returns its name, or undefined when the web ACL is gone. */
export async function applyMitigation(store: Store, webAclArn: string, action: 'Block' | 'Count', limit: number): Promise<string | undefined> {
  const at = locate(webAclArn);
  const name = mitigationRuleName(webAclArn);
  if (!at || !name) return undefined;
  return store.transaction(async (tx) => {
    const item = await tx.get(ENTITIES, at.scope, at.key);
    const acl = item?.value as unknown as EntityRecord<'webacl'> | undefined;
    if (!acl || acl.arn !== webAclArn) return undefined;
    const rule = mitigationRule(name, action, limit);
    const existing = acl.data.Rules.find((r) => isShieldRule(r, name));
    // protocol-lint: allow comparing two stored rules, not a wire format
    if (existing && JSON.stringify(existing) === JSON.stringify(rule)) return name; // unchanged: the LockToken stays
    const had = existing !== undefined;
    const rules = [...acl.data.Rules.filter((r) => !isShieldRule(r, name)), rule];
    const next: EntityRecord<'webacl'> = { ...acl, lockToken: randomUUID(), data: { ...acl.data, Rules: rules, Capacity: acl.data.Capacity + (had ? 0 : RATE_BASED_WCU) } };
    await tx.put(ENTITIES, at.scope, at.key, next as never);
    return name;
  });
}

/** Removes the Shield rule from the web ACL; true when there was one. */
export async function removeMitigation(store: Store, webAclArn: string): Promise<boolean> {
  const at = locate(webAclArn);
  const name = mitigationRuleName(webAclArn);
  if (!at || !name) return false;
  return store.transaction(async (tx) => {
    const item = await tx.get(ENTITIES, at.scope, at.key);
    const acl = item?.value as unknown as EntityRecord<'webacl'> | undefined;
    if (!acl || !acl.data.Rules.some((r) => isShieldRule(r, name))) return false;
    const next: EntityRecord<'webacl'> = { ...acl, lockToken: randomUUID(), data: { ...acl.data, Rules: acl.data.Rules.filter((r) => !isShieldRule(r, name)), Capacity: Math.max(0, acl.data.Capacity - RATE_BASED_WCU) } };
    await tx.put(ENTITIES, at.scope, at.key, next as never);
    return true;
  });
}
