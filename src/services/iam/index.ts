/**
 * AWS Identity and Access Management: users, groups, roles, instance profiles, managed and inline
 * policies, permissions boundaries, access keys, login profiles, tags, account settings, MFA
 * devices, the password policy, credential reports, the policy simulator and access advisor, stored
 * per account.
 * Besides the API, IAM provides authorization with its principals' policies (`identitySource`)
 * and records key/role use (`usage`), both wired by the gateway.
 */
import type { ServiceAuthorization } from '../../authz/service-rules.js';
import type { IdentityPolicySource, MfaVerifier } from '../../authz/sources.js';
import { codecFor } from '../../protocol/codecs.js';
import { loadModel } from '../../protocol/model/load-model.js';
import { asHandlerTable, notServed, type ServiceDefinition } from '../../protocol/service-definition.js';
import type { Store } from '../../storage/types.js';
import type { IamHandlers } from './api.generated.js';
import { iamAuthorization } from './authz/operation-rules.js';
import { accessKeyHandlers } from './handlers/access-keys.js';
import { accountHandlers } from './handlers/account.js';
import { authorizationDetailsHandlers } from './handlers/authorization-details.js';
import type { IamDeps } from './deps.js';
import { groupHandlers } from './handlers/groups.js';
import { inlinePolicyHandlers } from './handlers/inline-policies.js';
import { instanceProfileHandlers } from './handlers/instance-profiles.js';
import { loginProfileHandlers } from './handlers/login-profiles.js';
import { managedPolicyHandlers } from './handlers/managed-policies.js';
import { mfaDeviceHandlers } from './handlers/mfa-devices.js';
import { mfaListingHandlers } from './handlers/mfa-listing.js';
import { oidcProviderHandlers } from './handlers/oidc-providers.js';
import { passwordPolicyHandlers } from './handlers/password-policy.js';
import { contextKeyHandlers } from './handlers/context-keys.js';
import { credentialReportHandlers } from './handlers/credential-report.js';
import { boundaryHandlers } from './handlers/permissions-boundaries.js';
import { attachmentHandlers } from './handlers/policy-attachments.js';
import { policySimulatorHandlers } from './handlers/policy-simulator.js';
import { policyVersionHandlers } from './handlers/policy-versions.js';
import { roleHandlers } from './handlers/roles.js';
import { samlProviderHandlers } from './handlers/saml-providers.js';
import { samlProviderTagHandlers } from './handlers/saml-provider-tags.js';
import { serverCertificateHandlers } from './handlers/server-certificates.js';
import { serviceAccessHandlers } from './handlers/service-access.js';
import { serviceCredentialHandlers } from './handlers/service-credentials.js';
import { serviceLastAccessedHandlers } from './handlers/service-last-accessed.js';
import { serviceLinkedRoleHandlers } from './handlers/service-linked-roles.js';
import { signingCertificateHandlers } from './handlers/signing-certificates.js';
import { sshKeyHandlers } from './handlers/ssh-keys.js';
import { tagHandlers } from './handlers/tags.js';
import { userHandlers } from './handlers/users.js';
import { createIdentitySource } from './identity-source.js';
import { createMfaVerifier } from './mfa/mfa-verifier.js';
import { UsageRecorder } from './usage-recorder.js';
import { createOidcProviderSource, type OidcProviderSource } from './oidc-provider-source.js';

export { IDENTITY_TABLES } from './identity-source.js';
export { UsageRecorder, USAGE_THROTTLE_MS } from './usage-recorder.js';
export { IAM_TABLES } from './store/tables.js';
export { bindLegacyTrustPolicies } from './trust-principals.js';

/** What `createIamService` returns to the composition root. */
export interface IamService {
  /** The API, for the gateway's service registry. */
  readonly definition: ServiceDefinition;
  /** Users' and roles' policies for authorization (src/authz). */
  readonly identitySource: IdentityPolicySource;
  /** How each IAM operation is authorized: the canonical entities it acts on, extra checks. */
  readonly authorization: ServiceAuthorization;
  /**
   * Last-use bookkeeping: the gateway should call `usage.recordAccessKeyUse(accessKeyId,
   * signingService, region, now)` after each authenticated request (fire and forget; throttled to
   * one write per key per minute), and STS `usage.recordRoleUse(...)` on AssumeRole.
   */
  readonly usage: UsageRecorder;
  /** Checks STS SerialNumber/TokenCode against the caller's enabled virtual MFA device (authz wires it). */
  readonly mfa: MfaVerifier;
  /** The OIDC providers STS's AssumeRoleWithWebIdentity trusts (the gateway wires it). */
  readonly oidcProviders: OidcProviderSource;
}

/**
 * The IAM operations not served yet, each named (they answer InvalidAction, as AWS answers an
 * operation it does not know): Organizations features, delegation requests.
 */
const NOT_SERVED = notServed([
  'AcceptDelegationRequest',
  'AssociateDelegationRequest',
  'CreateDelegationRequest',
  'DisableOrganizationsRootCredentialsManagement',
  'DisableOrganizationsRootSessions',
  'DisableOutboundWebIdentityFederation',
  'EnableOrganizationsRootCredentialsManagement',
  'EnableOrganizationsRootSessions',
  'EnableOutboundWebIdentityFederation',
  'GenerateOrganizationsAccessReport',
  'GetDelegationRequest',
  'GetHumanReadableSummary',
  'GetOrganizationsAccessReport',
  'GetOutboundWebIdentityFederationInfo',
  'ListDelegationRequests',
  'ListOrganizationsFeatures',
  'RejectDelegationRequest',
  'SendDelegationToken',
  'SetSecurityTokenServicePreferences',
  'UpdateDelegationRequest',
]);

/** The handler of every IAM operation: served by a group, or named in NOT_SERVED (else a compile error). */
export function iamHandlers(deps: IamDeps): IamHandlers {
  return {
    ...NOT_SERVED,
    ...userHandlers(deps),
    ...groupHandlers(deps),
    ...roleHandlers(deps),
    ...instanceProfileHandlers(deps),
    ...managedPolicyHandlers(deps),
    ...policyVersionHandlers(deps),
    ...attachmentHandlers(deps),
    ...inlinePolicyHandlers(deps),
    ...boundaryHandlers(deps),
    ...accessKeyHandlers(deps),
    ...loginProfileHandlers(deps),
    ...tagHandlers(deps),
    ...accountHandlers(deps),
    ...authorizationDetailsHandlers(deps),
    ...mfaDeviceHandlers(deps),
    ...mfaListingHandlers(deps),
    ...passwordPolicyHandlers(deps),
    ...credentialReportHandlers(deps),
    ...policySimulatorHandlers(deps),
    ...contextKeyHandlers(deps),
    ...serviceLastAccessedHandlers(deps),
    ...oidcProviderHandlers(deps),
    ...samlProviderHandlers(deps),
    ...samlProviderTagHandlers(deps),
    ...serverCertificateHandlers(deps),
    ...signingCertificateHandlers(deps),
    ...sshKeyHandlers(deps),
    ...serviceCredentialHandlers(deps),
    ...serviceLinkedRoleHandlers(deps),
    ...serviceAccessHandlers(deps),
  };
}

/** AWS IAM (a global service: requests without a region are served as us-east-1). */
export function createIamService(deps: { readonly store: Store; readonly log?: (msg: string, err?: unknown) => void; readonly organization?: IamDeps['organization'] }): IamService {
  const model = loadModel('iam');
  const definition: ServiceDefinition = {
    name: 'iam',
    model,
    codec: codecFor(model),
    handlers: asHandlerTable(iamHandlers(deps)),
    defaultRegion: 'us-east-1',
    global: true,
  };
  return {
    definition,
    identitySource: createIdentitySource(deps.store),
    authorization: iamAuthorization(deps.store),
    usage: new UsageRecorder(deps.store, undefined, deps.log),
    mfa: createMfaVerifier(deps.store),
    oidcProviders: createOidcProviderSource(deps.store),
  };
}
