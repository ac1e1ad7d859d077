/**
 * Organizations' side of consolidated billing: the billing family of an account (its organization's
 * management account, which pays, and every member, the management account first). Cost Explorer
 * receives it through the gateway (services never import each other), typed structurally there.
 */
import type { Store } from '../../storage/types.js';
import { listIn, members, organizationOf } from './store.js';

export interface BillingFamilyView {
  readonly organizationId: string;
  readonly managementAccountId: string;
  readonly accounts: readonly { readonly id: string; readonly name: string }[];
}

export function createBillingFamilies(store: Store): { familyOf(accountId: string): Promise<BillingFamilyView | undefined> } {
  return {
    async familyOf(accountId) {
      const o = await organizationOf(store, accountId);
      if (!o) return undefined;
      const all = await listIn(store, members, o.org.id);
      const mgmt = o.org.managementAccountId;
      const accounts = all.map((m) => ({ id: m.accountId, name: m.name })).sort((a, b) => (a.id === mgmt ? -1 : b.id === mgmt ? 1 : a.id < b.id ? -1 : 1));
      return { organizationId: o.org.id, managementAccountId: mgmt, accounts };
    },
  };
}
