/**
 * Money as exact integers: a `Money` is a bigint count of 10^-10 USD (AWS's price lists give
 * `pricePerUnit` with ten decimals), so tier math and allocation never drift. Only the invoice
 * rounds, to the cent, half up (docs/billing.md).
 */

/** 10^-10 USD. */
export type Money = bigint;

export const SCALE = 10;
const UNIT = 10n ** BigInt(SCALE);
/** One cent in Money units. */
export const CENT: Money = UNIT / 100n;

/** A decimal string with at most ten decimals ("0.0050000000", "12", "-1.5") as Money; throws on anything else. */
export function parseUsd(text: string): Money {
  const m = /^(-?)(\d+)(?:\.(\d{1,10}))?$/.exec(text);
  if (!m) throw new RangeError(`not a USD amount with at most ${SCALE} decimals: '${text}'`);
  const value = BigInt(m[2]!) * UNIT + BigInt((m[3] ?? '').padEnd(SCALE, '0'));
  return m[1] ? -value : value;
}

/** Money as a decimal string with all ten decimals ("0.0123400000"). */
export function formatExact(v: Money): string {
  const neg = v < 0n;
  const a = neg ? -v : v;
  return `${neg ? '-' : ''}${a / UNIT}.${(a % UNIT).toString().padStart(SCALE, '0')}`;
}

/** Money rounded to the cent, half away from zero, still in Money units. */
export function roundToCent(v: Money): Money {
  const neg = v < 0n;
  const a = neg ? -v : v;
  const cents = (a + CENT / 2n) / CENT;
  return (neg ? -cents : cents) * CENT;
}

/** Money rounded to the cent (half away from zero) as "12.35". */
export function formatCents(v: Money): string {
  const c = roundToCent(v) / CENT;
  const neg = c < 0n;
  const a = neg ? -c : c;
  return `${neg ? '-' : ''}${a / 100n}.${(a % 100n).toString().padStart(2, '0')}`;
}

/** Sum of many amounts. */
export function sum(values: Iterable<Money>): Money {
  let t = 0n;
  for (const v of values) t += v;
  return t;
}
