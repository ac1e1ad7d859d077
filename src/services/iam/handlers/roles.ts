/** CreateRole, GetRole, ListRoles, UpdateRole, UpdateRoleDescription, UpdateAssumeRolePolicy, DeleteRole. */
import { newIamId } from '../../../shared/ids.js';
import { deleteConflict, entityExists, invalidInput, quotaExceeded, validationError } from '../errors.js';
import { iamArn } from '../iam-arns.js';
import { pageFields, pageOfTable } from '../pagination.js';
import { assertValidPolicy } from '../policy-text.js';
import { attachedCount } from '../store/attachment-store.js';
import { roleRef } from '../store/entity-rename.js';
import { countInline } from '../store/inline-policy-store.js';
import { profileKeysOfRole } from '../store/instance-profile-store.js';
import { assertModifiableRole } from '../service-linked/protection.js';
import { isServiceLinkedPath } from '../service-linked/role-catalog.js';
import { roles, type RoleRecord } from '../store/role-store.js';
import { deleteRoleUsage, getRoleUsage } from '../store/usage-store.js';
import { mergeTags } from '../tag-list.js';
import { bindTrustPrincipals, shownRole } from '../trust-principals.js';
import { roleView } from '../views.js';
import { requireBoundaryPolicy, switchBoundary } from './boundary-support.js';
import { nowIso, scopeOf, type IamDeps, type OpHandlers } from '../deps.js';

/** Roles per account. */
export const ROLES_QUOTA = 1000;
/** Default MaxSessionDuration (seconds). */
export const DEFAULT_MAX_SESSION = 3600;

function checkMaxSession(value: number | undefined): void {
  if (value === undefined) return;
  if (value < 3600) throw validationError(`1 validation error detected: Value '${value}' at 'maxSessionDuration' failed to satisfy constraint: Member must have value greater than or equal to 3600`);
  if (value > 43200) throw validationError(`1 validation error detected: Value '${value}' at 'maxSessionDuration' failed to satisfy constraint: Member must have value less than or equal to 43200`);
}

type RoleOps = 'CreateRole' | 'GetRole' | 'ListRoles' | 'UpdateRole' | 'UpdateRoleDescription' | 'UpdateAssumeRolePolicy' | 'DeleteRole';

/** Role operations. */
export function roleHandlers({ store }: IamDeps): OpHandlers<RoleOps> {
  return {
    async CreateRole(input, ctx) {
      const scope = scopeOf(ctx);
      const accountId = ctx.caller.principal.accountId;
      checkMaxSession(input.MaxSessionDuration);
      assertValidPolicy(input.AssumeRolePolicyDocument, 'trust');
      const tags = mergeTags([], input.Tags ?? [], 'TagsPerRole');
      const path = input.Path ?? '/';
      // AWS: "Path prefix '/aws-service-role/' can only be used for AWS Service linked Roles".
      if (isServiceLinkedPath(path)) throw invalidInput("Path prefix '/aws-service-role/' can only be used for AWS Service linked Roles");
      const role = await store.transaction(async (tx) => {
        if (await roles.get(tx, scope, input.RoleName)) throw entityExists('role', input.RoleName);
        if ((await roles.count(tx, scope)) >= ROLES_QUOTA) throw quotaExceeded('RolesPerAccount', ROLES_QUOTA);
        if (input.PermissionsBoundary) await requireBoundaryPolicy(tx, scope, accountId, input.PermissionsBoundary);
        const trustPrincipalIds = await bindTrustPrincipals(tx, input.AssumeRolePolicyDocument);
        const rec: RoleRecord = {
          roleName: input.RoleName,
          roleId: newIamId('AROA'),
          path,
          arn: iamArn(accountId, 'role', path, input.RoleName),
          createDate: nowIso(ctx),
          assumeRolePolicyDocument: input.AssumeRolePolicyDocument,
          // Always present (empty when no user or role is named): absent marks a role stored before binding.
          trustPrincipalIds,
          ...(input.Description !== undefined ? { description: input.Description } : {}),
          maxSessionDuration: input.MaxSessionDuration ?? DEFAULT_MAX_SESSION,
          tags,
          ...(input.PermissionsBoundary ? { permissionsBoundary: input.PermissionsBoundary } : {}),
        };
        await roles.put(tx, scope, rec);
        await switchBoundary(tx, scope, roleRef(rec), undefined, rec.permissionsBoundary);
        return rec;
      });
      return { Role: roleView(role, 'create') };
    },

    async GetRole(input, ctx) {
      const scope = scopeOf(ctx);
      const role = await shownRole(store, await roles.require(store, scope, input.RoleName));
      const used = await getRoleUsage(store, scope, role.roleName);
      return { Role: roleView(role, 'get', used ? { date: used.lastUsedDate, region: used.region } : undefined) };
    },

    async ListRoles(input, ctx) {
      const prefix = input.PathPrefix ?? '/';
      const page = await pageOfTable(roles.table, store, scopeOf(ctx), '', input, (r) => r.path.startsWith(prefix));
      const shown = await Promise.all(page.items.map((r) => shownRole(store, r)));
      return { Roles: shown.map((r) => roleView(r, 'list')), ...pageFields(page) };
    },

    async UpdateRole(input, ctx) {
      checkMaxSession(input.MaxSessionDuration);
      const scope = scopeOf(ctx);
      await store.transaction(async (tx) => {
        const r = await roles.require(tx, scope, input.RoleName);
        // A service-linked role's description may change, nothing else.
        if (input.MaxSessionDuration !== undefined) assertModifiableRole(r);
        await roles.put(tx, scope, {
          ...r,
          ...(input.Description !== undefined ? { description: input.Description } : {}),
          ...(input.MaxSessionDuration !== undefined ? { maxSessionDuration: input.MaxSessionDuration } : {}),
        });
      });
      return {};
    },

    async UpdateRoleDescription(input, ctx) {
      const scope = scopeOf(ctx);
      const role = await store.transaction(async (tx) => {
        const r = await roles.require(tx, scope, input.RoleName);
        const updated: RoleRecord = { ...r, description: input.Description };
        await roles.put(tx, scope, updated);
        return updated;
      });
      return { Role: roleView(role, 'create') };
    },

    async UpdateAssumeRolePolicy(input, ctx) {
      const scope = scopeOf(ctx);
      assertValidPolicy(input.PolicyDocument, 'trust');
      await store.transaction(async (tx) => {
        const r = await roles.require(tx, scope, input.RoleName);
        assertModifiableRole(r);
        const trustPrincipalIds = await bindTrustPrincipals(tx, input.PolicyDocument);
        await roles.put(tx, scope, { ...r, assumeRolePolicyDocument: input.PolicyDocument, trustPrincipalIds });
      });
    },

    async DeleteRole(input, ctx) {
      const scope = scopeOf(ctx);
      await store.transaction(async (tx) => {
        const r = await roles.require(tx, scope, input.RoleName);
        assertModifiableRole(r);
        if ((await profileKeysOfRole(tx, scope, r.roleName)).length > 0) throw deleteConflict('Cannot delete entity, must remove roles from instance profile first.');
        if ((await countInline(tx, scope, 'role', r.roleName)) > 0) throw deleteConflict('Cannot delete entity, must delete policies first.');
        if ((await attachedCount(tx, scope, 'role', r.roleName)) > 0) throw deleteConflict('Cannot delete entity, must detach all policies first.');
        await switchBoundary(tx, scope, roleRef(r), r.permissionsBoundary, undefined);
        await deleteRoleUsage(tx, scope, r.roleName);
        await roles.delete(tx, scope, r.roleName);
      });
    },
  };
}
