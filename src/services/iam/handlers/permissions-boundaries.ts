/** Put/Delete{User,Role}PermissionsBoundary. */
import type { Scope, StoreOps } from '../../../storage/types.js';
import { policyArnOrThrow } from '../iam-arns.js';
import { userRef, roleRef } from '../store/entity-rename.js';
import { assertModifiableRole } from '../service-linked/protection.js';
import { roles } from '../store/role-store.js';
import { users } from '../store/user-store.js';
import { requireBoundaryPolicy, switchBoundary } from './boundary-support.js';
import { scopeOf, type IamDeps, type OpHandlers } from '../deps.js';

type BoundaryOps = 'PutUserPermissionsBoundary' | 'DeleteUserPermissionsBoundary' | 'PutRolePermissionsBoundary' | 'DeleteRolePermissionsBoundary';

async function setUserBoundary(ops: StoreOps, scope: Scope, name: string, arn: string | undefined): Promise<void> {
  const u = await users.require(ops, scope, name);
  const { permissionsBoundary: old, ...rest } = u;
  await users.put(ops, scope, arn ? { ...rest, permissionsBoundary: arn } : rest);
  await switchBoundary(ops, scope, userRef(u), old, arn);
}

async function setRoleBoundary(ops: StoreOps, scope: Scope, name: string, arn: string | undefined): Promise<void> {
  const r = await roles.require(ops, scope, name);
  assertModifiableRole(r);
  const { permissionsBoundary: old, ...rest } = r;
  await roles.put(ops, scope, arn ? { ...rest, permissionsBoundary: arn } : rest);
  await switchBoundary(ops, scope, roleRef(r), old, arn);
}

/** Permissions boundary operations (the boundary must be an existing managed policy). */
export function boundaryHandlers({ store }: IamDeps): OpHandlers<BoundaryOps> {
  return {
    async PutUserPermissionsBoundary(input, ctx) {
      const scope = scopeOf(ctx);
      policyArnOrThrow(input.PermissionsBoundary); // input first, as for AttachXPolicy
      await store.transaction(async (tx) => {
        await users.require(tx, scope, input.UserName);
        await requireBoundaryPolicy(tx, scope, ctx.caller.principal.accountId, input.PermissionsBoundary);
        await setUserBoundary(tx, scope, input.UserName, input.PermissionsBoundary);
      });
    },
    async DeleteUserPermissionsBoundary(input, ctx) {
      const scope = scopeOf(ctx);
      await store.transaction((tx) => setUserBoundary(tx, scope, input.UserName, undefined));
    },
    async PutRolePermissionsBoundary(input, ctx) {
      const scope = scopeOf(ctx);
      policyArnOrThrow(input.PermissionsBoundary); // input first, as for AttachXPolicy
      await store.transaction(async (tx) => {
        assertModifiableRole(await roles.require(tx, scope, input.RoleName));
        await requireBoundaryPolicy(tx, scope, ctx.caller.principal.accountId, input.PermissionsBoundary);
        await setRoleBoundary(tx, scope, input.RoleName, input.PermissionsBoundary);
      });
    },
    async DeleteRolePermissionsBoundary(input, ctx) {
      const scope = scopeOf(ctx);
      await store.transaction((tx) => setRoleBoundary(tx, scope, input.RoleName, undefined));
    },
  };
}
