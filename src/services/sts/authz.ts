/**
 * STS's authorization rules: what AWS's Service Authorization Reference does not say. Other STS
 * operations follow the default rule (GetFederationToken on `federated-user/NAME`,
 * GetAccessKeyInfo and DecodeAuthorizationMessage on `*`).
 */
import type { ServiceAuthorization } from '../../authz/service-rules.js';

export const STS_AUTHORIZATION: ServiceAuthorization = {
  prefix: 'sts',
  variables: { FederatedUserName: ['Name'] },
  operations: {
    // "No permissions are required to perform this operation" (even an explicit deny does not apply).
    GetCallerIdentity: { none: true },
    // "No permissions are required for a user to get a session token" (IAM, Permissions for GetSessionToken).
    GetSessionToken: { none: true },
    // One evaluation with the trust policy as resource policy, after the MFA check (handlers/assume-role.ts).
    AssumeRole: { inHandler: true },
  },
};
