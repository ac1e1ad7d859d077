/**
 * Principal / NotPrincipal matching for resource-based policies (IAM "AWS JSON
 * policy elements: Principal" and "NotPrincipal"). The kind of match matters for
 * the evaluation logic: a grant naming the exact user or session ARN is not capped
 * by identity policies, boundaries or session policies, a grant naming the role (for
 * a role session) or the federating user is capped by boundaries and session
 * policies, and an account grant only delegates to the account's identity policies.
 */
import type { PrincipalElement } from '../model/policy-document.js';
import type { RequestPrincipal } from '../model/request.js';

/** How a principal element matched the caller, strongest first. */
export type PrincipalMatch = 'direct' | 'role' | 'source-user' | 'account' | 'none';

const RANK: Readonly<Record<PrincipalMatch, number>> = { direct: 4, role: 3, 'source-user': 2, account: 1, none: 0 };

/** The stronger of two matches. */
export function strongest(a: PrincipalMatch, b: PrincipalMatch): PrincipalMatch {
  return RANK[a] >= RANK[b] ? a : b;
}

/** Compiled principal predicate. */
export type PrincipalMatcher = (p: RequestPrincipal) => PrincipalMatch;

const ACCOUNT_ROOT = /^arn:[^:]+:iam::(\d{12}):root$/;
const ROLE = /^arn:([^:]+):iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/;
const SESSION = /^arn:([^:]+):sts::(\d{12}):assumed-role\/([^/]+)\//;

/** A unique id of an IAM user or role as a principal element holds it once saved (`AIDA...`, `AROA...`). */
const UNIQUE_ID = /^(AIDA|AROA)[A-Z0-9]{8,}$/;

/** Whether role ARN `role` is the role of assumed-role session `session` (names compare case-insensitively). */
export function roleOwnsSession(role: string, session: string): boolean {
  const r = ROLE.exec(role);
  const s = SESSION.exec(session);
  return !!r && !!s && r[1] === s[1] && r[2] === s[2] && r[3]?.toLowerCase() === s[3]?.toLowerCase();
}

function awsEntryMatch(entry: string, p: RequestPrincipal, exactOnly: boolean): PrincipalMatch {
  if (entry === '*') return 'direct';
  if (p.type === 'anonymous' || p.type === 'service') return 'none';
  const account = /^\d{12}$/.test(entry) ? entry : ACCOUNT_ROOT.exec(entry)?.[1];
  if (account !== undefined) return account === p.accountId ? 'account' : 'none';
  if (UNIQUE_ID.test(entry)) {
    // A user or role named by unique id: the entity itself, whatever its ARN now is.
    if (entry !== p.uniqueId) return 'none';
    return p.type === 'user' ? 'direct' : p.type === 'assumed-role' && !exactOnly ? 'role' : 'none';
  }
  if (entry === p.arn) return 'direct';
  if (exactOnly) return 'none';
  // The session's role is known exactly (path included) when the caller carries it; the name alone
  // is only a fallback for principals built without it.
  if (p.type === 'assumed-role' && (p.roleArn !== undefined ? entry === p.roleArn : roleOwnsSession(entry, p.arn))) return 'role';
  if (p.type === 'federated-user' && p.sourceUserArn !== undefined && entry === p.sourceUserArn) return 'source-user';
  return 'none';
}

/**
 * Compiles a Principal element. With `exactOnly` (NotPrincipal), a role ARN does
 * not cover its sessions: NotPrincipal must list the session ARN itself.
 */
export function compilePrincipal(el: PrincipalElement, exactOnly = false): PrincipalMatcher {
  if (el.kind === 'wildcard') return () => 'direct';
  const { aws, service, federated, canonicalUser } = el;
  return (p) => {
    let best: PrincipalMatch = 'none';
    for (const e of aws) {
      best = strongest(best, awsEntryMatch(e, p, exactOnly));
      if (best === 'direct') return best;
    }
    if (p.type === 'service' && (service.includes(p.arn) || service.includes('*'))) return 'direct';
    if (p.federatedProvider !== undefined && federated.includes(p.federatedProvider)) return 'direct';
    if (p.canonicalUserId !== undefined && canonicalUser.includes(p.canonicalUserId)) return 'direct';
    return best;
  };
}
