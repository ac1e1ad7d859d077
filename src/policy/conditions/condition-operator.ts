/**
 * Condition operator names: `[ForAllValues:|ForAnyValue:]<Base>[IfExists]`, or `Null`.
 * Names are matched case-insensitively.
 */
import { ARN_OPERATORS } from './arn-operators.js';
import type { BaseOperator } from './base-operator.js';
import { DATE_OPERATORS } from './date-operators.js';
import { IP_OPERATORS } from './ip-operators.js';
import { MISC_OPERATORS } from './misc-operators.js';
import { NUMERIC_OPERATORS } from './numeric-operators.js';
import { STRING_OPERATORS } from './string-operators.js';

/** Multivalued-key set modifier. */
export type SetModifier = 'ForAllValues' | 'ForAnyValue';

/** A decoded operator name. `base` is undefined for `Null`. */
export interface ParsedOperator {
  readonly setModifier?: SetModifier;
  readonly base?: BaseOperator;
  readonly isNull: boolean;
  readonly ifExists: boolean;
}

const BY_NAME = new Map<string, BaseOperator>(
  [...STRING_OPERATORS, ...NUMERIC_OPERATORS, ...DATE_OPERATORS, ...MISC_OPERATORS, ...IP_OPERATORS, ...ARN_OPERATORS].map(
    (op) => [op.name.toLowerCase(), op],
  ),
);

/** Every base operator name (for generators and docs). */
export const BASE_OPERATOR_NAMES: readonly string[] = [...BY_NAME.values()].map((op) => op.name);

/** Decodes an operator name; undefined when IAM would reject it as an invalid condition type. */
export function parseOperator(name: string): ParsedOperator | undefined {
  let rest = name;
  let setModifier: SetModifier | undefined;
  const colon = rest.indexOf(':');
  if (colon >= 0) {
    const prefix = rest.slice(0, colon).toLowerCase();
    if (prefix === 'forallvalues') setModifier = 'ForAllValues';
    else if (prefix === 'foranyvalue') setModifier = 'ForAnyValue';
    else return undefined;
    rest = rest.slice(colon + 1);
  }
  const lower = rest.toLowerCase();
  if (lower === 'null') return setModifier ? { setModifier, isNull: true, ifExists: false } : { isNull: true, ifExists: false };
  const ifExists = lower.endsWith('ifexists');
  const base = BY_NAME.get(ifExists ? lower.slice(0, -'ifexists'.length) : lower);
  if (!base) return undefined;
  return setModifier ? { setModifier, base, isNull: false, ifExists } : { base, isNull: false, ifExists };
}
