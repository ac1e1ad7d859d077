/**
 * CreateServiceLinkedRole, DeleteServiceLinkedRole, GetServiceLinkedRoleDeletionStatus. A
 * service-linked role is named and placed by its service (`service-linked/role-catalog.ts`), trusts
 * only that service, carries the service's AWS managed policy (when Rampart has it) and is protected
 * from ordinary edits (`service-linked/protection.ts`). Deletion completes within the request: the
 * task is SUCCEEDED when DeleteServiceLinkedRole answers (no Rampart service holds resources that
 * use a service-linked role, so there is nothing for the service to check first).
 */
import { newIamId } from '../../../shared/ids.js';
import type { StoreOps, Scope } from '../../../storage/types.js';
import { NoSuchEntityException } from '../api.generated.js';
import { invalidInput, quotaExceeded, validationError } from '../errors.js';
import { iamArn } from '../iam-arns.js';
import { DELETION_TASKS, getDeletionTask, newTaskId, parseTaskId } from '../service-linked/deletion-tasks.js';
import { isServiceLinkedPath, linkedRoleSpec, principalOfPath, type LinkedRoleSpec } from '../service-linked/role-catalog.js';
import { attach, attachedPolicies, detach } from '../store/attachment-store.js';
import { roleRef } from '../store/entity-rename.js';
import { deleteInline, listInline } from '../store/inline-policy-store.js';
import { findPolicy } from '../store/policy-store.js';
import { roles, type RoleRecord } from '../store/role-store.js';
import { deleteRoleUsage } from '../store/usage-store.js';
import { roleView } from '../views.js';
import { switchBoundary } from './boundary-support.js';
import { DEFAULT_MAX_SESSION, ROLES_QUOTA } from './roles.js';
import { nowIso, scopeOf, type IamDeps, type OpHandlers } from '../deps.js';

type LinkedRoleOps = 'CreateServiceLinkedRole' | 'DeleteServiceLinkedRole' | 'GetServiceLinkedRoleDeletionStatus';

/** Longest role name IAM accepts. */
const ROLE_NAME_MAX = 64;

/** The trust policy AWS gives a service-linked role: only its service may assume it. */
export function linkedTrustPolicy(principal: string): string {
  // protocol-lint: allow a policy document is data, not wire format
  return JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: principal }, Action: 'sts:AssumeRole' }] });
}

/**
 * The service's role, and the role name a request makes (with `_<suffix>`), with AWS's errors for
 * an unknown service and a refused suffix. Authorization resolves the same name (`authz/targets.ts`).
 */
export function linkedRoleName(serviceName: string, suffix: string | undefined): { spec: LinkedRoleSpec; roleName: string } {
  const spec = linkedRoleSpec(serviceName);
  if (!spec) throw invalidInput(`Invalid service principal ${serviceName}: the service does not support service-linked roles.`);
  if (suffix !== undefined && !spec.suffixAllowed) throw invalidInput(`Custom suffix is not allowed for ${serviceName}`);
  const roleName = suffix === undefined ? spec.roleName : `${spec.roleName}_${suffix}`;
  if (roleName.length > ROLE_NAME_MAX) {
    throw validationError(`1 validation error detected: Value '${roleName}' at 'roleName' failed to satisfy constraint: Member must have length less than or equal to ${ROLE_NAME_MAX}`);
  }
  return { spec, roleName };
}

/** Removes a service-linked role and everything that hangs off it (its policies, boundary, last use). */
async function removeLinkedRole(tx: StoreOps, scope: Scope, r: RoleRecord): Promise<void> {
  for (const ref of await attachedPolicies(tx, scope, 'role', r.roleName)) await detach(tx, scope, 'role', r.roleName, ref.policyArn);
  for (const p of await listInline(tx, scope, 'role', r.roleName)) await deleteInline(tx, scope, 'role', r.roleName, p.policyName);
  await switchBoundary(tx, scope, roleRef(r), r.permissionsBoundary, undefined);
  await deleteRoleUsage(tx, scope, r.roleName);
  await roles.delete(tx, scope, r.roleName);
}

/** Service-linked role operations. */
export function serviceLinkedRoleHandlers({ store }: IamDeps): OpHandlers<LinkedRoleOps> {
  return {
    async CreateServiceLinkedRole(input, ctx) {
      const scope = scopeOf(ctx);
      const accountId = ctx.caller.principal.accountId;
      const { spec, roleName } = linkedRoleName(input.AWSServiceName, input.CustomSuffix);
      const role = await store.transaction(async (tx) => {
        if (await roles.get(tx, scope, roleName)) throw invalidInput(`Service role name ${roleName} has been taken in this account, please try a different suffix.`);
        if ((await roles.count(tx, scope)) >= ROLES_QUOTA) throw quotaExceeded('RolesPerAccount', ROLES_QUOTA);
        const rec: RoleRecord = {
          roleName,
          roleId: newIamId('AROA'),
          path: spec.path,
          arn: iamArn(accountId, 'role', spec.path, roleName),
          createDate: nowIso(ctx),
          assumeRolePolicyDocument: linkedTrustPolicy(spec.principal),
          trustPrincipalIds: {},
          ...(input.Description !== undefined ? { description: input.Description } : {}),
          maxSessionDuration: DEFAULT_MAX_SESSION,
          tags: [],
        };
        await roles.put(tx, scope, rec);
        const policy = await findPolicy(tx, scope, accountId, spec.policyArn);
        if (policy) await attach(tx, scope, roleRef(rec), { policyArn: policy.arn, policyName: policy.policyName });
        return rec;
      });
      return { Role: roleView(role, 'create') };
    },

    async DeleteServiceLinkedRole(input, ctx) {
      const scope = scopeOf(ctx);
      const taskId = await store.transaction(async (tx) => {
        const r = await roles.require(tx, scope, input.RoleName);
        if (!isServiceLinkedPath(r.path)) throw new NoSuchEntityException(`The role with name ${r.roleName} is not a service-linked role.`);
        await removeLinkedRole(tx, scope, r);
        const id = newTaskId(principalOfPath(r.path), r.roleName);
        await DELETION_TASKS.put(tx, scope, id, { taskId: id, roleName: r.roleName, roleArn: r.arn, status: 'SUCCEEDED', createdAt: nowIso(ctx) });
        return id;
      });
      return { DeletionTaskId: taskId };
    },

    async GetServiceLinkedRoleDeletionStatus(input, ctx) {
      if (!parseTaskId(input.DeletionTaskId)) throw invalidInput(`Invalid deletion task id: ${input.DeletionTaskId}`);
      const task = await getDeletionTask(store, scopeOf(ctx), input.DeletionTaskId);
      if (!task) throw new NoSuchEntityException(`Deletion task with id ${input.DeletionTaskId} cannot be found.`);
      return { Status: task.status };
    },
  };
}
