/**
 * Scans one compiled policy for statements that apply to a request: action,
 * principal (resource-based and resource control policies only), resource and
 * conditions must all match.
 */
import type { CompiledPolicy } from '../compile/compile-policy.js';
import type { MatchedStatement } from '../model/decision.js';
import type { RequestPrincipal } from '../model/request.js';
import { strongest } from './principal-match.js';
import type { PrincipalMatch } from './principal-match.js';
import type { EvalContext } from './request-context.js';

/** The request, normalised once per evaluation. */
export interface PreparedRequest {
  readonly principal: RequestPrincipal;
  /** Lowercase `service:action`. */
  readonly action: string;
  /** Lowercase service prefix. */
  readonly service: string;
  readonly resource: string;
  /** ARN components of `resource`, split once per evaluation (undefined when not an ARN). */
  readonly resourceParts: readonly string[] | undefined;
  readonly ctx: EvalContext;
  /** Whether the principal has a permissions boundary (affects NotPrincipal denies). */
  readonly hasBoundary: boolean;
}

/** What a policy said about the request. */
export interface PolicyScan {
  readonly allow: boolean;
  readonly deny: boolean;
  /** Strongest principal match among applicable Allow statements (resource policies). */
  readonly allowPrincipal: PrincipalMatch;
}

const EMPTY: PolicyScan = { allow: false, deny: false, allowPrincipal: 'none' };

/** Scans `policy`, appending applicable statements to `matched`. */
export function scanPolicy(policy: CompiledPolicy, req: PreparedRequest, matched: MatchedStatement[]): PolicyScan {
  const checksPrincipal = policy.type === 'resource' || policy.type === 'rcp';
  let allow = false;
  let deny = false;
  let allowPrincipal: PrincipalMatch = 'none';
  for (const st of policy.candidates(req.service)) {
    if (!st.action(req.action)) continue;
    let pm: PrincipalMatch = 'direct';
    if (checksPrincipal) {
      if (!st.principal) continue;
      const m = st.principal(req.principal);
      if (st.notPrincipal) {
        // A Deny with NotPrincipal always applies to principals with a permissions boundary
        // (IAM "Permissions boundaries for IAM entities", Important note).
        if (m !== 'none' && !req.hasBoundary) continue;
      } else if (m === 'none') continue;
      else pm = m;
    }
    if (!st.resource(req.resource, req.resourceParts, req.ctx)) continue;
    if (!st.condition(req.ctx)) continue;
    matched.push({
      policyId: policy.id,
      policyType: policy.type,
      ...(st.sid !== undefined ? { sid: st.sid } : {}),
      statementIndex: st.index,
      effect: st.effect,
    });
    if (st.effect === 'Deny') deny = true;
    else {
      allow = true;
      allowPrincipal = strongest(allowPrincipal, pm);
    }
  }
  return allow || deny ? { allow, deny, allowPrincipal } : EMPTY;
}

/** Scans several policies of one type: any Allow / any Deny across them. */
export function scanAll(policies: readonly CompiledPolicy[], req: PreparedRequest, matched: MatchedStatement[]): PolicyScan {
  let allow = false;
  let deny = false;
  let allowPrincipal: PrincipalMatch = 'none';
  for (const p of policies) {
    const r = scanPolicy(p, req, matched);
    allow ||= r.allow;
    deny ||= r.deny;
    allowPrincipal = strongest(allowPrincipal, r.allowPrincipal);
  }
  return allow || deny ? { allow, deny, allowPrincipal } : EMPTY;
}
