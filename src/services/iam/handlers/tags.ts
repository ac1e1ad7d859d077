/** Tag/Untag/List*Tags for users, roles, managed policies and instance profiles. */
import type { Tag } from '../api.generated.js';
import { pageFields, paginate, type PageRequest } from '../pagination.js';
import { instanceProfiles } from '../store/instance-profile-store.js';
import { POLICIES } from '../store/policy-store.js';
import { roles } from '../store/role-store.js';
import { users } from '../store/user-store.js';
import { mergeTags, removeTags, type TagRecord } from '../tag-list.js';
import { scopeOf, type IamDeps, type OpHandlers } from '../deps.js';
import { requireOwnPolicy, requirePolicy } from './policy-support.js';

type TagOps =
  | 'TagUser'
  | 'UntagUser'
  | 'ListUserTags'
  | 'TagRole'
  | 'UntagRole'
  | 'ListRoleTags'
  | 'TagPolicy'
  | 'UntagPolicy'
  | 'ListPolicyTags'
  | 'TagInstanceProfile'
  | 'UntagInstanceProfile'
  | 'ListInstanceProfileTags';

/** A page of tags, ordered by key. */
export function tagPage(tags: readonly TagRecord[], req: PageRequest): { Tags: Tag[]; IsTruncated: boolean; Marker?: string } {
  const sorted = [...tags].sort((a, b) => (a.Key.toLowerCase() < b.Key.toLowerCase() ? -1 : 1));
  const page = paginate(sorted, (t) => t.Key.toLowerCase(), req);
  return { Tags: page.items.map((t) => ({ Key: t.Key, Value: t.Value })), ...pageFields(page) };
}

/** Tagging operations. */
export function tagHandlers({ store }: IamDeps): OpHandlers<TagOps> {
  return {
    async TagUser(input, ctx) {
      const scope = scopeOf(ctx);
      await store.transaction(async (tx) => {
        const u = await users.require(tx, scope, input.UserName);
        await users.put(tx, scope, { ...u, tags: mergeTags(u.tags, input.Tags, 'TagsPerUser') });
      });
    },
    async UntagUser(input, ctx) {
      const scope = scopeOf(ctx);
      await store.transaction(async (tx) => {
        const u = await users.require(tx, scope, input.UserName);
        await users.put(tx, scope, { ...u, tags: removeTags(u.tags, input.TagKeys) });
      });
    },
    async ListUserTags(input, ctx) {
      return tagPage((await users.require(store, scopeOf(ctx), input.UserName)).tags, input);
    },

    async TagRole(input, ctx) {
      const scope = scopeOf(ctx);
      await store.transaction(async (tx) => {
        const r = await roles.require(tx, scope, input.RoleName);
        await roles.put(tx, scope, { ...r, tags: mergeTags(r.tags, input.Tags, 'TagsPerRole') });
      });
    },
    async UntagRole(input, ctx) {
      const scope = scopeOf(ctx);
      await store.transaction(async (tx) => {
        const r = await roles.require(tx, scope, input.RoleName);
        await roles.put(tx, scope, { ...r, tags: removeTags(r.tags, input.TagKeys) });
      });
    },
    async ListRoleTags(input, ctx) {
      return tagPage((await roles.require(store, scopeOf(ctx), input.RoleName)).tags, input);
    },

    async TagPolicy(input, ctx) {
      const scope = scopeOf(ctx);
      await store.transaction(async (tx) => {
        const p = await requireOwnPolicy(tx, scope, ctx, input.PolicyArn, 'iam:TagPolicy');
        await POLICIES.put(tx, scope, p.policyName, { ...p, tags: mergeTags(p.tags, input.Tags, 'TagsPerPolicy') });
      });
    },
    async UntagPolicy(input, ctx) {
      const scope = scopeOf(ctx);
      await store.transaction(async (tx) => {
        const p = await requireOwnPolicy(tx, scope, ctx, input.PolicyArn, 'iam:UntagPolicy');
        await POLICIES.put(tx, scope, p.policyName, { ...p, tags: removeTags(p.tags, input.TagKeys) });
      });
    },
    async ListPolicyTags(input, ctx) {
      return tagPage((await requirePolicy(store, scopeOf(ctx), ctx, input.PolicyArn)).tags, input);
    },

    async TagInstanceProfile(input, ctx) {
      const scope = scopeOf(ctx);
      await store.transaction(async (tx) => {
        const p = await instanceProfiles.require(tx, scope, input.InstanceProfileName);
        await instanceProfiles.put(tx, scope, { ...p, tags: mergeTags(p.tags, input.Tags, 'TagsPerInstanceProfile') });
      });
    },
    async UntagInstanceProfile(input, ctx) {
      const scope = scopeOf(ctx);
      await store.transaction(async (tx) => {
        const p = await instanceProfiles.require(tx, scope, input.InstanceProfileName);
        await instanceProfiles.put(tx, scope, { ...p, tags: removeTags(p.tags, input.TagKeys) });
      });
    },
    async ListInstanceProfileTags(input, ctx) {
      return tagPage((await instanceProfiles.require(store, scopeOf(ctx), input.InstanceProfileName)).tags, input);
    },
  };
}
