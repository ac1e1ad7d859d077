/**
 * Two Rampart nodes (in-process runtimes) on one PostgreSQL schema: the KMS scheduler of only one
 * holds the lease while both run; when that node stops, it gives the lease up and the other takes
 * over. Fails clearly (never skips) when PostgreSQL is unreachable.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { currentLease as leaseOf, type LeaseRecord } from '../../src/storage/lease.js';
import type { StoreOps } from '../../src/storage/types.js';

const currentLease = (ops: StoreOps): Promise<LeaseRecord | undefined> => leaseOf('kms.scheduler', ops);
import { dropSchema, freshSchema, PG_URL, requirePostgres } from '../helpers/postgres.js';
import { startTestServer, type TestServer } from '../helpers/rampart.js';

const schema = freshSchema('rampart_kms_nodes');
const env = { ...process.env, RAMPART_MASTER_KEY: 'test-master-key-0123456789abcdef0123456789' };
const started: TestServer[] = [];

async function until<T>(what: string, f: () => Promise<T | undefined>, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v !== undefined) return v;
    assert.ok(Date.now() < deadline, `timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('KMS scheduler across two nodes on one PostgreSQL store', () => {
  before(async () => {
    await requirePostgres();
  });
  after(async () => {
    for (const s of started) await s.close().catch(() => undefined);
    await dropSchema(schema);
  });

  it('one node holds the lease; the other takes over when it stops', async () => {
    const storage = `${PG_URL}?schema=${schema}`;
    const first = await startTestServer({ storage, env });
    started.push(first);
    const lease = await until<LeaseRecord>('the first node to take the lease', () => currentLease(first.runtime.store));
    const second = await startTestServer({ storage, env });
    started.push(second);
    // The second node ticks at once on start and then every 5 s: it must not take a lease held.
    await new Promise((r) => setTimeout(r, 6_000));
    assert.equal((await currentLease(second.runtime.store))?.holder, lease.holder, 'still the first node');
    await first.close();
    started.shift();
    const next = await until<LeaseRecord>('the second node to take over', async () => {
      const l = await currentLease(second.runtime.store);
      return l && l.holder !== lease.holder ? l : undefined;
    });
    assert.notEqual(next.holder, lease.holder);
  });
});
