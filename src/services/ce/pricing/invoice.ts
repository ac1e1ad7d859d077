/**
 * The monthly invoice of a billing family: one line per account (the management account's and each
 * member's), each line's exact charge rounded to the cent (half away from zero), the total the sum
 * of the rounded lines (so the invoice adds up on paper), and beside each line what the account
 * would have paid alone (also rounded per account): the saving is the difference of the two totals.
 */
import { aloneCosts, priceUsage, type UsageCell } from './cost-model.js';
import { roundToCent, type Money } from './money.js';
import type { PriceList } from './price-list.js';

/** An account of the invoice. */
export interface FamilyAccount {
  readonly id: string;
  readonly name: string;
}

export interface InvoiceLine {
  readonly accountId: string;
  readonly accountName: string;
  readonly requests: number;
  /** Exact charge (10^-10 USD). */
  readonly exact: Money;
  /** Charge rounded to the cent. */
  readonly charge: Money;
  /** What the account's own usage would cost priced alone, rounded to the cent. */
  readonly alone: Money;
  /** Charge by SERVICE dimension value (exact). */
  readonly byService: ReadonlyMap<string, Money>;
}

export interface Invoice {
  /** `YYYY-MM`. */
  readonly month: string;
  readonly organizationId: string | undefined;
  readonly payerAccountId: string;
  readonly currency: 'USD';
  readonly lines: readonly InvoiceLine[];
  /** Sum of the rounded lines. */
  readonly total: Money;
  /** Sum of what each account would have paid alone (rounded per account). */
  readonly aloneTotal: Money;
  readonly saving: Money;
  readonly priceListVersion: string;
}

/** The invoice of `accounts` (payer first) for `month` from their usage cells of that month. */
export function buildInvoice(month: string, payer: { organizationId?: string; payerAccountId: string; accounts: readonly FamilyAccount[] }, cells: readonly UsageCell[], prices: PriceList): Invoice {
  const priced = priceUsage(cells, prices);
  const alone = aloneCosts(cells, prices);
  const lines = payer.accounts.map((a): InvoiceLine => {
    const mine = priced.filter((c) => c.accountId === a.id);
    const exact = mine.reduce((t, c) => t + c.cost, 0n);
    const byService = new Map<string, Money>();
    for (const c of mine) {
      const name = prices.serviceName(c.service);
      byService.set(name, (byService.get(name) ?? 0n) + c.cost);
    }
    return { accountId: a.id, accountName: a.name, requests: mine.reduce((t, c) => t + c.quantity, 0), exact, charge: roundToCent(exact), alone: roundToCent(alone.get(a.id) ?? 0n), byService };
  });
  const total = lines.reduce((t, l) => t + l.charge, 0n);
  const aloneTotal = lines.reduce((t, l) => t + l.alone, 0n);
  return { month, organizationId: payer.organizationId, payerAccountId: payer.payerAccountId, currency: 'USD', lines, total, aloneTotal, saving: aloneTotal - total, priceListVersion: prices.version };
}
