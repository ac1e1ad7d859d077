/**
 * Compiles one statement into matchers: actions (case-insensitive wildcards),
 * resources (ARN-component wildcards, policy variables) and principals.
 */
import { compileArnTokens } from '../conditions/arn-operators.js';
import type { ArnMatcher } from '../conditions/arn-operators.js';
import { compileCondition } from '../conditions/compile-condition.js';
import type { ConditionFn } from '../conditions/compile-condition.js';
import type { EvalContext } from '../evaluate/request-context.js';
import { compilePrincipal } from '../evaluate/principal-match.js';
import type { PrincipalMatcher } from '../evaluate/principal-match.js';
import type { Effect, Statement } from '../model/policy-document.js';
import { NO_VARIABLES, parseTemplate, resolveToTokens } from '../variables/policy-variables.js';
import { compileWildcard, hasWildcard, tokenizeWildcards } from './wildcard-matcher.js';
import type { Matcher } from './wildcard-matcher.js';

/** A statement ready for evaluation. */
export interface CompiledStatement {
  readonly index: number;
  readonly sid?: string;
  readonly effect: Effect;
  /** Lowercase service prefixes this statement can match; undefined = any service. */
  readonly services?: readonly string[];
  /** Tests a lowercase `service:action`. */
  readonly action: Matcher;
  /** Tests the request resource (with its ARN components, undefined when not an ARN). */
  readonly resource: ResourceMatcher;
  /** Set for statements with Principal or NotPrincipal. */
  readonly principal?: PrincipalMatcher;
  readonly notPrincipal: boolean;
  readonly condition: ConditionFn;
}

/** Resource predicate over the request resource and its pre-split ARN components. */
export type ResourceMatcher = (resource: string, parts: readonly string[] | undefined, ctx: EvalContext) => boolean;

function anyOf(ms: readonly Matcher[]): Matcher {
  if (ms.length === 1 && ms[0]) return ms[0];
  return (s) => ms.some((m) => m(s));
}

/**
 * A Resource entry as IAM reads it: `x:partition:service:region:account:resource` whatever `x` is,
 * with missing components filled with `*`. AWS shows this reading in its own messages (a resource
 * `urn:aws-eu:queues` is reported as `arn:aws-eu:queues:*:*:*`) and stores short ARNs such as
 * `arn:aws:quantumledger` (AWS answers recorded by moto's tests, see
 * test/policy/aws-validation-vectors.json), so that ARN covers every `quantumledger` resource.
 * Colons inside `${...}` are not separators when variables are on. Linear in the entry's length.
 */
export function fillResourceArn(p: string, variables: boolean): string {
  if (p === '*') return p;
  let colons = 0;
  let firstColon = -1;
  for (let i = 0; i < p.length; i++) {
    const c = p.charCodeAt(i);
    if (variables && c === 0x24 /* $ */ && p.charCodeAt(i + 1) === 0x7b /* { */) {
      const end = p.indexOf('}', i + 2);
      if (end < 0) break;
      i = end;
    } else if (c === 0x3a /* : */) {
      if (firstColon < 0) firstColon = i;
      if (++colons === 5) break;
    }
  }
  if (firstColon < 0) return p; // not an ARN: kept literal (only stored documents can hold one)
  const head = p.slice(0, firstColon) === 'arn' ? p : `arn${p.slice(firstColon)}`;
  return colons >= 5 ? head : head + ':*'.repeat(5 - colons);
}

/** Compiles Resource entries; a variable without a value makes its entry match nothing. */
function compileResources(raw: readonly string[], variables: boolean): ResourceMatcher {
  if (raw.includes('*')) return () => true;
  const patterns = raw.map((p) => fillResourceArn(p, variables));
  const fixed: ArnMatcher[] = [];
  const dynamic: ResourceMatcher[] = [];
  for (const p of patterns) {
    const t = variables ? parseTemplate(p) : undefined;
    if (!t || !t.hasVariables) {
      fixed.push(compileArnTokens(t ? (resolveToTokens(t, NO_VARIABLES) ?? []) : tokenizeWildcards(p)));
      continue;
    }
    dynamic.push((r, parts, ctx) => {
      const tokens = resolveToTokens(t, ctx.lookup);
      return tokens !== undefined && compileArnTokens(tokens)(r, parts);
    });
  }
  const matchFixed = (r: string, parts: readonly string[] | undefined): boolean => {
    for (const m of fixed) if (m(r, parts)) return true;
    return false;
  };
  if (dynamic.length === 0) return matchFixed;
  return (r, parts, ctx) => matchFixed(r, parts) || dynamic.some((d) => d(r, parts, ctx));
}

function servicesOf(actions: readonly string[]): string[] | undefined {
  const out = new Set<string>();
  for (const a of actions) {
    const colon = a.indexOf(':');
    const svc = colon < 0 ? a : a.slice(0, colon);
    if (colon < 0 || hasWildcard(svc)) return undefined;
    out.add(svc.toLowerCase());
  }
  return [...out];
}

/** Compiles one statement of a document whose variables are enabled or not. */
export function compileStatement(s: Statement, index: number, variables: boolean): CompiledStatement {
  const actions = s.action ?? s.notAction ?? [];
  const positive = anyOf(actions.map((a) => compileWildcard(a, true)));
  const action: Matcher = s.notAction ? (a) => !positive(a) : actions.length ? positive : () => false;
  const services = s.notAction ? undefined : servicesOf(actions);
  const inner = s.resource ?? s.notResource;
  // INVARIANT: a statement without Resource/NotResource (resource and trust policies) covers the resource it is attached to.
  const res = inner ? compileResources(inner, variables) : () => true;
  const resource: ResourceMatcher = s.notResource ? (r, parts, ctx) => !res(r, parts, ctx) : res;
  const principalEl = s.principal ?? s.notPrincipal;
  return {
    index,
    ...(s.sid !== undefined ? { sid: s.sid } : {}),
    effect: s.effect,
    ...(services ? { services } : {}),
    action,
    resource,
    ...(principalEl ? { principal: compilePrincipal(principalEl, s.notPrincipal !== undefined) } : {}),
    notPrincipal: s.notPrincipal !== undefined,
    condition: compileCondition(s.condition, variables),
  };
}
