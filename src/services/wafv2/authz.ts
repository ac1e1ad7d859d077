/**
 * How WAFv2 operations are authorized (Service Authorization Reference, `models/iam-data.json`):
 * `wafv2:<Operation>` on the canonical ARN of each entity acted upon (the stored ARN when it exists,
 * else the one the request names; Create operations act on `.../<kind>/<Name>/*`, the Id being
 * unknown yet), and for CreateWebACL/UpdateWebACL/CreateRuleGroup/UpdateRuleGroup also on every IP
 * set, regex pattern set and rule group the rules reference (the reference lists them as resources
 * of those actions). AssociateWebACL, DisassociateWebACL and GetWebACLForResource also act on the
 * ALB ARN; associating and disassociating also need `elasticloadbalancing:SetWebAcl` on the load
 * balancer (AWS WAF developer guide, "Permissions for AssociateWebACL"). Condition keys:
 * aws:RequestTag/*, aws:TagKeys (from the input), aws:ResourceTag/* (from the entity),
 * wafv2:LogDestinationResource and wafv2:LogScope.
 */
import type { OperationAuthz, ResolveEnv, ServiceAuthorization, TargetResource } from '../../authz/service-rules.js';
import type { ContextValue } from '../../policy/index.js';
import type { Store } from '../../storage/types.js';
import type { Rule, Scope } from './api.generated.js';
import { entityArn, parseAlbArn, parseEntityArn, type Kind } from './arns.js';
import { entityByArn } from './entities.js';
import { collectRefs } from './statements.js';
import { associations, regionScope, WAFV2_TABLES, type EntityRecord } from './store.js';

type Input = Readonly<Record<string, unknown>>;

const here = (env: ResolveEnv) => ({ accountId: env.accountId, region: env.region });
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const scopeOf = (v: unknown): Scope => (v === 'CLOUDFRONT' ? 'CLOUDFRONT' : 'REGIONAL');

function tagKeys(rec: EntityRecord | undefined): Record<string, ContextValue> {
  const keys: Record<string, ContextValue> = {};
  for (const t of rec?.tags ?? []) keys[`aws:ResourceTag/${t.Key}`] = t.Value;
  return keys;
}

export function wafv2Authorization(store: Store): ServiceAuthorization {
  /** The entity an ARN names: its canonical ARN and tags when it exists, else the ARN as named. */
  const byArn = async (arn: string, env: ResolveEnv, type: string): Promise<TargetResource> => {
    const rec = await entityByArn(store, here(env), arn);
    return { arn: rec?.arn ?? arn, type: rec?.kind ?? type, keys: tagKeys(rec) };
  };
  /** The entity named by Name, Scope and Id. */
  const named = (kind: Kind) => async (input: Input, env: ResolveEnv): Promise<TargetResource> =>
    byArn(entityArn(here(env), scopeOf(input['Scope']), kind, str(input['Name']), str(input['Id'])), env, kind);
  /** The IP sets, regex pattern sets and rule groups the input's rules reference. */
  const references = async (input: Input, env: ResolveEnv): Promise<TargetResource[]> => {
    const wanted: { kind: Kind; arn: string }[] = [];
    try {
      for (const r of (Array.isArray(input['Rules']) ? input['Rules'] : []) as Rule[]) collectRefs(r.Statement, wanted);
    } catch {
      return []; // too deep: the handler answers it
    }
    const seen = new Set<string>();
    const out: TargetResource[] = [];
    for (const w of wanted) {
      // An ARN that is no WAFv2 entity ARN is refused by the handler (RESOURCE_ARN), not authorized.
      if (seen.has(w.arn) || !parseEntityArn(w.arn)) continue;
      seen.add(w.arn);
      out.push(await byArn(w.arn, env, w.kind));
    }
    return out;
  };
  const create = (kind: Kind, withRefs: boolean): OperationAuthz => ({
    resolve: async (input, env) => [
      { arn: `${entityArn(here(env), scopeOf(input['Scope']), kind, str(input['Name']), 'x').slice(0, -1)}*`, type: kind },
      ...(withRefs ? await references(input, env) : []),
    ],
  });
  const entity = (kind: Kind, withRefs = false): OperationAuthz => ({
    resolve: async (input, env) => [await named(kind)(input, env), ...(withRefs ? await references(input, env) : [])],
  });
  const nameOrArn = (kind: Kind): OperationAuthz => ({
    resolve: async (input, env) => [input['ARN'] !== undefined ? await byArn(str(input['ARN']), env, kind) : await named(kind)(input, env)],
  });
  const arnMember = (member: string, kind: string, extra?: (input: Input) => Record<string, ContextValue>): OperationAuthz => ({
    resolve: async (input, env) => {
      const t = await byArn(str(input[member]), env, kind);
      return [{ ...t, keys: { ...t.keys, ...(extra ? extra(input) : {}) } }];
    },
  });
  const albTarget = (input: Input): TargetResource => ({ arn: str(input['ResourceArn']), type: 'loadbalancer/app/' });
  const setWebAcl = async (input: Input) => (parseAlbArn(str(input['ResourceArn'])) ? [{ action: 'elasticloadbalancing:SetWebAcl', resource: str(input['ResourceArn']) }] : []);
  const logKeys = (input: Input): Record<string, ContextValue> => {
    const c = (input['LoggingConfiguration'] ?? {}) as { LogDestinationConfigs?: unknown; LogScope?: unknown };
    const dest = Array.isArray(c.LogDestinationConfigs) ? c.LogDestinationConfigs.filter((d): d is string => typeof d === 'string') : [];
    // Single-valued (type ARN in the reference): one destination is all WAF accepts.
    return { ...(dest.length === 1 ? { 'wafv2:LogDestinationResource': dest[0]! } : dest.length ? { 'wafv2:LogDestinationResource': dest } : {}), 'wafv2:LogScope': str(c.LogScope ?? input['LogScope']) || 'CUSTOMER' };
  };
  const star: OperationAuthz = { resolve: async () => [{ arn: '*' }] };

  const operations: Record<string, OperationAuthz> = {
    CreateIPSet: create('ipset', false),
    CreateRegexPatternSet: create('regexpatternset', false),
    CreateRuleGroup: create('rulegroup', true),
    CreateWebACL: create('webacl', true),
    GetIPSet: entity('ipset'),
    UpdateIPSet: entity('ipset'),
    DeleteIPSet: entity('ipset'),
    GetRegexPatternSet: entity('regexpatternset'),
    UpdateRegexPatternSet: entity('regexpatternset'),
    DeleteRegexPatternSet: entity('regexpatternset'),
    GetRuleGroup: nameOrArn('rulegroup'),
    UpdateRuleGroup: entity('rulegroup', true),
    DeleteRuleGroup: entity('rulegroup'),
    GetWebACL: nameOrArn('webacl'),
    UpdateWebACL: entity('webacl', true),
    DeleteWebACL: entity('webacl'),
    ListIPSets: star,
    ListRegexPatternSets: star,
    ListRuleGroups: star,
    ListWebACLs: star,
    CheckCapacity: star,
    ListAvailableManagedRuleGroups: star,
    DescribeManagedRuleGroup: star,
    ListAvailableManagedRuleGroupVersions: star,
    ListLoggingConfigurations: { resolve: async (input) => [{ arn: '*', keys: { 'wafv2:LogScope': str(input['LogScope']) || 'CUSTOMER' } }] },
    TagResource: arnMember('ResourceARN', 'webacl'),
    UntagResource: arnMember('ResourceARN', 'webacl'),
    ListTagsForResource: arnMember('ResourceARN', 'webacl'),
    PutLoggingConfiguration: {
      resolve: async (input, env) => {
        const t = await byArn(str((input['LoggingConfiguration'] as Input | undefined)?.['ResourceArn']), env, 'webacl');
        return [{ ...t, keys: { ...t.keys, ...logKeys(input) } }];
      },
    },
    GetLoggingConfiguration: arnMember('ResourceArn', 'webacl', logKeys),
    DeleteLoggingConfiguration: arnMember('ResourceArn', 'webacl', logKeys),
    AssociateWebACL: { resolve: async (input, env) => [await byArn(str(input['WebACLArn']), env, 'webacl'), albTarget(input)], extraChecks: setWebAcl },
    DisassociateWebACL: { resolve: async (input) => [albTarget(input)], extraChecks: setWebAcl },
    GetWebACLForResource: {
      resolve: async (input, env) => {
        const a = await associations.get(store, regionScope(env.accountId, env.region), str(input['ResourceArn']));
        return [albTarget(input), ...(a ? [await byArn(a.webAclArn, env, 'webacl')] : [])];
      },
    },
    ListResourcesForWebACL: arnMember('WebACLArn', 'webacl'),
    GetSampledRequests: arnMember('WebAclArn', 'webacl'),
    GetRateBasedStatementManagedKeys: {
      resolve: async (input, env) => [await byArn(entityArn(here(env), scopeOf(input['Scope']), 'webacl', str(input['WebACLName']), str(input['WebACLId'])), env, 'webacl')],
    },
  };
  return { prefix: 'wafv2', operations, tables: [WAFV2_TABLES.entities, WAFV2_TABLES.associations] };
}
