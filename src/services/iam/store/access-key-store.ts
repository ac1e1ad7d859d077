/**
 * Access keys live in the GLOBAL table `iam.access-keys` (authz/identity-tables.ts), which
 * authentication reads by key id; IAM keeps a per-account index of each user's keys
 * (`iam.user-access-keys`). Root keys are found by scanning the global table for the account.
 */
import { GLOBAL, TABLES, type AccessKeyRecord } from '../../../authz/identity-tables.js';
import type { Scope, StoreOps } from '../../../storage/types.js';
import { nameKey } from '../iam-arns.js';
import { Table } from './table.js';
import { IAM_TABLES, type Marker } from './tables.js';

/** The global access key table. */
export const ACCESS_KEYS = new Table<AccessKeyRecord>(TABLES.accessKeys);
/** `<user key>/<access key id>` */
export const USER_ACCESS_KEYS = new Table<Marker>(IAM_TABLES.userAccessKeys);

/** The access key record, or undefined. */
export function getAccessKey(ops: StoreOps, accessKeyId: string): Promise<AccessKeyRecord | undefined> {
  return ACCESS_KEYS.get(ops, GLOBAL, accessKeyId);
}

/** Writes a key record (and the user index for user keys). */
export async function putAccessKey(ops: StoreOps, scope: Scope, rec: AccessKeyRecord): Promise<void> {
  await ACCESS_KEYS.put(ops, GLOBAL, rec.accessKeyId, rec);
  if (rec.principalType === 'user' && rec.userName) await USER_ACCESS_KEYS.put(ops, scope, `${nameKey(rec.userName)}/${rec.accessKeyId}`, {});
}

/** Deletes a key record and its index entry. */
export async function deleteAccessKey(ops: StoreOps, scope: Scope, rec: AccessKeyRecord): Promise<void> {
  await ACCESS_KEYS.delete(ops, GLOBAL, rec.accessKeyId);
  if (rec.userName) await USER_ACCESS_KEYS.delete(ops, scope, `${nameKey(rec.userName)}/${rec.accessKeyId}`);
}

/** The keys of an IAM user, oldest first. */
export async function keysOfUser(ops: StoreOps, scope: Scope, userName: string): Promise<AccessKeyRecord[]> {
  const prefix = `${nameKey(userName)}/`;
  const out: AccessKeyRecord[] = [];
  for (const row of await USER_ACCESS_KEYS.list(ops, scope, { prefix })) {
    const rec = await getAccessKey(ops, row.key.slice(prefix.length));
    if (rec) out.push(rec);
  }
  return out.sort(byCreation);
}

/** Number of access keys of an IAM user. */
export function countKeysOfUser(ops: StoreOps, scope: Scope, userName: string): Promise<number> {
  return USER_ACCESS_KEYS.count(ops, scope, `${nameKey(userName)}/`);
}

/** The root user's keys of an account (including the one created at first start), oldest first. */
export async function rootKeys(ops: StoreOps, accountId: string): Promise<AccessKeyRecord[]> {
  const all = await ACCESS_KEYS.list(ops, GLOBAL);
  return all
    .map((r) => r.value)
    .filter((k) => k.accountId === accountId && k.principalType === 'root')
    .sort(byCreation);
}

function byCreation(a: AccessKeyRecord, b: AccessKeyRecord): number {
  return a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.accessKeyId < b.accessKeyId ? -1 : 1;
}
