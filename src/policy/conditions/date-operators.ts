/**
 * Date condition operators (IAM "Condition operators": Date and time). Values are
 * W3C ISO 8601 dates or epoch (UNIX) seconds. No variables, no wildcards.
 */
import { operatorPair } from './base-operator.js';
import type { BaseOperator } from './base-operator.js';

const EPOCH = /^\s*-?\d+(?:\.\d+)?\s*$/;
const ISO = /^\d{4}(?:-\d{2}(?:-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?)?)?)?$/;

/** Milliseconds since the epoch, or NaN when the text is neither ISO 8601 nor epoch seconds. */
export function parseDate(text: string): number {
  if (EPOCH.test(text)) return Number(text) * 1000;
  const t = text.trim();
  if (!ISO.test(t)) return Number.NaN;
  // A date-time without a zone designator is read as UTC.
  const withZone = t.length > 10 && !/(Z|[+-]\d{2}:\d{2})$/.test(t) ? `${t}Z` : t;
  return Date.parse(withZone);
}

function date(name: string, negated: string | undefined, cmp: (req: number, pol: number) => boolean): BaseOperator[] {
  return operatorPair(name, negated, false, (t) => {
    const p = parseDate(t.source);
    if (Number.isNaN(p)) return undefined;
    return (s) => {
      const r = parseDate(s);
      return !Number.isNaN(r) && cmp(r, p);
    };
  });
}

export const DATE_OPERATORS: readonly BaseOperator[] = [
  ...date('DateEquals', 'DateNotEquals', (r, p) => r === p),
  ...date('DateLessThan', undefined, (r, p) => r < p),
  ...date('DateLessThanEquals', undefined, (r, p) => r <= p),
  ...date('DateGreaterThan', undefined, (r, p) => r > p),
  ...date('DateGreaterThanEquals', undefined, (r, p) => r >= p),
];
