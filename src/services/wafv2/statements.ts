/**
 * Rule statements, checked structurally and costed in WCUs in one walk. Nesting rules (developer
 * guide, "Rule statements"): rate-based, managed rule group and rule group reference statements
 * are not nestable (a rule's top-level statement only) and rule groups cannot hold the last two;
 * AND/OR take at least two statements, NOT exactly one; scope-down statements are nested
 * statements. Costs (developer guide, each statement's "WCUs"): see README.md.
 */
import type { ParameterExceptionField, RuleActionOverride, Scope, Statement } from './api.generated.js';
import type { Kind } from './arns.js';
import { BAD_FORMAT, BAD_REFERENCE, MULTIPLE_VALUES, EXACTLY_ONE, NOT_NESTABLE, THRESHOLD, UNSUPPORTED, invalidParameter, nonexistent } from './errors.js';
import { checkTransformations, componentCost, exactlyOne, setMembers } from './fields.js';
import { findManagedGroup } from './managed.js';
import { checkManagedConfigs } from './managed-configs.js';
import { regexProblem } from './regex-syntax.js';
import type { EntityRecord, RuleGroupData } from './store.js';

/** Deepest statement nesting accepted (bounds the walk). (AWS's own bound is unconfirmed.) */
export const MAX_DEPTH = 20;

export const STATEMENT_FIELD: Readonly<Record<keyof Statement, ParameterExceptionField>> = {
  ByteMatchStatement: 'BYTE_MATCH_STATEMENT',
  SqliMatchStatement: 'SQLI_MATCH_STATEMENT',
  XssMatchStatement: 'XSS_MATCH_STATEMENT',
  SizeConstraintStatement: 'SIZE_CONSTRAINT_STATEMENT',
  GeoMatchStatement: 'GEO_MATCH_STATEMENT',
  RuleGroupReferenceStatement: 'RULE_GROUP_REFERENCE_STATEMENT',
  IPSetReferenceStatement: 'IP_SET_REFERENCE_STATEMENT',
  RegexPatternSetReferenceStatement: 'REGEX_PATTERN_REFERENCE_STATEMENT',
  RateBasedStatement: 'RATE_BASED_STATEMENT',
  AndStatement: 'AND_STATEMENT',
  OrStatement: 'OR_STATEMENT',
  NotStatement: 'NOT_STATEMENT',
  ManagedRuleGroupStatement: 'MANAGED_RULE_SET_STATEMENT',
  LabelMatchStatement: 'LABEL_MATCH_STATEMENT',
  RegexMatchStatement: 'STATEMENT',
  AsnMatchStatement: 'STATEMENT',
};

/** The one statement type a Statement holds. */
export function statementType(s: Statement | undefined): keyof Statement {
  const set = setMembers(s);
  if (set.length === 0) throw invalidParameter('STATEMENT', 'Statement', EXACTLY_ONE);
  if (set.length > 1) throw invalidParameter('STATEMENT', 'Statement', MULTIPLE_VALUES);
  return set[0] as keyof Statement;
}

/** Every entity a statement references (scope-down statements included), by kind. */
export function collectRefs(s: Statement | undefined, out: { kind: Kind; arn: string }[], depth = 0): void {
  if (!s) return;
  if (depth > MAX_DEPTH) throw invalidParameter('STATEMENT', 'Statement', UNSUPPORTED);
  if (s.IPSetReferenceStatement) out.push({ kind: 'ipset', arn: s.IPSetReferenceStatement.ARN });
  if (s.RegexPatternSetReferenceStatement) out.push({ kind: 'regexpatternset', arn: s.RegexPatternSetReferenceStatement.ARN });
  if (s.RuleGroupReferenceStatement) out.push({ kind: 'rulegroup', arn: s.RuleGroupReferenceStatement.ARN });
  for (const n of [...(s.AndStatement?.Statements ?? []), ...(s.OrStatement?.Statements ?? [])]) collectRefs(n, out, depth + 1);
  collectRefs(s.NotStatement?.Statement, out, depth + 1);
  collectRefs(s.RateBasedStatement?.ScopeDownStatement, out, depth + 1);
  collectRefs(s.ManagedRuleGroupStatement?.ScopeDownStatement, out, depth + 1);
}

/** What the walk needs: who owns the rules and the referenced entities, resolved. */
export interface StatementContext {
  readonly owner: 'webacl' | 'rulegroup';
  readonly scope: Scope;
  readonly refs: ReadonlyMap<string, EntityRecord>;
  /** The (component, transformation) pairs already charged among the rules costed together. */
  readonly transforms?: Set<string>;
}

const EVALUATION_WINDOWS = new Set([60, 120, 300, 600]);

function ruleNamesCheck(names: ReadonlySet<string>, excluded: readonly { Name: string }[] | undefined, overrides: readonly RuleActionOverride[] | undefined): void {
  for (const e of excluded ?? []) if (!names.has(e.Name)) throw invalidParameter('EXCLUDED_RULE', e.Name, BAD_REFERENCE);
  for (const o of overrides ?? []) {
    if (!names.has(o.Name)) throw invalidParameter('RULE', o.Name, BAD_REFERENCE);
    exactlyOne(o.ActionToUse, 'RULE_ACTION', o.Name);
  }
}

function referenced(ctx: StatementContext, arn: string, kind: Kind): EntityRecord {
  const r = ctx.refs.get(arn);
  if (!r || r.kind !== kind || r.scope !== ctx.scope) throw nonexistent();
  return r;
}

/** Checks one statement and returns its WCUs. `top`: the rule's own statement (not nested, not scope-down). */
export function statementCost(s: Statement | undefined, ctx: StatementContext, top: boolean, depth = 0): number {
  if (depth > MAX_DEPTH) throw invalidParameter('STATEMENT', 'Statement', UNSUPPORTED);
  if (!ctx.transforms) return statementCost(s, { ...ctx, transforms: new Set() }, top, depth);
  const type = statementType(s);
  const field = STATEMENT_FIELD[type];
  const nested = (n: Statement | undefined) => statementCost(n, ctx, false, depth + 1);
  const st = s!;
  const seen = ctx.transforms;
  switch (type) {
    case 'ByteMatchStatement': {
      const b = st.ByteMatchStatement!;
      if (b.SearchString.length < 1 || b.SearchString.length > 200) throw invalidParameter(field, 'SearchString', UNSUPPORTED);
      const base = b.PositionalConstraint === 'CONTAINS' || b.PositionalConstraint === 'CONTAINS_WORD' ? 10 : 2;
      return componentCost(base, b.FieldToMatch, b.TextTransformations, seen);
    }
    case 'SqliMatchStatement': {
      const q = st.SqliMatchStatement!;
      return componentCost(q.SensitivityLevel === 'HIGH' ? 30 : 20, q.FieldToMatch, q.TextTransformations, seen);
    }
    case 'XssMatchStatement':
      return componentCost(40, st.XssMatchStatement!.FieldToMatch, st.XssMatchStatement!.TextTransformations, seen);
    case 'SizeConstraintStatement':
      return componentCost(1, st.SizeConstraintStatement!.FieldToMatch, st.SizeConstraintStatement!.TextTransformations, seen);
    case 'RegexMatchStatement':
      if (regexProblem(st.RegexMatchStatement!.RegexString) !== undefined) throw invalidParameter(field, st.RegexMatchStatement!.RegexString, BAD_FORMAT);
      return componentCost(3, st.RegexMatchStatement!.FieldToMatch, st.RegexMatchStatement!.TextTransformations, seen);
    case 'RegexPatternSetReferenceStatement': {
      const r = st.RegexPatternSetReferenceStatement!;
      referenced(ctx, r.ARN, 'regexpatternset');
      return componentCost(25, r.FieldToMatch, r.TextTransformations, seen);
    }
    case 'GeoMatchStatement':
      if (!st.GeoMatchStatement!.CountryCodes?.length) throw invalidParameter(field, 'CountryCodes', UNSUPPORTED);
      return 1;
    case 'AsnMatchStatement':
    case 'LabelMatchStatement':
      return 1;
    case 'IPSetReferenceStatement': {
      const r = st.IPSetReferenceStatement!;
      referenced(ctx, r.ARN, 'ipset');
      return r.IPSetForwardedIPConfig?.Position === 'ANY' ? 5 : 1;
    }
    case 'AndStatement':
    case 'OrStatement': {
      const list = (type === 'AndStatement' ? st.AndStatement! : st.OrStatement!).Statements;
      if (list.length < 2) throw invalidParameter(field, type, THRESHOLD);
      return list.reduce((sum, n) => sum + nested(n), 0);
    }
    case 'NotStatement':
      return nested(st.NotStatement!.Statement);
    case 'RateBasedStatement': {
      if (!top) throw invalidParameter(field, type, NOT_NESTABLE);
      const r = st.RateBasedStatement!;
      if (r.EvaluationWindowSec !== undefined && !EVALUATION_WINDOWS.has(r.EvaluationWindowSec)) throw invalidParameter(field, 'EvaluationWindowSec', UNSUPPORTED);
      const keys = r.CustomKeys ?? [];
      if ((r.AggregateKeyType === 'CUSTOM_KEYS') !== keys.length > 0 || keys.length > 5) throw invalidParameter('CUSTOM_KEYS', 'CustomKeys', UNSUPPORTED);
      if ((r.AggregateKeyType === 'FORWARDED_IP') !== (r.ForwardedIPConfig !== undefined)) throw invalidParameter('FORWARDED_IP_CONFIG', 'ForwardedIPConfig', UNSUPPORTED);
      if (r.AggregateKeyType === 'CONSTANT' && !r.ScopeDownStatement) throw invalidParameter('SCOPE_DOWN', 'ScopeDownStatement', UNSUPPORTED);
      for (const k of keys) {
        const which = exactlyOne(k, 'CUSTOM_KEYS', 'CustomKey');
        const tts = (k as Record<string, { TextTransformations?: [] }>)[which]?.TextTransformations;
        if (tts !== undefined) checkTransformations(tts);
      }
      return 2 + 30 * keys.length + (r.ScopeDownStatement ? nested(r.ScopeDownStatement) : 0);
    }
    case 'ManagedRuleGroupStatement': {
      if (!top || ctx.owner === 'rulegroup') throw invalidParameter(field, type, NOT_NESTABLE);
      const m = st.ManagedRuleGroupStatement!;
      const g = findManagedGroup(m.VendorName, m.Name);
      if (!g || m.Version !== undefined) throw nonexistent();
      checkManagedConfigs(m.Name, m.ManagedRuleGroupConfigs);
      ruleNamesCheck(new Set(g.rules.map((r) => r.name)), m.ExcludedRules, m.RuleActionOverrides);
      return g.capacity + (m.ScopeDownStatement ? nested(m.ScopeDownStatement) : 0);
    }
    case 'RuleGroupReferenceStatement': {
      if (!top || ctx.owner === 'rulegroup') throw invalidParameter(field, type, NOT_NESTABLE);
      const r = st.RuleGroupReferenceStatement!;
      const g = referenced(ctx, r.ARN, 'rulegroup') as EntityRecord<'rulegroup'>;
      const data: RuleGroupData = g.data;
      ruleNamesCheck(new Set(data.Rules.map((x) => x.Name)), r.ExcludedRules, r.RuleActionOverrides);
      return data.Capacity;
    }
  }
}
