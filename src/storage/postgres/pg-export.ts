/** Whole-store reads in one snapshot (Store.exportAll, Store.exportLines) on PostgreSQL. */
import type { Pool, QueryArrayResult } from 'pg';
import { rollbackQuietly } from './pg-transaction.js';

/** Rows per FETCH: from MIN_FETCH_ROWS, sized to about FETCH_BYTES once rows were seen. */
const MAX_FETCH_ROWS = 5000;
const MIN_FETCH_ROWS = 16;
const FETCH_BYTES = 4 * 1024 * 1024;

/** Characters in a batch of rows (text columns; other values count as a few). */
function rowsSize(rows: unknown[][]): number {
  let n = 0;
  for (const row of rows) for (const v of row) n += typeof v === 'string' ? v.length : 8;
  return n;
}

/**
 * In one REPEATABLE READ, READ ONLY transaction (one snapshot), walks a cursor over `select` and
 * hands its rows (arrays) to `onRows`, batch by batch. The next FETCH is already on its way while
 * onRows works, so PostgreSQL and this process work at the same time; its size follows the rows seen
 * so far, so a batch stays near FETCH_BYTES however large the rows are.
 */
export async function readInSnapshot(pool: Pool, select: string, onRows: (rows: unknown[][]) => Promise<void>): Promise<void> {
  const client = await pool.connect();
  let broken: Error | undefined;
  let pending: Promise<QueryArrayResult> | undefined;
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    await client.query(`DECLARE rampart_export NO SCROLL CURSOR FOR ${select}`);
    const fetch = (rows: number) => client.query({ text: `FETCH ${rows} FROM rampart_export`, rowMode: 'array' });
    let asked = MIN_FETCH_ROWS;
    pending = fetch(asked);
    for (;;) {
      const r: QueryArrayResult = await pending;
      if (r.rows.length === asked) {
        const perRow = Math.max(1, rowsSize(r.rows) / r.rows.length);
        asked = Math.max(MIN_FETCH_ROWS, Math.min(MAX_FETCH_ROWS, asked * 8, Math.floor(FETCH_BYTES / perRow)));
        pending = fetch(asked);
      } else pending = undefined;
      await onRows(r.rows);
      if (pending === undefined) break;
    }
    await client.query('COMMIT');
  } catch (e) {
    // A FETCH still in flight fails with the rollback; its error is the one thrown here already.
    pending?.catch(() => undefined);
    broken = await rollbackQuietly(client);
    throw e;
  } finally {
    client.release(broken);
  }
}
