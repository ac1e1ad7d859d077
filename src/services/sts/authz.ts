/**
 * STS's authorization rules: what AWS's Service Authorization Reference does not say. Other STS
 * operations follow the default rule (GetFederationToken on `federated-user/NAME`,
 * GetAccessKeyInfo and DecodeAuthorizationMessage on `*`).
 */
import { accessDeniedText } from '../../authz/denial.js';
import type { ServiceAuthorization } from '../../authz/service-rules.js';
import type { SessionContext } from '../../authz/session-store.js';

/**
 * What temporary credentials may call in STS ("Comparing the AWS STS credentials"): no session
 * credentials may call GetSessionToken or GetFederationToken; GetSessionToken credentials may call
 * AssumeRole and GetCallerIdentity; GetFederationToken credentials only GetCallerIdentity.
 */
function stsSessionLimits(operation: string, s: SessionContext) {
  // AssumeRoleWithWebIdentity does not use the caller's credentials (it is an unsigned operation).
  if (operation === 'GetCallerIdentity' || operation === 'AssumeRoleWithWebIdentity') return undefined;
  const refused =
    operation === 'GetSessionToken' || operation === 'GetFederationToken' || s.kind === 'federation' || (s.kind === 'session-token' && operation !== 'AssumeRole');
  return refused ? accessDeniedText('query', `Cannot call ${operation} with session credentials`) : undefined;
}

export const STS_AUTHORIZATION: ServiceAuthorization = {
  prefix: 'sts',
  sessionLimits: stsSessionLimits,
  // "RCPs apply to ... AWS STS": role trust decisions of member accounts' roles.
  resourceControlPolicies: true,
  variables: { FederatedUserName: ['Name'] },
  operations: {
    // "No permissions are required to perform this operation" (even an explicit deny does not apply).
    GetCallerIdentity: { none: true },
    // "No permissions are required for a user to get a session token" (IAM, Permissions for GetSessionToken).
    GetSessionToken: { none: true },
    // One evaluation with the trust policy as resource policy, after the MFA check (handlers/assume-role.ts).
    AssumeRole: { inHandler: true },
    // The token's provider and the trust policy decide, whoever signed (handlers/assume-role-with-web-identity.ts).
    AssumeRoleWithWebIdentity: { inHandler: true },
    // Unsigned: the trust policy is evaluated with the SAML provider as the caller (handlers/assume-role-with-saml.ts).
    AssumeRoleWithSAML: { inHandler: true },
  },
};
