import type { Authorizer } from '../../authz/authorizer.js';
import type { MfaVerifier } from '../../authz/sources.js';
import type { Store } from '../../storage/types.js';

/** What STS needs from the rest of Rampart; the gateway wires it. */
export interface StsDeps {
  readonly store: Store;
  /** Authorization (trust-policy evaluation for AssumeRole) and the PIP (roles, managed policies). */
  readonly authorizer: Authorizer;
  /** MFA code checks (IAM's devices); `REJECT_ALL_MFA` until IAM provides one. */
  readonly mfa: MfaVerifier;
  /** Called after a role is assumed (IAM's RoleLastUsed bookkeeping); best effort, never awaited. */
  readonly onRoleAssumed?: (accountId: string, roleName: string, region: string, now: number) => void;
}
