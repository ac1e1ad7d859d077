/**
 * Storage layout of the identity records every request depends on. IAM (later) writes users' keys
 * here through these helpers; authentication reads them through the credential resolver.
 */
import type { SealContext, Scope } from '../storage/types.js';

export const GLOBAL: Scope = { kind: 'global' };

export const TABLES = {
  /** key: account id -> AccountRecord */
  accounts: 'core.accounts',
  /** key: 'bootstrap' -> BootstrapRecord (the installation's default account and first root key) */
  installation: 'core.installation',
  /** key: access key id -> AccessKeyRecord (global: looked up by key id alone) */
  accessKeys: 'iam.access-keys',
} as const;

/** Where an access key's secret is sealed: its own record (the secret opens nowhere else). */
export function accessKeySecretAt(accessKeyId: string): SealContext {
  return { table: TABLES.accessKeys, scope: GLOBAL, key: accessKeyId };
}

export interface AccountRecord {
  readonly accountId: string;
  readonly createdAt: string;
}

export interface BootstrapRecord {
  readonly accountId: string;
  readonly rootAccessKeyId: string;
  readonly createdAt: string;
}

export interface AccessKeyRecord {
  readonly accessKeyId: string;
  readonly accountId: string;
  readonly principalType: 'root' | 'user';
  /** ARN of the owner, e.g. `arn:aws:iam::123456789012:root`. */
  readonly arn: string;
  /** The owner's unique id (account id for root). */
  readonly userId: string;
  /** The IAM user name; absent for root. */
  readonly userName?: string;
  readonly status: 'Active' | 'Inactive';
  /** The secret access key, sealed with the master key, bound to this record (`accessKeySecretAt`). */
  readonly sealedSecret: string;
  readonly createdAt: string;
}
