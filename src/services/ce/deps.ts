/** What Cost Explorer's handlers need, and the typing helpers they share. */
import type { Handler } from '../../protocol/service-definition.js';
import type { Store } from '../../storage/types.js';
import type { Input, OperationName, Output } from './api.generated.js';
import type { PriceList } from './pricing/price-list.js';

/** An account of a billing family. */
export interface FamilyAccount {
  readonly id: string;
  readonly name: string;
}

/**
 * A consolidated billing family: an organization's management account (the payer) and its
 * members. Organizations provides it (the gateway wires it: services never import each other).
 */
export interface BillingFamily {
  readonly organizationId: string;
  readonly managementAccountId: string;
  /** Every account of the organization, the management account first. */
  readonly accounts: readonly FamilyAccount[];
}

export interface BillingFamilySource {
  /** The family of an account in an organization, or undefined when it is in none (it pays alone). */
  familyOf(accountId: string): Promise<BillingFamily | undefined>;
}

export interface CeDeps {
  readonly store: Store;
  readonly prices: PriceList;
  readonly families: BillingFamilySource;
}

export type OpHandler<Op extends OperationName> = Handler<Input<Op>, Output<Op>>;
export type OpHandlers<K extends OperationName> = { readonly [Op in K]: OpHandler<Op> };
