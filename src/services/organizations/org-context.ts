/**
 * The lookups every handler shares: the caller's organization (and whether it is the management
 * account), entities by id, the chain of parents of a target, attachments.
 */
import type { StoreOps } from '../../storage/types.js';
import type { HandlerContext } from '../../protocol/service-definition.js';
import type { PolicyType, TargetType } from './api.generated.js';
import { accessDenied, notInUse, policyNotFound } from './errors.js';
import { idKind, orgArns } from './ids.js';
import { AWS_MANAGED, managedArn } from './managed-policies.js';
import { GLOBAL, attachments, delegated, resourcePolicy, listIn, members, organizationOf, ous, policies, policyTargets, type Attachment, type MemberRecord, type OrgPolicyRecord, type OrgRecord, type OuRecord } from './store.js';
import { accountOf } from './deps.js';

/** The caller's organization (AWSOrganizationsNotInUseException when in none). */
export async function callerOrg(ops: StoreOps, ctx: HandlerContext): Promise<{ org: OrgRecord; member: MemberRecord }> {
  const o = await organizationOf(ops, accountOf(ctx));
  if (!o) throw notInUse();
  return o;
}

/** The caller's organization, when the caller is its management account (else AccessDeniedException). */
export async function managedOrg(ops: StoreOps, ctx: HandlerContext): Promise<OrgRecord> {
  const { org } = await callerOrg(ops, ctx);
  if (org.managementAccountId !== accountOf(ctx)) throw accessDenied();
  return org;
}

/**
 * The caller's organization for a read operation: the management account, or a member account that is a
 * delegated administrator for some service ("can be called only from the organization's management
 * account or by a member account that is a delegated administrator for an AWS service").
 */
export async function readableOrg(ops: StoreOps, ctx: HandlerContext): Promise<OrgRecord> {
  const { org } = await callerOrg(ops, ctx);
  const me = accountOf(ctx);
  if (org.managementAccountId === me) return org;
  if ((await delegated.list(ops, GLOBAL, { prefix: `${org.id}|${me}|`, limit: 1 })).length > 0) return org;
  throw accessDenied();
}

/**
 * Operations a resource-based delegation policy may open to member accounts ("Delegated administrator
 * for AWS Organizations": the read operations and policy management).
 */
export const DELEGABLE_OPERATIONS: ReadonlySet<string> = new Set([
  'DescribeOrganization', 'DescribeOrganizationalUnit', 'DescribeAccount', 'DescribePolicy', 'DescribeEffectivePolicy', 'DescribeCreateAccountStatus',
  'ListRoots', 'ListOrganizationalUnitsForParent', 'ListParents', 'ListChildren', 'ListAccounts', 'ListAccountsForParent', 'ListPolicies',
  'ListPoliciesForTarget', 'ListTargetsForPolicy', 'ListTagsForResource', 'ListCreateAccountStatus', 'ListAWSServiceAccessForOrganization',
  'ListDelegatedAdministrators', 'ListDelegatedServicesForAccount', 'ListHandshakesForOrganization',
  'CreatePolicy', 'UpdatePolicy', 'DeletePolicy', 'AttachPolicy', 'DetachPolicy', 'TagResource', 'UntagResource', 'EnablePolicyType', 'DisablePolicyType',
]);

/** The organization's resource-based delegation policy, if it has one. */
export const delegationPolicyOf = (ops: StoreOps, org: OrgRecord) => resourcePolicy.get(ops, GLOBAL, `${org.id}|policy`);

/**
 * The caller's organization for an operation a delegation policy may open: the management account's;
 * a member's when the organization has a delegation policy and the operation is delegable. A member
 * only gets here when authorization let it through: its request was decided against the delegation
 * policy as a cross-account request to the management account (authz.ts), which must allow it.
 */
export async function delegatedOrg(ops: StoreOps, ctx: HandlerContext, operation: string, fallback: (ops: StoreOps, ctx: HandlerContext) => Promise<OrgRecord>): Promise<OrgRecord> {
  const { org } = await callerOrg(ops, ctx);
  if (org.managementAccountId !== accountOf(ctx) && DELEGABLE_OPERATIONS.has(operation) && (await delegationPolicyOf(ops, org))) return org;
  return fallback(ops, ctx);
}

export const memberOf = (ops: StoreOps, org: OrgRecord, accountId: string) => members.get(ops, GLOBAL, `${org.id}|${accountId}`);
export const ouOf = (ops: StoreOps, org: OrgRecord, ouId: string) => ous.get(ops, GLOBAL, `${org.id}|${ouId}`);

/** A policy of the organization, AWS managed ones included (PolicyNotFoundException). */
export async function policyOf(ops: StoreOps, org: OrgRecord, policyId: string): Promise<OrgPolicyRecord> {
  const p = AWS_MANAGED.find((m) => m.id === policyId) ?? (await policies.get(ops, GLOBAL, `${org.id}|${policyId}`));
  if (!p) throw policyNotFound();
  return p;
}

export const isAwsManaged = (p: OrgPolicyRecord): boolean => AWS_MANAGED.some((m) => m.id === p.id);
export const policyArn = (org: OrgRecord, p: OrgPolicyRecord): string => (isAwsManaged(p) ? managedArn(p) : orgArns.policy(org.managementAccountId, org.id, p.type, p.id));

/** A root, OU or account of the organization, as a policy target. */
export interface Target {
  readonly id: string;
  readonly type: TargetType;
  readonly arn: string;
  readonly name: string;
}

/** The root, OU or account `id` names in `org`, or undefined. */
export async function targetOf(ops: StoreOps, org: OrgRecord, id: string): Promise<Target | undefined> {
  const m = org.managementAccountId;
  switch (idKind(id)) {
    case 'root':
      return id === org.rootId ? { id, type: 'ROOT', arn: orgArns.root(m, org.id, id), name: 'Root' } : undefined;
    case 'ou': {
      const ou = await ouOf(ops, org, id);
      return ou && { id, type: 'ORGANIZATIONAL_UNIT', arn: orgArns.ou(m, org.id, id), name: ou.name };
    }
    case 'account': {
      const a = await memberOf(ops, org, id);
      return a && { id, type: 'ACCOUNT', arn: orgArns.account(m, org.id, id), name: a.name };
    }
    default:
      return undefined;
  }
}

/** The OUs from the root down to `parentId` (empty for the root itself). */
export async function ouChain(ops: StoreOps, org: OrgRecord, parentId: string): Promise<OuRecord[]> {
  const chain: OuRecord[] = [];
  let id = parentId;
  // Nesting is at most 5 levels below the root; the bound also stops a corrupted cycle.
  for (let i = 0; i < 8 && id !== org.rootId; i++) {
    const ou = await ouOf(ops, org, id);
    if (!ou) break;
    chain.unshift(ou);
    id = ou.parentId;
  }
  return chain;
}

/** The policies of `type` attached to a target. */
export async function attachedTo(ops: StoreOps, org: OrgRecord, targetId: string, type?: PolicyType): Promise<Attachment[]> {
  const all = await listIn(ops, attachments, org.id, `${targetId}|`);
  return type ? all.filter((a) => a.type === type) : all;
}

export async function attach(ops: StoreOps, org: OrgRecord, a: Attachment): Promise<void> {
  await attachments.put(ops, GLOBAL, `${org.id}|${a.targetId}|${a.policyId}`, a);
  await policyTargets.put(ops, GLOBAL, `${org.id}|${a.policyId}|${a.targetId}`, a);
}

export async function detach(ops: StoreOps, org: OrgRecord, targetId: string, policyId: string): Promise<boolean> {
  const gone = await attachments.delete(ops, GLOBAL, `${org.id}|${targetId}|${policyId}`);
  await policyTargets.delete(ops, GLOBAL, `${org.id}|${policyId}|${targetId}`);
  return gone;
}

/** Removes every attachment of a target (an account leaving, an OU deleted). */
export async function detachAll(ops: StoreOps, org: OrgRecord, targetId: string): Promise<void> {
  for (const a of await attachedTo(ops, org, targetId)) await detach(ops, org, targetId, a.policyId);
}
