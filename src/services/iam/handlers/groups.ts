/** Groups and membership: Create/Get/List/Update/DeleteGroup, Add/RemoveUserToGroup, ListGroupsForUser. */
import { newIamId } from '../../../shared/ids.js';
import type { Scope, StoreOps } from '../../../storage/types.js';
import type { UserRecord } from '../store/user-store.js';
import { deleteConflict, entityExists, quotaExceeded } from '../errors.js';
import { iamArn, nameKey } from '../iam-arns.js';
import { pageFields, pageOfTable, paginate } from '../pagination.js';
import { attachedCount } from '../store/attachment-store.js';
import { replaceGroup } from '../store/entity-rename.js';
import { addMembership, groupKeysOfUser, groups, isMember, memberKeysOfGroup, removeMembership, type GroupRecord } from '../store/group-store.js';
import { countInline } from '../store/inline-policy-store.js';
import { users } from '../store/user-store.js';
import { groupView, userView } from '../views.js';
import { nowIso, scopeOf, type IamDeps, type OpHandlers } from '../deps.js';

/** Groups per account. */
export const GROUPS_QUOTA = 300;
/** Groups an IAM user can be a member of. */
export const GROUPS_PER_USER = 10;

type GroupOps =
  | 'CreateGroup'
  | 'GetGroup'
  | 'ListGroups'
  | 'UpdateGroup'
  | 'DeleteGroup'
  | 'AddUserToGroup'
  | 'RemoveUserFromGroup'
  | 'ListGroupsForUser';

/** Group operations. */
export function groupHandlers({ store }: IamDeps): OpHandlers<GroupOps> {
  return {
    async CreateGroup(input, ctx) {
      const scope = scopeOf(ctx);
      const path = input.Path ?? '/';
      const group = await store.transaction(async (tx) => {
        if (await groups.get(tx, scope, input.GroupName)) throw entityExists('group', input.GroupName);
        if ((await groups.count(tx, scope)) >= GROUPS_QUOTA) throw quotaExceeded('GroupsPerAccount', GROUPS_QUOTA);
        const rec: GroupRecord = {
          groupName: input.GroupName,
          groupId: newIamId('AGPA'),
          path,
          arn: iamArn(ctx.caller.principal.accountId, 'group', path, input.GroupName),
          createDate: nowIso(ctx),
        };
        await groups.put(tx, scope, rec);
        return rec;
      });
      return { Group: groupView(group) };
    },

    async GetGroup(input, ctx) {
      const scope = scopeOf(ctx);
      const group = await groups.require(store, scope, input.GroupName);
      // Members by UserId, as IAM lists them (recorded AWS responses; README): the marker is the last UserId.
      const members = (await recordsByKey(store, scope, await memberKeysOfGroup(store, scope, group.groupName))).sort((a, b) =>
        a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0,
      );
      const page = paginate(members, (u) => u.userId, input);
      return { Group: groupView(group), Users: page.items.map((u) => userView(u, false)), ...pageFields(page) };
    },

    async ListGroups(input, ctx) {
      const prefix = input.PathPrefix ?? '/';
      const page = await pageOfTable(groups.table, store, scopeOf(ctx), '', input, (g) => g.path.startsWith(prefix));
      return { Groups: page.items.map(groupView), ...pageFields(page) };
    },

    async UpdateGroup(input, ctx) {
      const scope = scopeOf(ctx);
      await store.transaction(async (tx) => {
        const before = await groups.require(tx, scope, input.GroupName);
        const groupName = input.NewGroupName ?? before.groupName;
        const path = input.NewPath ?? before.path;
        if (nameKey(groupName) !== nameKey(before.groupName) && (await groups.get(tx, scope, groupName))) throw entityExists('group', groupName);
        await replaceGroup(tx, scope, before, { ...before, groupName, path, arn: iamArn(ctx.caller.principal.accountId, 'group', path, groupName) });
      });
    },

    async DeleteGroup(input, ctx) {
      const scope = scopeOf(ctx);
      await store.transaction(async (tx) => {
        const g = await groups.require(tx, scope, input.GroupName);
        if ((await memberKeysOfGroup(tx, scope, g.groupName)).length > 0) throw deleteConflict('Cannot delete entity, must remove users from group first.');
        if ((await countInline(tx, scope, 'group', g.groupName)) > 0) throw deleteConflict('Cannot delete entity, must delete policies first.');
        if ((await attachedCount(tx, scope, 'group', g.groupName)) > 0) throw deleteConflict('Cannot delete entity, must detach all policies first.');
        await groups.delete(tx, scope, g.groupName);
      });
    },

    async AddUserToGroup(input, ctx) {
      const scope = scopeOf(ctx);
      await store.transaction(async (tx) => {
        const g = await groups.require(tx, scope, input.GroupName);
        const u = await users.require(tx, scope, input.UserName);
        if (await isMember(tx, scope, u.userName, g.groupName)) return;
        if ((await groupKeysOfUser(tx, scope, u.userName)).length >= GROUPS_PER_USER) throw quotaExceeded('GroupsPerUser', GROUPS_PER_USER);
        await addMembership(tx, scope, u.userName, g.groupName);
      });
    },

    async RemoveUserFromGroup(input, ctx) {
      const scope = scopeOf(ctx);
      await store.transaction(async (tx) => {
        const g = await groups.require(tx, scope, input.GroupName);
        const u = await users.require(tx, scope, input.UserName);
        // A user who is not a member: IAM answers success (no error), as for AddUserToGroup of a member (README).
        await removeMembership(tx, scope, u.userName, g.groupName);
      });
    },

    async ListGroupsForUser(input, ctx) {
      const scope = scopeOf(ctx);
      const u = await users.require(store, scope, input.UserName);
      const page = paginate(await groupKeysOfUser(store, scope, u.userName), (k) => k, input);
      const recs: GroupRecord[] = [];
      for (const key of page.items) {
        const g = await groups.get(store, scope, key);
        if (g) recs.push(g);
      }
      return { Groups: recs.map(groupView), ...pageFields(page) };
    },
  };
}

/** User records for user keys (skipping any that vanished). */
async function recordsByKey(ops: StoreOps, scope: Scope, keys: readonly string[]): Promise<UserRecord[]> {
  const out: UserRecord[] = [];
  for (const key of keys) {
    const u = await users.get(ops, scope, key);
    if (u) out.push(u);
  }
  return out;
}
