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

/** Whether the NotAction patterns exclude every action of `namespace`. */
function excludesService(patterns: readonly string[], namespace: string): boolean {
  const actions = serviceCatalog(namespace.toLowerCase())?.actions;
  const whole = (p: string): boolean => p === '*' || (p.includes(':') && wildcard(p.slice(0, p.indexOf(':'))).test(namespace) && p.slice(p.indexOf(':') + 1) === '*');
  if (patterns.some(whole)) return true;
  if (!actions) return false;
  for (const a of actions.values()) if (!patterns.some((p) => wildcard(p).test(`${namespace}:${a.name}`))) return false;
  return true;
}

/** Whether one statement can grant `namespace`. */
export function statementGrants(st: Statement, namespace: string): boolean {
  if (st.effect !== 'Allow') return false;
  if (st.action) return st.action.some((p) => matchesService(p, namespace));
  if (st.notAction) return !excludesService(st.notAction, namespace);
  return false;
}

/** Whether the policy `text` can grant `namespace` (a document that does not parse grants nothing). */
export function policyGrants(text: string, namespace: string): boolean {
  const parsed = parsePolicyLenient(text);
  return parsed.ok && parsed.policy.statements.some((st) => statementGrants(st, namespace));
}
