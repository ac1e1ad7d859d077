/** Instance profiles: Create/Get/List/Delete, Add/RemoveRoleToInstanceProfile, ListInstanceProfilesForRole. */
import { newIamId } from '../../../shared/ids.js';
import type { Scope, StoreOps } from '../../../storage/types.js';
import type { InstanceProfile } from '../api.generated.js';
import { deleteConflict, instanceProfileExists, noSuchEntity, quotaExceeded } from '../errors.js';
import { iamArn, nameKey } from '../iam-arns.js';
import { pageFields, pageOfTable, paginate } from '../pagination.js';
import { ROLE_PROFILES, instanceProfiles, profileKeysOfRole, type InstanceProfileRecord } from '../store/instance-profile-store.js';
import { roles, type RoleRecord } from '../store/role-store.js';
import { assertModifiableRole } from '../service-linked/protection.js';
import { shownRole } from '../trust-principals.js';
import { mergeTags } from '../tag-list.js';
import { instanceProfileView } from '../views.js';
import { nowIso, scopeOf, type IamDeps, type OpHandlers } from '../deps.js';

/** Instance profiles per account. */
export const INSTANCE_PROFILES_QUOTA = 1000;
/** Roles per instance profile. */
export const ROLES_PER_PROFILE = 1;

/** The profile as output, with its roles read from storage. */
export async function profileOut(ops: StoreOps, scope: Scope, p: InstanceProfileRecord, withTags: boolean): Promise<InstanceProfile> {
  const recs: RoleRecord[] = [];
  for (const name of p.roleNames) {
    const r = await roles.get(ops, scope, name);
    if (r) recs.push(await shownRole(ops, r));
  }
  return instanceProfileView(p, recs, withTags);
}

type ProfileOps =
  | 'CreateInstanceProfile'
  | 'GetInstanceProfile'
  | 'ListInstanceProfiles'
  | 'DeleteInstanceProfile'
  | 'AddRoleToInstanceProfile'
  | 'RemoveRoleFromInstanceProfile'
  | 'ListInstanceProfilesForRole';

/** Instance profile operations. */
export function instanceProfileHandlers({ store }: IamDeps): OpHandlers<ProfileOps> {
  return {
    async CreateInstanceProfile(input, ctx) {
      const scope = scopeOf(ctx);
      const path = input.Path ?? '/';
      const tags = mergeTags([], input.Tags ?? [], 'TagsPerInstanceProfile');
      const rec = await store.transaction(async (tx) => {
        if (await instanceProfiles.get(tx, scope, input.InstanceProfileName)) throw instanceProfileExists(input.InstanceProfileName);
        if ((await instanceProfiles.count(tx, scope)) >= INSTANCE_PROFILES_QUOTA) throw quotaExceeded('InstanceProfilesPerAccount', INSTANCE_PROFILES_QUOTA);
        const p: InstanceProfileRecord = {
          instanceProfileName: input.InstanceProfileName,
          instanceProfileId: newIamId('AIPA'),
          path,
          arn: iamArn(ctx.caller.principal.accountId, 'instance-profile', path, input.InstanceProfileName),
          createDate: nowIso(ctx),
          roleNames: [],
          tags,
        };
        await instanceProfiles.put(tx, scope, p);
        return p;
      });
      return { InstanceProfile: instanceProfileView(rec, [], true) };
    },

    async GetInstanceProfile(input, ctx) {
      const scope = scopeOf(ctx);
      const p = await instanceProfiles.require(store, scope, input.InstanceProfileName);
      return { InstanceProfile: await profileOut(store, scope, p, true) };
    },

    async ListInstanceProfiles(input, ctx) {
      const scope = scopeOf(ctx);
      const prefix = input.PathPrefix ?? '/';
      const page = await pageOfTable(instanceProfiles.table, store, scope, '', input, (p) => p.path.startsWith(prefix));
      const out: InstanceProfile[] = [];
      for (const p of page.items) out.push(await profileOut(store, scope, p, false));
      return { InstanceProfiles: out, ...pageFields(page) };
    },

    async DeleteInstanceProfile(input, ctx) {
      const scope = scopeOf(ctx);
      await store.transaction(async (tx) => {
        const p = await instanceProfiles.require(tx, scope, input.InstanceProfileName);
        if (p.roleNames.length > 0) throw deleteConflict('Cannot delete entity, must remove roles from instance profile first.');
        await instanceProfiles.delete(tx, scope, p.instanceProfileName);
      });
    },

    async AddRoleToInstanceProfile(input, ctx) {
      const scope = scopeOf(ctx);
      await store.transaction(async (tx) => {
        const p = await instanceProfiles.require(tx, scope, input.InstanceProfileName);
        const r = await roles.require(tx, scope, input.RoleName);
        assertModifiableRole(r);
        if (p.roleNames.length >= ROLES_PER_PROFILE) throw quotaExceeded('InstanceSessionsPerInstanceProfile', ROLES_PER_PROFILE);
        await instanceProfiles.put(tx, scope, { ...p, roleNames: [...p.roleNames, r.roleName] });
        await ROLE_PROFILES.put(tx, scope, `${nameKey(r.roleName)}/${nameKey(p.instanceProfileName)}`, {});
      });
    },

    async RemoveRoleFromInstanceProfile(input, ctx) {
      const scope = scopeOf(ctx);
      await store.transaction(async (tx) => {
        const p = await instanceProfiles.require(tx, scope, input.InstanceProfileName);
        const key = nameKey(input.RoleName);
        if (!p.roleNames.some((n) => nameKey(n) === key)) throw noSuchEntity('role', input.RoleName);
        const r = await roles.get(tx, scope, input.RoleName);
        if (r) assertModifiableRole(r);
        await instanceProfiles.put(tx, scope, { ...p, roleNames: p.roleNames.filter((n) => nameKey(n) !== key) });
        await ROLE_PROFILES.delete(tx, scope, `${key}/${nameKey(p.instanceProfileName)}`);
      });
    },

    async ListInstanceProfilesForRole(input, ctx) {
      const scope = scopeOf(ctx);
      const r = await roles.require(store, scope, input.RoleName);
      const page = paginate(await profileKeysOfRole(store, scope, r.roleName), (k) => k, input);
      const out: InstanceProfile[] = [];
      for (const key of page.items) {
        const p = await instanceProfiles.get(store, scope, key);
        if (p) out.push(await profileOut(store, scope, p, false));
      }
      return { InstanceProfiles: out, ...pageFields(page) };
    },
  };
}
