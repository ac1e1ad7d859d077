/** Records -> API shapes. */
import type { Account, CreateAccountStatus, Organization, OrganizationalUnit, PolicySummary, Root } from './api.generated.js';
import { orgArns } from './ids.js';
import { isAwsManaged, policyArn } from './org-context.js';
import type { CreateStatusRecord, MemberRecord, OrgPolicyRecord, OrgRecord, OuRecord } from './store.js';

export function organizationView(org: OrgRecord): Organization {
  const m = org.managementAccountId;
  return {
    Id: org.id,
    Arn: orgArns.organization(m, org.id),
    FeatureSet: org.featureSet,
    MasterAccountArn: orgArns.account(m, org.id, m),
    MasterAccountId: m,
    MasterAccountEmail: org.managementEmail,
    // Deprecated member AWS still fills: SCPs are available in an organization with all features.
    AvailablePolicyTypes: org.featureSet === 'ALL' ? [{ Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' }] : [],
  };
}

export function rootView(org: OrgRecord): Root {
  return {
    Id: org.rootId,
    Arn: orgArns.root(org.managementAccountId, org.id, org.rootId),
    Name: 'Root',
    PolicyTypes: org.enabledTypes.map((Type) => ({ Type, Status: 'ENABLED' as const })),
  };
}

export function accountView(org: OrgRecord, a: MemberRecord): Account {
  return {
    Id: a.accountId,
    Arn: orgArns.account(org.managementAccountId, org.id, a.accountId),
    Email: a.email,
    Name: a.name,
    Status: a.status,
    State: a.status === 'ACTIVE' ? 'ACTIVE' : a.status,
    JoinedMethod: a.joinedMethod,
    JoinedTimestamp: new Date(a.joinedAt),
  };
}

export function ouView(org: OrgRecord, ou: OuRecord): OrganizationalUnit {
  return { Id: ou.id, Arn: orgArns.ou(org.managementAccountId, org.id, ou.id), Name: ou.name };
}

export function policySummary(org: OrgRecord, p: OrgPolicyRecord): PolicySummary {
  return { Id: p.id, Arn: policyArn(org, p), Name: p.name, Description: p.description, Type: p.type, AwsManaged: isAwsManaged(p) };
}

export function createStatusView(s: CreateStatusRecord): CreateAccountStatus {
  return {
    Id: s.id,
    AccountName: s.accountName,
    State: s.state,
    RequestedTimestamp: new Date(s.requestedAt),
    ...(s.completedAt ? { CompletedTimestamp: new Date(s.completedAt) } : {}),
    ...(s.accountId ? { AccountId: s.accountId } : {}),
    ...(s.failureReason ? { FailureReason: s.failureReason } : {}),
  };
}
