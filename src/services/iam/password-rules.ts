/**
 * Console password rules. Without an account password policy AWS applies its default policy
 * (8..128 characters, at least three of upper case, lower case, digits and symbols); with one, the
 * policy's own requirements. Symbols are the ones the IAM User Guide lists:
 * ! @ # $ % ^ & * ( ) _ + - = [ ] { } | '
 */
import { PasswordPolicyViolationException } from './api.generated.js';
import type { PasswordPolicyRecord } from './store/password-policy-store.js';
import type { SealContext, SecretSealer } from '../../storage/types.js';
import { verifyPassword } from './store/login-profile-store.js';

const SYMBOLS = /[!@#$%^&*()_+\-=[\]{}|']/;
const MAX_LENGTH = 128;

/** PasswordPolicyViolation in AWS's wording. */
export function policyViolation(): PasswordPolicyViolationException {
  return new PasswordPolicyViolationException('Password does not conform to the account password policy.');
}

/** Throws PasswordPolicyViolation unless `password` meets `policy` (AWS's default policy when undefined). */
export function checkPasswordPolicy(password: string, policy: PasswordPolicyRecord | undefined): void {
  if (password.length > MAX_LENGTH) throw policyViolation();
  if (!policy) {
    const classes = [/[A-Z]/, /[a-z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
    if (password.length < 8 || classes < 3) throw policyViolation();
    return;
  }
  const failed =
    password.length < policy.minimumPasswordLength ||
    (policy.requireSymbols && !SYMBOLS.test(password)) ||
    (policy.requireNumbers && !/[0-9]/.test(password)) ||
    (policy.requireUppercaseCharacters && !/[A-Z]/.test(password)) ||
    (policy.requireLowercaseCharacters && !/[a-z]/.test(password));
  if (failed) throw policyViolation();
}

/**
 * Throws PasswordPolicyViolation when `password` is one of the last `passwordReusePrevention`
 * passwords (`hashes`, newest first, the current one included, sealed for the login profile at `where`).
 */
export async function checkReuse(sealer: SecretSealer, where: SealContext, password: string, hashes: readonly string[], policy: PasswordPolicyRecord | undefined): Promise<void> {
  const n = policy?.passwordReusePrevention ?? 0;
  for (const h of hashes.slice(0, n)) {
    if (await verifyPassword(sealer, where, password, h)) throw new PasswordPolicyViolationException('Policy constraint violation with password reuse prevention during password change');
  }
}

/** When a password set at `changedAt` must be changed, under `policy` (undefined: never). */
export function nextRotation(changedAt: string, policy: PasswordPolicyRecord | undefined): string | undefined {
  if (!policy?.maxPasswordAge) return undefined;
  return new Date(Date.parse(changedAt) + policy.maxPasswordAge * 86_400_000).toISOString();
}
