/** Looking up a user, group or role by kind, for operations that exist in three flavours. */
import type { Scope, StoreOps } from '../../../storage/types.js';
import type { EntityKind } from '../errors.js';
import type { EntityRef } from '../store/attachment-store.js';
import { groupRef, roleRef, userRef } from '../store/entity-rename.js';
import { groups } from '../store/group-store.js';
import { roles } from '../store/role-store.js';
import { users } from '../store/user-store.js';

/** The entity as policies see it, or the kind's NoSuchEntity error. */
export async function requireEntity(ops: StoreOps, scope: Scope, kind: EntityKind, name: string): Promise<EntityRef> {
  switch (kind) {
    case 'user':
      return userRef(await users.require(ops, scope, name));
    case 'group':
      return groupRef(await groups.require(ops, scope, name));
    case 'role':
      return roleRef(await roles.require(ops, scope, name));
  }
}

/** AWS's quota names for managed policies attached to one entity. */
export const ATTACHED_QUOTA_NAME: Readonly<Record<EntityKind, string>> = {
  user: 'PoliciesPerUser',
  group: 'PoliciesPerGroup',
  role: 'PoliciesPerRole',
};
