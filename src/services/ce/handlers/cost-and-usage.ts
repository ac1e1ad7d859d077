/**
 * GetCostAndUsage: the caller's priced usage (its family's, for a management account) over
 * [Start, End), per day or per month, grouped by up to two metered dimensions, filtered.
 */
import type { DimensionValuesWithAttributes, Group, ResultByTime } from '../api.generated.js';
import { visibleCells } from '../billing.js';
import type { CeDeps, OpHandlers } from '../deps.js';
import type { PricedCell } from '../pricing/cost-model.js';
import { dimensionValue } from '../query/dimensions.js';
import { compileFilter } from '../query/filter.js';
import { checkMetrics, metricValues } from '../query/metrics.js';
import { dayOf, monthStart, periodsOf } from '../query/periods.js';
import { granularity, groupDimensions, noToken, timePeriod } from '../query/request-checks.js';

export function costAndUsageHandlers(deps: CeDeps): OpHandlers<'GetCostAndUsage'> {
  return {
    async GetCostAndUsage(input, ctx) {
      noToken(input.NextPageToken);
      const { start, end } = timePeriod(input.TimePeriod);
      const gran = granularity(input.Granularity);
      const metrics = checkMetrics(input.Metrics);
      const dims = groupDimensions(input.GroupBy);
      const test = compileFilter(input.Filter, deps.prices);
      const { view, cells } = await visibleCells(deps, ctx.caller.principal.accountId, start, end);
      const kept = cells.filter(test);
      const currentMonth = monthStart(ctx.caller.now);
      const results: ResultByTime[] = periodsOf(start, end, gran).map((p) => {
        const from = dayOf(p.start);
        const to = dayOf(p.end);
        const inPeriod = kept.filter((c) => c.day >= from && c.day < to);
        const r: ResultByTime = { TimePeriod: { Start: from, End: to }, Total: {}, Groups: [], Estimated: p.end > currentMonth };
        if (dims.length === 0) r.Total = metricValues(metrics, inPeriod);
        else r.Groups = groupsOf(inPeriod, dims, metrics, deps);
        return r;
      });
      const out: { ResultsByTime: ResultByTime[]; GroupDefinitions?: { Type: 'DIMENSION'; Key: string }[]; DimensionValueAttributes: DimensionValuesWithAttributes[] } = { ResultsByTime: results, DimensionValueAttributes: [] };
      if (dims.length) out.GroupDefinitions = dims.map((d) => ({ Type: 'DIMENSION', Key: d }));
      if (dims.includes('LINKED_ACCOUNT')) {
        const ids = new Set(kept.map((c) => c.accountId));
        out.DimensionValueAttributes = view.visible.filter((a) => ids.has(a.id)).map((a) => ({ Value: a.id, Attributes: { description: a.name } }));
      }
      return out;
    },
  };
}

function groupsOf(cells: readonly PricedCell[], dims: readonly Parameters<typeof dimensionValue>[1][], metrics: readonly string[], deps: CeDeps): Group[] {
  const by = new Map<string, { keys: string[]; cells: PricedCell[] }>();
  for (const c of cells) {
    const keys = dims.map((d) => dimensionValue(c, d, deps.prices));
    const k = keys.join('\u0000');
    let g = by.get(k);
    if (!g) by.set(k, (g = { keys, cells: [] }));
    g.cells.push(c);
  }
  return [...by.values()].sort((a, b) => (a.keys.join('\u0000') < b.keys.join('\u0000') ? -1 : 1)).map((g) => ({ Keys: g.keys, Metrics: metricValues(metrics, g.cells) }));
}
