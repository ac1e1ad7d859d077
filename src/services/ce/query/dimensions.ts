/**
 * The dimensions Rampart meters, and the value of each for a priced usage cell: LINKED_ACCOUNT (the
 * account id), SERVICE (AWS's name of the service, from the price list), USAGE_TYPE and OPERATION.
 */
import type { PricedCell } from '../pricing/cost-model.js';
import type { PriceList } from '../pricing/price-list.js';

export const METERED_DIMENSIONS = ['LINKED_ACCOUNT', 'OPERATION', 'SERVICE', 'USAGE_TYPE'] as const;
export type MeteredDimension = (typeof METERED_DIMENSIONS)[number];

export const isMetered = (d: string): d is MeteredDimension => (METERED_DIMENSIONS as readonly string[]).includes(d);

export function dimensionValue(cell: PricedCell, d: MeteredDimension, prices: PriceList): string {
  switch (d) {
    case 'LINKED_ACCOUNT':
      return cell.accountId;
    case 'SERVICE':
      return prices.serviceName(cell.service);
    case 'USAGE_TYPE':
      return cell.usageType;
    case 'OPERATION':
      return cell.operation;
  }
}
