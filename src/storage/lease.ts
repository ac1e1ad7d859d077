/**
 * A scheduler's lease: one row (in the service's own table, global scope, key `lease`) naming the node that
 * may carry out due work and until when. It is taken or renewed with a compare-and-set (the version
 * read, `ifVersion`; `ifAbsent` for the first) inside a transaction, which both backends run
 * serializably (SQLite: one writer at a time, BEGIN IMMEDIATE; PostgreSQL: SERIALIZABLE with
 * retries), so two nodes never both hold it. A holder that stops renewing loses it at `expiresAt`.
 */
import { StorageError, type Scope, type Store, type StoreOps } from './types.js';
import { Table } from './table.js';

export interface LeaseRecord {
  readonly holder: string;
  /** Epoch ms. */
  readonly expiresAt: number;
}

const GLOBAL: Scope = { kind: 'global' };
const KEY = 'lease';

/** Takes or renews the lease for `holder` until now + ttlMs; false when another node holds it. */
export async function acquireLease(table: string, store: Store, holder: string, now: number, ttlMs: number): Promise<boolean> {
  const leases = new Table<LeaseRecord>(table);
  try {
    return await store.transaction(async (tx) => {
      const cur = await tx.get(table, GLOBAL, KEY);
      const held = cur?.value as unknown as LeaseRecord | undefined;
      if (held && held.holder !== holder && held.expiresAt > now) return false;
      await leases.put(tx, GLOBAL, KEY, { holder, expiresAt: now + ttlMs }, cur ? { ifVersion: cur.version } : { ifAbsent: true });
      return true;
    });
  } catch (e) {
    // Another node took or renewed it between our read and our write.
    if (e instanceof StorageError && e.reason === 'ConditionFailed') return false;
    throw e;
  }
}

/** Whether `holder` holds the lease at `now` (read inside a work transaction: the fencing check). */
export async function holdsLease(table: string, ops: StoreOps, holder: string, now: number): Promise<boolean> {
  const l = await new Table<LeaseRecord>(table).get(ops, GLOBAL, KEY);
  return l !== undefined && l.holder === holder && l.expiresAt > now;
}

/** Gives the lease up (a node stopping), so another node takes over without waiting for it to expire. */
export async function releaseLease(table: string, store: Store, holder: string): Promise<void> {
  const leases = new Table<LeaseRecord>(table);
  await store.transaction(async (tx) => {
    const l = await leases.get(tx, GLOBAL, KEY);
    if (l?.holder === holder) await leases.delete(tx, GLOBAL, KEY);
  });
}

/** The current lease (tests, diagnostics). */
export const currentLease = (table: string, ops: StoreOps): Promise<LeaseRecord | undefined> => new Table<LeaseRecord>(table).get(ops, GLOBAL, KEY);
