/**
 * Runs a body inside one PostgreSQL transaction on a pooled connection, retrying the whole body on
 * serialization failures (40001) and deadlocks (40P01) with jittered exponential backoff.
 */
import type { Pool, PoolClient, QueryConfig, QueryResult } from 'pg';

const RETRYABLE = new Set(['40001', '40P01']);

/** True for errors worth re-running a transaction for. */
export function isRetryable(e: unknown): boolean {
  return typeof e === 'object' && e !== null && RETRYABLE.has(String((e as { code?: unknown }).code));
}

/** A connection whose failed statements are remembered (a failed statement aborts the transaction). */
export interface TrackedClient {
  query(q: QueryConfig): Promise<QueryResult>;
}

/** How to run: isolation level (SQL text) and tries. */
export interface TxRunOptions {
  readonly isolation: 'SERIALIZABLE' | 'REPEATABLE READ' | 'READ COMMITTED';
  readonly maxAttempts: number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Rolls back quietly; returns the error to destroy the connection with if even that failed. */
export async function rollbackQuietly(client: PoolClient): Promise<Error | undefined> {
  try {
    await client.query('ROLLBACK');
    return undefined;
  } catch (e) {
    return e as Error;
  }
}

async function attempt<T>(pool: Pool, isolation: string, body: (c: TrackedClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let failure: unknown;
  const tracked: TrackedClient = {
    query: async (q) => {
      try {
        return await client.query(q);
      } catch (e) {
        failure ??= e;
        throw e;
      }
    },
  };
  let broken: Error | undefined;
  try {
    await client.query(`BEGIN ISOLATION LEVEL ${isolation}`);
    const result = await body(tracked);
    // A statement error swallowed by the body aborted the transaction: COMMIT would silently roll back.
    if (failure !== undefined) throw failure;
    const done = await client.query('COMMIT');
    if (done.command !== 'COMMIT') throw new Error(`storage: transaction was rolled back by PostgreSQL (${done.command})`);
    return result;
  } catch (e) {
    broken = await rollbackQuietly(client);
    throw e;
  } finally {
    client.release(broken);
  }
}

/** Runs body in a transaction; body may run several times (keep it free of other side effects). */
export async function runPgTransaction<T>(pool: Pool, o: TxRunOptions, body: (c: TrackedClient) => Promise<T>): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt(pool, o.isolation, body);
    } catch (e) {
      if (!isRetryable(e) || n >= o.maxAttempts) throw e;
      await sleep(Math.random() * Math.min(250, 2 * 2 ** n));
    }
  }
}
