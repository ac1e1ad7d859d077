/**
 * Service-linked roles are protected: only the service that owns one may change it. AWS answers
 * UnmodifiableEntity to DeleteRole, UpdateAssumeRolePolicy, Put/DeleteRolePolicy,
 * Attach/DetachRolePolicy, Put/DeleteRolePermissionsBoundary, Add/RemoveRoleFromInstanceProfile and
 * UpdateRole changing anything but the description (the operations whose documented errors include
 * UnmodifiableEntity); descriptions may be edited ("You can edit the description of any role") and
 * tags changed (TagRole: "a regular role or a service-linked role").
 */
import { protectedRole } from '../errors.js';
import type { EntityRef } from '../store/attachment-store.js';
import { isServiceLinkedPath } from './role-catalog.js';

/** Throws UnmodifiableEntity when `entity` is a service-linked role. */
export function assertModifiable(entity: Pick<EntityRef, 'kind' | 'name' | 'path'>): void {
  if (entity.kind === 'role' && isServiceLinkedPath(entity.path)) throw protectedRole(entity.name);
}

/** Throws UnmodifiableEntity when the role is service-linked. */
export function assertModifiableRole(role: { readonly roleName: string; readonly path: string }): void {
  if (isServiceLinkedPath(role.path)) throw protectedRole(role.roleName);
}
