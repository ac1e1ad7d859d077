/** CreateUser, GetUser, ListUsers, UpdateUser, DeleteUser. */
import { GLOBAL, TABLES, type AccountRecord } from '../../../authz/identity-tables.js';
import type { HandlerContext } from '../../../protocol/service-definition.js';
import { newIamId } from '../../../shared/ids.js';
import { rootArn } from '../../../shared/principal.js';
import type { User } from '../api.generated.js';
import { deleteConflict, entityExists, quotaExceeded, validationError } from '../errors.js';
import { iamArn, nameKey, userNameFromArn } from '../iam-arns.js';
import { pageFields, pageOfTable } from '../pagination.js';
import { countKeysOfUser } from '../store/access-key-store.js';
import { attachedCount } from '../store/attachment-store.js';
import { replaceUser, userRef } from '../store/entity-rename.js';
import { groupKeysOfUser } from '../store/group-store.js';
import { countInline } from '../store/inline-policy-store.js';
import { getLoginProfile } from '../store/login-profile-store.js';
import { countDevicesOf } from '../store/mfa-store.js';
import { userCredentialCounts } from '../store/user-credential-store.js';
import { users, type UserRecord } from '../store/user-store.js';
import { mergeTags } from '../tag-list.js';
import { userView } from '../views.js';
import { requireBoundaryPolicy, switchBoundary } from './boundary-support.js';
import { nowIso, scopeOf, type IamDeps, type OpHandlers } from '../deps.js';

/** Users per account (IAM quotas). */
export const USERS_QUOTA = 5000;

/** The IAM user the caller is (for operations whose UserName defaults to the caller), or throws. */
export function callerUserName(ctx: HandlerContext): string {
  const name = ctx.caller.principal.type === 'user' ? userNameFromArn(ctx.caller.principal.arn) : undefined;
  if (!name) throw validationError('Must specify userName when calling with non-User credentials');
  return name;
}

/** User operations. */
export function userHandlers({ store }: IamDeps): OpHandlers<'CreateUser' | 'GetUser' | 'ListUsers' | 'UpdateUser' | 'DeleteUser'> {
  return {
    async CreateUser(input, ctx) {
      const scope = scopeOf(ctx);
      const accountId = ctx.caller.principal.accountId;
      const tags = mergeTags([], input.Tags ?? [], 'TagsPerUser');
      const path = input.Path ?? '/';
      const user = await store.transaction(async (tx) => {
        if (await users.get(tx, scope, input.UserName)) throw entityExists('user', input.UserName);
        if ((await users.count(tx, scope)) >= USERS_QUOTA) throw quotaExceeded('UsersPerAccount', USERS_QUOTA);
        if (input.PermissionsBoundary) await requireBoundaryPolicy(tx, scope, accountId, input.PermissionsBoundary);
        const rec: UserRecord = {
          userName: input.UserName,
          userId: newIamId('AIDA'),
          path,
          arn: iamArn(accountId, 'user', path, input.UserName),
          createDate: nowIso(ctx),
          tags,
          ...(input.PermissionsBoundary ? { permissionsBoundary: input.PermissionsBoundary } : {}),
        };
        await users.put(tx, scope, rec);
        await switchBoundary(tx, scope, userRef(rec), undefined, rec.permissionsBoundary);
        return rec;
      });
      return { User: userView(user, true) };
    },

    async GetUser(input, ctx) {
      if (input.UserName === undefined && ctx.caller.principal.type === 'root') return { User: await rootUserView(store, ctx) };
      const name = input.UserName ?? callerUserName(ctx);
      return { User: userView(await users.require(store, scopeOf(ctx), name), true) };
    },

    async ListUsers(input, ctx) {
      const prefix = input.PathPrefix ?? '/';
      const page = await pageOfTable(users.table, store, scopeOf(ctx), '', input, (u) => u.path.startsWith(prefix));
      return { Users: page.items.map((u) => userView(u, false)), ...pageFields(page) };
    },

    async UpdateUser(input, ctx) {
      const scope = scopeOf(ctx);
      await store.transaction(async (tx) => {
        const before = await users.require(tx, scope, input.UserName);
        const userName = input.NewUserName ?? before.userName;
        const path = input.NewPath ?? before.path;
        if (nameKey(userName) !== nameKey(before.userName) && (await users.get(tx, scope, userName))) throw entityExists('user', userName);
        const after: UserRecord = { ...before, userName, path, arn: iamArn(ctx.caller.principal.accountId, 'user', path, userName) };
        await replaceUser(tx, store.sealer, scope, before, after);
      });
    },

    async DeleteUser(input, ctx) {
      const scope = scopeOf(ctx);
      await store.transaction(async (tx) => {
        const u = await users.require(tx, scope, input.UserName);
        // The order of checks follows the DeleteUser reference's list of what must go first.
        if (await getLoginProfile(tx, scope, u.userName)) throw deleteConflict('Cannot delete entity, must delete login profile first.');
        if ((await countKeysOfUser(tx, scope, u.userName)) > 0) throw deleteConflict('Cannot delete entity, must delete access keys first.');
        const held = await userCredentialCounts(tx, scope, u.userName);
        if (held.certs > 0) throw deleteConflict('Cannot delete entity, must delete signing certificates first.');
        if (held.sshKeys > 0) throw deleteConflict('Cannot delete entity, must delete SSH public keys first.');
        if (held.serviceCredentials > 0) throw deleteConflict('Cannot delete entity, must delete service specific credentials first.');
        if ((await countDevicesOf(tx, scope, { kind: 'user', userName: u.userName })) > 0) throw deleteConflict('Cannot delete entity, must delete MFA device first.');
        if ((await countInline(tx, scope, 'user', u.userName)) > 0) throw deleteConflict('Cannot delete entity, must delete policies first.');
        if ((await attachedCount(tx, scope, 'user', u.userName)) > 0) throw deleteConflict('Cannot delete entity, must detach all policies first.');
        if ((await groupKeysOfUser(tx, scope, u.userName)).length > 0) throw deleteConflict('Cannot delete entity, must remove users from group first.');
        await switchBoundary(tx, scope, userRef(u), u.permissionsBoundary, undefined);
        await users.delete(tx, scope, u.userName);
      });
    },
  };
}

/**
 * GetUser without UserName, called by the root user: AWS answers with the account's root "user"
 * (UserId = account id, Arn = `...:root`, the account's creation date) and no Path or UserName.
 */
export async function rootUserView(store: IamDeps['store'], ctx: HandlerContext): Promise<User> {
  const accountId = ctx.caller.principal.accountId;
  const account = await store.get(TABLES.accounts, GLOBAL, accountId);
  const created = (account?.value as unknown as AccountRecord | undefined)?.createdAt ?? nowIso(ctx);
  return { UserId: accountId, Arn: rootArn(accountId), CreateDate: new Date(created) } as User;
}
