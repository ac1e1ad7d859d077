/**
 * Public API of authorization (the policy information point and the enforcement of every request).
 * The gateway builds one `Authorization` per runtime and wires IAM's source and MFA verifier into it.
 */
import type { Store } from '../storage/types.js';
import { Authorizer } from './authorizer.js';
import { EMPTY_IDENTITY_SOURCE, PolicyInformationPoint } from './pip/policy-information-point.js';
import { REFERENCE_GAPS } from './catalog/operation-overrides.js';
import { ServiceRules, type ServiceAuthorization } from './service-rules.js';
import { REJECT_ALL_MFA, type IdentityPolicySource, type MfaVerifier, type OrganizationSource } from './sources.js';

export { Authorizer, type AuthzCheck, type CheckResult, type ServiceRef } from './authorizer.js';
export { accessDeniedText } from './denial.js';
export { PolicyInformationPoint, EMPTY_IDENTITY_SOURCE, type PrincipalEntry, type PipStats, type Invalidation, type OrganizationChain } from './pip/policy-information-point.js';
export type { AuthzCaller, CallerPolicies } from './caller-policies.js';
export type { RequestFacts, CallerFacts } from './request/global-keys.js';
export { SESSIONS_TABLE, type SessionContext, type SessionRecord } from './session-store.js';
export {
  REJECT_ALL_MFA,
  type IdentityPolicySource,
  type MfaVerifier,
  type MfaCheck,
  type PolicyRecord,
  type PrincipalPolicies,
  type RolePolicies,
  type OrganizationSource,
  type OrganizationPolicies,
} from './sources.js';
export { newAccessKeyIdFor, accountOfAccessKeyId } from './key-ids.js';
export { ServiceRules, type ServiceAuthorization, type OperationAuthz, type TargetResource, type ResolveEnv, type ExtraCheck, type ResourcePolicy } from './service-rules.js';

/** Authorization as one runtime uses it. */
export interface Authorization {
  readonly pip: PolicyInformationPoint;
  readonly authorizer: Authorizer;
  readonly mfa: MfaVerifier;
}

/** What authorization is built from; every part is optional (see `createAuthorization`). */
export interface AuthorizationSources {
  /** IAM's users and roles. */
  readonly identity?: IdentityPolicySource;
  /** IAM's MFA devices. */
  readonly mfa?: MfaVerifier;
  /** The served services' authorization rules. */
  readonly services?: readonly ServiceAuthorization[];
  /** Organizations' SCP and RCP chains. */
  readonly organization?: OrganizationSource;
}

/**
 * Builds authorization over `store` (its change events invalidate the caches) from its sources;
 * without an identity source nobody but root is allowed anything, without a verifier every MFA
 * code is refused (never silently accepted), and without an organization source no SCP or RCP
 * applies.
 */
export function createAuthorization(store: Store, sources: AuthorizationSources = {}): Authorization {
  const services = sources.services ?? [];
  const rules = new ServiceRules([...REFERENCE_GAPS.filter((g) => !services.some((s) => s.prefix === g.prefix)), ...services]);
  const pip = new PolicyInformationPoint(store, {
    identity: sources.identity ?? EMPTY_IDENTITY_SOURCE,
    ...(sources.organization ? { organization: sources.organization } : {}),
    resourceTables: rules.tables,
  });
  return { pip, authorizer: new Authorizer(pip, store.sealer, rules), mfa: sources.mfa ?? REJECT_ALL_MFA };
}
