/** CreatePolicy, GetPolicy, ListPolicies, DeletePolicy, ListEntitiesForPolicy. */
import { newIamId } from '../../../shared/ids.js';
import type { PolicyGroup, PolicyRole, PolicyUser } from '../api.generated.js';
import { AWS_MANAGED_POLICIES } from '../aws-managed-policies.js';
import { deleteConflict, policyExists, quotaExceeded } from '../errors.js';
import { iamArn, nameKey } from '../iam-arns.js';
import { pageFields, paginate } from '../pagination.js';
import { assertValidPolicy } from '../policy-text.js';
import { boundaryUsers, entitiesOfPolicy, usageCounts, type EntityRef } from '../store/attachment-store.js';
import { POLICIES, type ManagedPolicyRecord } from '../store/policy-store.js';
import { mergeTags } from '../tag-list.js';
import { policyView } from '../views.js';
import { nowIso, scopeOf, type IamDeps, type OpHandlers } from '../deps.js';
import { countsOf, requireOwnPolicy, requirePolicy } from './policy-support.js';

/** Customer managed policies per account. */
export const POLICIES_QUOTA = 1500;

type PolicyOps = 'CreatePolicy' | 'GetPolicy' | 'ListPolicies' | 'DeletePolicy' | 'ListEntitiesForPolicy';

/** Managed policy operations. */
export function managedPolicyHandlers({ store }: IamDeps): OpHandlers<PolicyOps> {
  return {
    async CreatePolicy(input, ctx) {
      const scope = scopeOf(ctx);
      assertValidPolicy(input.PolicyDocument, 'managed');
      const tags = mergeTags([], input.Tags ?? [], 'TagsPerPolicy');
      const path = input.Path ?? '/';
      const now = nowIso(ctx);
      const rec = await store.transaction(async (tx) => {
        if (await POLICIES.get(tx, scope, input.PolicyName)) throw policyExists(input.PolicyName);
        if ((await POLICIES.count(tx, scope)) >= POLICIES_QUOTA) throw quotaExceeded('PoliciesPerAccount', POLICIES_QUOTA);
        const p: ManagedPolicyRecord = {
          policyName: input.PolicyName,
          policyId: newIamId('ANPA'),
          path,
          arn: iamArn(ctx.caller.principal.accountId, 'policy', path, input.PolicyName),
          ...(input.Description !== undefined ? { description: input.Description } : {}),
          createDate: now,
          updateDate: now,
          defaultVersionId: 'v1',
          nextVersion: 2,
          versions: [{ versionId: 'v1', document: input.PolicyDocument, createDate: now }],
          tags,
        };
        await POLICIES.put(tx, scope, p.policyName, p);
        return p;
      });
      return { Policy: policyView(rec, { attachments: 0, boundaries: 0 }, 'create') };
    },

    async GetPolicy(input, ctx) {
      const scope = scopeOf(ctx);
      const p = await requirePolicy(store, scope, ctx, input.PolicyArn);
      return { Policy: policyView(p, await countsOf(store, scope, p.arn), 'get') };
    },

    async ListPolicies(input, ctx) {
      const scope = scopeOf(ctx);
      const which = input.Scope ?? 'All';
      const candidates: ManagedPolicyRecord[] = [];
      if (which !== 'Local') candidates.push(...AWS_MANAGED_POLICIES.values());
      if (which !== 'AWS') candidates.push(...(await POLICIES.list(store, scope)).map((r) => r.value));
      const counts = await usageCounts(store, scope);
      const prefix = input.PathPrefix ?? '/';
      const keep = candidates.filter((p) => {
        const attached = counts.attachments.get(p.arn) ?? 0;
        const bounding = counts.boundaries.get(p.arn) ?? 0;
        if (!p.path.startsWith(prefix)) return false;
        // PermissionsBoundary: only policies some user or role uses as its boundary. OnlyAttached
        // (otherwise): only policies attached as permissions policies.
        if (input.PolicyUsageFilter === 'PermissionsBoundary') return bounding > 0;
        return !input.OnlyAttached || attached > 0;
      });
      // By PolicyId, as IAM lists them (recorded AWS responses: not by name, path or date; README).
      const keyOf = (p: ManagedPolicyRecord) => p.policyId;
      keep.sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
      const page = paginate(keep, keyOf, input);
      const Policies = page.items.map((p) =>
        policyView(p, { attachments: counts.attachments.get(p.arn) ?? 0, boundaries: counts.boundaries.get(p.arn) ?? 0 }, 'list'),
      );
      return { Policies, ...pageFields(page) };
    },

    async DeletePolicy(input, ctx) {
      const scope = scopeOf(ctx);
      await store.transaction(async (tx) => {
        const p = await requireOwnPolicy(tx, scope, ctx, input.PolicyArn, 'iam:DeletePolicy');
        const counts = await countsOf(tx, scope, p.arn);
        if (counts.attachments > 0 || counts.boundaries > 0) throw deleteConflict('Cannot delete a policy attached to entities.');
        if (p.versions.length > 1) {
          throw deleteConflict(
            "This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.",
          );
        }
        await POLICIES.delete(tx, scope, p.policyName);
      });
    },

    async ListEntitiesForPolicy(input, ctx) {
      const scope = scopeOf(ctx);
      const p = await requirePolicy(store, scope, ctx, input.PolicyArn);
      const found = new Map<string, EntityRef>();
      const usage = input.PolicyUsageFilter;
      if (usage !== 'PermissionsBoundary') for (const e of await entitiesOfPolicy(store, scope, p.arn)) found.set(`${e.kind}|${nameKey(e.name)}`, e);
      if (usage !== 'PermissionsPolicy') for (const e of await boundaryUsers(store, scope, p.arn)) found.set(`${e.kind}|${nameKey(e.name)}`, e);
      const kind = input.EntityFilter === 'User' ? 'user' : input.EntityFilter === 'Group' ? 'group' : input.EntityFilter === 'Role' ? 'role' : undefined;
      const prefix = input.PathPrefix ?? '/';
      const entries = [...found.entries()]
        .filter(([, e]) => (input.EntityFilter === undefined || e.kind === kind) && e.path.startsWith(prefix))
        .sort(([a], [b]) => (a < b ? -1 : 1));
      const page = paginate(entries, ([k]) => k, input);
      const PolicyGroups: PolicyGroup[] = [];
      const PolicyUsers: PolicyUser[] = [];
      const PolicyRoles: PolicyRole[] = [];
      for (const [, e] of page.items) {
        if (e.kind === 'group') PolicyGroups.push({ GroupName: e.name, GroupId: e.id });
        else if (e.kind === 'user') PolicyUsers.push({ UserName: e.name, UserId: e.id });
        else PolicyRoles.push({ RoleName: e.name, RoleId: e.id });
      }
      return { PolicyGroups, PolicyUsers, PolicyRoles, ...pageFields(page) };
    },
  };
}
