/** Inline policies of users, groups and roles (`iam.inline-policies`, `<kind>/<entity key>/<policy name>`). */
import type { Scope, StoreOps } from '../../../storage/types.js';
import type { EntityKind } from '../errors.js';
import { entityPrefix } from './attachment-store.js';
import { Table } from './table.js';
import { IAM_TABLES } from './tables.js';

/** One inline policy. */
export interface InlinePolicyRecord {
  readonly policyName: string;
  /** Exactly as the caller sent it. */
  readonly document: string;
}

/** All inline policies. */
export const INLINE_POLICIES = new Table<InlinePolicyRecord>(IAM_TABLES.inlinePolicies);

/** The inline policy, or undefined. */
export function getInline(ops: StoreOps, scope: Scope, kind: EntityKind, entity: string, policyName: string): Promise<InlinePolicyRecord | undefined> {
  return INLINE_POLICIES.get(ops, scope, entityPrefix(kind, entity) + policyName);
}

/** Creates or replaces an inline policy. */
export function putInline(ops: StoreOps, scope: Scope, kind: EntityKind, entity: string, rec: InlinePolicyRecord): Promise<void> {
  return INLINE_POLICIES.put(ops, scope, entityPrefix(kind, entity) + rec.policyName, rec);
}

/** Deletes an inline policy; false when it did not exist. */
export function deleteInline(ops: StoreOps, scope: Scope, kind: EntityKind, entity: string, policyName: string): Promise<boolean> {
  return INLINE_POLICIES.delete(ops, scope, entityPrefix(kind, entity) + policyName);
}

/** The entity's inline policies, by name. */
export async function listInline(ops: StoreOps, scope: Scope, kind: EntityKind, entity: string): Promise<InlinePolicyRecord[]> {
  return (await INLINE_POLICIES.list(ops, scope, { prefix: entityPrefix(kind, entity) })).map((r) => r.value);
}

/** Number of inline policies of the entity. */
export function countInline(ops: StoreOps, scope: Scope, kind: EntityKind, entity: string): Promise<number> {
  return INLINE_POLICIES.count(ops, scope, entityPrefix(kind, entity));
}
