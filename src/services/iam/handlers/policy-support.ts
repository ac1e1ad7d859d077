/** Looking up managed policies for reads and writes, with AWS's errors for each case. */
import type { HandlerContext } from '../../../protocol/service-definition.js';
import type { Scope, StoreOps } from '../../../storage/types.js';
import { accessDenied, policyNotFound } from '../errors.js';
import { policyArnOrThrow } from '../iam-arns.js';
import { attachmentCount, boundaryUsageCount } from '../store/attachment-store.js';
import { findPolicy, isAwsManagedArn, type ManagedPolicyRecord } from '../store/policy-store.js';
import type { PolicyCounts } from '../views.js';

/** The policy at `arn` (customer or AWS managed), or NoSuchEntity "Policy ARN was not found.". */
export async function requirePolicy(ops: StoreOps, scope: Scope, ctx: HandlerContext, arn: string): Promise<ManagedPolicyRecord> {
  policyArnOrThrow(arn);
  const p = await findPolicy(ops, scope, ctx.caller.principal.accountId, arn);
  if (!p) throw policyNotFound(arn);
  return p;
}

/**
 * The customer managed policy at `arn`, for an operation that changes it. AWS managed policies
 * belong to AWS's account, so changing one is AccessDenied, whoever asks.
 */
export async function requireOwnPolicy(ops: StoreOps, scope: Scope, ctx: HandlerContext, arn: string, action: string): Promise<ManagedPolicyRecord> {
  policyArnOrThrow(arn);
  if (isAwsManagedArn(arn)) throw accessDenied(ctx.caller.principal.arn, action, `policy ${arn}`);
  return requirePolicy(ops, scope, ctx, arn);
}

/** The usage counts of one policy. */
export async function countsOf(ops: StoreOps, scope: Scope, arn: string): Promise<PolicyCounts> {
  return { attachments: await attachmentCount(ops, scope, arn), boundaries: await boundaryUsageCount(ops, scope, arn) };
}
