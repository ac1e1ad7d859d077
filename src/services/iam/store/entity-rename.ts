/**
 * Renaming or re-pathing a user or group (UpdateUser / UpdateGroup) moves every record keyed by
 * its name and rewrites every record that names it, in the caller's transaction.
 */
import type { Scope, SecretSealer, StoreOps } from '../../../storage/types.js';
import { nameKey } from '../iam-arns.js';
import { ACCESS_KEYS, USER_ACCESS_KEYS } from './access-key-store.js';
import { BOUNDARY_USAGE, ENTITY_POLICIES, POLICY_ENTITIES, entityPrefix, type EntityRef } from './attachment-store.js';
import { GROUP_MEMBERS, USER_GROUPS, groups, type GroupRecord } from './group-store.js';
import { INLINE_POLICIES } from './inline-policy-store.js';
import { hashesAt, LOGIN_PROFILES, rekeyProfile } from './login-profile-store.js';
import { renameMfaOwner } from './mfa-store.js';
import type { RoleRecord } from './role-store.js';
import type { Table } from './table.js';
import { GLOBAL_SCOPE } from './tables.js';
import { renameUserCredentials } from './user-credential-store.js';
import { users, type UserRecord } from './user-store.js';

/** The policy-side reference to a user. */
export function userRef(u: UserRecord): EntityRef {
  return { kind: 'user', name: u.userName, id: u.userId, path: u.path };
}

/** The policy-side reference to a group. */
export function groupRef(g: GroupRecord): EntityRef {
  return { kind: 'group', name: g.groupName, id: g.groupId, path: g.path };
}

/** The policy-side reference to a role. */
export function roleRef(r: RoleRecord): EntityRef {
  return { kind: 'role', name: r.roleName, id: r.roleId, path: r.path };
}

/** Moves the rows under oldPrefix to newPrefix (same suffix), returning the suffixes moved. */
async function moveRows<T>(table: Table<T>, ops: StoreOps, scope: Scope, oldPrefix: string, newPrefix: string): Promise<string[]> {
  const rows = await table.list(ops, scope, { prefix: oldPrefix });
  for (const r of rows) await table.delete(ops, scope, r.key);
  for (const r of rows) await table.put(ops, scope, newPrefix + r.key.slice(oldPrefix.length), r.value);
  return rows.map((r) => r.key.slice(oldPrefix.length));
}

/** Re-keys attachments, boundary usage and inline policies of an entity whose name or path changed. */
async function moveEntityChildren(ops: StoreOps, scope: Scope, before: EntityRef, after: EntityRef, boundary?: string): Promise<void> {
  const oldPrefix = entityPrefix(before.kind, before.name);
  const newPrefix = entityPrefix(after.kind, after.name);
  await moveRows(INLINE_POLICIES, ops, scope, oldPrefix, newPrefix);
  for (const arn of await moveRows(ENTITY_POLICIES, ops, scope, oldPrefix, newPrefix)) {
    await POLICY_ENTITIES.delete(ops, scope, `${arn}|${before.kind}|${nameKey(before.name)}`);
    await POLICY_ENTITIES.put(ops, scope, `${arn}|${after.kind}|${nameKey(after.name)}`, after);
  }
  if (boundary) {
    await BOUNDARY_USAGE.delete(ops, scope, `${boundary}|${before.kind}|${nameKey(before.name)}`);
    await BOUNDARY_USAGE.put(ops, scope, `${boundary}|${after.kind}|${nameKey(after.name)}`, after);
  }
}

/**
 * Replaces user `before` by `after` (new name and/or path): memberships, keys, policies, MFA devices,
 * signing certificates, SSH keys and service-specific credentials follow. The
 * login profile moves to the new name's key, its sealed password hashes sealed again for it.
 */
export async function replaceUser(ops: StoreOps, sealer: SecretSealer, scope: Scope, before: UserRecord, after: UserRecord): Promise<void> {
  const oldKey = nameKey(before.userName);
  const newKey = nameKey(after.userName);
  await users.delete(ops, scope, before.userName);
  await users.put(ops, scope, after);
  await moveEntityChildren(ops, scope, userRef(before), userRef(after), before.permissionsBoundary);
  const profile = await LOGIN_PROFILES.get(ops, scope, oldKey);
  if (profile) {
    await LOGIN_PROFILES.delete(ops, scope, oldKey);
    const moved = oldKey === newKey ? profile : rekeyProfile(sealer, profile, hashesAt(scope, before.userName), hashesAt(scope, after.userName));
    await LOGIN_PROFILES.put(ops, scope, newKey, { ...moved, userName: after.userName });
  }
  for (const g of await moveRows(USER_GROUPS, ops, scope, `${oldKey}/`, `${newKey}/`)) {
    await GROUP_MEMBERS.delete(ops, scope, `${g}/${oldKey}`);
    await GROUP_MEMBERS.put(ops, scope, `${g}/${newKey}`, {});
  }
  for (const id of await moveRows(USER_ACCESS_KEYS, ops, scope, `${oldKey}/`, `${newKey}/`)) {
    const rec = await ACCESS_KEYS.get(ops, GLOBAL_SCOPE, id);
    if (rec) await ACCESS_KEYS.put(ops, GLOBAL_SCOPE, id, { ...rec, userName: after.userName, arn: after.arn });
  }
  if (oldKey !== newKey || before.userName !== after.userName) {
    await renameMfaOwner(ops, scope, before.userName, after.userName);
    await renameUserCredentials(ops, scope, before.userName, after.userName);
  }
}

/** Replaces group `before` by `after` (new name and/or path): memberships and policies follow. */
export async function replaceGroup(ops: StoreOps, scope: Scope, before: GroupRecord, after: GroupRecord): Promise<void> {
  const oldKey = nameKey(before.groupName);
  const newKey = nameKey(after.groupName);
  await groups.delete(ops, scope, before.groupName);
  await groups.put(ops, scope, after);
  await moveEntityChildren(ops, scope, groupRef(before), groupRef(after));
  for (const u of await moveRows(GROUP_MEMBERS, ops, scope, `${oldKey}/`, `${newKey}/`)) {
    await USER_GROUPS.delete(ops, scope, `${u}/${oldKey}`);
    await USER_GROUPS.put(ops, scope, `${u}/${newKey}`, {});
  }
}
