/**
 * Consolidated billing outside the request path (the CLI's invoice): Cost Explorer's invoice over
 * the billing families Organizations knows, wired here as compose.ts wires them for the API.
 */
import { ceDeps, invoiceOf, type Invoice } from '../services/ce/index.js';
import { createBillingFamilies } from '../services/organizations/billing-family.js';
import type { Store } from '../storage/types.js';

/** The invoice `accountId` pays for `month` (`yyyy-MM`), or the payer's id when it is a member account. */
export function invoiceFor(store: Store, accountId: string, month: string): Promise<{ invoice: Invoice } | { payer: string }> {
  return invoiceOf(ceDeps(store, createBillingFamilies(store)), accountId, month);
}
