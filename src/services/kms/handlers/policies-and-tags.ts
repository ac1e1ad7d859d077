/**
 * Key policies (GetKeyPolicy, PutKeyPolicy, ListKeyPolicies: one policy named `default`) and tags
 * (TagResource, UntagResource, ListResourceTags; at most 50 per key).
 */
import { NotFoundException } from '../api.generated.js';
import { reservedTag } from '../errors.js';
import { LimitExceededException } from '../api.generated.js';
import { checkKeyPolicy, checkLockout, POLICY_NAME } from '../key-policy.js';
import { requireKey } from '../keys.js';
import { keys, regionScope } from '../store.js';
import type { KmsDeps, OpHandlers } from '../deps.js';
import { checkTags } from './keys.js';

type Ops = 'GetKeyPolicy' | 'PutKeyPolicy' | 'ListKeyPolicies' | 'TagResource' | 'UntagResource' | 'ListResourceTags';

const MAX_TAGS = 50;
/** (unconfirmed) */
const noSuchPolicy = () => new NotFoundException('No such policy exists');

export function policyAndTagHandlers({ store, authorizer }: KmsDeps): OpHandlers<Ops> {
  return {
    async GetKeyPolicy(input, ctx) {
      const k = await requireKey(store, input.KeyId, ctx, { op: 'GetKeyPolicy' });
      if (input.PolicyName !== undefined && input.PolicyName !== POLICY_NAME) throw noSuchPolicy();
      return { Policy: k.policy, PolicyName: POLICY_NAME };
    },

    async PutKeyPolicy(input, ctx) {
      if (input.PolicyName !== undefined && input.PolicyName !== POLICY_NAME) throw noSuchPolicy();
      checkKeyPolicy(input.Policy);
      await store.transaction(async (tx) => {
        const k = await requireKey(tx, input.KeyId, ctx, { op: 'PutKeyPolicy' });
        if (input.BypassPolicyLockoutSafetyCheck !== true) await checkLockout(authorizer(), ctx.caller, k.arn, input.Policy);
        await keys.put(tx, regionScope(k.accountId, k.region), k.id, { ...k, policy: input.Policy });
      });
    },

    async ListKeyPolicies(input, ctx) {
      await requireKey(store, input.KeyId, ctx, { op: 'ListKeyPolicies' });
      return { PolicyNames: [POLICY_NAME], Truncated: false };
    },

    async TagResource(input, ctx) {
      checkTags(input.Tags);
      await store.transaction(async (tx) => {
        const k = await requireKey(tx, input.KeyId, ctx, { op: 'TagResource' });
        const add = input.Tags.map((t) => ({ TagKey: t.TagKey, TagValue: t.TagValue }));
        const next = [...k.tags.filter((t) => !add.some((a) => a.TagKey === t.TagKey)), ...add];
        if (next.length > MAX_TAGS) throw new LimitExceededException(`A KMS key can have at most ${MAX_TAGS} tags.`);
        await keys.put(tx, regionScope(k.accountId, k.region), k.id, { ...k, tags: next });
      });
    },

    async UntagResource(input, ctx) {
      if (input.TagKeys.some((t) => t.toLowerCase().startsWith('aws:'))) throw reservedTag();
      await store.transaction(async (tx) => {
        const k = await requireKey(tx, input.KeyId, ctx, { op: 'UntagResource' });
        await keys.put(tx, regionScope(k.accountId, k.region), k.id, { ...k, tags: k.tags.filter((t) => !input.TagKeys.includes(t.TagKey)) });
      });
    },

    async ListResourceTags(input, ctx) {
      const k = await requireKey(store, input.KeyId, ctx, { op: 'ListResourceTags' });
      return { Tags: k.tags.map((t) => ({ ...t })), Truncated: false };
    },
  };
}
