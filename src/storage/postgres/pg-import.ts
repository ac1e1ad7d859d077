/**
 * Bulk import for the PostgreSQL backend: put() is synchronous (the ImportPut contract), so items
 * are collected into batches that are sent as one multi-row upsert (unnest of column arrays) each,
 * one at a time on the transaction's connection. put() returns the in-flight batch's promise when it
 * starts a new one, so a caller that awaits it never has more than two batches in memory.
 */
import { encodeImportRow, type ImportRow } from '../scope-codec.js';
import type { ImportOptions, ImportPut } from '../types.js';
import type { TrackedClient } from './pg-transaction.js';
import type { PgSql } from './postgres-ops.js';

const BATCH = 500;

/** Runs fill inside the current transaction (on client) and sends every item; notifies a reset. */
export async function importInTransaction(
  client: TrackedClient,
  sql: PgSql,
  fill: (put: ImportPut) => void | Promise<void>,
  opts: ImportOptions | undefined,
): Promise<void> {
  if (opts?.replace) await client.query({ text: sql.deleteAll });
  let batch = new Map<string, ImportRow>();
  let inflight: Promise<unknown> = Promise.resolve();
  let finished = false;
  const flush = (): Promise<unknown> | undefined => {
    if (batch.size === 0) return undefined;
    const rows = [...batch.values()];
    batch = new Map();
    const values = [
      rows.map((r) => r.table),
      rows.map((r) => r.scope.kind),
      rows.map((r) => r.scope.accountId),
      rows.map((r) => r.scope.region),
      rows.map((r) => r.key),
      rows.map((r) => r.text),
      rows.map((r) => r.version),
    ];
    const previous = inflight;
    inflight = previous.then(() => client.query({ name: 'rs_import', text: sql.importBatch, values }));
    inflight.catch(() => undefined); // observed below; avoid an unhandled rejection meanwhile
    return previous;
  };
  try {
    await fill((table, scope, item) => {
      if (finished) throw new Error('storage: importAll put() called after fill returned');
      const row = encodeImportRow(table, scope, item);
      // One upsert may not touch a row twice: within a batch, the last put of a key wins.
      batch.set(JSON.stringify([row.table, row.scope.kind, row.scope.accountId, row.scope.region, row.key]), row);
      if (batch.size >= BATCH) return flush() as Promise<void> | undefined;
      return undefined;
    });
  } finally {
    finished = true;
  }
  flush();
  await inflight;
  await client.query({ text: 'SELECT pg_notify($1, $2)', values: [sql.channel, sql.payload({ table: '*', scope: { kind: 'global' }, key: '*', op: 'reset' })] });
}
