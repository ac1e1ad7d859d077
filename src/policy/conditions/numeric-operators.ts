/** Numeric condition operators (IAM "Condition operators": Numeric). No variables. */
import { operatorPair } from './base-operator.js';
import type { BaseOperator } from './base-operator.js';

const NUMBER = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/;

/** Parses an integer or decimal; NaN when the text is not a number. */
export function parseNumber(text: string): number {
  return NUMBER.test(text) ? Number(text) : Number.NaN;
}

function numeric(name: string, negated: string | undefined, cmp: (req: number, pol: number) => boolean): BaseOperator[] {
  return operatorPair(name, negated, false, (t) => {
    const p = parseNumber(t.source);
    if (Number.isNaN(p)) return undefined;
    return (s) => {
      const r = parseNumber(s);
      return !Number.isNaN(r) && cmp(r, p);
    };
  });
}

export const NUMERIC_OPERATORS: readonly BaseOperator[] = [
  ...numeric('NumericEquals', 'NumericNotEquals', (r, p) => r === p),
  ...numeric('NumericLessThan', undefined, (r, p) => r < p),
  ...numeric('NumericLessThanEquals', undefined, (r, p) => r <= p),
  ...numeric('NumericGreaterThan', undefined, (r, p) => r > p),
  ...numeric('NumericGreaterThanEquals', undefined, (r, p) => r >= p),
];
