/**
 * Usage to charges. A month's usage of a billing family (an organization, or an account in none) is
 * priced per product (service and usage type): the family's combined quantity goes through the
 * tiers once, which is the saving of consolidated billing, and the product's cost is allocated back
 * to each usage cell (day, account, service, operation, usage type) in proportion to its quantity
 * (charges.ts `allocate`). Any grouping of the priced cells (by account, service, usage type, day)
 * then adds up exactly to the family's total.
 */
import { allocate, tieredCost } from './charges.js';
import type { Money } from './money.js';
import type { PriceList } from './price-list.js';

/** Usage of one (day, account, service, operation, usage type). */
export interface UsageCell {
  /** `YYYY-MM-DD` (UTC). */
  readonly day: string;
  readonly accountId: string;
  /** Rampart's service name (`iam`, `sts`, ...). */
  readonly service: string;
  readonly operation: string;
  readonly usageType: string;
  readonly quantity: number;
}

export interface PricedCell extends UsageCell {
  readonly cost: Money;
}

/** Prices one billing family's usage of one month (cells of one month only). */
export function priceUsage(cells: readonly UsageCell[], prices: PriceList): PricedCell[] {
  const byProduct = new Map<string, UsageCell[]>();
  for (const c of cells) {
    const k = `${c.service}|${c.usageType}`;
    let list = byProduct.get(k);
    if (!list) byProduct.set(k, (list = []));
    list.push(c);
  }
  const out: PricedCell[] = [];
  for (const list of byProduct.values()) {
    const product = prices.product(list[0]!.service, list[0]!.usageType);
    const quantity = list.reduce((t, c) => t + BigInt(c.quantity), 0n);
    const cost = product ? tieredCost(quantity, product.tiers) : 0n;
    // Ties are broken in a fixed order (account, day, operation), whatever order the cells came in.
    const sorted = [...list].sort((a, b) => cmp(a.accountId, b.accountId) || cmp(a.day, b.day) || cmp(a.operation, b.operation));
    const shares = allocate(cost, sorted.map((c) => [c, BigInt(c.quantity)] as const));
    for (const c of sorted) out.push({ ...c, cost: shares.get(c)! });
  }
  return out;
}

/** What each account's usage would cost priced alone (no consolidated billing), by account. */
export function aloneCosts(cells: readonly UsageCell[], prices: PriceList): Map<string, Money> {
  const byAccount = new Map<string, UsageCell[]>();
  for (const c of cells) {
    let list = byAccount.get(c.accountId);
    if (!list) byAccount.set(c.accountId, (list = []));
    list.push(c);
  }
  const out = new Map<string, Money>();
  for (const [id, list] of byAccount) out.set(id, priceUsage(list, prices).reduce((t, c) => t + c.cost, 0n));
  return out;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
