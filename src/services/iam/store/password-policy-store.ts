/** The account password policy (`iam.password-policy`, one record per account at key `policy`). */
import type { Scope, StoreOps } from '../../../storage/types.js';
import { Table } from './table.js';
import { IAM_TABLES } from './tables.js';

/** An account password policy, as UpdateAccountPasswordPolicy set it (defaults filled in). */
export interface PasswordPolicyRecord {
  readonly minimumPasswordLength: number;
  readonly requireSymbols: boolean;
  readonly requireNumbers: boolean;
  readonly requireUppercaseCharacters: boolean;
  readonly requireLowercaseCharacters: boolean;
  readonly allowUsersToChangePassword: boolean;
  /** Days a password is valid; absent: passwords never expire. */
  readonly maxPasswordAge?: number;
  /** Number of previous passwords a user may not reuse; absent: no restriction. */
  readonly passwordReusePrevention?: number;
  /** Present when the request set it. */
  readonly hardExpiry?: boolean;
}

const POLICY = new Table<PasswordPolicyRecord>(IAM_TABLES.passwordPolicy);
const KEY = 'policy';

/** The account's password policy, if one was set. */
export function getPasswordPolicy(ops: StoreOps, scope: Scope): Promise<PasswordPolicyRecord | undefined> {
  return POLICY.get(ops, scope, KEY);
}

/** Replaces the account's password policy. */
export function putPasswordPolicy(ops: StoreOps, scope: Scope, rec: PasswordPolicyRecord): Promise<void> {
  return POLICY.put(ops, scope, KEY, rec);
}

/** Removes the account's password policy; false when there was none. */
export function deletePasswordPolicy(ops: StoreOps, scope: Scope): Promise<boolean> {
  return POLICY.delete(ops, scope, KEY);
}
