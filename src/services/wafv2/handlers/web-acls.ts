/**
 * Web ACLs: CreateWebACL, GetWebACL, UpdateWebACL, DeleteWebACL, ListWebACLs. The rules' WCUs are
 * computed on every write and must stay within 5,000 (AWS's limit since April 2023; 1,500 is only the
 * capacity included in the base price): else WAFInvalidParameterException, field WEB_ACL, parameter
 * the WCUs needed. A web ACL associated with a resource cannot be deleted.
 */
import type { StoreOps } from '../../../storage/types.js';
import type { CreateWebACLRequest, Rule, Scope, UpdateWebACLRequest, WebACL } from '../api.generated.js';
import type { Here } from '../arns.js';
import { checkScope } from '../arns.js';
import { checkLock, createEntity, deleteEntity, listEntities, requireByNameOrArn, requireEntity, saveEntity, summary } from '../entities.js';
import { CAPACITY_EXCEEDED, invalidParameter } from '../errors.js';
import { checkDefaultAction, checkRules, resolveRefs } from '../rules.js';
import { revive, type EntityRecord, type WebAclData } from '../store.js';
import { checkTags, hereOf, type OpHandlers, type Wafv2Deps } from '../deps.js';

type Ops = 'CreateWebACL' | 'GetWebACL' | 'UpdateWebACL' | 'DeleteWebACL' | 'ListWebACLs';

/**
 * The most WCUs a web ACL may use: 5,000 without any limit increase ("AWS WAF customers can now use up
 * to 5,000 WCUs per web ACL", What's New, 2023-04-11; beyond 1,500 AWS bills more, nothing is refused).
 */
export const MAX_WEB_ACL_CAPACITY = 5000;

/** Checks a web ACL's configuration; returns its stored data and references. */
async function webAclData(ops: StoreOps, here: Here, scope: Scope, input: CreateWebACLRequest | UpdateWebACLRequest): Promise<{ data: WebAclData; refs: string[] }> {
  checkDefaultAction(input.DefaultAction, input.CustomResponseBodies);
  const rules: readonly Rule[] = input.Rules ?? [];
  const refs = await resolveRefs(ops, here, scope, rules);
  const capacity = checkRules(rules, { owner: 'webacl', scope, refs }, input.CustomResponseBodies);
  if (capacity > MAX_WEB_ACL_CAPACITY) throw invalidParameter('WEB_ACL', String(capacity), CAPACITY_EXCEEDED);
  const data: WebAclData = {
    DefaultAction: input.DefaultAction,
    Rules: rules,
    VisibilityConfig: input.VisibilityConfig,
    Capacity: capacity,
    ...(input.CustomResponseBodies ? { CustomResponseBodies: input.CustomResponseBodies } : {}),
    ...(input.DataProtectionConfig ? { DataProtectionConfig: input.DataProtectionConfig } : {}),
    ...(input.CaptchaConfig ? { CaptchaConfig: input.CaptchaConfig } : {}),
    ...(input.ChallengeConfig ? { ChallengeConfig: input.ChallengeConfig } : {}),
    ...(input.TokenDomains ? { TokenDomains: input.TokenDomains } : {}),
    ...(input.AssociationConfig ? { AssociationConfig: input.AssociationConfig } : {}),
  };
  return { data, refs: [...refs.keys()] };
}

/** The WebACL structure AWS returns. */
export function webAclOf(r: EntityRecord<'webacl'>): WebACL {
  const d = r.data;
  return {
    Name: r.name,
    Id: r.id,
    ARN: r.arn,
    DefaultAction: d.DefaultAction,
    ...(r.description !== undefined ? { Description: r.description } : {}),
    Rules: revive([...d.Rules]),
    VisibilityConfig: d.VisibilityConfig,
    ...(d.DataProtectionConfig ? { DataProtectionConfig: d.DataProtectionConfig } : {}),
    Capacity: d.Capacity,
    ManagedByFirewallManager: false,
    LabelNamespace: `awswaf:${r.accountId}:webacl:${r.name}:`,
    ...(d.CustomResponseBodies ? { CustomResponseBodies: d.CustomResponseBodies } : {}),
    ...(d.CaptchaConfig ? { CaptchaConfig: d.CaptchaConfig } : {}),
    ...(d.ChallengeConfig ? { ChallengeConfig: d.ChallengeConfig } : {}),
    ...(d.TokenDomains ? { TokenDomains: [...d.TokenDomains] } : {}),
    ...(d.AssociationConfig ? { AssociationConfig: d.AssociationConfig } : {}),
    RetrofittedByFirewallManager: false,
  };
}

export function webAclHandlers({ store }: Wafv2Deps): OpHandlers<Ops> {
  return {
    async CreateWebACL(input, ctx) {
      const here = hereOf(ctx);
      checkScope(input.Scope, here);
      checkTags(input.Tags);
      const rec = await store.transaction(async (tx) => {
        const { data, refs } = await webAclData(tx, here, input.Scope, input);
        return createEntity(tx, here, ctx.caller.now, {
          kind: 'webacl',
          scope: input.Scope,
          name: input.Name,
          ...(input.Description !== undefined ? { description: input.Description } : {}),
          ...(input.Tags ? { tags: input.Tags } : {}),
          refs,
          data,
        });
      });
      return { Summary: summary(rec) };
    },

    async GetWebACL(input, ctx) {
      const r = await requireByNameOrArn(store, hereOf(ctx), 'webacl', input);
      return { WebACL: webAclOf(r), LockToken: r.lockToken };
    },

    async UpdateWebACL(input, ctx) {
      const here = hereOf(ctx);
      return store.transaction(async (tx) => {
        const r = await requireEntity(tx, here, 'webacl', input.Scope, input.Name, input.Id);
        checkLock(r, input.LockToken);
        const { data, refs } = await webAclData(tx, here, r.scope, input);
        const next = await saveEntity(tx, r, { description: input.Description, refs, data });
        return { NextLockToken: next.lockToken };
      });
    },

    async DeleteWebACL(input, ctx) {
      await store.transaction(async (tx) => deleteEntity(tx, await requireEntity(tx, hereOf(ctx), 'webacl', input.Scope, input.Name, input.Id), input.LockToken));
      return {};
    },

    async ListWebACLs(input, ctx) {
      const p = await listEntities(store, hereOf(ctx), 'webacl', input.Scope, input.NextMarker, input.Limit);
      return { WebACLs: p.items.map(summary), ...(p.next !== undefined ? { NextMarker: p.next } : {}) };
    },
  };
}
