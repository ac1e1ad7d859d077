/**
 * How one operator/key pair turns the request's key values into true/false
 * (IAM "Condition operators" and "Set operators for multivalued context keys"):
 *
 * - key missing: positive operators are false, negated operators are true,
 *   `...IfExists` is true, `ForAllValues` is true, `ForAnyValue` is false
 *   (unless `IfExists`);
 * - `ForAllValues`: every request value must satisfy the operator (empty set: true);
 * - `ForAnyValue`: at least one request value must satisfy it (empty set: false);
 * - no modifier on a multivalued key: false (a set operator is required);
 * - a request value satisfies a positive operator when it matches ANY policy value,
 *   and a negated operator when it matches NONE of them (multiple values: NOR).
 */
import type { Matcher } from '../compile/wildcard-matcher.js';
import type { ContextEntry } from '../evaluate/request-context.js';
import type { ParsedOperator } from './condition-operator.js';

/** Evaluates a non-Null operator given the prepared positive matchers of its policy values. */
export function evaluateOperator(op: ParsedOperator, negated: boolean, matchers: readonly Matcher[], entry: ContextEntry | undefined): boolean {
  const satisfies = (v: string): boolean => {
    for (const m of matchers) if (m(v)) return !negated;
    return negated;
  };
  if (entry === undefined) {
    if (op.setModifier === 'ForAllValues') return true;
    if (op.setModifier === 'ForAnyValue') return op.ifExists;
    return op.ifExists || negated;
  }
  if (op.setModifier === 'ForAllValues') return entry.values.every(satisfies);
  if (op.setModifier === 'ForAnyValue') return entry.values.some(satisfies);
  if (entry.multi) return false;
  const v = entry.values[0];
  return v !== undefined && satisfies(v);
}

/**
 * The `Null` operator: `true` matches a missing key, `false` a present one; several
 * policy values are OR-ed. Unrecognised values never match.
 */
export function evaluateNull(values: readonly string[], entry: ContextEntry | undefined): boolean {
  const present = entry !== undefined;
  for (const v of values) {
    const lower = v.toLowerCase();
    if ((lower === 'true' && !present) || (lower === 'false' && present)) return true;
  }
  return false;
}
