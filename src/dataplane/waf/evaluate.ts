/**
 * A web ACL compiled once per version and evaluated per request as AWS WAF does: rules by
 * ascending priority; rule groups (referenced and managed) inline in their own priority order,
 * with OverrideAction Count, RuleActionOverrides, ExcludedRules (Count) and ScopeDownStatement;
 * the first terminating action wins (Allow, Block, a CAPTCHA / Challenge without a valid token);
 * Count and solved CAPTCHA / Challenge add their labels and headers and go on; else the default.
 */
import { createHash } from 'node:crypto';
import type { CustomHTTPHeader, CustomResponse, CustomResponseBody, RateBasedStatement, Rule, RuleAction, Statement, VisibilityConfig } from '../../services/wafv2/api.generated.js';
import type { RuleGroupData } from '../../services/wafv2/store.js';
import type { InspectedRequest, ManagedRuleGroupLogic } from './inspected-request.js';
import { rateKeyOf } from './rate-keys.js';
import { RequestMemo } from './request-memo.js';
import type { RateCounter } from './rate-counter.js';
import { compileStatement, qualify, type CompileEnv, type EvalCtx, type Predicate } from './statements.js';

export type ActionName = 'ALLOW' | 'BLOCK' | 'COUNT' | 'CAPTCHA' | 'CHALLENGE';

/** A resolved action with its custom handling. */
export interface Act {
  readonly name: ActionName;
  readonly insertHeaders?: readonly CustomHTTPHeader[];
  readonly response?: CustomResponse;
  /** The custom response bodies of the entity that defines the rule (web ACL or rule group). */
  readonly bodies?: Readonly<Record<string, CustomResponseBody>>;
  readonly immunitySec?: number;
}

export function actOf(a: RuleAction | undefined, bodies: Readonly<Record<string, CustomResponseBody>> | undefined, immunity: { captcha: number; challenge: number }): Act {
  if (a?.Block) return { name: 'BLOCK', ...(a.Block.CustomResponse ? { response: a.Block.CustomResponse } : {}), ...(bodies ? { bodies } : {}) };
  if (a?.Allow) return { name: 'ALLOW', insertHeaders: a.Allow.CustomRequestHandling?.InsertHeaders ?? [] };
  if (a?.Captcha) return { name: 'CAPTCHA', insertHeaders: a.Captcha.CustomRequestHandling?.InsertHeaders ?? [], immunitySec: immunity.captcha };
  if (a?.Challenge) return { name: 'CHALLENGE', insertHeaders: a.Challenge.CustomRequestHandling?.InsertHeaders ?? [], immunitySec: immunity.challenge };
  return { name: 'COUNT', insertHeaders: a?.Count?.CustomRequestHandling?.InsertHeaders ?? [] };
}

/** One rule ready to run (regular, rate-based, or a group's rule). */
export interface CompiledRule {
  readonly name: string;
  readonly type: 'REGULAR' | 'RATE_BASED' | 'GROUP' | 'MANAGED_RULE_GROUP';
  /** Synchronous match, or the rate-based check. */
  readonly matches: (ctx: EvalCtx, now: number) => boolean | Promise<boolean>;
  readonly action: Act;
  readonly labels: readonly string[];
  /** Labels beyond `labels` that depend on the request (a managed rule's `labelsFor`). */
  readonly labelsFor?: (ctx: EvalCtx) => readonly string[];
  /** A match that only labels: no action, recorded as Count (a managed rule's `labelOnly`). */
  readonly labelOnly?: (ctx: EvalCtx) => boolean;
  /** For a group's rule: the group's id in logs (`AWS#AWSManagedRulesCommonRuleSet` or the group's ARN). */
  readonly groupId?: string;
  /** The web ACL rule this comes from (a group's rules share it). */
  readonly topRule: string;
  /** The web ACL rule's metric name, when it samples requests (GetSampledRequests). */
  readonly sampleMetric?: string;
  /** The rate-based statement's key material (for GetRateBasedStatementManagedKeys). */
  readonly rate?: { readonly limit: number; readonly windowSec: number };
  /** The action before an override changed it (logs: overriddenAction). */
  readonly overriddenFrom?: ActionName;
}

export interface CompiledAcl {
  readonly rules: readonly CompiledRule[];
  readonly defaultAction: Act;
  /** The web ACL's metric name when it samples requests (the default action's samples). */
  readonly sampleMetric?: string;
}

/** Inputs to compile a web ACL beyond the statement environment. */
export interface AclSource {
  readonly accountId: string;
  readonly aclName: string;
  readonly rules: readonly Rule[];
  readonly defaultAction: RuleAction;
  readonly bodies?: Readonly<Record<string, CustomResponseBody>>;
  readonly immunity: { captcha: number; challenge: number };
  readonly visibility?: VisibilityConfig;
  /** Rule groups by ARN (name and data). */
  readonly ruleGroups: ReadonlyMap<string, { readonly name: string; readonly data: RuleGroupData }>;
  readonly managed: (vendor: string, name: string) => ManagedRuleGroupLogic | undefined;
  readonly counter: RateCounter;
  /** The web ACL's id: rate counters are keyed by it, the rule and its statement. */
  readonly versionTag: string;
  /** Told of each IP / forwarded IP key a rate-based rule limits (managed keys). */
  readonly onLimited?: (rule: string, key: string, windowSec: number, nowMs: number) => void;
}

const byPriority = (a: Rule, b: Rule) => a.Priority - b.Priority;

function override(act: Act, name: string, countAll: boolean, excluded: ReadonlySet<string>, overrides: ReadonlyMap<string, RuleAction>, bodies: CompiledAcl['defaultAction']['bodies'], immunity: AclSource['immunity']): { action: Act; from?: ActionName } {
  const o = overrides.get(name);
  if (o) return { action: actOf(o, bodies, immunity), from: act.name };
  if (excluded.has(name) || (countAll && act.name !== 'COUNT')) return { action: { name: 'COUNT', insertHeaders: [] }, from: act.name };
  return { action: act };
}

function withScopeDown(p: Predicate | undefined, inner: CompiledRule['matches']): CompiledRule['matches'] {
  return p ? (ctx, now) => (p(ctx) ? inner(ctx, now) : false) : inner;
}

/**
 * A rate-based statement's check: counts the request under its key when the scope-down statement
 * matches, and matches while the key's count in the window exceeds the limit. `id` names the rule
 * (`RULE`, or `GROUPRULE/RULE` for a rule group's) in counter keys and managed keys.
 */
function rateMatcher(src: AclSource, rb: RateBasedStatement, env: CompileEnv, id: string): CompiledRule['matches'] {
  const scope = rb.ScopeDownStatement ? compileStatement(rb.ScopeDownStatement, env) : undefined;
  const windowSec = rb.EvaluationWindowSec ?? 300;
  const keyOf = rateKeyOf(rb);
  const ipKeyed = rb.AggregateKeyType === 'IP' || rb.AggregateKeyType === 'FORWARDED_IP';
  // Counters are per web ACL, rule and statement: changing the statement starts them anew (as AWS).
  const prefix = `${src.versionTag}:${id}:${createHash('sha256').update(JSON.stringify(rb)).digest('hex').slice(0, 16)}:`;
  return async (ctx, now) => {
    if (scope && !scope(ctx)) return false;
    const key = keyOf(ctx);
    if (key === undefined) return false;
    const over = (await src.counter.hit(prefix + key, windowSec, now)) > rb.Limit;
    if (over && ipKeyed) src.onLimited?.(id, key, windowSec, now);
    return over;
  };
}

export function compileAcl(src: AclSource, env: Omit<CompileEnv, 'labelNamespace'>): CompiledAcl {
  const aclNs = `awswaf:${src.accountId}:webacl:${src.aclName}:`;
  const aclEnv: CompileEnv = { ...env, labelNamespace: aclNs };
  const out: CompiledRule[] = [];
  const labelsOf = (r: Rule, ns: string) => (r.RuleLabels ?? []).map((l) => qualify(l.Name, ns));
  for (const rule of [...src.rules].sort(byPriority)) {
    const s: Statement = rule.Statement;
    const sampled = rule.VisibilityConfig?.SampledRequestsEnabled ? { sampleMetric: rule.VisibilityConfig.MetricName } : {};
    const immunity = {
      captcha: rule.CaptchaConfig?.ImmunityTimeProperty?.ImmunityTime ?? src.immunity.captcha,
      challenge: rule.ChallengeConfig?.ImmunityTimeProperty?.ImmunityTime ?? src.immunity.challenge,
    };
    if (s.RuleGroupReferenceStatement || s.ManagedRuleGroupStatement) {
      const countAll = rule.OverrideAction?.Count !== undefined;
      const ref = s.RuleGroupReferenceStatement ?? s.ManagedRuleGroupStatement!;
      const excluded = new Set((ref.ExcludedRules ?? []).map((e) => e.Name));
      const overrides = new Map((ref.RuleActionOverrides ?? []).map((o) => [o.Name, o.ActionToUse] as const));
      const scopeDown = s.ManagedRuleGroupStatement?.ScopeDownStatement ? compileStatement(s.ManagedRuleGroupStatement.ScopeDownStatement, aclEnv) : undefined;
      if (s.RuleGroupReferenceStatement) {
        const g = src.ruleGroups.get(s.RuleGroupReferenceStatement.ARN);
        if (!g) continue;
        const ns = `awswaf:${src.accountId}:rulegroup:${g.name}:`;
        const gEnv: CompileEnv = { ...env, labelNamespace: ns };
        for (const r of [...g.data.Rules].sort(byPriority)) {
          const rb = r.Statement.RateBasedStatement;
          const p = rb ? undefined : compileStatement(r.Statement, gEnv);
          // A group's rate-based rule counts per web ACL rule (its managed keys: RuleGroupRuleName/RuleName).
          const matches: CompiledRule['matches'] = rb ? rateMatcher(src, rb, gEnv, `${rule.Name}/${r.Name}`) : (ctx) => p!(ctx);
          const o = override(actOf(r.Action, g.data.CustomResponseBodies, immunity), r.Name, countAll, excluded, overrides, g.data.CustomResponseBodies, immunity);
          out.push({ name: r.Name, type: 'GROUP', matches, action: o.action, ...(rb ? { rate: { limit: rb.Limit, windowSec: rb.EvaluationWindowSec ?? 300 } } : {}), labels: labelsOf(r, ns), groupId: s.RuleGroupReferenceStatement.ARN, topRule: rule.Name, ...sampled, ...(o.from ? { overriddenFrom: o.from } : {}) });
        }
      } else {
        const m = s.ManagedRuleGroupStatement!;
        const logic = src.managed(m.VendorName, m.Name);
        for (const r of logic?.rules ?? []) {
          const o = override({ name: r.action === 'Block' ? 'BLOCK' : 'COUNT' }, r.name, countAll, excluded, overrides, src.bodies, immunity);
          out.push({
            name: r.name,
            type: 'MANAGED_RULE_GROUP',
            matches: withScopeDown(scopeDown, (ctx) => r.matches(ctx.req, ctx.memo)),
            action: o.action,
            labels: r.labels,
            ...(r.labelsFor ? { labelsFor: (ctx: EvalCtx) => r.labelsFor!(ctx.req, ctx.memo) } : {}),
            ...(r.labelOnly ? { labelOnly: (ctx: EvalCtx) => r.labelOnly!(ctx.req, ctx.memo) } : {}),
            groupId: `${m.VendorName}#${m.Name}`,
            topRule: rule.Name,
            ...sampled,
            ...(o.from ? { overriddenFrom: o.from } : {}),
          });
        }
      }
      continue;
    }
    const action = actOf(rule.Action, src.bodies, immunity);
    if (s.RateBasedStatement) {
      out.push({ name: rule.Name, type: 'RATE_BASED', matches: rateMatcher(src, s.RateBasedStatement, aclEnv, rule.Name), action, labels: labelsOf(rule, aclNs), topRule: rule.Name, ...sampled, rate: { limit: s.RateBasedStatement.Limit, windowSec: s.RateBasedStatement.EvaluationWindowSec ?? 300 } });
      continue;
    }
    const p = compileStatement(s, aclEnv);
    out.push({ name: rule.Name, type: 'REGULAR', matches: (ctx) => p(ctx), action, labels: labelsOf(rule, aclNs), topRule: rule.Name, ...sampled });
  }
  return { rules: out, defaultAction: actOf(src.defaultAction, src.bodies, src.immunity), ...(src.visibility?.SampledRequestsEnabled ? { sampleMetric: src.visibility.MetricName } : {}) };
}

/** A non-terminating match (logs, samples). */
export interface Matched {
  readonly rule: CompiledRule;
  readonly action: ActionName;
}

export interface Decision {
  /** ALLOW, BLOCK, CAPTCHA or CHALLENGE (the last two: the interstitial is sent). */
  readonly action: Exclude<ActionName, 'COUNT'>;
  readonly act: Act;
  /** undefined: the default action decided. */
  readonly terminating?: CompiledRule;
  readonly nonTerminating: readonly Matched[];
  readonly labels: readonly string[];
  /** Headers to add to the request sent upstream (x-amzn-waf- prefixed). */
  readonly insertHeaders: readonly CustomHTTPHeader[];
}

/** Token state of the request: whether a CAPTCHA / challenge solved within `immunitySec` is present. */
export interface TokenCheck {
  captcha(immunitySec: number): boolean;
  challenge(immunitySec: number): boolean;
}

/** One request's evaluation so far: its labels, non-terminating matches and inserted headers. */
interface Run {
  readonly acl: CompiledAcl;
  readonly ctx: EvalCtx;
  readonly labels: Set<string>;
  readonly tokens: TokenCheck;
  readonly now: number;
  readonly nonTerminating: Matched[];
  readonly inserted: CustomHTTPHeader[];
}

function insert(run: Run, hs: readonly CustomHTTPHeader[] | undefined): void {
  if (hs) for (let i = 0; i < hs.length; i++) run.inserted.push({ Name: `x-amzn-waf-${hs[i]!.Name}`, Value: hs[i]!.Value });
}

/** A matched rule's effect: its labels, then the decision when its action terminates (undefined: go on). */
function onMatch(run: Run, rule: CompiledRule): Decision | undefined {
  for (let i = 0; i < rule.labels.length; i++) run.labels.add(rule.labels[i]!);
  if (rule.labelsFor) for (const l of rule.labelsFor(run.ctx)) run.labels.add(l);
  if (rule.labelOnly?.(run.ctx)) {
    run.nonTerminating.push({ rule, action: 'COUNT' });
    return undefined;
  }
  const a = rule.action;
  const solved = a.name === 'CAPTCHA' ? run.tokens.captcha(a.immunitySec ?? 300) : a.name === 'CHALLENGE' ? run.tokens.challenge(a.immunitySec ?? 300) : false;
  if (a.name === 'COUNT' || solved) {
    run.nonTerminating.push({ rule, action: a.name });
    insert(run, a.insertHeaders);
    return undefined;
  }
  if (a.name === 'ALLOW') insert(run, a.insertHeaders);
  return { action: a.name, act: a, terminating: rule, nonTerminating: run.nonTerminating, labels: [...run.labels], insertHeaders: run.inserted };
}

/**
 * Rules from index `from` on, synchronously until a rule answers with a promise (a rate-based rule's
 * count): the rest then continues once it settles.
 */
function runFrom(run: Run, from: number): Decision | Promise<Decision> {
  const rules = run.acl.rules;
  for (let i = from; i < rules.length; i++) {
    const rule = rules[i]!;
    const m = rule.matches(run.ctx, run.now);
    if (typeof m !== 'boolean') return m.then((hit) => (hit ? onMatch(run, rule) : undefined) ?? runFrom(run, i + 1));
    if (!m) continue;
    const d = onMatch(run, rule);
    if (d) return d;
  }
  const d = run.acl.defaultAction;
  if (d.name === 'ALLOW') insert(run, d.insertHeaders);
  return { action: d.name === 'BLOCK' ? 'BLOCK' : 'ALLOW', act: d, nonTerminating: run.nonTerminating, labels: [...run.labels], insertHeaders: run.inserted };
}

/**
 * The web ACL's decision on a request: a value when every rule answered synchronously (the usual
 * case, no promise or microtask per request), a promise when a rate-based rule had to be counted.
 */
export function evaluate(acl: CompiledAcl, req: InspectedRequest, tokens: TokenCheck, now: number): Decision | Promise<Decision> {
  const labels = new Set<string>();
  // Field by field, not a spread: one object shape for every request (a spread of an object built with
  // optional fields copied it slowly, 4 us a request).
  const withLabels: InspectedRequest = {
    method: req.method, path: req.path, query: req.query, headers: req.headers, body: req.body, bodyOversize: req.bodyOversize,
    clientIp: req.clientIp, httpVersion: req.httpVersion, tls: req.tls, labels,
  };
  const ctx: EvalCtx = { req: withLabels, memo: new RequestMemo(), labels };
  return runFrom({ acl, ctx, labels, tokens, now, nonTerminating: [], inserted: [] }, 0);
}
