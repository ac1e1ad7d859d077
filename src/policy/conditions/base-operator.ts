import type { Matcher } from '../compile/wildcard-matcher.js';
import type { Template, VariableLookup } from '../variables/policy-variables.js';

/**
 * A condition operator family member without modifiers (`StringLike`, `NumericLessThan` ...).
 * Negated operators (`...Not...`) reuse the positive comparison and invert it per
 * request value, so several policy values of a negated operator combine as NOR.
 */
export interface BaseOperator {
  readonly name: string;
  /** True for StringNotEquals, NumericNotEquals, NotIpAddress, ArnNotLike ... */
  readonly negated: boolean;
  /** Whether `${...}` policy variables are interpreted in this operator's values. */
  readonly variables: boolean;
  /**
   * Builds the positive comparison against one policy value, resolving variables with
   * `lookup`. Returns undefined when the value cannot match anything (unparseable
   * number, unresolved variable ...).
   */
  readonly prepare: (value: Template, lookup: VariableLookup) => Matcher | undefined;
}

/** Helper to declare an operator and its negation sharing one comparison. */
export function operatorPair(
  positive: string,
  negative: string | undefined,
  variables: boolean,
  prepare: BaseOperator['prepare'],
): BaseOperator[] {
  const ops: BaseOperator[] = [{ name: positive, negated: false, variables, prepare }];
  if (negative) ops.push({ name: negative, negated: true, variables, prepare });
  return ops;
}
