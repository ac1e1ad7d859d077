/**
 * GetDimensionValues: the values a metered dimension takes in the caller's usage over [Start, End)
 * (LINKED_ACCOUNT with the account name as `description`), optionally narrowed by `SearchString`
 * (case-insensitive substring) and `Filter`, sorted by value, in one page. Dimensions Rampart does
 * not meter, and the RESERVATIONS / SAVINGS_PLANS contexts, have no values.
 */
import type { DimensionValuesWithAttributes } from '../api.generated.js';
import { visibleCells } from '../billing.js';
import type { CeDeps, OpHandlers } from '../deps.js';
import { dimensionValue, isMetered } from '../query/dimensions.js';
import { compileFilter } from '../query/filter.js';
import { noToken, timePeriod } from '../query/request-checks.js';

export function dimensionValueHandlers(deps: CeDeps): OpHandlers<'GetDimensionValues'> {
  return {
    async GetDimensionValues(input, ctx) {
      noToken(input.NextPageToken);
      const { start, end } = timePeriod(input.TimePeriod);
      const test = compileFilter(input.Filter, deps.prices);
      const dim = input.Dimension;
      if (!isMetered(dim) || (input.Context ?? 'COST_AND_USAGE') !== 'COST_AND_USAGE') return { DimensionValues: [], ReturnSize: 0, TotalSize: 0 };
      const { view, cells } = await visibleCells(deps, ctx.caller.principal.accountId, start, end);
      const search = input.SearchString?.toLowerCase();
      const values = new Set<string>();
      for (const c of cells) {
        if (!test(c)) continue;
        const v = dimensionValue(c, dim, deps.prices);
        if (search === undefined || v.toLowerCase().includes(search)) values.add(v);
      }
      const names = new Map(view.visible.map((a) => [a.id, a.name]));
      const out: DimensionValuesWithAttributes[] = [...values].sort().map((v) => ({ Value: v, Attributes: (dim === 'LINKED_ACCOUNT' ? { description: names.get(v) ?? v } : {}) as Record<string, string> }));
      return { DimensionValues: out, ReturnSize: out.length, TotalSize: out.length };
    },
  };
}
