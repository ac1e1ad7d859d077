/** CreateOrganization, DescribeOrganization, DeleteOrganization, ListRoots, EnablePolicyType, DisablePolicyType. */
import { alreadyInOrg, orgNotEmpty, rootNotFound, typeAlreadyEnabled, typeNotAvailable, typeNotEnabled } from '../errors.js';
import { newOrganizationId, newRootId } from '../ids.js';
import { defaultPolicyOf } from '../managed-policies.js';
import { attach, attachedTo, callerOrg, detach, managedOrg, readableOrg, delegatedOrg } from '../org-context.js';
import { GLOBAL, ORG_TABLES, accountEmails, emails, listIn, members, membership, orgs, organizationOf, ous, type MemberRecord, type OrgRecord } from '../store.js';
import { organizationView, rootView } from '../views.js';
import { accountOf, nowIso, type OrgDeps, type OpHandlers } from '../deps.js';
import type { Store, StoreOps } from '../../../storage/types.js';

/** The email Rampart gives an account that has none (accounts made by `rampart` itself). */
export const defaultEmail = (accountId: string): string => `root+${accountId}@rampart.invalid`;

/** Every target of the organization: the root, each OU and each account. */
async function allTargets(ops: StoreOps, org: OrgRecord): Promise<string[]> {
  return [org.rootId, ...(await listIn(ops, ous, org.id)).map((o) => o.id), ...(await listIn(ops, members, org.id)).map((m) => m.accountId)];
}

/** Removes every record of an organization (DeleteOrganization). */
async function deleteAll(store: Store, org: OrgRecord): Promise<void> {
  await store.transaction(async (tx) => {
    for (const table of Object.values(ORG_TABLES)) {
      if (table === ORG_TABLES.orgs || table === ORG_TABLES.membership || table === ORG_TABLES.emails || table === ORG_TABLES.accountEmails) continue;
      for (const item of await tx.list(table, GLOBAL, { prefix: `${org.id}|` })) await tx.delete(table, GLOBAL, item.key);
    }
    await tx.delete(ORG_TABLES.membership, GLOBAL, org.managementAccountId);
    await tx.delete(ORG_TABLES.orgs, GLOBAL, org.id);
  });
}

type Ops = 'CreateOrganization' | 'DescribeOrganization' | 'DeleteOrganization' | 'ListRoots' | 'EnablePolicyType' | 'DisablePolicyType';

export function organizationHandlers({ store }: OrgDeps): OpHandlers<Ops> {
  return {
    async CreateOrganization(input, ctx) {
      const accountId = accountOf(ctx);
      return store.transaction(async (tx) => {
        if (await organizationOf(tx, accountId)) throw alreadyInOrg();
        const email = (await accountEmails.get(tx, GLOBAL, accountId))?.email ?? defaultEmail(accountId);
        const org: OrgRecord = {
          id: newOrganizationId(),
          featureSet: input.FeatureSet ?? 'ALL',
          managementAccountId: accountId,
          managementEmail: email,
          rootId: newRootId(),
          enabledTypes: [],
          createdAt: nowIso(ctx),
        };
        const me: MemberRecord = { accountId, name: accountId, email, status: 'ACTIVE', joinedMethod: 'CREATED', joinedAt: org.createdAt, parentId: org.rootId };
        await orgs.put(tx, GLOBAL, org.id, org);
        await membership.put(tx, GLOBAL, accountId, { orgId: org.id });
        await members.put(tx, GLOBAL, `${org.id}|${accountId}`, me);
        await emails.put(tx, GLOBAL, email.toLowerCase(), { accountId });
        return { Organization: organizationView(org) };
      });
    },

    async DescribeOrganization(_input, ctx) {
      const { org } = await callerOrg(store, ctx);
      return { Organization: organizationView(org) };
    },

    async DeleteOrganization(_input, ctx) {
      const org = await managedOrg(store, ctx);
      if ((await listIn(store, members, org.id)).some((m) => m.accountId !== org.managementAccountId)) throw orgNotEmpty();
      await deleteAll(store, org);
    },

    async ListRoots(_input, ctx) {
      const org = await delegatedOrg(store, ctx, 'ListRoots', readableOrg);
      return { Roots: [rootView(org)] };
    },

    async EnablePolicyType(input, ctx) {
      return store.transaction(async (tx) => {
        const org = await delegatedOrg(tx, ctx, 'EnablePolicyType', managedOrg);
        if (input.RootId !== org.rootId) throw rootNotFound();
        if (org.featureSet !== 'ALL') throw typeNotAvailable();
        if (org.enabledTypes.includes(input.PolicyType)) throw typeAlreadyEnabled();
        const next = { ...org, enabledTypes: [...org.enabledTypes, input.PolicyType] };
        await orgs.put(tx, GLOBAL, org.id, next);
        // "When you enable SCPs, FullAWSAccess is attached to the root, every OU and every account" (RCPs likewise).
        const full = defaultPolicyOf(input.PolicyType);
        if (full) for (const targetId of await allTargets(tx, org)) await attach(tx, org, { policyId: full.id, targetId, type: full.type });
        return { Root: rootView(next) };
      });
    },

    async DisablePolicyType(input, ctx) {
      return store.transaction(async (tx) => {
        const org = await delegatedOrg(tx, ctx, 'DisablePolicyType', managedOrg);
        if (input.RootId !== org.rootId) throw rootNotFound();
        if (!org.enabledTypes.includes(input.PolicyType)) throw typeNotEnabled();
        const next = { ...org, enabledTypes: org.enabledTypes.filter((t) => t !== input.PolicyType) };
        await orgs.put(tx, GLOBAL, org.id, next);
        // Every attachment of the type goes: enabling it again starts from the default policy only.
        for (const targetId of await allTargets(tx, org)) {
          for (const a of await attachedTo(tx, org, targetId, input.PolicyType)) await detach(tx, org, targetId, a.policyId);
        }
        return { Root: rootView(next) };
      });
    },
  };
}
