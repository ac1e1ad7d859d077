/**
 * Organizations' state, in global tables (an organization spans accounts). Keys:
 * - organizations.orgs            `<orgId>`                       OrgRecord
 * - organizations.membership      `<accountId>`                   { orgId }: the organization of an account
 * - organizations.members         `<orgId>|<accountId>`           MemberRecord
 * - organizations.ous             `<orgId>|<ouId>`                OuRecord
 * - organizations.policies        `<orgId>|<policyId>`            OrgPolicyRecord (the organization's own)
 * - organizations.attachments     `<orgId>|<targetId>|<policyId>` Attachment
 * - organizations.policy-targets  `<orgId>|<policyId>|<targetId>` Attachment (the same, by policy)
 * - organizations.create-status   `<orgId>|<requestId>`           CreateStatusRecord
 * - organizations.emails          `<email, lower case>`           { accountId }: emails are unique across accounts
 * - organizations.account-emails  `<accountId>`                   { email }: the email of an account made by CreateAccount
 * - organizations.tags            `<orgId>|<resourceId>`          { tags }
 * - organizations.service-access  `<orgId>|<servicePrincipal>`    { servicePrincipal, enabledAt }
 * - organizations.delegated       `<orgId>|<accountId>|<service>` { accountId, servicePrincipal, enabledAt }
 * - organizations.resource-policy `<orgId>|policy`                { id, content }: the resource-based delegation policy
 */
import { GLOBAL } from '../../authz/identity-tables.js';
import { Table } from '../../storage/table.js';
import type { StoreOps } from '../../storage/types.js';
import type { AccountJoinedMethod, AccountStatus, CreateAccountFailureReason, CreateAccountState, OrganizationFeatureSet, PolicyType, Tag } from './api.generated.js';

export const ORG_TABLES = {
  orgs: 'organizations.orgs',
  membership: 'organizations.membership',
  members: 'organizations.members',
  ous: 'organizations.ous',
  policies: 'organizations.policies',
  attachments: 'organizations.attachments',
  policyTargets: 'organizations.policy-targets',
  createStatus: 'organizations.create-status',
  emails: 'organizations.emails',
  accountEmails: 'organizations.account-emails',
  tags: 'organizations.tags',
  serviceAccess: 'organizations.service-access',
  delegated: 'organizations.delegated',
  resourcePolicy: 'organizations.resource-policy',
} as const;

export interface OrgRecord {
  readonly id: string;
  readonly featureSet: OrganizationFeatureSet;
  readonly managementAccountId: string;
  readonly managementEmail: string;
  readonly rootId: string;
  /** Policy types enabled on the root. */
  readonly enabledTypes: readonly PolicyType[];
  readonly createdAt: string;
}

export interface MemberRecord {
  readonly accountId: string;
  readonly name: string;
  readonly email: string;
  readonly status: AccountStatus;
  readonly joinedMethod: AccountJoinedMethod;
  readonly joinedAt: string;
  /** The root or OU the account is in. */
  readonly parentId: string;
}

export interface OuRecord {
  readonly id: string;
  readonly name: string;
  readonly parentId: string;
}

export interface OrgPolicyRecord {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly type: PolicyType;
  readonly content: string;
}

export interface Attachment {
  readonly policyId: string;
  readonly targetId: string;
  readonly type: PolicyType;
}

export interface CreateStatusRecord {
  readonly id: string;
  readonly accountName: string;
  readonly state: CreateAccountState;
  readonly requestedAt: string;
  readonly completedAt?: string;
  readonly accountId?: string;
  readonly failureReason?: CreateAccountFailureReason;
}

export const orgs = new Table<OrgRecord>(ORG_TABLES.orgs);
export const membership = new Table<{ orgId: string }>(ORG_TABLES.membership);
export const members = new Table<MemberRecord>(ORG_TABLES.members);
export const ous = new Table<OuRecord>(ORG_TABLES.ous);
export const policies = new Table<OrgPolicyRecord>(ORG_TABLES.policies);
export const attachments = new Table<Attachment>(ORG_TABLES.attachments);
export const policyTargets = new Table<Attachment>(ORG_TABLES.policyTargets);
export const createStatus = new Table<CreateStatusRecord>(ORG_TABLES.createStatus);
export const emails = new Table<{ accountId: string }>(ORG_TABLES.emails);
export const accountEmails = new Table<{ email: string }>(ORG_TABLES.accountEmails);
export const tags = new Table<{ tags: Tag[] }>(ORG_TABLES.tags);
export const serviceAccess = new Table<{ servicePrincipal: string; enabledAt: string }>(ORG_TABLES.serviceAccess);
export const resourcePolicy = new Table<{ id: string; content: string }>(ORG_TABLES.resourcePolicy);
export const delegated = new Table<{ accountId: string; servicePrincipal: string; enabledAt: string }>(ORG_TABLES.delegated);

/** The organization `accountId` belongs to, with its membership; undefined when in none. */
export async function organizationOf(ops: StoreOps, accountId: string): Promise<{ org: OrgRecord; member: MemberRecord } | undefined> {
  const m = await membership.get(ops, GLOBAL, accountId);
  if (!m) return undefined;
  const org = await orgs.get(ops, GLOBAL, m.orgId);
  const member = org && (await members.get(ops, GLOBAL, `${org.id}|${accountId}`));
  return org && member ? { org, member } : undefined;
}

/** Every record of one organization-keyed table whose key starts with `<orgId>|<prefix>`. */
export async function listIn<T>(ops: StoreOps, table: Table<T>, orgId: string, prefix = ''): Promise<T[]> {
  return (await table.list(ops, GLOBAL, { prefix: `${orgId}|${prefix}` })).map((r) => r.value);
}

export { GLOBAL };
