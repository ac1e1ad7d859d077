/**
 * What an account sees of its billing family's priced usage, and the family's invoice. Usage is
 * priced over the whole family, month by month (tiers apply to the family's combined usage); the
 * management account sees every account's cells, a member only its own (at the family's prices),
 * an account in no organization pays alone.
 */
import type { BillingFamily, CeDeps, FamilyAccount } from './deps.js';
import { usageOfMonth } from './meter/usage-store.js';
import { priceUsage, type PricedCell, type UsageCell } from './pricing/cost-model.js';
import { buildInvoice, type Invoice } from './pricing/invoice.js';
import { dayOf, monthsIn } from './query/periods.js';

export interface BillingView {
  readonly family: BillingFamily | undefined;
  /** The accounts whose cells the caller sees (itself, or the whole family for its management account). */
  readonly visible: readonly FamilyAccount[];
}

/** The caller's view of its family. */
export async function billingView(deps: CeDeps, accountId: string): Promise<BillingView> {
  const family = await deps.families.familyOf(accountId);
  if (family && family.managementAccountId === accountId) return { family, visible: family.accounts };
  const self = family?.accounts.find((a) => a.id === accountId) ?? { id: accountId, name: accountId };
  return { family, visible: [self] };
}

/** The family's (or the lone account's) usage of one month. */
async function familyUsage(deps: CeDeps, view: BillingView, month: string, payer: string): Promise<UsageCell[]> {
  const ids = view.family ? view.family.accounts.map((a) => a.id) : [payer];
  return (await Promise.all(ids.map((id) => usageOfMonth(deps.store, id, month)))).flat();
}

/** The priced cells the caller sees in [start, end) (epoch ms of UTC days). */
export async function visibleCells(deps: CeDeps, accountId: string, start: number, end: number): Promise<{ view: BillingView; cells: PricedCell[] }> {
  const view = await billingView(deps, accountId);
  const seen = new Set(view.visible.map((a) => a.id));
  const from = dayOf(start);
  const to = dayOf(end);
  const cells: PricedCell[] = [];
  for (const month of monthsIn(start, end)) {
    for (const c of priceUsage(await familyUsage(deps, view, month, accountId), deps.prices)) {
      if (seen.has(c.accountId) && c.day >= from && c.day < to) cells.push(c);
    }
  }
  return { view, cells };
}

/**
 * The invoice of `month` (`yyyy-MM`) of the family `accountId` pays for: its organization's when it
 * is the management account, its own when it is in none. A member account pays no invoice (undefined
 * with the payer's id).
 */
export async function invoiceOf(deps: CeDeps, accountId: string, month: string): Promise<{ invoice: Invoice } | { payer: string }> {
  const view = await billingView(deps, accountId);
  if (view.family && view.family.managementAccountId !== accountId) return { payer: view.family.managementAccountId };
  const accounts = view.family?.accounts ?? [{ id: accountId, name: accountId }];
  const cells = await familyUsage(deps, view, month, accountId);
  const payer = view.family ? { organizationId: view.family.organizationId, payerAccountId: accountId, accounts } : { payerAccountId: accountId, accounts };
  return { invoice: buildInvoice(month, payer, cells, deps.prices) };
}
