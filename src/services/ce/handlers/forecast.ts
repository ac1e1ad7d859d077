/**
 * GetCostForecast, by a documented linear method (docs/billing.md): the daily run rate is the
 * caller's cost (or usage) of the current month to date, today included, divided by the days
 * elapsed; when the month has none yet, the previous month's total over its days. Each forecast
 * period is the rate times its days. The prediction interval, when asked for, is the mean itself:
 * the method has no variance model.
 */
import type { ForecastResult } from '../api.generated.js';
import { visibleCells } from '../billing.js';
import type { CeDeps, OpHandlers } from '../deps.js';
import { forecastStartInPast, forecastStartNotBeforeEnd, noHistory } from '../errors.js';
import type { PricedCell } from '../pricing/cost-model.js';
import { compileFilter } from '../query/filter.js';
import { amountOf } from '../query/metrics.js';
import { DAY_MS, dayOf, monthStart, parseDay, periodsOf } from '../query/periods.js';
import { granularity } from '../query/request-checks.js';

export function forecastHandlers(deps: CeDeps): OpHandlers<'GetCostForecast'> {
  return {
    async GetCostForecast(input, ctx) {
      const start = parseDay(input.TimePeriod.Start);
      const end = parseDay(input.TimePeriod.End);
      if (start >= end) throw forecastStartNotBeforeEnd(input.TimePeriod.Start, input.TimePeriod.End);
      const gran = granularity(input.Granularity);
      const today = ctx.caller.now - (ctx.caller.now % DAY_MS);
      if (start < today) throw forecastStartInPast();
      const quantity = input.Metric === 'USAGE_QUANTITY' || input.Metric === 'NORMALIZED_USAGE_AMOUNT';
      const test = compileFilter(input.Filter, deps.prices);
      const account = ctx.caller.principal.accountId;
      const value = (cells: readonly PricedCell[]) => cells.filter(test).reduce((t, c) => t + (quantity ? BigInt(c.quantity) * 10n ** 10n : c.cost), 0n);
      const thisMonth = monthStart(today);
      let basis = value((await visibleCells(deps, account, thisMonth, today + DAY_MS)).cells);
      let days = BigInt((today - thisMonth) / DAY_MS + 1);
      if (basis === 0n) {
        const previous = monthStart(thisMonth - DAY_MS);
        basis = value((await visibleCells(deps, account, previous, thisMonth)).cells);
        days = BigInt((thisMonth - previous) / DAY_MS);
        if (basis === 0n) throw noHistory();
      }
      const over = (from: number, to: number) => (basis * BigInt((to - from) / DAY_MS)) / days;
      const withBounds = input.PredictionIntervalLevel !== undefined;
      const results: ForecastResult[] = periodsOf(start, end, gran).map((p) => {
        const mean = amountOf(over(p.start, p.end));
        return { TimePeriod: { Start: dayOf(p.start), End: dayOf(p.end) }, MeanValue: mean, ...(withBounds ? { PredictionIntervalLowerBound: mean, PredictionIntervalUpperBound: mean } : {}) };
      });
      return { Total: { Amount: amountOf(over(start, end)), Unit: quantity ? 'N/A' : 'USD' }, ForecastResultsByTime: results };
    },
  };
}
