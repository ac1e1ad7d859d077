/**
 * The usage table: `ce.usage`, account scope, key `<YYYY-MM-DD>|<service>|<operation>|<usageType>`,
 * value `{ quantity }` (requests). Written only by the meter's flush (one transaction per batch,
 * adding to what is stored, so nodes sharing a PostgreSQL store add up); read by month.
 */
import { Table } from '../../../storage/table.js';
import type { Store } from '../../../storage/types.js';
import type { UsageCell } from '../pricing/cost-model.js';

export const USAGE_TABLE = 'ce.usage';
const usage = new Table<{ quantity: number }>(USAGE_TABLE);

const scope = (accountId: string) => ({ kind: 'account', accountId }) as const;
const keyOf = (c: Omit<UsageCell, 'accountId' | 'quantity'>) => `${c.day}|${c.service}|${c.operation}|${c.usageType}`;

/** Adds the quantities of `cells` to the stored ones, all in one transaction. */
export async function addUsage(store: Store, cells: readonly UsageCell[]): Promise<void> {
  await store.transaction(async (tx) => {
    for (const c of cells) {
      const key = keyOf(c);
      const cur = await usage.get(tx, scope(c.accountId), key);
      await usage.put(tx, scope(c.accountId), key, { quantity: (cur?.quantity ?? 0) + c.quantity });
    }
  });
}

/** The usage of `accountId` in `month` (`YYYY-MM`). */
export async function usageOfMonth(store: Store, accountId: string, month: string): Promise<UsageCell[]> {
  const rows = await usage.list(store, scope(accountId), { prefix: `${month}-` });
  return rows.map((r) => {
    const [day, service, operation, usageType] = r.key.split('|') as [string, string, string, string];
    return { day, accountId, service, operation, usageType, quantity: r.value.quantity };
  });
}
