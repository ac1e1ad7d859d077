/**
 * IAM's authorization rules, one per operation of the model (a missing operation is a compile
 * error): the resources each acts on, as the Service Authorization Reference lists them (the user,
 * group, role, instance profile, policy or MFA device the request names; an account-level `*` for the
 * rest), resolved from the members that name them, plus the extra checks AWS makes
 * (`iam:PassRole` for AddRoleToInstanceProfile) and the path a List operation acts on.
 */
import type { OperationAuthz, ServiceAuthorization } from '../../../authz/service-rules.js';
import type { SessionContext } from '../../../authz/session-store.js';
import { AwsError } from '../../../shared/aws-error.js';
import type { Store } from '../../../storage/types.js';
import type { OperationName } from '../api.generated.js';
import { IAM_TABLES } from '../store/tables.js';
import { IamTargets } from './targets.js';

/** The tables resolution reads (cached plans are dropped when they change). */
const RESOLUTION_TABLES = [IAM_TABLES.users, IAM_TABLES.groups, IAM_TABLES.roles, IAM_TABLES.instanceProfiles, IAM_TABLES.policies, IAM_TABLES.mfaDevices, IAM_TABLES.oidcProviders, IAM_TABLES.serverCertificates, IAM_TABLES.serviceCredentials, IAM_TABLES.samlProviders];

/** IAM's List operations act on a path ("... on resource: arn:aws:iam::ACCT:user/"). */
const onPath = (type: string): OperationAuthz => ({ resource: `arn:\${Partition}:iam::\${Account}:${type}\${PathPrefix}` });
/** Account-level operations (no resource-level permissions: `*`). */
const ACCOUNT: OperationAuthz = { resolve: async () => [] };

/** The rules of every IAM operation. */
export function iamOperationRules(t: IamTargets): Record<OperationName, OperationAuthz> {
  const user = { resolve: t.name('user', 'UserName') };
  const self = { resolve: t.name('user', 'UserName', { callerDefault: true }) };
  const group = { resolve: t.name('group', 'GroupName') };
  const role = { resolve: t.name('role', 'RoleName') };
  const profile = { resolve: t.name('instance-profile', 'InstanceProfileName') };
  const policy = { resolve: t.arn('PolicyArn') };
  const mfa = { resolve: t.name('mfa', 'SerialNumber') };
  const byArn = (member: string) => ({ resolve: t.arn(member) });
  const oidc = byArn('OpenIDConnectProviderArn');
  const saml = byArn('SAMLProviderArn');
  const cert = { resolve: t.name('server-certificate', 'ServerCertificateName') };
  const credential = { resolve: t.serviceCredential() };
  return {
    // Users and what belongs to them.
    CreateUser: { resolve: t.create('user', 'UserName') },
    GetUser: self,
    UpdateUser: { resolve: t.rename('user', 'UserName', 'NewUserName') },
    DeleteUser: user,
    ListUsers: onPath('user'),
    TagUser: user,
    UntagUser: user,
    ListUserTags: user,
    CreateAccessKey: self,
    ListAccessKeys: self,
    UpdateAccessKey: self,
    DeleteAccessKey: self,
    GetAccessKeyLastUsed: { resolve: t.keyOwner() },
    CreateLoginProfile: self,
    GetLoginProfile: self,
    UpdateLoginProfile: self,
    DeleteLoginProfile: self,
    ChangePassword: { resolve: t.caller() },
    AttachUserPolicy: user,
    DetachUserPolicy: user,
    ListAttachedUserPolicies: user,
    PutUserPolicy: user,
    GetUserPolicy: user,
    DeleteUserPolicy: user,
    ListUserPolicies: user,
    PutUserPermissionsBoundary: user,
    DeleteUserPermissionsBoundary: user,
    ListGroupsForUser: user,
    EnableMFADevice: self,
    DeactivateMFADevice: self,
    ResyncMFADevice: self,
    GetMFADevice: self,
    ListMFADevices: self,
    UploadSSHPublicKey: self,
    GetSSHPublicKey: user,
    UpdateSSHPublicKey: self,
    DeleteSSHPublicKey: self,
    ListSSHPublicKeys: self,
    UploadSigningCertificate: self,
    UpdateSigningCertificate: self,
    DeleteSigningCertificate: self,
    ListSigningCertificates: self,
    CreateServiceSpecificCredential: credential,
    ListServiceSpecificCredentials: credential,
    UpdateServiceSpecificCredential: credential,
    ResetServiceSpecificCredential: credential,
    DeleteServiceSpecificCredential: credential,
    // Groups.
    CreateGroup: { resolve: t.create('group', 'GroupName') },
    GetGroup: group,
    UpdateGroup: { resolve: t.rename('group', 'GroupName', 'NewGroupName') },
    DeleteGroup: group,
    ListGroups: onPath('group'),
    AddUserToGroup: group,
    RemoveUserFromGroup: group,
    AttachGroupPolicy: group,
    DetachGroupPolicy: group,
    ListAttachedGroupPolicies: group,
    PutGroupPolicy: group,
    GetGroupPolicy: group,
    DeleteGroupPolicy: group,
    ListGroupPolicies: group,
    // Roles.
    CreateRole: { resolve: t.create('role', 'RoleName') },
    GetRole: role,
    UpdateRole: role,
    UpdateRoleDescription: role,
    UpdateAssumeRolePolicy: role,
    DeleteRole: role,
    ListRoles: onPath('role'),
    TagRole: role,
    UntagRole: role,
    ListRoleTags: role,
    AttachRolePolicy: role,
    DetachRolePolicy: role,
    ListAttachedRolePolicies: role,
    PutRolePolicy: role,
    GetRolePolicy: role,
    DeleteRolePolicy: role,
    ListRolePolicies: role,
    PutRolePermissionsBoundary: role,
    DeleteRolePermissionsBoundary: role,
    ListInstanceProfilesForRole: role,
    // The role that will be created (its path names the service; iam:AWSServiceName from the input).
    CreateServiceLinkedRole: { resolve: t.linkedRoleToCreate() },
    DeleteServiceLinkedRole: role,
    GetServiceLinkedRoleDeletionStatus: { resolve: t.deletionTaskRole() },
    // Instance profiles: adding a role passes it to EC2 ("you must have iam:PassRole on the role").
    CreateInstanceProfile: { resolve: t.create('instance-profile', 'InstanceProfileName') },
    GetInstanceProfile: profile,
    DeleteInstanceProfile: profile,
    ListInstanceProfiles: onPath('instance-profile'),
    AddRoleToInstanceProfile: { ...profile, extraChecks: t.passRole('RoleName', 'ec2.amazonaws.com') },
    RemoveRoleFromInstanceProfile: profile,
    TagInstanceProfile: profile,
    UntagInstanceProfile: profile,
    ListInstanceProfileTags: profile,
    // Managed policies (named by ARN).
    CreatePolicy: { resolve: t.create('policy', 'PolicyName') },
    GetPolicy: policy,
    DeletePolicy: policy,
    CreatePolicyVersion: policy,
    GetPolicyVersion: policy,
    DeletePolicyVersion: policy,
    ListPolicyVersions: policy,
    SetDefaultPolicyVersion: policy,
    ListEntitiesForPolicy: policy,
    TagPolicy: policy,
    UntagPolicy: policy,
    ListPolicyTags: policy,
    // AWS: "... is not authorized to perform: iam:ListPolicies on resource: policy path /".
    ListPolicies: { resource: 'policy path ${PathPrefix}' },
    // Virtual MFA devices.
    CreateVirtualMFADevice: { resolve: t.create('mfa', 'VirtualMFADeviceName') },
    DeleteVirtualMFADevice: mfa,
    TagMFADevice: mfa,
    UntagMFADevice: mfa,
    ListMFADeviceTags: mfa,
    ListVirtualMFADevices: ACCOUNT,
    // Identity providers and server certificates.
    CreateOpenIDConnectProvider: ACCOUNT,
    GetOpenIDConnectProvider: oidc,
    DeleteOpenIDConnectProvider: oidc,
    AddClientIDToOpenIDConnectProvider: oidc,
    RemoveClientIDFromOpenIDConnectProvider: oidc,
    UpdateOpenIDConnectProviderThumbprint: oidc,
    TagOpenIDConnectProvider: oidc,
    UntagOpenIDConnectProvider: oidc,
    ListOpenIDConnectProviderTags: oidc,
    ListOpenIDConnectProviders: ACCOUNT,
    CreateSAMLProvider: { resolve: t.create('saml-provider', 'Name') },
    GetSAMLProvider: saml,
    UpdateSAMLProvider: saml,
    DeleteSAMLProvider: saml,
    TagSAMLProvider: saml,
    UntagSAMLProvider: saml,
    ListSAMLProviderTags: saml,
    ListSAMLProviders: ACCOUNT,
    UploadServerCertificate: { resolve: t.create('server-certificate', 'ServerCertificateName') },
    GetServerCertificate: cert,
    UpdateServerCertificate: { resolve: t.rename('server-certificate', 'ServerCertificateName', 'NewServerCertificateName') },
    DeleteServerCertificate: cert,
    TagServerCertificate: cert,
    UntagServerCertificate: cert,
    ListServerCertificateTags: cert,
    ListServerCertificates: onPath('server-certificate'),
    // Simulation, reports and access advisor act on the entity their ARN names.
    SimulatePrincipalPolicy: byArn('PolicySourceArn'),
    GetContextKeysForPrincipalPolicy: byArn('PolicySourceArn'),
    GenerateServiceLastAccessedDetails: byArn('Arn'),
    ListPoliciesGrantingServiceAccess: byArn('Arn'),
    SimulateCustomPolicy: ACCOUNT,
    GetContextKeysForCustomPolicy: ACCOUNT,
    GetServiceLastAccessedDetails: ACCOUNT,
    GetServiceLastAccessedDetailsWithEntities: ACCOUNT,
    GenerateOrganizationsAccessReport: ACCOUNT,
    GetOrganizationsAccessReport: ACCOUNT,
    // Account-level settings and reports.
    CreateAccountAlias: ACCOUNT,
    DeleteAccountAlias: ACCOUNT,
    ListAccountAliases: ACCOUNT,
    GetAccountSummary: ACCOUNT,
    GetAccountAuthorizationDetails: ACCOUNT,
    GetAccountPasswordPolicy: ACCOUNT,
    UpdateAccountPasswordPolicy: ACCOUNT,
    DeleteAccountPasswordPolicy: ACCOUNT,
    GenerateCredentialReport: ACCOUNT,
    GetCredentialReport: ACCOUNT,
    SetSecurityTokenServicePreferences: ACCOUNT,
    ListOrganizationsFeatures: ACCOUNT,
    EnableOrganizationsRootCredentialsManagement: ACCOUNT,
    DisableOrganizationsRootCredentialsManagement: ACCOUNT,
    EnableOrganizationsRootSessions: ACCOUNT,
    DisableOrganizationsRootSessions: ACCOUNT,
    EnableOutboundWebIdentityFederation: ACCOUNT,
    DisableOutboundWebIdentityFederation: ACCOUNT,
    GetOutboundWebIdentityFederationInfo: ACCOUNT,
    // Delegation requests (not served).
    AcceptDelegationRequest: ACCOUNT,
    AssociateDelegationRequest: ACCOUNT,
    CreateDelegationRequest: ACCOUNT,
    GetDelegationRequest: ACCOUNT,
    GetHumanReadableSummary: ACCOUNT,
    ListDelegationRequests: ACCOUNT,
    RejectDelegationRequest: ACCOUNT,
    SendDelegationToken: ACCOUNT,
    UpdateDelegationRequest: ACCOUNT,
  };
}

/**
 * What temporary credentials may call in IAM ("Comparing the AWS STS credentials"): nothing with
 * GetFederationToken credentials, and GetSessionToken credentials only when MFA was used to get
 * them; AWS answers InvalidClientTokenId.
 */
function iamSessionLimits(_operation: string, s: SessionContext): AwsError | undefined {
  if (s.kind === 'federation' || (s.kind === 'session-token' && s.mfaAuthenticatedAt === undefined)) {
    return new AwsError({ code: 'InvalidClientTokenId', message: 'The security token included in the request is invalid.', httpStatus: 403, senderFault: true });
  }
  return undefined;
}

/** IAM's authorization rules over `store`. */
export function iamAuthorization(store: Store): ServiceAuthorization {
  return { prefix: 'iam', operations: iamOperationRules(new IamTargets(store)), tables: RESOLUTION_TABLES, sessionLimits: iamSessionLimits };
}
