/**
 * Managed-policy attachments and permissions-boundary usage, indexed both ways so that an entity's
 * policies and a policy's entities are each one prefix scan (AttachmentCount and
 * PermissionsBoundaryUsageCount are counted, never stored, so they cannot drift).
 */
import type { Scope, StoreOps } from '../../../storage/types.js';
import type { EntityKind } from '../errors.js';
import { nameKey } from '../iam-arns.js';
import { Table } from './table.js';
import { IAM_TABLES } from './tables.js';

/** An attached managed policy, as the entity side records it. */
export interface AttachedPolicyRef {
  readonly policyArn: string;
  readonly policyName: string;
}

/** An entity using a policy, as the policy side records it. */
export interface EntityRef {
  readonly kind: EntityKind;
  readonly name: string;
  readonly id: string;
  readonly path: string;
}

/** `<kind>/<entity key>/<policy arn>` */
export const ENTITY_POLICIES = new Table<AttachedPolicyRef>(IAM_TABLES.entityPolicies);
/** `<policy arn>|<kind>|<entity key>` */
export const POLICY_ENTITIES = new Table<EntityRef>(IAM_TABLES.policyEntities);
/** `<policy arn>|<kind>|<entity key>` for permissions boundaries. */
export const BOUNDARY_USAGE = new Table<EntityRef>(IAM_TABLES.boundaryUsage);

/** Key prefix of an entity's child records. */
export function entityPrefix(kind: EntityKind, name: string): string {
  return `${kind}/${nameKey(name)}/`;
}

function usageKey(policyArn: string, kind: EntityKind, name: string): string {
  return `${policyArn}|${kind}|${nameKey(name)}`;
}

/** Records an attachment (idempotent). */
export async function attach(ops: StoreOps, scope: Scope, entity: EntityRef, policy: AttachedPolicyRef): Promise<void> {
  await ENTITY_POLICIES.put(ops, scope, entityPrefix(entity.kind, entity.name) + policy.policyArn, policy);
  await POLICY_ENTITIES.put(ops, scope, usageKey(policy.policyArn, entity.kind, entity.name), entity);
}

/** Removes an attachment; false when it did not exist. */
export async function detach(ops: StoreOps, scope: Scope, kind: EntityKind, name: string, policyArn: string): Promise<boolean> {
  const existed = await ENTITY_POLICIES.delete(ops, scope, entityPrefix(kind, name) + policyArn);
  await POLICY_ENTITIES.delete(ops, scope, usageKey(policyArn, kind, name));
  return existed;
}

/** The managed policies attached to an entity, by ARN order. */
export async function attachedPolicies(ops: StoreOps, scope: Scope, kind: EntityKind, name: string): Promise<AttachedPolicyRef[]> {
  return (await ENTITY_POLICIES.list(ops, scope, { prefix: entityPrefix(kind, name) })).map((r) => r.value);
}

/** Number of managed policies attached to an entity. */
export function attachedCount(ops: StoreOps, scope: Scope, kind: EntityKind, name: string): Promise<number> {
  return ENTITY_POLICIES.count(ops, scope, entityPrefix(kind, name));
}

/** Whether the policy is attached to the entity. */
export async function isAttached(ops: StoreOps, scope: Scope, kind: EntityKind, name: string, policyArn: string): Promise<boolean> {
  return (await ENTITY_POLICIES.get(ops, scope, entityPrefix(kind, name) + policyArn)) !== undefined;
}

/** Entities the policy is attached to. */
export async function entitiesOfPolicy(ops: StoreOps, scope: Scope, policyArn: string): Promise<EntityRef[]> {
  return (await POLICY_ENTITIES.list(ops, scope, { prefix: `${policyArn}|` })).map((r) => r.value);
}

/** Entities using the policy as their permissions boundary. */
export async function boundaryUsers(ops: StoreOps, scope: Scope, policyArn: string): Promise<EntityRef[]> {
  return (await BOUNDARY_USAGE.list(ops, scope, { prefix: `${policyArn}|` })).map((r) => r.value);
}

/** AttachmentCount of a policy in this account. */
export function attachmentCount(ops: StoreOps, scope: Scope, policyArn: string): Promise<number> {
  return POLICY_ENTITIES.count(ops, scope, `${policyArn}|`);
}

/** PermissionsBoundaryUsageCount of a policy in this account. */
export function boundaryUsageCount(ops: StoreOps, scope: Scope, policyArn: string): Promise<number> {
  return BOUNDARY_USAGE.count(ops, scope, `${policyArn}|`);
}

/** Records that `entity` uses `policyArn` as its boundary. */
export function addBoundaryUsage(ops: StoreOps, scope: Scope, entity: EntityRef, policyArn: string): Promise<void> {
  return BOUNDARY_USAGE.put(ops, scope, usageKey(policyArn, entity.kind, entity.name), entity);
}

/** Forgets that the entity uses `policyArn` as its boundary. */
export async function removeBoundaryUsage(ops: StoreOps, scope: Scope, kind: EntityKind, name: string, policyArn: string): Promise<void> {
  await BOUNDARY_USAGE.delete(ops, scope, usageKey(policyArn, kind, name));
}

/** Usage counts of every policy in the account (two scans), for list operations. */
export interface UsageCounts {
  readonly attachments: ReadonlyMap<string, number>;
  readonly boundaries: ReadonlyMap<string, number>;
}

/** Counts attachments and boundary uses per policy ARN. */
export async function usageCounts(ops: StoreOps, scope: Scope): Promise<UsageCounts> {
  const tally = async (t: Table<EntityRef>): Promise<Map<string, number>> => {
    const m = new Map<string, number>();
    for (const r of await t.list(ops, scope)) {
      const arn = r.key.slice(0, r.key.indexOf('|'));
      m.set(arn, (m.get(arn) ?? 0) + 1);
    }
    return m;
  };
  return { attachments: await tally(POLICY_ENTITIES), boundaries: await tally(BOUNDARY_USAGE) };
}
