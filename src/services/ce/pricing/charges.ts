/**
 * Tier math and allocation, exact (Money is an integer of 10^-10 USD):
 * - `tieredCost`: a quantity priced through a product's tiers (each unit at the price of the tier
 *   it falls in, counted from the first unit of the month);
 * - `allocate`: an amount shared out in proportion to weights, by the largest-remainder method
 *   (each share is floor(amount x weight / total); the units left over go one each to the largest
 *   remainders, ties to the earlier key), so the shares add up to the amount exactly.
 */
import type { Money } from './money.js';
import type { Tier } from './price-list.js';

/** The cost of `quantity` units through `tiers`. */
export function tieredCost(quantity: bigint, tiers: readonly Tier[]): Money {
  let cost = 0n;
  for (const t of tiers) {
    if (quantity <= t.begin) break;
    const upper = t.end === undefined || quantity < t.end ? quantity : t.end;
    cost += (upper - t.begin) * t.price;
  }
  return cost;
}

/** `amount` shared in proportion to `weights` (keys in the order ties are broken); shares add up to `amount`. */
export function allocate<K>(amount: Money, weights: readonly (readonly [K, bigint])[]): Map<K, Money> {
  const total = weights.reduce((t, [, w]) => t + w, 0n);
  const out = new Map<K, Money>();
  if (total === 0n) {
    // No proportion to follow (only when nothing was used): all of it to the first key, so nothing is lost.
    weights.forEach(([k], i) => out.set(k, i === 0 ? amount : 0n));
    return out;
  }
  let given = 0n;
  const rests: { k: K; rest: bigint; i: number }[] = [];
  weights.forEach(([k, w], i) => {
    const share = (amount * w) / total;
    out.set(k, share);
    given += share;
    rests.push({ k, rest: (amount * w) % total, i });
  });
  rests.sort((a, b) => (a.rest === b.rest ? a.i - b.i : a.rest > b.rest ? -1 : 1));
  for (let left = amount - given, j = 0; left > 0n; left--, j++) {
    const r = rests[j]!;
    out.set(r.k, out.get(r.k)! + 1n);
  }
  return out;
}
