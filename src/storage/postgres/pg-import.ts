/**
 * Bulk import for the PostgreSQL backend: put() is synchronous (the ImportPut contract), so items
 * are collected into batches that are sent as one multi-row upsert (unnest of column arrays) each,
 * queued on the transaction's connection without waiting; every batch is awaited before commit.
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
  const sent: Promise<unknown>[] = [];
  let finished = false;
  const flush = (): void => {
    if (batch.size === 0) return;
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
    const p = client.query({ name: 'rs_import', text: sql.importBatch, values });
    p.catch(() => undefined); // observed below; avoid an unhandled rejection meanwhile
    sent.push(p);
  };
  try {
    await fill((table, scope, item) => {
      if (finished) throw new Error('storage: importAll put() called after fill returned');
      const row = encodeImportRow(table, scope, item);
      // One upsert may not touch a row twice: within a batch, the last put of a key wins.
      batch.set(JSON.stringify([row.table, row.scope.kind, row.scope.accountId, row.scope.region, row.key]), row);
      if (batch.size >= BATCH) flush();
    });
  } finally {
    finished = true;
  }
  flush();
  await Promise.all(sent);
  await client.query({ text: 'SELECT pg_notify($1, $2)', values: [sql.channel, sql.payload({ table: '*', scope: { kind: 'global' }, key: '*', op: 'reset' })] });
}
