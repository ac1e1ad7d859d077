/** Attach/Detach{User,Group,Role}Policy and ListAttached{User,Group,Role}Policies. */
import type { HandlerContext } from '../../../protocol/service-definition.js';
import type { AttachedPolicy } from '../api.generated.js';
import { policyNotAttachable, policyNotFound, quotaExceeded, serviceRolePolicyNotAttachable, type EntityKind } from '../errors.js';
import { parsePolicyArn, policyArnOrThrow } from '../iam-arns.js';
import { pageFields, paginate, type PageRequest } from '../pagination.js';
import { attach, attachedCount, attachedPolicies, detach, isAttached } from '../store/attachment-store.js';
import { findPolicy } from '../store/policy-store.js';
import { scopeOf, type IamDeps, type OpHandlers } from '../deps.js';
import { assertModifiable } from '../service-linked/protection.js';
import { isServiceLinkedPath } from '../service-linked/role-catalog.js';
import { ATTACHED_QUOTA_NAME, requireEntity } from './entity-support.js';

/** Managed policies attached to one user, group or role (default quota). */
export const ATTACHED_POLICIES_QUOTA = 10;

type AttachOps =
  | 'AttachUserPolicy'
  | 'AttachGroupPolicy'
  | 'AttachRolePolicy'
  | 'DetachUserPolicy'
  | 'DetachGroupPolicy'
  | 'DetachRolePolicy'
  | 'ListAttachedUserPolicies'
  | 'ListAttachedGroupPolicies'
  | 'ListAttachedRolePolicies';

/** Attachment operations. */
export function attachmentHandlers({ store }: IamDeps): OpHandlers<AttachOps> {
  const attachTo = async (kind: EntityKind, name: string, policyArn: string, ctx: HandlerContext): Promise<void> => {
    const scope = scopeOf(ctx);
    policyArnOrThrow(policyArn);
    await store.transaction(async (tx) => {
      const entity = await requireEntity(tx, scope, kind, name);
      assertModifiable(entity);
      const policy = await findPolicy(tx, scope, ctx.caller.principal.accountId, policyArn);
      if (!policy) throw policyNotAttachable(policyArn);
      if (isServiceLinkedPath(policy.path)) throw serviceRolePolicyNotAttachable();
      if (await isAttached(tx, scope, kind, entity.name, policy.arn)) return;
      if ((await attachedCount(tx, scope, kind, entity.name)) >= ATTACHED_POLICIES_QUOTA) throw quotaExceeded(ATTACHED_QUOTA_NAME[kind], ATTACHED_POLICIES_QUOTA);
      await attach(tx, scope, entity, { policyArn: policy.arn, policyName: policy.policyName });
    });
  };

  const detachFrom = async (kind: EntityKind, name: string, policyArn: string, ctx: HandlerContext): Promise<void> => {
    const scope = scopeOf(ctx);
    policyArnOrThrow(policyArn);
    await store.transaction(async (tx) => {
      const entity = await requireEntity(tx, scope, kind, name);
      assertModifiable(entity);
      if (!(await detach(tx, scope, kind, entity.name, policyArn))) throw policyNotFound(policyArn);
    });
  };

  const listFor = async (kind: EntityKind, name: string, req: PageRequest & { PathPrefix?: string }, ctx: HandlerContext) => {
    const scope = scopeOf(ctx);
    const entity = await requireEntity(store, scope, kind, name);
    const prefix = req.PathPrefix ?? '/';
    const refs = (await attachedPolicies(store, scope, kind, entity.name)).filter((r) => (parsePolicyArn(r.policyArn)?.path ?? '/').startsWith(prefix));
    const page = paginate(refs, (r) => r.policyArn, req);
    const AttachedPolicies: AttachedPolicy[] = page.items.map((r) => ({ PolicyName: r.policyName, PolicyArn: r.policyArn }));
    return { AttachedPolicies, ...pageFields(page) };
  };

  return {
    AttachUserPolicy: (input, ctx) => attachTo('user', input.UserName, input.PolicyArn, ctx),
    AttachGroupPolicy: (input, ctx) => attachTo('group', input.GroupName, input.PolicyArn, ctx),
    AttachRolePolicy: (input, ctx) => attachTo('role', input.RoleName, input.PolicyArn, ctx),
    DetachUserPolicy: (input, ctx) => detachFrom('user', input.UserName, input.PolicyArn, ctx),
    DetachGroupPolicy: (input, ctx) => detachFrom('group', input.GroupName, input.PolicyArn, ctx),
    DetachRolePolicy: (input, ctx) => detachFrom('role', input.RoleName, input.PolicyArn, ctx),
    ListAttachedUserPolicies: (input, ctx) => listFor('user', input.UserName, input, ctx),
    ListAttachedGroupPolicies: (input, ctx) => listFor('group', input.GroupName, input, ctx),
    ListAttachedRolePolicies: (input, ctx) => listFor('role', input.RoleName, input, ctx),
  };
}
