/** Whole-store reads in one snapshot (Store.exportAll, Store.exportLines) on PostgreSQL. */
import type { Pool, QueryArrayResult } from 'pg';
import { rollbackQuietly } from './pg-transaction.js';

/** Rows per FETCH: large enough that round trips do not matter, small enough to bound memory. */
const FETCH_ROWS = 5000;

/**
 * In one REPEATABLE READ, READ ONLY transaction (one snapshot), walks a cursor over `select` and
 * hands its rows (arrays) to `onRows`, batch by batch. The next FETCH is already
 * on its way while onRows works, so PostgreSQL and this process work at the same time.
 */
export async function readInSnapshot(pool: Pool, select: string, onRows: (rows: unknown[][]) => Promise<void>): Promise<void> {
  const client = await pool.connect();
  let broken: Error | undefined;
  let pending: Promise<QueryArrayResult> | undefined;
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    await client.query(`DECLARE rampart_export NO SCROLL CURSOR FOR ${select}`);
    const fetch = () => client.query({ text: `FETCH ${FETCH_ROWS} FROM rampart_export`, rowMode: 'array' });
    pending = fetch();
    for (;;) {
      const r: QueryArrayResult = await pending;
      pending = r.rows.length === FETCH_ROWS ? fetch() : undefined;
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
