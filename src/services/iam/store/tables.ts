/**
 * IAM's storage layout. Account-scoped tables hold the account's entities; names that IAM compares
 * case-insensitively are keyed in lower case (`nameKey`). Child records are keyed
 * `<kind>/<entity key>/...` so that one prefix lists them.
 *
 *   iam.users               <user key>                          UserRecord
 *   iam.groups              <group key>                         GroupRecord
 *   iam.roles               <role key>                          RoleRecord
 *   iam.instance-profiles   <profile key>                       InstanceProfileRecord
 *   iam.policies            <policy name>                       ManagedPolicyRecord (with its versions)
 *   iam.inline-policies     <kind>/<entity key>/<policy name>   InlinePolicyRecord
 *   iam.entity-policies     <kind>/<entity key>/<policy arn>    AttachedPolicyRef   (attachments, by entity)
 *   iam.policy-entities     <policy arn>|<kind>|<entity key>    EntityRef           (attachments, by policy)
 *   iam.boundary-usage      <policy arn>|<kind>|<entity key>    EntityRef           (permissions boundaries)
 *   iam.user-groups         <user key>/<group key>              {}
 *   iam.group-members       <group key>/<user key>              {}
 *   iam.role-profiles       <role key>/<profile key>            {}
 *   iam.user-access-keys    <user key>/<access key id>          {}                  (index of iam.access-keys)
 *   iam.account             'alias'                             AccountAliasRecord
 *   iam.role-last-used      <role key>                          RoleUsageRecord (kept apart: no cache churn)
 *   iam.login-profiles      <user key>                          LoginProfileRecord (password as a scrypt hash)
 *   iam.mfa-devices         <lower-cased path + name>           MfaDeviceRecord (virtual MFA devices; seed sealed)
 *   iam.mfa-assignments     user:<user key>/<device> | root/<device>  {}        (enabled devices by owner)
 *   iam.password-policy     'policy'                            PasswordPolicyRecord (account password policy)
 *   iam.credential-report   'report'                            CredentialReportRecord (last generated report)
 *   iam.access-advisor-jobs <job id>                            AccessAdvisorJob (service last accessed reports)
 *   iam.service-usage       <principal arn>|<service>           ServiceUsageRecord (last authenticated per service)
 *   iam.oidc-providers      <url without https://>              OidcProviderRecord (OpenID Connect identity providers)
 *   iam.server-certificates <certificate key>                   ServerCertificateRecord (private key sealed)
 *   iam.signing-certificates user:<user key>/<id> | root/<id>   SigningCertificateRecord
 *   iam.signing-cert-digests <sha-256 of the DER>               { owner, certificateId } (DuplicateCertificate)
 *   iam.ssh-public-keys     <user key>/<key id>                 SshPublicKeyRecord
 *   iam.service-credentials <user key>/<credential id>          ServiceCredentialRecord (password as a hash)
 *   iam.slr-deletion-tasks  <deletion task id>                  DeletionTaskRecord (DeleteServiceLinkedRole)
 *   iam.saml-providers      <lower-cased name>                  SamlProviderRecord (authz/saml-provider-records.ts; private keys sealed)
 * Global tables:
 *   iam.access-keys         <access key id>                     AccessKeyRecord (authz/identity-tables.ts)
 *   iam.account-aliases     <alias>                             { accountId }   (aliases are unique across accounts)
 *   iam.access-key-usage    <access key id>                     AccessKeyUsageRecord (GetAccessKeyLastUsed)
 */
import type { Scope } from '../../../storage/types.js';

/** Every IAM table name. */
export const IAM_TABLES = {
  users: 'iam.users',
  groups: 'iam.groups',
  roles: 'iam.roles',
  instanceProfiles: 'iam.instance-profiles',
  policies: 'iam.policies',
  inlinePolicies: 'iam.inline-policies',
  entityPolicies: 'iam.entity-policies',
  policyEntities: 'iam.policy-entities',
  boundaryUsage: 'iam.boundary-usage',
  userGroups: 'iam.user-groups',
  groupMembers: 'iam.group-members',
  roleProfiles: 'iam.role-profiles',
  userAccessKeys: 'iam.user-access-keys',
  account: 'iam.account',
  accountAliases: 'iam.account-aliases',
  accessKeyUsage: 'iam.access-key-usage',
  roleLastUsed: 'iam.role-last-used',
  loginProfiles: 'iam.login-profiles',
  mfaDevices: 'iam.mfa-devices',
  mfaAssignments: 'iam.mfa-assignments',
  passwordPolicy: 'iam.password-policy',
  credentialReport: 'iam.credential-report',
  accessAdvisorJobs: 'iam.access-advisor-jobs',
  serviceUsage: 'iam.service-usage',
  oidcProviders: 'iam.oidc-providers',
  serverCertificates: 'iam.server-certificates',
  signingCertificates: 'iam.signing-certificates',
  signingCertDigests: 'iam.signing-cert-digests',
  sshPublicKeys: 'iam.ssh-public-keys',
  serviceCredentials: 'iam.service-credentials',
  slrDeletionTasks: 'iam.slr-deletion-tasks',
  samlProviders: 'iam.saml-providers',
} as const;

/** The scope of an account's IAM data. */
export function accountScope(accountId: string): Scope {
  return { kind: 'account', accountId };
}

/** The installation-wide scope (access keys, aliases). */
export const GLOBAL_SCOPE: Scope = { kind: 'global' };

/** An empty JSON object record (index entries). */
export type Marker = Record<string, never>;
