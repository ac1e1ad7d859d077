/**
 * Cost Explorer's usage table on both backends: the meter's batches add up to what was recorded,
 * also when two nodes sharing one PostgreSQL schema flush the same cells at once (the adds are
 * transactions: a conflict is retried, never lost).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { UsageMeter } from '../../src/services/ce/meter/usage-meter.js';
import { usageOfMonth } from '../../src/services/ce/meter/usage-store.js';
import { openStore } from '../../src/storage/open-store.js';
import type { Store } from '../../src/storage/types.js';
import { dropSchema, freshSchema, PG_URL, requirePostgres } from '../helpers/postgres.js';

const T = Date.UTC(2026, 11, 3, 12);
const KEY = 'billing-usage-test-key-0123456789abcdef0123';

function record(m: UsageMeter, n: number): void {
  for (let i = 0; i < n; i++) {
    m.record('111111111111', 'iam', i % 3 === 0 ? 'CreateUser' : 'ListUsers', T);
    m.record('222222222222', 'sts', 'GetCallerIdentity', T + 86_400_000);
  }
}

/** What `calls` calls of record(m, n) leave in the table. */
async function check(store: Store, calls: number, n: number): Promise<void> {
  const writes = calls * Math.ceil(n / 3);
  const a = await usageOfMonth(store, '111111111111', '2026-12');
  assert.deepEqual(a.map((c) => [c.day, c.service, c.operation, c.usageType, c.quantity]), [
    ['2026-12-03', 'iam', 'CreateUser', 'Requests-Tier1', writes],
    ['2026-12-03', 'iam', 'ListUsers', 'Requests-Tier2', calls * n - writes],
  ]);
  const b = await usageOfMonth(store, '222222222222', '2026-12');
  assert.deepEqual(b.map((c) => [c.day, c.quantity]), [['2026-12-04', calls * n]]);
  assert.deepEqual(await usageOfMonth(store, '111111111111', '2026-11'), []);
}

describe('billing usage table', () => {
  const dirs: string[] = [];
  const schemas: string[] = [];
  after(async () => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
    for (const s of schemas) await dropSchema(s);
  });

  it('SQLite: batches add up', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'rampart-usage-'));
    dirs.push(dataDir);
    const store = await openStore({ kind: 'sqlite', dataDir });
    try {
      const m = new UsageMeter(store);
      record(m, 30);
      await m.flush();
      record(m, 30);
      await m.close();
      await check(store, 2, 30);
    } finally {
      await store.close();
    }
  });

  it('PostgreSQL: two nodes flushing the same cells at once add up', async () => {
    await requirePostgres();
    const schema = freshSchema('rampart_usage');
    schemas.push(schema);
    const one = await openStore({ kind: 'postgres', url: PG_URL, schema, masterKey: KEY });
    const two = await openStore({ kind: 'postgres', url: PG_URL, schema, masterKey: KEY });
    try {
      const m1 = new UsageMeter(one);
      const m2 = new UsageMeter(two);
      for (let round = 0; round < 5; round++) {
        record(m1, 10);
        record(m2, 10);
        await Promise.all([m1.flush(), m2.flush()]);
      }
      assert.equal(m1.pendingCells + m2.pendingCells, 0);
      await check(one, 10, 10);
    } finally {
      await one.close();
      await two.close();
    }
  });
});
