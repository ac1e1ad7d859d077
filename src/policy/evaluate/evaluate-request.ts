/**
 * The decision function: AWS's documented policy evaluation logic ("Policy
 * evaluation logic", "Policy evaluation for requests within a single account",
 * "Cross-account policy evaluation logic", "Service control policies",
 * "Resource control policies") over compiled policies. Pure and total.
 */
import type { CompiledPolicy } from '../compile/compile-policy.js';
import type { Decision, DecisionKind, MatchedStatement, PolicyType } from '../model/decision.js';
import type { AuthzRequest, RequestPrincipal } from '../model/request.js';
import { splitArn } from '../conditions/arn-operators.js';
import { normalizeContext } from './request-context.js';
import { scanAll, scanPolicy } from './statement-match.js';
import type { PolicyScan, PreparedRequest } from './statement-match.js';

/** Every policy that applies to one request. */
export interface PolicySet {
  /** SCPs per level of the principal account's OU chain: root, OUs..., account. */
  readonly scps?: readonly (readonly CompiledPolicy[])[];
  /** The principal's account is the organization's management account (exempt from SCPs). */
  readonly isManagementAccount?: boolean;
  /** RCPs per level of the resource account's OU chain (RCPFullAWSAccess is implied at every level). */
  readonly rcps?: readonly (readonly CompiledPolicy[])[];
  /** The resource's account is the management account (exempt from RCPs); defaults to isManagementAccount for same-account requests. */
  readonly resourceInManagementAccount?: boolean;
  readonly resourcePolicy?: CompiledPolicy;
  readonly identityPolicies: readonly CompiledPolicy[];
  readonly permissionsBoundary?: CompiledPolicy;
  readonly sessionPolicies?: readonly CompiledPolicy[];
}

const NONE: PolicyScan = { allow: false, deny: false, allowPrincipal: 'none' };

function isServiceLinkedRole(p: RequestPrincipal): boolean {
  return p.serviceLinkedRole === true || (p.type === 'assumed-role' && (p.roleArn ?? '').includes(':role/aws-service-role/'));
}

function prepare(request: AuthzRequest, hasBoundary: boolean): PreparedRequest {
  const action = request.action.toLowerCase();
  const colon = action.indexOf(':');
  return {
    principal: request.principal,
    action,
    service: colon < 0 ? action : action.slice(0, colon),
    resource: request.resource,
    resourceParts: splitArn(request.resource),
    ctx: normalizeContext(request.context),
    hasBoundary,
  };
}

/** Decides `request` against `policies`. Never throws for well-typed input. */
export function evaluate(request: AuthzRequest, policies: PolicySet): Decision {
  const p = request.principal;
  const matched: MatchedStatement[] = [];
  const done = (decision: DecisionKind, deniedBy?: PolicyType): Decision =>
    deniedBy ? { decision, deniedBy, matched } : { decision, matched };

  const authenticated = p.type !== 'anonymous' && p.type !== 'service';
  const resourceAccount = request.resourceAccountId ?? p.accountId;
  const sameAccount = authenticated && resourceAccount === p.accountId;
  const session = p.type === 'assumed-role' || p.type === 'federated-user';
  // Identity policies apply to IAM users and sessions; the root user has full access in its account.
  const iam = p.type === 'user' || session;
  const slr = isServiceLinkedRole(p);
  const req = prepare(request, iam && policies.permissionsBoundary !== undefined);
  // SCPs restrict principals of member accounts (root included), never the management account,
  // service-linked roles, service principals or anonymous callers.
  const scpApplies = authenticated && !policies.isManagementAccount && !slr;
  // RCPs restrict access to resources of member accounts, except for service-linked roles and service principals.
  const rcpExempt = policies.resourceInManagementAccount ?? (sameAccount && policies.isManagementAccount === true);
  const rcpApplies = !rcpExempt && !slr && p.type !== 'service';

  // Every applicable policy is scanned: an explicit deny anywhere must be found.
  const scp = scpApplies ? (policies.scps ?? []).map((level) => scanAll(level, req, matched)) : [];
  const rcp = rcpApplies ? (policies.rcps ?? []).map((level) => scanAll(level, req, matched)) : [];
  const resource = policies.resourcePolicy ? scanPolicy(policies.resourcePolicy, req, matched) : NONE;
  const identity = iam ? scanAll(policies.identityPolicies, req, matched) : NONE;
  const boundary = iam && policies.permissionsBoundary ? scanPolicy(policies.permissionsBoundary, req, matched) : undefined;
  const sessionScan = session && policies.sessionPolicies?.length ? scanAll(policies.sessionPolicies, req, matched) : undefined;

  // Case 1 — deny evaluation: an explicit Deny in any applicable policy is final.
  if (scp.some((l) => l.deny)) return done('ExplicitDeny', 'scp');
  if (rcp.some((l) => l.deny)) return done('ExplicitDeny', 'rcp');
  if (resource.deny) return done('ExplicitDeny', 'resource');
  if (identity.deny) return done('ExplicitDeny', 'identity');
  if (boundary?.deny) return done('ExplicitDeny', 'boundary');
  if (sessionScan?.deny) return done('ExplicitDeny', 'session');

  // Case 2 — RCPs: RCPFullAWSAccess cannot be detached, so RCPs only ever deny explicitly (case 1).
  // Case 3 — SCPs: every level of the OU chain must allow, otherwise implicit deny.
  if (scp.some((l) => !l.allow)) return done('ImplicitDeny', 'scp');

  // Role trust policies and KMS key policies must grant explicitly, even in the same account.
  const grantRequired = policies.resourcePolicy?.kind === 'trust';
  const rp = resource.allow ? resource.allowPrincipal : 'none';

  switch (p.type) {
    // Case 4 — anonymous callers and AWS service principals: only a resource-based policy can grant.
    case 'anonymous':
    case 'service':
      return rp !== 'none' ? done('Allow') : done('ImplicitDeny', 'resource');
    // Case 5 — root user: allowed in its own account (SCPs above still apply to member-account root);
    // across accounts, or for policies that must grant explicitly, the resource policy must allow.
    case 'root':
      if (sameAccount && !grantRequired) return done('Allow');
      return rp !== 'none' ? done('Allow') : done('ImplicitDeny', 'resource');
    default:
      break;
  }

  // Caps on identity-based permissions: the boundary, and for sessions the session policies
  // (a role session without session policy is uncapped; a federated user without one has no permissions).
  const boundaryOk = !boundary || boundary.allow;
  const sessionOk = !session || (sessionScan ? sessionScan.allow : p.type === 'assumed-role');
  const capsOk = boundaryOk && sessionOk;

  if (sameAccount) {
    // Case 6 — same account, resource policy names the exact user / role-session / federated-user ARN:
    // not limited by implicit denies in identity policies, boundaries or session policies — except a
    // role trust policy, whose grant the caller's boundary still caps ("If a permissions boundary is
    // set for the user, then it must allow the sts:AssumeRole action", Update a role trust policy).
    if (rp === 'direct' && (!grantRequired || boundaryOk)) return done('Allow');
    // Case 7 — same account, resource policy names the role of the session (or the federating user):
    // limited by the permissions boundary and session policies, but needs no identity allow.
    if ((rp === 'role' || rp === 'source-user') && capsOk) return done('Allow');
    // Case 8 — same account, identity policy allows within boundary and session policy
    // (plus an account grant where the resource policy must grant explicitly).
    if (identity.allow && capsOk && (!grantRequired || rp !== 'none')) return done('Allow');
    // Case 9 — same account implicit deny: cite the first policy type in evaluation order that failed.
    if (grantRequired && rp === 'none') return done('ImplicitDeny', 'resource');
    if (!identity.allow && (rp === 'none' || rp === 'account')) return done('ImplicitDeny', 'identity');
    if (!boundaryOk) return done('ImplicitDeny', 'boundary');
    return done('ImplicitDeny', sessionOk ? 'identity' : 'session');
  }

  // Case 10 — cross account: the caller's identity policies (within boundary and session policy)
  // AND the resource account's resource-based policy must both allow.
  if (!identity.allow) return done('ImplicitDeny', 'identity');
  if (!boundaryOk) return done('ImplicitDeny', 'boundary');
  if (!sessionOk) return done('ImplicitDeny', 'session');
  if (rp === 'none') return done('ImplicitDeny', 'resource');
  return done('Allow');
}
