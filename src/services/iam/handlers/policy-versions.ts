/** CreatePolicyVersion, GetPolicyVersion, ListPolicyVersions, DeletePolicyVersion, SetDefaultPolicyVersion. */
import { deleteConflict, limitExceeded, noSuchPolicyVersion } from '../errors.js';
import { pageFields, paginate } from '../pagination.js';
import { assertValidPolicy } from '../policy-text.js';
import { POLICIES, type ManagedPolicyRecord, type PolicyVersionRecord } from '../store/policy-store.js';
import { versionView } from '../views.js';
import { nowIso, scopeOf, type IamDeps, type OpHandlers } from '../deps.js';
import { requireOwnPolicy, requirePolicy } from './policy-support.js';

/** Versions a managed policy can keep. */
export const MAX_POLICY_VERSIONS = 5;

function findVersion(p: ManagedPolicyRecord, versionId: string): PolicyVersionRecord {
  const v = p.versions.find((x) => x.versionId === versionId);
  if (!v) throw noSuchPolicyVersion(p.arn, versionId);
  return v;
}

/** Sort key putting newer versions first (ListPolicyVersions answers newest first). */
function newestFirstKey(v: PolicyVersionRecord): string {
  return String(1e9 - Number(v.versionId.slice(1).split('.')[0])).padStart(10, '0');
}

type VersionOps = 'CreatePolicyVersion' | 'GetPolicyVersion' | 'ListPolicyVersions' | 'DeletePolicyVersion' | 'SetDefaultPolicyVersion';

/** Policy version operations. */
export function policyVersionHandlers({ store }: IamDeps): OpHandlers<VersionOps> {
  return {
    async CreatePolicyVersion(input, ctx) {
      const scope = scopeOf(ctx);
      assertValidPolicy(input.PolicyDocument, 'managed');
      const now = nowIso(ctx);
      const { policy, version } = await store.transaction(async (tx) => {
        const p = await requireOwnPolicy(tx, scope, ctx, input.PolicyArn, 'iam:CreatePolicyVersion');
        if (p.versions.length >= MAX_POLICY_VERSIONS) {
          throw limitExceeded('A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.');
        }
        const v: PolicyVersionRecord = { versionId: `v${p.nextVersion}`, document: input.PolicyDocument, createDate: now };
        const updated: ManagedPolicyRecord = {
          ...p,
          versions: [...p.versions, v],
          nextVersion: p.nextVersion + 1,
          updateDate: now,
          ...(input.SetAsDefault ? { defaultVersionId: v.versionId } : {}),
        };
        await POLICIES.put(tx, scope, p.policyName, updated);
        return { policy: updated, version: v };
      });
      return { PolicyVersion: versionView(policy, version, false) };
    },

    async GetPolicyVersion(input, ctx) {
      const p = await requirePolicy(store, scopeOf(ctx), ctx, input.PolicyArn);
      return { PolicyVersion: versionView(p, findVersion(p, input.VersionId), true) };
    },

    async ListPolicyVersions(input, ctx) {
      const p = await requirePolicy(store, scopeOf(ctx), ctx, input.PolicyArn);
      const sorted = [...p.versions].sort((a, b) => (newestFirstKey(a) < newestFirstKey(b) ? -1 : 1));
      const page = paginate(sorted, newestFirstKey, input);
      return { Versions: page.items.map((v) => versionView(p, v, false)), ...pageFields(page) };
    },

    async DeletePolicyVersion(input, ctx) {
      const scope = scopeOf(ctx);
      await store.transaction(async (tx) => {
        const p = await requireOwnPolicy(tx, scope, ctx, input.PolicyArn, 'iam:DeletePolicyVersion');
        findVersion(p, input.VersionId);
        if (p.defaultVersionId === input.VersionId) throw deleteConflict('Cannot delete the default version of a policy.');
        await POLICIES.put(tx, scope, p.policyName, { ...p, versions: p.versions.filter((v) => v.versionId !== input.VersionId) });
      });
    },

    async SetDefaultPolicyVersion(input, ctx) {
      const scope = scopeOf(ctx);
      await store.transaction(async (tx) => {
        const p = await requireOwnPolicy(tx, scope, ctx, input.PolicyArn, 'iam:SetDefaultPolicyVersion');
        findVersion(p, input.VersionId);
        await POLICIES.put(tx, scope, p.policyName, { ...p, defaultVersionId: input.VersionId });
      });
    },
  };
}
