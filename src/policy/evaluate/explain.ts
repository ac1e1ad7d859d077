/**
 * AWS's AccessDenied message text (IAM "Troubleshoot access denied error
 * messages"): `User: <arn> is not authorized to perform: <action> [on resource:
 * <resource>] because no <type> policy allows the <action> action` for implicit
 * denials and `... with an explicit deny in a <type> policy` for explicit ones.
 */
import type { Decision, PolicyType } from '../model/decision.js';
import type { AuthzRequest } from '../model/request.js';

const IMPLICIT: Readonly<Record<PolicyType, string>> = {
  identity: 'no identity-based policy allows',
  resource: 'no resource-based policy allows',
  scp: 'no service control policy allows',
  rcp: 'no resource control policy allows',
  boundary: 'no permissions boundary allows',
  session: 'no session policy allows',
};

const EXPLICIT: Readonly<Record<PolicyType, string>> = {
  identity: 'an identity-based policy',
  resource: 'a resource-based policy',
  scp: 'a service control policy',
  rcp: 'a resource control policy',
  boundary: 'a permissions boundary',
  session: 'a session policy',
};

/**
 * The AccessDenied message for a denial, or undefined for an Allow. The resource
 * clause is omitted for actions that do not support resource-level permissions (`*`).
 */
export function explainDenial(request: AuthzRequest, decision: Decision): string | undefined {
  if (decision.decision === 'Allow') return undefined;
  const who = request.principal.type === 'anonymous' ? 'anonymous' : request.principal.arn;
  const on = request.resource === '*' ? '' : ` on resource: ${request.resource}`;
  const head = `User: ${who} is not authorized to perform: ${request.action}${on}`;
  const type = decision.deniedBy ?? 'identity';
  return decision.decision === 'ExplicitDeny'
    ? `${head} with an explicit deny in ${EXPLICIT[type]}`
    : `${head} because ${IMPLICIT[type]} the ${request.action} action`;
}
