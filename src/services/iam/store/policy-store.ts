/**
 * Managed policies: customer managed ones in `iam.policies` (keyed by name; all versions inside the
 * record, at most five), AWS managed ones from `aws-managed-policies.ts` (read-only, every account).
 */
import type { Scope, StoreOps } from '../../../storage/types.js';
import { AWS_MANAGED_POLICIES } from '../aws-managed-policies.js';
import { AWS_POLICY_ACCOUNT, parsePolicyArn } from '../iam-arns.js';
import type { ManagedPolicyRecord } from './policy-records.js';
import { Table } from './table.js';
import { IAM_TABLES } from './tables.js';

export type { ManagedPolicyRecord, PolicyVersionRecord } from './policy-records.js';

/** Customer managed policies of an account. */
export const POLICIES = new Table<ManagedPolicyRecord>(IAM_TABLES.policies);

/** True for `arn:aws:iam::aws:policy/...`. */
export function isAwsManagedArn(arn: string): boolean {
  return arn.startsWith(`arn:aws:iam::${AWS_POLICY_ACCOUNT}:policy/`);
}

/**
 * The managed policy at `arn` as seen from `accountId`: an AWS managed policy, or one of the
 * account's own (exact ARN match, path included); undefined otherwise.
 */
export async function findPolicy(ops: StoreOps, scope: Scope, accountId: string, arn: string): Promise<ManagedPolicyRecord | undefined> {
  const parts = parsePolicyArn(arn);
  if (!parts) return undefined;
  if (parts.accountId === AWS_POLICY_ACCOUNT) return AWS_MANAGED_POLICIES.get(arn);
  if (parts.accountId !== accountId) return undefined;
  const rec = await POLICIES.get(ops, scope, parts.name);
  return rec && rec.arn === arn ? rec : undefined;
}

/** The default version's document. */
export function defaultDocument(p: ManagedPolicyRecord): string {
  return p.versions.find((v) => v.versionId === p.defaultVersionId)?.document ?? '';
}
