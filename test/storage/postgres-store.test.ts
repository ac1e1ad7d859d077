/** PostgreSQL-specific behaviour: schema lifecycle, master key, secrets at rest, cross-node relay. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MIGRATIONS } from '../../src/storage/migrations.js';
import { openStore } from '../../src/storage/open-store.js';
import { StorageError, type ChangeEvent, type Store } from '../../src/storage/types.js';
import { PG_URL, TEST_MASTER_KEY, dropSchema, pgQuery, randomSchema, requirePostgres } from './pg-test-env.js';

const G = { kind: 'global' } as const;
const A1 = { kind: 'account', accountId: '123456789012' } as const;
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const OTHER_KEY = 'another-master-key-abcdefghijklmnopqrstuvwxyz';

const isReason = (reason: string) => (e: unknown) => e instanceof StorageError && e.reason === reason;
const open = (schema: string, masterKey = TEST_MASTER_KEY): Promise<Store> => openStore({ kind: 'postgres', url: PG_URL, schema, masterKey });
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until cond() holds (relayed events arrive asynchronously). */
async function eventually(cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200 && !cond(); i++) await sleep(10);
  assert.ok(cond(), `timed out waiting for ${what}`);
}

describe('postgres backend', () => {
  const schemas: string[] = [];
  const fresh = (): string => {
    const s = randomSchema();
    schemas.push(s);
    return s;
  };
  before(requirePostgres);
  after(async () => {
    for (const s of schemas) await dropSchema(s);
    const left = await pgQuery('SELECT nspname FROM pg_namespace WHERE nspname = ANY($1)', [schemas]);
    assert.deepEqual(left, [], 'test schemas dropped');
  });

  it('creates and migrates the schema; dropPostgresSchema removes it', async () => {
    const schema = fresh();
    const store = await open(schema);
    await store.put('t', G, 'k', 1);
    await store.close();
    const meta = await pgQuery<{ value: string }>(`SELECT value FROM "${schema}".meta WHERE name = 'master_key_check'`);
    assert.deepEqual(meta, [{ value: store.masterKeyCheck }]);
    const versions = await pgQuery<{ version: number }>(`SELECT version FROM "${schema}".schema_migrations`);
    assert.deepEqual(versions.map((r) => r.version), MIGRATIONS.map((m) => m.version));
    await dropSchema(schema);
    assert.deepEqual(await pgQuery('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]), []);
  });

  it('concurrent first opens of one schema all succeed', async () => {
    const schema = fresh();
    const stores = await Promise.all(Array.from({ length: 5 }, () => open(schema)));
    await Promise.all(stores.map((s, i) => s.put('t', G, `k${i}`, i)));
    assert.equal(await stores[0]!.count('t', G), 5);
    await Promise.all(stores.map((s) => s.close()));
  });

  it('a sealed secret never appears in plaintext in any row of the schema', async () => {
    const schema = fresh();
    const store = await open(schema);
    const sealed = store.sealer.seal(SECRET, { table: 'iam.access-keys', scope: A1, key: 'AKIAEXAMPLE' });
    await store.put('iam.access-keys', A1, 'AKIAEXAMPLE', { secret: sealed });
    await store.transaction(async (tx) => {
      await tx.put('sts.sessions', G, 's1', { secret: store.sealer.seal(SECRET, { table: 'sts.sessions', scope: G, key: 's1' }) });
    });
    await store.close();
    const tables = await pgQuery<{ table_name: string }>('SELECT table_name FROM information_schema.tables WHERE table_schema = $1', [schema]);
    assert.ok(tables.length >= 3);
    let all = '';
    for (const { table_name } of tables) {
      const rows = await pgQuery<{ row: string }>(`SELECT t::text AS row FROM "${schema}"."${table_name}" t`);
      all += rows.map((r) => r.row).join('\n');
    }
    assert.ok(all.includes(sealed), 'sanity: the sealed value is in the rows being searched');
    assert.ok(!all.includes(SECRET), 'plaintext secret found in the database');
    const reopened = await open(schema);
    const item = await reopened.get<{ secret: string }>('iam.access-keys', A1, 'AKIAEXAMPLE');
    assert.equal(reopened.sealer.open(item!.value.secret, { table: 'iam.access-keys', scope: A1, key: 'AKIAEXAMPLE' }).toString(), SECRET);
    await reopened.close();
  });

  it('refuses a different master key and accepts the original again', async () => {
    const schema = fresh();
    await (await open(schema)).close();
    await assert.rejects(open(schema, OTHER_KEY), (e: unknown) => {
      assert.ok(isReason('MasterKeyMismatch')(e));
      assert.equal((e as Error).message, 'The master key does not match the one this data store was created with');
      return true;
    });
    await (await open(schema)).close();
  });

  it('requires a master key of at least 32 characters', async () => {
    const schema = fresh();
    await assert.rejects(open(schema, ''), (e: unknown) => isReason('InvalidMasterKey')(e) && /RAMPART_MASTER_KEY/.test(String(e)));
    await assert.rejects(openStore({ kind: 'postgres', url: PG_URL, schema } as never), isReason('InvalidMasterKey'));
    await assert.rejects(open(schema, 'short'), isReason('InvalidMasterKey'));
  });

  it('refuses a schema written by a newer version', async () => {
    const schema = fresh();
    await (await open(schema)).close();
    await pgQuery(`INSERT INTO "${schema}".schema_migrations (version, name) VALUES (999, 'future')`);
    await assert.rejects(open(schema), (e: unknown) => isReason('UnsupportedSchemaVersion')(e) && /999/.test(String(e)));
  });

  it('reports an unreachable server clearly', async () => {
    await assert.rejects(
      openStore({ kind: 'postgres', url: 'postgres://postgres@127.0.0.1:1/test', masterKey: TEST_MASTER_KEY, connectTimeoutMs: 2000 }),
      /PostgreSQL not reachable at postgres:\/\/postgres@127\.0\.0\.1:1\/test/,
    );
  });

  it('relays committed changes to other nodes via LISTEN/NOTIFY, not its own twice', async () => {
    const schema = fresh();
    const [a, b] = [await open(schema), await open(schema)];
    const onA: ChangeEvent[] = [];
    const onB: ChangeEvent[] = [];
    a.onChange((e) => onA.push(e));
    b.onChange((e) => onB.push(e));
    await a.put('t', A1, 'k1', 1);
    await a.transaction(async (tx) => {
      await tx.put('t', G, 'k2', 2);
      await tx.delete('t', A1, 'k1');
    });
    await a.transaction(async (tx) => {
      await tx.put('t', G, 'rolled-back', 3);
      throw new Error('abort');
    }).catch(() => undefined);
    await a.put('t', G, 'x'.repeat(9000), 'huge key: relayed as reset');
    await a.clearAll();
    const expected: ChangeEvent[] = [
      { table: 't', scope: A1, key: 'k1', op: 'put' },
      { table: 't', scope: G, key: 'k2', op: 'put' },
      { table: 't', scope: A1, key: 'k1', op: 'delete' },
      { table: '*', scope: G, key: '*', op: 'reset' },
      { table: '*', scope: G, key: '*', op: 'reset' },
    ];
    await eventually(() => onB.length >= expected.length, 'relayed events');
    await sleep(50);
    assert.deepEqual(onB, expected);
    assert.equal(onA.length, 5, 'own node: each event once, from in-process emission');
    assert.deepEqual(onA[3], { table: 't', scope: G, key: 'x'.repeat(9000), op: 'put' });
    await b.put('t', G, 'from-b', 1);
    await eventually(() => onA.length === 6, 'relay back to a');
    await Promise.all([a.close(), b.close()]);
  });
});
