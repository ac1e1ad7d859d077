/**
 * CreateLoginProfile, GetLoginProfile, UpdateLoginProfile, DeleteLoginProfile. Passwords must meet
 * AWS's default password policy (8..128 characters, at least three of upper case, lower case,
 * digits and symbols) since Rampart has no account password policy operations yet.
 */
import type { HandlerContext } from '../../../protocol/service-definition.js';
import { EntityAlreadyExistsException, NoSuchEntityException, PasswordPolicyViolationException, type LoginProfile } from '../api.generated.js';
import { validationError } from '../errors.js';
import { deleteLoginProfile, getLoginProfile, hashPassword, putLoginProfile, type LoginProfileRecord } from '../store/login-profile-store.js';
import { users } from '../store/user-store.js';
import { nowIso, scopeOf, type IamDeps, type OpHandlers } from './deps.js';
import { callerUserName } from './users.js';

/** Throws PasswordPolicyViolation unless the password meets AWS's default policy. */
export function checkPassword(password: string): void {
  const classes = [/[A-Z]/, /[a-z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if (password.length < 8 || password.length > 128 || classes < 3) {
    throw new PasswordPolicyViolationException('Password does not conform to the account password policy.');
  }
}

function view(rec: LoginProfileRecord): LoginProfile {
  return { UserName: rec.userName, CreateDate: new Date(rec.createDate), PasswordResetRequired: rec.passwordResetRequired };
}

const notFound = (name: string) => new NoSuchEntityException(`Login Profile for User ${name} cannot be found.`);

type ProfileOps = 'CreateLoginProfile' | 'GetLoginProfile' | 'UpdateLoginProfile' | 'DeleteLoginProfile';

/** Login profile operations. */
export function loginProfileHandlers({ store }: IamDeps): OpHandlers<ProfileOps> {
  const target = (name: string | undefined, ctx: HandlerContext) => name ?? callerUserName(ctx);
  return {
    async CreateLoginProfile(input, ctx) {
      const scope = scopeOf(ctx);
      if (input.Password === undefined) throw validationError('Password is required to create a login profile.');
      checkPassword(input.Password);
      const passwordHash = await hashPassword(input.Password);
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
      if (input.Password !== undefined) checkPassword(input.Password);
      const passwordHash = input.Password === undefined ? undefined : await hashPassword(input.Password);
      await store.transaction(async (tx) => {
        const u = await users.require(tx, scope, input.UserName);
        const p = await getLoginProfile(tx, scope, u.userName);
        if (!p) throw notFound(u.userName);
        await putLoginProfile(tx, scope, {
          ...p,
          ...(passwordHash ? { passwordHash } : {}),
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
