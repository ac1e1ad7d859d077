/**
 * Rule groups: CreateRuleGroup, GetRuleGroup, UpdateRuleGroup, DeleteRuleGroup, ListRuleGroups.
 * Capacity is fixed at creation (1..5,000 WCUs); the rules' WCUs must fit in it on every write.
 * Rule groups cannot hold managed or referenced rule groups.
 */
import type { StoreOps } from '../../../storage/types.js';
import type { CustomResponseBody, Rule, Scope } from '../api.generated.js';
import type { Here } from '../arns.js';
import { checkLock, createEntity, deleteEntity, listEntities, requireByNameOrArn, requireEntity, saveEntity, summary } from '../entities.js';
import { checkScope } from '../arns.js';
import { CAPACITY_EXCEEDED, invalidParameter, THRESHOLD } from '../errors.js';
import { checkRules, resolveRefs, ruleGroupLabels } from '../rules.js';
import { revive, type EntityRecord } from '../store.js';
import { checkTags, hereOf, type OpHandlers, type Wafv2Deps } from '../deps.js';

type Ops = 'CreateRuleGroup' | 'GetRuleGroup' | 'UpdateRuleGroup' | 'DeleteRuleGroup' | 'ListRuleGroups';

/** AWS WAF quotas: a rule group's capacity is at most 5,000 WCUs. */
export const MAX_RULE_GROUP_CAPACITY = 5000;

/** The rules' references (resolved) and WCUs, checked against the declared capacity. */
async function checkGroupRules(ops: StoreOps, here: Here, scope: Scope, rules: readonly Rule[], capacity: number, bodies: Record<string, CustomResponseBody> | undefined) {
  const refs = await resolveRefs(ops, here, scope, rules);
  const used = checkRules(rules, { owner: 'rulegroup', scope, refs }, bodies);
  // The rules need more WCUs than the group was created with: AWS's capacity reason (field unconfirmed).
  if (used > capacity) throw invalidParameter('RULE_GROUP', String(used), CAPACITY_EXCEEDED);
  return [...refs.keys()];
}

export const ruleGroupNamespace = (r: EntityRecord) => `awswaf:${r.accountId}:rulegroup:${r.name}:`;

export function ruleGroupHandlers({ store }: Wafv2Deps): OpHandlers<Ops> {
  return {
    async CreateRuleGroup(input, ctx) {
      const here = hereOf(ctx);
      checkScope(input.Scope, here);
      if (input.Capacity < 1) throw invalidParameter('RULE_GROUP', String(input.Capacity), THRESHOLD);
      if (input.Capacity > MAX_RULE_GROUP_CAPACITY) throw invalidParameter('RULE_GROUP', String(input.Capacity), CAPACITY_EXCEEDED);
      checkTags(input.Tags);
      const rules = input.Rules ?? [];
      const rec = await store.transaction(async (tx) => {
        const refs = await checkGroupRules(tx, here, input.Scope, rules, input.Capacity, input.CustomResponseBodies);
        return createEntity(tx, here, ctx.caller.now, {
          kind: 'rulegroup',
          scope: input.Scope,
          name: input.Name,
          ...(input.Description !== undefined ? { description: input.Description } : {}),
          ...(input.Tags ? { tags: input.Tags } : {}),
          refs,
          data: { Capacity: input.Capacity, Rules: rules, VisibilityConfig: input.VisibilityConfig, ...(input.CustomResponseBodies ? { CustomResponseBodies: input.CustomResponseBodies } : {}) },
        });
      });
      return { Summary: summary(rec) };
    },

    async GetRuleGroup(input, ctx) {
      const r = await requireByNameOrArn(store, hereOf(ctx), 'rulegroup', input);
      const ns = ruleGroupNamespace(r);
      const labels = ruleGroupLabels(ns, r.data.Rules);
      return {
        RuleGroup: {
          Name: r.name,
          Id: r.id,
          Capacity: r.data.Capacity,
          ARN: r.arn,
          ...(r.description !== undefined ? { Description: r.description } : {}),
          Rules: revive([...r.data.Rules]),
          VisibilityConfig: r.data.VisibilityConfig,
          LabelNamespace: ns,
          ...(r.data.CustomResponseBodies ? { CustomResponseBodies: r.data.CustomResponseBodies } : {}),
          AvailableLabels: labels.available.map((Name) => ({ Name })),
          ConsumedLabels: labels.consumed.map((Name) => ({ Name })),
        },
        LockToken: r.lockToken,
      };
    },

    async UpdateRuleGroup(input, ctx) {
      const here = hereOf(ctx);
      return store.transaction(async (tx) => {
        const r = await requireEntity(tx, here, 'rulegroup', input.Scope, input.Name, input.Id);
        checkLock(r, input.LockToken);
        const rules = input.Rules ?? [];
        const refs = await checkGroupRules(tx, here, r.scope, rules, r.data.Capacity, input.CustomResponseBodies);
        const data = { Capacity: r.data.Capacity, Rules: rules, VisibilityConfig: input.VisibilityConfig, ...(input.CustomResponseBodies ? { CustomResponseBodies: input.CustomResponseBodies } : {}) };
        const next = await saveEntity(tx, r, { description: input.Description, refs, data });
        return { NextLockToken: next.lockToken };
      });
    },

    async DeleteRuleGroup(input, ctx) {
      await store.transaction(async (tx) => deleteEntity(tx, await requireEntity(tx, hereOf(ctx), 'rulegroup', input.Scope, input.Name, input.Id), input.LockToken));
      return {};
    },

    async ListRuleGroups(input, ctx) {
      const p = await listEntities(store, hereOf(ctx), 'rulegroup', input.Scope, input.NextMarker, input.Limit);
      return { RuleGroups: p.items.map(summary), ...(p.next !== undefined ? { NextMarker: p.next } : {}) };
    },
  };
}
