/**
 * Last-use records (GetAccessKeyLastUsed, Role.RoleLastUsed). They live in their own tables, not
 * in the key or role records, so that recording a use never invalidates the credential or policy
 * caches that watch those tables.
 */
import type { Scope, StoreOps } from '../../../storage/types.js';
import { nameKey } from '../iam-arns.js';
import { Table } from './table.js';
import { GLOBAL_SCOPE, IAM_TABLES } from './tables.js';

/** When and where an access key was last used. */
export interface AccessKeyUsageRecord {
  readonly lastUsedDate: string;
  readonly serviceName: string;
  readonly region: string;
}

/** When and where a role was last used. */
export interface RoleUsageRecord {
  readonly lastUsedDate: string;
  readonly region: string;
}

const ACCESS_KEY_USAGE = new Table<AccessKeyUsageRecord>(IAM_TABLES.accessKeyUsage);
const ROLE_USAGE = new Table<RoleUsageRecord>(IAM_TABLES.roleLastUsed);

/** The key's last use, if recorded. */
export function getKeyUsage(ops: StoreOps, accessKeyId: string): Promise<AccessKeyUsageRecord | undefined> {
  return ACCESS_KEY_USAGE.get(ops, GLOBAL_SCOPE, accessKeyId);
}

/** Records a key's use. */
export function putKeyUsage(ops: StoreOps, accessKeyId: string, rec: AccessKeyUsageRecord): Promise<void> {
  return ACCESS_KEY_USAGE.put(ops, GLOBAL_SCOPE, accessKeyId, rec);
}

/** Forgets a deleted key's usage. */
export async function deleteKeyUsage(ops: StoreOps, accessKeyId: string): Promise<void> {
  await ACCESS_KEY_USAGE.delete(ops, GLOBAL_SCOPE, accessKeyId);
}

/** The role's last use, if recorded. */
export function getRoleUsage(ops: StoreOps, scope: Scope, roleName: string): Promise<RoleUsageRecord | undefined> {
  return ROLE_USAGE.get(ops, scope, nameKey(roleName));
}

/** Records a role's use. */
export function putRoleUsage(ops: StoreOps, scope: Scope, roleName: string, rec: RoleUsageRecord): Promise<void> {
  return ROLE_USAGE.put(ops, scope, nameKey(roleName), rec);
}

/** Forgets a deleted role's usage. */
export async function deleteRoleUsage(ops: StoreOps, scope: Scope, roleName: string): Promise<void> {
  await ROLE_USAGE.delete(ops, scope, nameKey(roleName));
}
