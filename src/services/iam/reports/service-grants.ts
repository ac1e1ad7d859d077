/**
 * Which services a permissions policy can grant (access advisor, ListPoliciesGrantingServiceAccess):
 * a service is granted by an Allow statement whose Action matches one of the service's actions in
 * the Service Authorization Reference (`models/iam-data.json`), or whose NotAction leaves one of
 * them out. For a namespace the reference copy does not hold, any action pattern of that prefix
 * counts (and a NotAction excludes it only with `<prefix>:*`). Conditions and resources are not
 * considered: AWS documents these reports as "policies that can grant access".
 */
import { serviceCatalog } from '../../../authz/catalog/action-catalog.js';
import { parsePolicyLenient, type Statement } from '../../../policy/index.js';

const regexes = new Map<string, RegExp>();

/** IAM's action wildcard (`*`, `?`), case-insensitive; compiled once per pattern (bounded cache). */
function wildcard(pattern: string): RegExp {
  let re = regexes.get(pattern);
  if (!re) {
    re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
    if (regexes.size >= 4096) regexes.clear();
    regexes.set(pattern, re);
  }
  return re;
}

/** Whether the action pattern `p` matches some action of `namespace`. */
function matchesService(p: string, namespace: string): boolean {
  if (p === '*') return true;
  const colon = p.indexOf(':');
  if (colon < 0 || !wildcard(p.slice(0, colon)).test(namespace)) return false;
  const actionPattern = p.slice(colon + 1);
  const actions = serviceCatalog(namespace.toLowerCase())?.actions;
  if (!actions || actionPattern === '*') return true;
  if (!/[*?]/.test(actionPattern)) return actions.has(actionPattern.toLowerCase());
  const re = wildcard(actionPattern);
  for (const a of actions.values()) if (re.test(a.name)) return true;
  return false;
}

/**
 * Whether the NotAction patterns exclude every action of `namespace`. Only the patterns of that
 * prefix can exclude one; exact names are looked up, wildcards matched, and the scan stops at the
 * first action left out (NotAction lists usually exclude a few actions).
 */
function excludesService(patterns: readonly string[], namespace: string): boolean {
  const own: string[] = [];
  for (const p of patterns) {
    if (p === '*') return true;
    const colon = p.indexOf(':');
    if (colon < 0 || !wildcard(p.slice(0, colon)).test(namespace)) continue;
    const actionPattern = p.slice(colon + 1);
    if (actionPattern === '*') return true;
    own.push(actionPattern);
  }
  const actions = serviceCatalog(namespace.toLowerCase())?.actions;
  if (!actions || own.length === 0) return false;
  const exact = new Set(own.filter((p) => !/[*?]/.test(p)).map((p) => p.toLowerCase()));
  const wild = own.filter((p) => /[*?]/.test(p)).map(wildcard);
  for (const [lower, a] of actions) if (!exact.has(lower) && !wild.some((re) => re.test(a.name))) return false;
  return true;
}

/** Whether one statement can grant `namespace`. */
export function statementGrants(st: Statement, namespace: string): boolean {
  if (st.effect !== 'Allow') return false;
  if (st.action) return st.action.some((p) => matchesService(p, namespace));
  if (st.notAction) return !excludesService(st.notAction, namespace);
  return false;
}

/** The statements of the policy `text` (none when it does not parse): parse once, ask per namespace. */
export function statementsOf(text: string): readonly Statement[] {
  const parsed = parsePolicyLenient(text);
  return parsed.ok ? parsed.policy.statements : [];
}

/** Whether one of `statements` can grant `namespace`. */
export function policyGrants(statements: readonly Statement[], namespace: string): boolean {
  return statements.some((st) => statementGrants(st, namespace));
}
