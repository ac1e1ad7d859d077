/**
 * Cost Explorer's filter `Expression` over priced cells: `Dimensions` (Key, Values, MatchOptions
 * EQUALS (default), ABSENT, STARTS_WITH, ENDS_WITH, CONTAINS, CASE_SENSITIVE, CASE_INSENSITIVE),
 * `And`, `Or`, `Not`. Each expression holds exactly one of them. A dimension Rampart does not meter
 * has no value on any cell (only ABSENT matches); `Tags` and `CostCategories` likewise.
 */
import type { Expression } from '../api.generated.js';
import { filterInvalid } from '../errors.js';
import type { PricedCell } from '../pricing/cost-model.js';
import type { PriceList } from '../pricing/price-list.js';
import { dimensionValue, isMetered } from './dimensions.js';

export type CellTest = (cell: PricedCell) => boolean;

export function compileFilter(e: Expression | undefined, prices: PriceList): CellTest {
  if (!e) return () => true;
  const parts = (['And', 'Or', 'Not', 'Dimensions', 'Tags', 'CostCategories'] as const).filter((k) => e[k] !== undefined);
  if (parts.length !== 1) throw filterInvalid('each expression must have exactly one of And, Or, Not, Dimensions, Tags, CostCategories');
  if (e.And || e.Or) {
    const list = (e.And ?? e.Or)!;
    if (list.length < 2) throw filterInvalid(`${e.And ? 'And' : 'Or'} needs at least 2 expressions`);
    const tests = list.map((x) => compileFilter(x, prices));
    return e.And ? (c) => tests.every((t) => t(c)) : (c) => tests.some((t) => t(c));
  }
  if (e.Not) {
    const t = compileFilter(e.Not, prices);
    return (c) => !t(c);
  }
  const v = e.Dimensions ?? e.Tags ?? e.CostCategories!;
  const opts = new Set<string>(v.MatchOptions ?? []);
  const key = v.Key;
  if (!key) throw filterInvalid('Key is required');
  const absent = opts.has('ABSENT');
  const metered = e.Dimensions !== undefined && isMetered(key);
  if (!metered) return () => absent;
  const insensitive = opts.has('CASE_INSENSITIVE');
  const norm = (s: string) => (insensitive ? s.toLowerCase() : s);
  const values = (v.Values ?? []).map(norm);
  const match = opts.has('STARTS_WITH') ? (x: string, w: string) => x.startsWith(w) : opts.has('ENDS_WITH') ? (x: string, w: string) => x.endsWith(w) : opts.has('CONTAINS') ? (x: string, w: string) => x.includes(w) : (x: string, w: string) => x === w;
  if (absent) return () => false;
  return (c) => {
    const x = norm(dimensionValue(c, key, prices));
    return values.some((w) => match(x, w));
  };
}
