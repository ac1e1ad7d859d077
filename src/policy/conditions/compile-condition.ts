/**
 * Compiles a statement's Condition block into one closure. Several operators and
 * several keys are AND-ed; several values of one key are OR-ed (NOR for negated
 * operators). Values without variables are prepared once, at compile time.
 */
import type { Matcher } from '../compile/wildcard-matcher.js';
import type { EvalContext } from '../evaluate/request-context.js';
import type { ConditionEntry } from '../model/policy-document.js';
import { NO_VARIABLES, parseTemplate } from '../variables/policy-variables.js';
import type { Template } from '../variables/policy-variables.js';
import { parseOperator } from './condition-operator.js';
import { evaluateNull, evaluateOperator } from './set-modifiers.js';

/** A compiled condition: true when the request satisfies it. */
export type ConditionFn = (ctx: EvalContext) => boolean;

const ALWAYS: ConditionFn = () => true;
const NEVER: ConditionFn = () => false;

/** Compiles one operator/key pair; unknown operators never match (lenient parsing of stored policies). */
export function compileConditionEntry(entry: ConditionEntry, variables: boolean): ConditionFn {
  const op = parseOperator(entry.operator);
  if (!op) return NEVER;
  const key = entry.key.toLowerCase();
  if (op.isNull) return (ctx) => evaluateNull(entry.values, ctx.get(key));
  const base = op.base;
  if (!base) return NEVER;
  const templates: Template[] = entry.values.map((v) =>
    base.variables && variables ? parseTemplate(v) : { source: v, parts: [{ kind: 'text', text: v }], hasVariables: false },
  );
  const dynamic = templates.some((t) => t.hasVariables);
  if (!dynamic) {
    // INVARIANT: unresolvable values are dropped, so a negated operator with no usable values is true.
    const matchers = templates.map((t) => base.prepare(t, NO_VARIABLES)).filter((m): m is Matcher => m !== undefined);
    return (ctx) => evaluateOperator(op, base.negated, matchers, ctx.get(key));
  }
  return (ctx) => {
    const matchers: Matcher[] = [];
    for (const t of templates) {
      const m = base.prepare(t, ctx.lookup);
      if (m) matchers.push(m);
    }
    return evaluateOperator(op, base.negated, matchers, ctx.get(key));
  };
}

/** Compiles a whole Condition block (logical AND of its entries). */
export function compileCondition(entries: readonly ConditionEntry[], variables: boolean): ConditionFn {
  if (entries.length === 0) return ALWAYS;
  const fns = entries.map((e) => compileConditionEntry(e, variables));
  if (fns.length === 1) return fns[0] ?? ALWAYS;
  return (ctx) => {
    for (const f of fns) if (!f(ctx)) return false;
    return true;
  };
}
