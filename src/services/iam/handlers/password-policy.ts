/**
 * UpdateAccountPasswordPolicy, GetAccountPasswordPolicy, DeleteAccountPasswordPolicy and
 * ChangePassword (an IAM user changes its own console password). UpdateAccountPasswordPolicy does
 * not do partial updates: every parameter left out takes its default (6 characters, no
 * requirements, no expiry, no reuse prevention). The ranges (6..128, 1..1095, 1..24) are the
 * model's and enforced by the protocol layer.
 */
import { InvalidUserTypeException, NoSuchEntityException, type PasswordPolicy } from '../api.generated.js';
import { userNameFromArn } from '../iam-arns.js';
import { checkPasswordPolicy, checkReuse } from '../password-rules.js';
import { getLoginProfile, hashesAt, hashPassword, putLoginProfile, verifyPassword, withNewPassword } from '../store/login-profile-store.js';
import { deletePasswordPolicy, getPasswordPolicy, putPasswordPolicy, type PasswordPolicyRecord } from '../store/password-policy-store.js';
import { nowIso, scopeOf, type IamDeps, type OpHandlers } from '../deps.js';
import { notFound } from './login-profiles.js';

/** MinimumPasswordLength when UpdateAccountPasswordPolicy leaves it out. */
export const DEFAULT_MIN_PASSWORD_LENGTH = 6;

function view(p: PasswordPolicyRecord): PasswordPolicy {
  return {
    MinimumPasswordLength: p.minimumPasswordLength,
    RequireSymbols: p.requireSymbols,
    RequireNumbers: p.requireNumbers,
    RequireUppercaseCharacters: p.requireUppercaseCharacters,
    RequireLowercaseCharacters: p.requireLowercaseCharacters,
    AllowUsersToChangePassword: p.allowUsersToChangePassword,
    ExpirePasswords: p.maxPasswordAge !== undefined,
    ...(p.maxPasswordAge !== undefined ? { MaxPasswordAge: p.maxPasswordAge } : {}),
    ...(p.passwordReusePrevention !== undefined ? { PasswordReusePrevention: p.passwordReusePrevention } : {}),
    ...(p.hardExpiry !== undefined ? { HardExpiry: p.hardExpiry } : {}),
  };
}

type PolicyOps = 'UpdateAccountPasswordPolicy' | 'GetAccountPasswordPolicy' | 'DeleteAccountPasswordPolicy' | 'ChangePassword';

/** Password policy operations. */
export function passwordPolicyHandlers({ store }: IamDeps): OpHandlers<PolicyOps> {
  return {
    async UpdateAccountPasswordPolicy(input, ctx) {
      const rec: PasswordPolicyRecord = {
        minimumPasswordLength: input.MinimumPasswordLength ?? DEFAULT_MIN_PASSWORD_LENGTH,
        requireSymbols: input.RequireSymbols ?? false,
        requireNumbers: input.RequireNumbers ?? false,
        requireUppercaseCharacters: input.RequireUppercaseCharacters ?? false,
        requireLowercaseCharacters: input.RequireLowercaseCharacters ?? false,
        allowUsersToChangePassword: input.AllowUsersToChangePassword ?? false,
        ...(input.MaxPasswordAge !== undefined ? { maxPasswordAge: input.MaxPasswordAge } : {}),
        ...(input.PasswordReusePrevention !== undefined ? { passwordReusePrevention: input.PasswordReusePrevention } : {}),
        ...(input.HardExpiry !== undefined ? { hardExpiry: input.HardExpiry } : {}),
      };
      await putPasswordPolicy(store, scopeOf(ctx), rec);
    },

    async GetAccountPasswordPolicy(_input, ctx) {
      const p = await getPasswordPolicy(store, scopeOf(ctx));
      if (!p) throw new NoSuchEntityException(`The Password Policy with domain name ${ctx.caller.principal.accountId} cannot be found.`);
      return { PasswordPolicy: view(p) };
    },

    async DeleteAccountPasswordPolicy(_input, ctx) {
      if (!(await deletePasswordPolicy(store, scopeOf(ctx)))) throw new NoSuchEntityException('The account policy with name PasswordPolicy cannot be found.');
    },

    async ChangePassword(input, ctx) {
      const userName = ctx.caller.principal.type === 'user' ? userNameFromArn(ctx.caller.principal.arn) : undefined;
      if (!userName) throw new InvalidUserTypeException('Only IAM users can change their own password.');
      const scope = scopeOf(ctx);
      const policy = await getPasswordPolicy(store, scope);
      const current = await getLoginProfile(store, scope, userName);
      if (!current) throw notFound(userName);
      const where = hashesAt(scope, userName);
      if (!(await verifyPassword(store.sealer, where, input.OldPassword, current.passwordHash))) throw new InvalidUserTypeException('The old password is incorrect.');
      checkPasswordPolicy(input.NewPassword, policy);
      await checkReuse(store.sealer, where, input.NewPassword, [current.passwordHash, ...(current.previousHashes ?? [])], policy);
      const hash = await hashPassword(store.sealer, where, input.NewPassword);
      await store.transaction(async (tx) => {
        const p = await getLoginProfile(tx, scope, userName);
        if (!p) throw notFound(userName);
        // Changing the password satisfies a pending reset.
        await putLoginProfile(tx, scope, { ...withNewPassword(p, hash, nowIso(ctx)), passwordResetRequired: false });
      });
    },
  };
}

/**
 * Whether the account lets IAM users change their own password without an explicit
 * `iam:ChangePassword` permission (AllowUsersToChangePassword), for authorization to consult.
 */
export async function usersMayChangeOwnPassword(store: IamDeps['store'], accountId: string): Promise<boolean> {
  return (await getPasswordPolicy(store, { kind: 'account', accountId }))?.allowUsersToChangePassword === true;
}
