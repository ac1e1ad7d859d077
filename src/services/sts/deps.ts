import type { Authorizer } from '../../authz/authorizer.js';
import type { AuthzCaller } from '../../authz/caller-policies.js';
import type { KnownCredential } from '../../authz/credential-resolver.js';
import type { MfaVerifier } from '../../authz/sources.js';
import { internalFailure } from '../../shared/aws-error.js';
import type { HandlerContext } from '../../protocol/service-definition.js';
import type { Store } from '../../storage/types.js';

/** What STS needs from the rest of Rampart; the gateway wires it. */
export interface StsDeps {
  readonly store: Store;
  /** Authorization (trust-policy evaluation for AssumeRole) and the PIP (roles, managed policies). */
  readonly authorizer: Authorizer;
  /** The credential resolver: the caller's full credential (session context) by access key id. */
  readonly credentials: { resolve(accessKeyId: string): KnownCredential | undefined | Promise<KnownCredential | undefined> };
  /** MFA code checks (IAM's devices); `REJECT_ALL_MFA` until IAM provides one. */
  readonly mfa: MfaVerifier;
  /** Called after a role is assumed (IAM's RoleLastUsed bookkeeping); best effort, never awaited. */
  readonly onRoleAssumed?: (accountId: string, roleName: string, region: string, now: number) => void;
}

/** The authenticated caller of a handler call, with its session context. */
export async function callerOf(deps: StsDeps, ctx: HandlerContext): Promise<AuthzCaller> {
  const cred = ctx.accessKeyId ? await deps.credentials.resolve(ctx.accessKeyId) : undefined;
  // INVARIANT: the chain authenticated this key a moment ago; a miss means it was deleted meanwhile.
  if (!cred) throw internalFailure();
  return cred;
}

/** The request facts authorization needs, from the handler context. */
export function factsOf(ctx: HandlerContext): { now: number; sourceIp: string; secureTransport: boolean; region: string } {
  return { now: ctx.now, sourceIp: ctx.sourceIp, secureTransport: false, region: ctx.region };
}
