/**
 * Semantic checks IAM applies on write, per statement ("IAM JSON policy element
 * reference": Action, Resource, Principal, Condition, Sid).
 */
import type { PrincipalElement, Statement } from '../model/policy-document.js';
import { parseOperator } from '../conditions/condition-operator.js';
import { MSG } from './messages.js';
import type { KindRules, PolicyKind } from './policy-kinds.js';

const VENDOR = /^[a-zA-Z0-9-]+$/;
const ACTION_NAME = /^[a-zA-Z0-9*?_-]+$/;
const PARTITIONS = new Set(['aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b', 'aws-iso-e', 'aws-iso-f', 'aws-eusc']);
const ACCOUNT = /^\d{12}$/;
const IAM_PRINCIPAL = /^arn:[a-z-]+:iam::\d{12}:(root|user\/.+|role\/.+|federated-user\/.+)$/;
const STS_PRINCIPAL = /^arn:[a-z-]+:sts::\d{12}:(assumed-role\/[^/]+\/.+|federated-user\/.+)$/;

/** Checks one action string; returns an error message or undefined. */
export function actionError(action: string): string | undefined {
  if (action === '*') return undefined;
  const colon = action.indexOf(':');
  if (colon <= 0 || !VENDOR.test(action.slice(0, colon))) return MSG.vendorPrefix;
  return ACTION_NAME.test(action.slice(colon + 1)) ? undefined : MSG.syntax;
}

/** Checks one Resource/NotResource entry. */
export function resourceError(resource: string): string | undefined {
  if (resource === '*') return undefined;
  const parts = resource.split(':');
  if (parts[0] !== 'arn' || parts.length < 6) return MSG.resourceArn(resource);
  const partition = parts[1] ?? '';
  if (!PARTITIONS.has(partition) && !/[*?]/.test(partition)) return MSG.partition(partition, resource);
  const vendor = parts[2] ?? '';
  if (vendor === '' || /[*?$]/.test(vendor)) return MSG.resourceVendor;
  return undefined;
}

function principalValueError(type: string, v: string): string | undefined {
  const bad = MSG.invalidPrincipal(type, v);
  switch (type) {
    case 'AWS':
      // Wildcards cannot match part of a principal name or ARN.
      if (v === '*') return undefined;
      return !/[*?]/.test(v) && (ACCOUNT.test(v) || IAM_PRINCIPAL.test(v) || STS_PRINCIPAL.test(v)) ? undefined : bad;
    case 'Service':
      return /^[a-z0-9.-]+$/.test(v) || v === '*' ? undefined : bad;
    case 'CanonicalUser':
      return /^[0-9a-fA-F]{64}$/.test(v) ? undefined : bad;
    default:
      return v.trim() === '' ? bad : undefined;
  }
}

function principalErrors(p: PrincipalElement): string[] {
  if (p.kind === 'wildcard') return [];
  const out: string[] = [];
  const add = (type: string, list: readonly string[]) => {
    for (const v of list) {
      const e = principalValueError(type, v);
      if (e) out.push(e);
    }
  };
  add('AWS', p.aws);
  add('Service', p.service);
  add('Federated', p.federated);
  add('CanonicalUser', p.canonicalUser);
  if (p.aws.length + p.service.length + p.federated.length + p.canonicalUser.length === 0) out.push(MSG.syntax);
  return out;
}

const isWildcardPrincipal = (p: PrincipalElement): boolean =>
  p.kind === 'wildcard' || (p.aws.length === 1 && p.aws[0] === '*' && p.service.length + p.federated.length + p.canonicalUser.length === 0);

function principalRuleErrors(s: Statement, kind: PolicyKind, rules: KindRules): string[] {
  const out: string[] = [];
  const has = s.principal !== undefined || s.notPrincipal !== undefined;
  if (rules.principal === 'forbidden' && has) out.push(kind === 'scp' ? MSG.prohibited('Principal') : MSG.noPrincipalAllowed);
  if (rules.principal !== 'forbidden' && !has) out.push(MSG.missingPrincipal);
  if (rules.principal === 'wildcard-only' && s.principal && !isWildcardPrincipal(s.principal)) out.push(MSG.rcpPrincipal);
  if (s.notPrincipal && rules.principal !== 'forbidden' && !rules.notPrincipal) out.push(MSG.prohibited('NotPrincipal'));
  if (s.notPrincipal && s.effect === 'Allow') out.push(MSG.notPrincipalAllow);
  if (rules.principal !== 'forbidden') {
    if (s.principal) out.push(...principalErrors(s.principal));
    if (s.notPrincipal) out.push(...principalErrors(s.notPrincipal));
  }
  return out;
}

/** All write-time errors of one statement under `kind`. */
export function statementErrors(s: Statement, kind: PolicyKind, rules: KindRules): string[] {
  const out = principalRuleErrors(s, kind, rules);
  const actions = s.action ?? s.notAction;
  if (!actions || actions.length === 0) out.push(MSG.mustContainActions);
  for (const a of actions ?? []) {
    const e = actionError(a);
    if (e) out.push(e);
  }
  const resources = s.resource ?? s.notResource;
  if (rules.resourceProhibited && resources) out.push(MSG.prohibited(s.resource ? 'Resource' : 'NotResource'));
  if (rules.resourceRequired && (!resources || resources.length === 0)) out.push(MSG.mustContainResources);
  if (!rules.resourceProhibited) {
    for (const r of resources ?? []) {
      const e = resourceError(r);
      if (e) out.push(e);
    }
  }
  for (const c of s.condition) {
    if (!parseOperator(c.operator)) out.push(MSG.invalidCondition(c.operator));
    const colon = c.key.indexOf(':');
    if (colon <= 0) out.push(MSG.vendorPrefix);
    if (c.values.length === 0) out.push(MSG.syntax);
  }
  if (s.sid !== undefined && rules.alnumSid && !/^[0-9A-Za-z]*$/.test(s.sid)) out.push(MSG.sidAlnum);
  return out;
}
