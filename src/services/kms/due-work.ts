/**
 * The scheduler's index of due work (`kms.due-work`, global scope): one row per (date, kind, key),
 * its key starting with the 15-digit due date so that rows list in date order and a tick reads only
 * the rows due (`list` with a limit, stopping at the first row not due). A row is written in the same
 * transaction as the change that makes the work due (ScheduleKeyDeletion, EnableKeyRotation,
 * ImportKeyMaterial with an expiry, an automatic rotation). Rows can go stale (CancelKeyDeletion,
 * DisableKeyRotation, a re-import): the work re-checks the key when it comes due and does nothing
 * for a stale row, so no change has to find and delete its row.
 */
import type { Scope, StoreOps } from '../../storage/types.js';
import { Table } from '../../storage/table.js';
import { KMS_TABLES } from './store.js';

export type WorkKind = 'deletion' | 'rotation' | 'expiry';

export interface DueWork {
  readonly kind: WorkKind;
  readonly accountId: string;
  readonly region: string;
  readonly keyId: string;
  /** Epoch ms. */
  readonly dueAt: number;
}

export const GLOBAL: Scope = { kind: 'global' };
export const dueWork = new Table<DueWork>(KMS_TABLES.dueWork);

/** The row key: `<due date, 15 digits>|<kind>|<account>|<region>|<key id>`. */
export const workKey = (w: DueWork): string => `${String(Math.max(0, Math.floor(w.dueAt))).padStart(15, '0')}|${w.kind}|${w.accountId}|${w.region}|${w.keyId}`;

/** Records that `w` is due at `w.dueAt` (within the caller's transaction). */
export async function scheduleWork(ops: StoreOps, w: DueWork): Promise<void> {
  await dueWork.put(ops, GLOBAL, workKey(w), w);
}

/** The rows due at `now`, oldest first, at most `limit`. */
export async function dueRows(ops: StoreOps, now: number, limit: number): Promise<{ key: string; work: DueWork }[]> {
  const rows = await dueWork.list(ops, GLOBAL, { limit });
  return rows.filter((r) => r.value.dueAt <= now).map((r) => ({ key: r.key, work: r.value }));
}
