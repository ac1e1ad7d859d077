/**
 * TagResource, UntagResource, ListTagsForResource (accounts, OUs, the root and the organization's
 * own policies; at most 50 tags, keys compared exactly) and CloseAccount (a member account is
 * suspended at once: its status becomes SUSPENDED and every request by its principals is denied,
 * see organization-source.ts; the management account cannot be closed).
 */
import type { StoreOps } from '../../../storage/types.js';
import { AccountAlreadyClosedException, type Tag } from '../api.generated.js';
import { accountNotFound, constraint, targetNotFound } from '../errors.js';
import { idKind } from '../ids.js';
import { managedOrg, readableOrg, memberOf, policyOf, isAwsManaged, targetOf, delegatedOrg } from '../org-context.js';
import { GLOBAL, members, tags, type OrgRecord } from '../store.js';
import type { OrgDeps, OpHandlers } from '../deps.js';

export const MAX_TAGS = 50;

/** The id of a taggable resource of the organization (TargetNotFoundException otherwise). */
async function taggable(ops: StoreOps, org: OrgRecord, id: string): Promise<string> {
  if (idKind(id) === 'policy') {
    const p = await policyOf(ops, org, id).catch(() => undefined);
    if (p && !isAwsManaged(p)) return p.id;
    throw targetNotFound();
  }
  if (!(await targetOf(ops, org, id))) throw targetNotFound();
  return id;
}

/** Adds `add` to a resource's tags (a key already there takes the new value). */
export async function addTags(ops: StoreOps, org: OrgRecord, resourceId: string, add: readonly Tag[]): Promise<void> {
  if (add.length === 0) return;
  const current = (await tags.get(ops, GLOBAL, `${org.id}|${resourceId}`))?.tags ?? [];
  const next = [...current.filter((t) => !add.some((a) => a.Key === t.Key)), ...add.map((t) => ({ Key: t.Key, Value: t.Value }))];
  if (next.length > MAX_TAGS) throw constraint('MAX_TAG_LIMIT_EXCEEDED', 'You have exceeded the number of tags allowed on this resource.');
  await tags.put(ops, GLOBAL, `${org.id}|${resourceId}`, { tags: next });
}

type Ops = 'TagResource' | 'UntagResource' | 'ListTagsForResource' | 'CloseAccount';

export function tagAndCloseHandlers({ store }: OrgDeps): OpHandlers<Ops> {
  return {
    async TagResource(input, ctx) {
      await store.transaction(async (tx) => {
        const org = await delegatedOrg(tx, ctx, 'TagResource', managedOrg);
        await addTags(tx, org, await taggable(tx, org, input.ResourceId), input.Tags);
      });
    },

    async UntagResource(input, ctx) {
      await store.transaction(async (tx) => {
        const org = await delegatedOrg(tx, ctx, 'UntagResource', managedOrg);
        const id = await taggable(tx, org, input.ResourceId);
        const current = (await tags.get(tx, GLOBAL, `${org.id}|${id}`))?.tags ?? [];
        await tags.put(tx, GLOBAL, `${org.id}|${id}`, { tags: current.filter((t) => !input.TagKeys.includes(t.Key)) });
      });
    },

    async ListTagsForResource(input, ctx) {
      const org = await delegatedOrg(store, ctx, 'ListTagsForResource', readableOrg);
      const id = await taggable(store, org, input.ResourceId);
      return { Tags: (await tags.get(store, GLOBAL, `${org.id}|${id}`))?.tags ?? [] };
    },

    async CloseAccount(input, ctx) {
      await store.transaction(async (tx) => {
        const org = await managedOrg(tx, ctx);
        if (input.AccountId === org.managementAccountId) throw constraint('CANNOT_CLOSE_MANAGEMENT_ACCOUNT', 'You cannot close the management account of an organization.');
        const a = await memberOf(tx, org, input.AccountId);
        if (!a) throw accountNotFound();
        if (a.status !== 'ACTIVE') throw new AccountAlreadyClosedException('The provided account is already closed.');
        await members.put(tx, GLOBAL, `${org.id}|${a.accountId}`, { ...a, status: 'SUSPENDED' });
      });
    },
  };
}
