/**
 * Public API of authorization (the policy information point and the enforcement of every request).
 * The gateway builds one `Authorization` per runtime and wires IAM's source and MFA verifier into it.
 */
import type { Store } from '../storage/types.js';
import { Authorizer } from './authorizer.js';
import { EMPTY_IDENTITY_SOURCE, PolicyInformationPoint } from './pip/policy-information-point.js';
import { REFERENCE_GAPS } from './catalog/operation-overrides.js';
import { ServiceRules, type ServiceAuthorization } from './service-rules.js';
import { REJECT_ALL_MFA, type IdentityPolicySource, type MfaVerifier } from './sources.js';

export { Authorizer, temporaryCredentialLimits, type AuthzCheck, type CheckResult, type ServiceRef } from './authorizer.js';
export { PolicyInformationPoint, EMPTY_IDENTITY_SOURCE, type PrincipalEntry, type PipStats } from './pip/policy-information-point.js';
export type { AuthzCaller, CallerPolicies } from './caller-policies.js';
export type { RequestFacts, CallerFacts } from './request/global-keys.js';
export { SESSIONS_TABLE, type SessionContext, type SessionRecord } from './session-store.js';
export { REJECT_ALL_MFA, type IdentityPolicySource, type MfaVerifier, type MfaCheck, type PolicyRecord, type PrincipalPolicies, type RolePolicies } from './sources.js';
export { newAccessKeyIdFor, accountOfAccessKeyId } from './key-ids.js';
export { ServiceRules, type ServiceAuthorization, type OperationAuthz, type TargetResource, type ResolveEnv, type ExtraCheck } from './service-rules.js';

/** Authorization as one runtime uses it. */
export interface Authorization {
  readonly pip: PolicyInformationPoint;
  readonly authorizer: Authorizer;
  readonly mfa: MfaVerifier;
}

/**
 * Builds authorization over `store` (its change events invalidate the caches) with IAM's identity
 * source and MFA verifier and the served services' authorization rules; without a source nobody
 * but root is allowed anything, and without a verifier every MFA code is refused (never silently
 * accepted).
 */
export function createAuthorization(store: Store, source: IdentityPolicySource = EMPTY_IDENTITY_SOURCE, mfa: MfaVerifier = REJECT_ALL_MFA, services: readonly ServiceAuthorization[] = []): Authorization {
  const rules = new ServiceRules([...REFERENCE_GAPS.filter((g) => !services.some((s) => s.prefix === g.prefix)), ...services]);
  const pip = new PolicyInformationPoint(store, source, rules.tables);
  return { pip, authorizer: new Authorizer(pip, store.sealer, rules), mfa };
}
