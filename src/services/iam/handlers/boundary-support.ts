/** Permissions-boundary bookkeeping shared by users and roles. */
import type { Scope, StoreOps } from '../../../storage/types.js';
import { boundaryNotFound } from '../errors.js';
import { policyArnOrThrow } from '../iam-arns.js';
import { addBoundaryUsage, removeBoundaryUsage, type EntityRef } from '../store/attachment-store.js';
import { findPolicy } from '../store/policy-store.js';

/** Throws unless `arn` is a managed policy this account can use as a boundary. */
export async function requireBoundaryPolicy(ops: StoreOps, scope: Scope, accountId: string, arn: string): Promise<void> {
  policyArnOrThrow(arn);
  if (!(await findPolicy(ops, scope, accountId, arn))) throw boundaryNotFound(arn);
}

/** Moves the entity's boundary usage from `oldArn` to `newArn` (either may be absent). */
export async function switchBoundary(ops: StoreOps, scope: Scope, ref: EntityRef, oldArn: string | undefined, newArn: string | undefined): Promise<void> {
  if (oldArn === newArn) return;
  if (oldArn) await removeBoundaryUsage(ops, scope, ref.kind, ref.name, oldArn);
  if (newArn) await addBoundaryUsage(ops, scope, ref, newArn);
}
