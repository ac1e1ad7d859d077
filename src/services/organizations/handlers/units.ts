/**
 * Organizational units: CreateOrganizationalUnit (at most 5 levels below the root, names unique
 * under one parent), UpdateOrganizationalUnit, DeleteOrganizationalUnit (only when empty),
 * DescribeOrganizationalUnit, ListOrganizationalUnitsForParent, ListChildren, ListParents.
 */
import type { StoreOps } from '../../../storage/types.js';
import { childNotFound, constraint, duplicateOu, ouNotEmpty, ouNotFound, parentNotFound } from '../errors.js';
import { idKind, newOuId } from '../ids.js';
import { defaultPolicyOf } from '../managed-policies.js';
import { attach, detachAll, managedOrg, readableOrg, memberOf, ouChain, ouOf, delegatedOrg } from '../org-context.js';
import { page } from '../pagination.js';
import { addTags } from './tags-and-closing.js';
import { GLOBAL, listIn, members, ous, type OrgRecord, type OuRecord } from '../store.js';
import { ouView } from '../views.js';
import type { OrgDeps, OpHandlers } from '../deps.js';

/** OUs may nest five levels below the root. */
export const MAX_OU_DEPTH = 5;

async function requireOu(ops: StoreOps, org: OrgRecord, id: string): Promise<OuRecord> {
  const ou = await ouOf(ops, org, id);
  if (!ou) throw ouNotFound();
  return ou;
}

async function requireParent(ops: StoreOps, org: OrgRecord, id: string): Promise<void> {
  if (id !== org.rootId && !(await ouOf(ops, org, id))) throw parentNotFound();
}

type Ops =
  | 'CreateOrganizationalUnit'
  | 'UpdateOrganizationalUnit'
  | 'DeleteOrganizationalUnit'
  | 'DescribeOrganizationalUnit'
  | 'ListOrganizationalUnitsForParent'
  | 'ListChildren'
  | 'ListParents';

export function unitHandlers({ store }: OrgDeps): OpHandlers<Ops> {
  return {
    async CreateOrganizationalUnit(input, ctx) {
      return store.transaction(async (tx) => {
        const org = await managedOrg(tx, ctx);
        await requireParent(tx, org, input.ParentId);
        if ((await ouChain(tx, org, input.ParentId)).length >= MAX_OU_DEPTH) {
          throw constraint('OU_DEPTH_LIMIT_EXCEEDED', 'You have exceeded the maximum depth of OUs (5 levels below the root).');
        }
        const siblings = (await listIn(tx, ous, org.id)).filter((o) => o.parentId === input.ParentId);
        if (siblings.some((o) => o.name === input.Name)) throw duplicateOu();
        const ou: OuRecord = { id: newOuId(org.rootId), name: input.Name, parentId: input.ParentId };
        await ous.put(tx, GLOBAL, `${org.id}|${ou.id}`, ou);
        await addTags(tx, org, ou.id, input.Tags ?? []);
        for (const type of org.enabledTypes) {
          const full = defaultPolicyOf(type);
          if (full) await attach(tx, org, { policyId: full.id, targetId: ou.id, type });
        }
        return { OrganizationalUnit: ouView(org, ou) };
      });
    },

    async UpdateOrganizationalUnit(input, ctx) {
      return store.transaction(async (tx) => {
        const org = await managedOrg(tx, ctx);
        const ou = await requireOu(tx, org, input.OrganizationalUnitId);
        const name = input.Name ?? ou.name;
        const siblings = (await listIn(tx, ous, org.id)).filter((o) => o.parentId === ou.parentId && o.id !== ou.id);
        if (siblings.some((o) => o.name === name)) throw duplicateOu();
        const next = { ...ou, name };
        await ous.put(tx, GLOBAL, `${org.id}|${ou.id}`, next);
        return { OrganizationalUnit: ouView(org, next) };
      });
    },

    async DeleteOrganizationalUnit(input, ctx) {
      await store.transaction(async (tx) => {
        const org = await managedOrg(tx, ctx);
        const ou = await requireOu(tx, org, input.OrganizationalUnitId);
        const hasChildren = (await listIn(tx, ous, org.id)).some((o) => o.parentId === ou.id) || (await listIn(tx, members, org.id)).some((a) => a.parentId === ou.id);
        if (hasChildren) throw ouNotEmpty();
        await detachAll(tx, org, ou.id);
        await ous.delete(tx, GLOBAL, `${org.id}|${ou.id}`);
      });
    },

    async DescribeOrganizationalUnit(input, ctx) {
      const org = await delegatedOrg(store, ctx, 'DescribeOrganizationalUnit', readableOrg);
      return { OrganizationalUnit: ouView(org, await requireOu(store, org, input.OrganizationalUnitId)) };
    },

    async ListOrganizationalUnitsForParent(input, ctx) {
      const org = await delegatedOrg(store, ctx, 'ListOrganizationalUnitsForParent', readableOrg);
      await requireParent(store, org, input.ParentId);
      const p = page((await listIn(store, ous, org.id)).filter((o) => o.parentId === input.ParentId), (o) => o.id, input);
      return { OrganizationalUnits: p.items.map((o) => ouView(org, o)), ...(p.NextToken ? { NextToken: p.NextToken } : {}) };
    },

    async ListChildren(input, ctx) {
      const org = await delegatedOrg(store, ctx, 'ListChildren', readableOrg);
      await requireParent(store, org, input.ParentId);
      const ids =
        input.ChildType === 'ACCOUNT'
          ? (await listIn(store, members, org.id)).filter((a) => a.parentId === input.ParentId).map((a) => a.accountId)
          : (await listIn(store, ous, org.id)).filter((o) => o.parentId === input.ParentId).map((o) => o.id);
      const p = page(ids, (id) => id, input);
      return { Children: p.items.map((Id) => ({ Id, Type: input.ChildType })), ...(p.NextToken ? { NextToken: p.NextToken } : {}) };
    },

    async ListParents(input, ctx) {
      const org = await delegatedOrg(store, ctx, 'ListParents', readableOrg);
      const kind = idKind(input.ChildId);
      const child = kind === 'account' ? await memberOf(store, org, input.ChildId) : kind === 'ou' ? await ouOf(store, org, input.ChildId) : undefined;
      if (!child) throw childNotFound();
      const parentId = child.parentId;
      return { Parents: [{ Id: parentId, Type: parentId === org.rootId ? 'ROOT' : 'ORGANIZATIONAL_UNIT' }] };
    },
  };
}
