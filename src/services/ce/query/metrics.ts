/**
 * Cost Explorer's metrics over priced cells. Rampart has no reservations, savings plans, credits or
 * refunds, so every cost metric is the same amount (the tier-priced, allocated charge);
 * UsageQuantity is the number of requests (NormalizedUsageAmount too: requests need no normalizing).
 * Amounts are exact decimals (up to ten places, trailing zeros dropped).
 */
import { invalidMetric } from '../errors.js';
import type { PricedCell } from '../pricing/cost-model.js';
import { formatExact, type Money } from '../pricing/money.js';

const COST = ['AmortizedCost', 'BlendedCost', 'NetAmortizedCost', 'NetUnblendedCost', 'UnblendedCost'];
const QUANTITY = ['NormalizedUsageAmount', 'UsageQuantity'];

/** The metric names of a request, each checked. */
export function checkMetrics(names: readonly string[]): string[] {
  for (const n of names) if (!COST.includes(n) && !QUANTITY.includes(n)) throw invalidMetric(n);
  if (names.length === 0) throw invalidMetric('');
  return [...new Set(names)];
}

/** A decimal string of Money without trailing zeros ("1.5", "0"). */
export function amountOf(v: Money): string {
  return formatExact(v).replace(/\.?0+$/, '');
}

export function metricValues(names: readonly string[], cells: readonly PricedCell[]): Record<string, { Amount: string; Unit: string }> {
  const out: Record<string, { Amount: string; Unit: string }> = {};
  let cost = 0n;
  let quantity = 0;
  for (const c of cells) {
    cost += c.cost;
    quantity += c.quantity;
  }
  for (const n of names) out[n] = COST.includes(n) ? { Amount: amountOf(cost), Unit: 'USD' } : { Amount: String(quantity), Unit: 'N/A' };
  return out;
}
