/**
 * CreateLoginProfile, GetLoginProfile, UpdateLoginProfile, DeleteLoginProfile. Passwords must meet
 * the account password policy (AWS's default policy when the account has none, `password-rules.ts`);
 * UpdateLoginProfile also refuses the passwords PasswordReusePrevention forbids.
 */
import type { HandlerContext } from '../../../protocol/service-definition.js';
import { EntityAlreadyExistsException, NoSuchEntityException, type LoginProfile } from '../api.generated.js';
import { validationError } from '../errors.js';
import { checkPasswordPolicy, checkReuse } from '../password-rules.js';
import { deleteLoginProfile, getLoginProfile, hashesAt, hashPassword, putLoginProfile, withNewPassword, type LoginProfileRecord } from '../store/login-profile-store.js';
import { getPasswordPolicy } from '../store/password-policy-store.js';
import { users } from '../store/user-store.js';
import { nowIso, scopeOf, type IamDeps, type OpHandlers } from '../deps.js';
import { callerUserName } from './users.js';

function view(rec: LoginProfileRecord): LoginProfile {
  return { UserName: rec.userName, CreateDate: new Date(rec.createDate), PasswordResetRequired: rec.passwordResetRequired };
}

/** NoSuchEntity for a user without a login profile. */
export const notFound = (name: string) => new NoSuchEntityException(`Login Profile for User ${name} cannot be found.`);

type ProfileOps = 'CreateLoginProfile' | 'GetLoginProfile' | 'UpdateLoginProfile' | 'DeleteLoginProfile';

/** Login profile operations. */
export function loginProfileHandlers({ store }: IamDeps): OpHandlers<ProfileOps> {
  const target = (name: string | undefined, ctx: HandlerContext) => name ?? callerUserName(ctx);
  return {
    async CreateLoginProfile(input, ctx) {
      const scope = scopeOf(ctx);
      if (input.Password === undefined) throw validationError('Password is required to create a login profile.');
      checkPasswordPolicy(input.Password, await getPasswordPolicy(store, scope));
      // Sealed for the profile's key, the user name in lower case: the same for the name as given and as stored.
      const passwordHash = await hashPassword(store.sealer, hashesAt(scope, target(input.UserName, ctx)), input.Password);
      const rec = await store.transaction(async (tx) => {
        const u = await users.require(tx, scope, target(input.UserName, ctx));
        if (await getLoginProfile(tx, scope, u.userName)) throw new EntityAlreadyExistsException(`Login Profile for user ${u.userName} already exists.`);
        const p: LoginProfileRecord = { userName: u.userName, createDate: nowIso(ctx), passwordResetRequired: input.PasswordResetRequired ?? false, passwordHash };
        await putLoginProfile(tx, scope, p);
        return p;
      });
      return { LoginProfile: view(rec) };
    },

    async GetLoginProfile(input, ctx) {
      const scope = scopeOf(ctx);
      const u = await users.require(store, scope, target(input.UserName, ctx));
      const p = await getLoginProfile(store, scope, u.userName);
      if (!p) throw notFound(u.userName);
      return { LoginProfile: view({ ...p, userName: u.userName }) };
    },

    async UpdateLoginProfile(input, ctx) {
      const scope = scopeOf(ctx);
      const policy = await getPasswordPolicy(store, scope);
      if (input.Password !== undefined) {
        checkPasswordPolicy(input.Password, policy);
        const u = await users.require(store, scope, input.UserName);
        const current = await getLoginProfile(store, scope, u.userName);
        if (current) await checkReuse(store.sealer, hashesAt(scope, u.userName), input.Password, [current.passwordHash, ...(current.previousHashes ?? [])], policy);
      }
      const passwordHash = input.Password === undefined ? undefined : await hashPassword(store.sealer, hashesAt(scope, input.UserName), input.Password);
      await store.transaction(async (tx) => {
        const u = await users.require(tx, scope, input.UserName);
        const p = await getLoginProfile(tx, scope, u.userName);
        if (!p) throw notFound(u.userName);
        await putLoginProfile(tx, scope, {
          ...(passwordHash ? withNewPassword(p, passwordHash, nowIso(ctx)) : p),
          ...(input.PasswordResetRequired !== undefined ? { passwordResetRequired: input.PasswordResetRequired } : {}),
        });
      });
    },

    async DeleteLoginProfile(input, ctx) {
      const scope = scopeOf(ctx);
      await store.transaction(async (tx) => {
        const u = await users.require(tx, scope, target(input.UserName, ctx));
        if (!(await deleteLoginProfile(tx, scope, u.userName))) throw notFound(u.userName);
      });
    },
  };
}
