/** IAM groups (`iam.groups`) and memberships (`iam.user-groups` + `iam.group-members`, written together). */
import type { Scope, StoreOps } from '../../../storage/types.js';
import { noSuchEntity } from '../errors.js';
import { nameKey } from '../iam-arns.js';
import { namedStore } from './named-store.js';
import { Table } from './table.js';
import { IAM_TABLES, type Marker } from './tables.js';

/** A stored IAM group. */
export interface GroupRecord {
  readonly groupName: string;
  /** `AGPA...` */
  readonly groupId: string;
  readonly path: string;
  readonly arn: string;
  readonly createDate: string;
}

/** The groups of an account. */
export const groups = namedStore<GroupRecord>(IAM_TABLES.groups, (g) => g.groupName, (n) => noSuchEntity('group', n));

/** Membership index by user: `<user key>/<group key>`. */
export const USER_GROUPS = new Table<Marker>(IAM_TABLES.userGroups);
/** Membership index by group: `<group key>/<user key>`. */
export const GROUP_MEMBERS = new Table<Marker>(IAM_TABLES.groupMembers);

/** Adds a membership (both indexes). */
export async function addMembership(ops: StoreOps, scope: Scope, userName: string, groupName: string): Promise<void> {
  await USER_GROUPS.put(ops, scope, `${nameKey(userName)}/${nameKey(groupName)}`, {});
  await GROUP_MEMBERS.put(ops, scope, `${nameKey(groupName)}/${nameKey(userName)}`, {});
}

/** Removes a membership; true when it existed. */
export async function removeMembership(ops: StoreOps, scope: Scope, userName: string, groupName: string): Promise<boolean> {
  const a = await USER_GROUPS.delete(ops, scope, `${nameKey(userName)}/${nameKey(groupName)}`);
  const b = await GROUP_MEMBERS.delete(ops, scope, `${nameKey(groupName)}/${nameKey(userName)}`);
  return a || b;
}

/** Whether the user is a member of the group. */
export async function isMember(ops: StoreOps, scope: Scope, userName: string, groupName: string): Promise<boolean> {
  return (await USER_GROUPS.get(ops, scope, `${nameKey(userName)}/${nameKey(groupName)}`)) !== undefined;
}

/** Keys of the groups a user belongs to. */
export async function groupKeysOfUser(ops: StoreOps, scope: Scope, userName: string): Promise<string[]> {
  const prefix = `${nameKey(userName)}/`;
  return (await USER_GROUPS.list(ops, scope, { prefix })).map((r) => r.key.slice(prefix.length));
}

/** Keys of the users in a group. */
export async function memberKeysOfGroup(ops: StoreOps, scope: Scope, groupName: string): Promise<string[]> {
  const prefix = `${nameKey(groupName)}/`;
  return (await GROUP_MEMBERS.list(ops, scope, { prefix })).map((r) => r.key.slice(prefix.length));
}
