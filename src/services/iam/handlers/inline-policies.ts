/** Put/Get/Delete/List{User,Group,Role}Policy (inline policies). */
import type { HandlerContext } from '../../../protocol/service-definition.js';
import { limitExceeded, noSuchInlinePolicy, type EntityKind } from '../errors.js';
import { pageFields, paginate, type PageRequest } from '../pagination.js';
import { INLINE_AGGREGATE_LIMIT, assertValidPolicy, chargedSize, encodePolicyDocument } from '../policy-text.js';
import { deleteInline, getInline, listInline, putInline } from '../store/inline-policy-store.js';
import { scopeOf, type IamDeps, type OpHandlers } from '../deps.js';
import { assertModifiable } from '../service-linked/protection.js';
import { requireEntity } from './entity-support.js';

type InlineOps =
  | 'PutUserPolicy'
  | 'PutGroupPolicy'
  | 'PutRolePolicy'
  | 'GetUserPolicy'
  | 'GetGroupPolicy'
  | 'GetRolePolicy'
  | 'DeleteUserPolicy'
  | 'DeleteGroupPolicy'
  | 'DeleteRolePolicy'
  | 'ListUserPolicies'
  | 'ListGroupPolicies'
  | 'ListRolePolicies';

/** Inline policy operations. */
export function inlinePolicyHandlers({ store }: IamDeps): OpHandlers<InlineOps> {
  const put = async (kind: EntityKind, name: string, policyName: string, document: string, ctx: HandlerContext): Promise<void> => {
    const scope = scopeOf(ctx);
    await store.transaction(async (tx) => {
      const entity = await requireEntity(tx, scope, kind, name);
      assertModifiable(entity);
      assertValidPolicy(document, `${kind}-inline`, entity.name);
      // The quota is on the aggregate size of all the entity's inline policies.
      const others = (await listInline(tx, scope, kind, entity.name)).filter((p) => p.policyName !== policyName);
      const total = others.reduce((n, p) => n + chargedSize(p.document), chargedSize(document));
      const limit = INLINE_AGGREGATE_LIMIT[kind];
      if (total > limit) throw limitExceeded(`Maximum policy size of ${limit} bytes exceeded for ${kind} ${entity.name}`);
      await putInline(tx, scope, kind, entity.name, { policyName, document });
    });
  };

  const get = async (kind: EntityKind, name: string, policyName: string, ctx: HandlerContext) => {
    const scope = scopeOf(ctx);
    const entity = await requireEntity(store, scope, kind, name);
    const rec = await getInline(store, scope, kind, entity.name, policyName);
    if (!rec) throw noSuchInlinePolicy(kind, policyName);
    return { entityName: entity.name, PolicyName: rec.policyName, PolicyDocument: encodePolicyDocument(rec.document) };
  };

  const remove = async (kind: EntityKind, name: string, policyName: string, ctx: HandlerContext): Promise<void> => {
    const scope = scopeOf(ctx);
    await store.transaction(async (tx) => {
      const entity = await requireEntity(tx, scope, kind, name);
      assertModifiable(entity);
      if (!(await deleteInline(tx, scope, kind, entity.name, policyName))) throw noSuchInlinePolicy(kind, policyName);
    });
  };

  const list = async (kind: EntityKind, name: string, req: PageRequest, ctx: HandlerContext) => {
    const scope = scopeOf(ctx);
    const entity = await requireEntity(store, scope, kind, name);
    const page = paginate((await listInline(store, scope, kind, entity.name)).map((p) => p.policyName), (n) => n, req);
    return { PolicyNames: page.items, ...pageFields(page) };
  };

  return {
    PutUserPolicy: (i, ctx) => put('user', i.UserName, i.PolicyName, i.PolicyDocument, ctx),
    PutGroupPolicy: (i, ctx) => put('group', i.GroupName, i.PolicyName, i.PolicyDocument, ctx),
    PutRolePolicy: (i, ctx) => put('role', i.RoleName, i.PolicyName, i.PolicyDocument, ctx),
    async GetUserPolicy(i, ctx) {
      const r = await get('user', i.UserName, i.PolicyName, ctx);
      return { UserName: r.entityName, PolicyName: r.PolicyName, PolicyDocument: r.PolicyDocument };
    },
    async GetGroupPolicy(i, ctx) {
      const r = await get('group', i.GroupName, i.PolicyName, ctx);
      return { GroupName: r.entityName, PolicyName: r.PolicyName, PolicyDocument: r.PolicyDocument };
    },
    async GetRolePolicy(i, ctx) {
      const r = await get('role', i.RoleName, i.PolicyName, ctx);
      return { RoleName: r.entityName, PolicyName: r.PolicyName, PolicyDocument: r.PolicyDocument };
    },
    DeleteUserPolicy: (i, ctx) => remove('user', i.UserName, i.PolicyName, ctx),
    DeleteGroupPolicy: (i, ctx) => remove('group', i.GroupName, i.PolicyName, ctx),
    DeleteRolePolicy: (i, ctx) => remove('role', i.RoleName, i.PolicyName, ctx),
    ListUserPolicies: (i, ctx) => list('user', i.UserName, i, ctx),
    ListGroupPolicies: (i, ctx) => list('group', i.GroupName, i, ctx),
    ListRolePolicies: (i, ctx) => list('role', i.RoleName, i, ctx),
  };
}
