/**
 * The schema-3 migration on both backends: a store of schema 2 holding unbound `rs1:` values and
 * password hashes in clear is opened by this version; every rs1 value that opens is sealed again,
 * bound to its record, the hashes are sealed, user data that only looks sealed is kept, versions
 * stay, and nothing of the old content is left in the database (files or rows).
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import pg from 'pg';
import { MIGRATIONS } from '../../src/storage/migrations.js';
import { openStore } from '../../src/storage/open-store.js';
import { quoteSchema } from '../../src/storage/postgres/pg-names.js';
import { migratePostgres } from '../../src/storage/postgres/postgres-schema.js';
import { migrateSqlite } from '../../src/storage/sqlite/sqlite-schema.js';
import { StorageError, type JsonValue, type SealContext, type Scope, type Store } from '../../src/storage/types.js';
import { sealLegacy } from './legacy-seal.js';
import { dropSchema, PG_URL, pgQuery, randomSchema, requirePostgres } from './pg-test-env.js';

const KEY = 'seal-migration-master-key-0123456789abcdefgh';
const OTHER_KEY = 'seal-migration-other-master-key-9876543210zy';
const G: Scope = { kind: 'global' };
const ACCT: Scope = { kind: 'account', accountId: '123456789012' };
const REGION: Scope = { kind: 'region', accountId: '123456789012', region: 'eu-west-1' };
const HASH = 'scrypt$c2FsdHNhbHRzYWx0c2FsdA==$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g=';
const OLD_HASH = 'scrypt$b2xkc2FsdG9sZHNhbHQ=$b2xkaGFzaG9sZGhhc2hvbGRoYXNob2xkaGFzaG9sZGg=';
const SESSIONS = 1234; // more than two pages of the rewrite
const root = mkdtempSync(join(tmpdir(), 'rampart-seal-migration-'));
const schemas: string[] = [];

after(async () => {
  for (const s of schemas) await dropSchema(s);
  rmSync(root, { recursive: true, force: true });
});

interface Row {
  readonly table: string;
  readonly scope: Scope;
  readonly key: string;
  readonly version: number;
  readonly value: JsonValue;
}

/** What a schema-2 store held, and the secrets inside it. */
function legacyRows(): { rows: Row[]; rs1: string[] } {
  const rs1: string[] = [];
  const seal = (plain: string) => {
    const v = sealLegacy(KEY, plain);
    rs1.push(v);
    return v;
  };
  const rows: Row[] = [
    { table: 'iam.access-keys', scope: G, key: 'AKIAROOT000000000001', version: 4, value: { principalType: 'root', sealedSecret: seal('root-secret'), note: 'rs1:only-looks-sealed', foreign: sealLegacy(OTHER_KEY, 'x') } },
    { table: 'iam.mfa-devices', scope: ACCT, key: '/seed', version: 1, value: { sealedSeed: seal('JBSWY3DPEHPK3PXP'), tags: [] } },
    { table: 'iam.login-profiles', scope: ACCT, key: 'bob', version: 2, value: { userName: 'Bob', passwordHash: HASH, previousHashes: [OLD_HASH] } },
    { table: 'iam.login-profiles', scope: ACCT, key: 'carol', version: 1, value: { userName: 'carol', passwordHash: OLD_HASH } },
    { table: 'iam.users', scope: ACCT, key: 'bob', version: 1, value: { userName: 'Bob', description: 'scrypt$ here is only text' } },
    { table: 'odd.scope', scope: REGION, key: 'k:1', version: 1, value: [seal('in an array'), { deep: { er: seal('nested') } }] },
  ];
  for (let i = 0; i < SESSIONS; i++) {
    rows.push({ table: 'sts.sessions', scope: G, key: `ASIA${String(i).padStart(16, '0')}`, version: 1, value: { sealedSecret: seal(`session-secret-${i}`), sealedToken: seal(`token-${i}`) } });
  }
  return { rows, rs1 };
}

/** Checks the migrated store: every legacy secret bound, user data kept, hashes sealed, versions kept. */
async function assertMigrated(store: Store, rows: readonly Row[]): Promise<void> {
  const at = (table: string, scope: Scope, key: string): SealContext => ({ table, scope, key });
  const get = async <T extends JsonValue>(table: string, scope: Scope, key: string) => (await store.get<T>(table, scope, key))!;
  const rootKey = await get<Record<string, string>>('iam.access-keys', G, 'AKIAROOT000000000001');
  assert.equal(rootKey.version, 4, 'versions stay');
  assert.match(rootKey.value['sealedSecret']!, /^rs2:/);
  assert.equal(store.sealer.open(rootKey.value['sealedSecret']!, at('iam.access-keys', G, 'AKIAROOT000000000001')).toString(), 'root-secret');
  assert.throws(() => store.sealer.open(rootKey.value['sealedSecret']!, at('iam.access-keys', G, 'AKIAOTHER')), (e) => e instanceof StorageError && e.reason === 'Corrupt', 'bound: not another key');
  assert.throws(() => store.sealer.open(rootKey.value['sealedSecret']!, at('sts.sessions', G, 'AKIAROOT000000000001')), StorageError, 'bound: not another table');
  assert.equal(rootKey.value['note'], 'rs1:only-looks-sealed', 'an rs1: string that does not open is user data, kept');
  assert.equal(rootKey.value['foreign'], (rows[0]!.value as Record<string, string>)['foreign'], "another key's rs1 value does not open: kept");
  const seed = await get<{ sealedSeed: string }>('iam.mfa-devices', ACCT, '/seed');
  assert.equal(store.sealer.open(seed.value.sealedSeed, at('iam.mfa-devices', ACCT, '/seed')).toString(), 'JBSWY3DPEHPK3PXP');
  const bob = await get<{ userName: string; passwordHash: string; previousHashes: string[] }>('iam.login-profiles', ACCT, 'bob');
  assert.equal(bob.version, 2);
  assert.equal(bob.value.userName, 'Bob');
  assert.equal(store.sealer.open(bob.value.passwordHash, at('iam.login-profiles', ACCT, 'bob')).toString(), HASH);
  assert.equal(store.sealer.open(bob.value.previousHashes[0]!, at('iam.login-profiles', ACCT, 'bob')).toString(), OLD_HASH);
  assert.throws(() => store.sealer.open(bob.value.passwordHash, at('iam.login-profiles', ACCT, 'carol')), StorageError);
  const carol = await get<{ passwordHash: string }>('iam.login-profiles', ACCT, 'carol');
  assert.equal(store.sealer.open(carol.value.passwordHash, at('iam.login-profiles', ACCT, 'carol')).toString(), OLD_HASH);
  assert.deepEqual((await get('iam.users', ACCT, 'bob')).value, rows[4]!.value, 'a record without secrets is untouched');
  const odd = (await get<[string, { deep: { er: string } }]>('odd.scope', REGION, 'k:1')).value;
  assert.equal(store.sealer.open(odd[0], at('odd.scope', REGION, 'k:1')).toString(), 'in an array');
  assert.equal(store.sealer.open(odd[1].deep.er, at('odd.scope', REGION, 'k:1')).toString(), 'nested');
  const sessions = await store.list<{ sealedSecret: string; sealedToken: string }>('sts.sessions', G);
  assert.equal(sessions.length, SESSIONS);
  for (const [i, s] of sessions.entries()) {
    assert.equal(store.sealer.open(s.value.sealedToken, at('sts.sessions', G, s.key)).toString(), `token-${i}`, `every page was rewritten (${s.key})`);
  }
}

describe('schema 3 migration: legacy sealed values and password hashes', () => {
  it('SQLite: migrated in place; the database files hold no password hash and no old sealed value any more', async () => {
    const dataDir = join(root, 'sqlite');
    const { rows, rs1 } = legacyRows();
    mkdirSync(dataDir, { mode: 0o700 });
    const raw = new Database(join(dataDir, 'rampart.db'));
    raw.pragma('journal_mode = WAL');
    migrateSqlite(raw, KEY, MIGRATIONS.slice(0, 2));
    const insert = raw.prepare('INSERT INTO items (table_name, scope_kind, account_id, region, key, value, version) VALUES (?, ?, ?, ?, ?, ?, ?)');
    for (const r of rows) {
      const c = r.scope.kind === 'global' ? ['', ''] : r.scope.kind === 'account' ? [r.scope.accountId, ''] : [r.scope.accountId, r.scope.region];
      insert.run(r.table, r.scope.kind, c[0], c[1], r.key, JSON.stringify(r.value), r.version);
    }
    raw.close();
    writeFileSync(join(dataDir, 'master.key'), KEY + '\n', { mode: 0o600 });
    const files = () => readdirSync(dataDir).filter((f) => f.startsWith('rampart.db')).map((f) => readFileSync(join(dataDir, f)));
    assert.ok(files().some((b) => b.includes('scrypt$')), 'sanity: the hashes are in clear before');

    const store = await openStore({ kind: 'sqlite', dataDir });
    await assertMigrated(store, rows);
    const check = new Database(join(dataDir, 'rampart.db'), { readonly: true });
    assert.deepEqual(check.prepare('SELECT version FROM schema_migrations').pluck().all(), [1, 2, 3]);
    check.close();
    for (const bytes of files()) {
      assert.ok(!bytes.includes('scrypt$c2Fsd') && !bytes.includes('scrypt$b2xk'), 'a password hash in clear is left in the database files');
      const left = rs1.filter((v) => bytes.includes(v.slice(4, 40)));
      assert.deepEqual(left.slice(0, 3), [], `${left.length} old unbound sealed values are left in the database files (${bytes.length} bytes)`);
    }
    await store.close();
    const again = await openStore({ kind: 'sqlite', dataDir });
    await assertMigrated(again, rows);
    await again.close();
  });

  it('PostgreSQL: migrated in place; no row holds a password hash or an old sealed value any more', async () => {
    await requirePostgres();
    const schema = randomSchema('sealmig');
    schemas.push(schema);
    const { rows, rs1 } = legacyRows();
    const pool = new pg.Pool({ connectionString: PG_URL, max: 2 });
    try {
      await migratePostgres(pool, PG_URL, schema, KEY, MIGRATIONS.slice(0, 2));
      const s = quoteSchema(schema);
      for (let i = 0; i < rows.length; i += 500) {
        const batch = rows.slice(i, i + 500);
        const params: unknown[] = [];
        const tuples = batch.map((r) => {
          const c = r.scope.kind === 'global' ? ['', ''] : r.scope.kind === 'account' ? [r.scope.accountId, ''] : [r.scope.accountId, r.scope.region];
          params.push(r.table, r.scope.kind, c[0], c[1], r.key, JSON.stringify(r.value), r.version);
          const n = params.length - 7;
          return `($${n + 1}, $${n + 2}, $${n + 3}, $${n + 4}, $${n + 5}, $${n + 6}, $${n + 7})`;
        });
        await pool.query(`INSERT INTO ${s}.items (table_name, scope_kind, account_id, region, key, value, version) VALUES ${tuples.join(', ')}`, params);
      }
    } finally {
      await pool.end();
    }
    const clearRows = async () => (await pgQuery<{ n: number }>(`SELECT count(*)::int AS n FROM ${quoteSchema(schema)}.items WHERE value LIKE '%scrypt$%' AND table_name = 'iam.login-profiles'`))[0]!.n;
    assert.equal(await clearRows(), 2, 'sanity: the hashes are in clear before');

    const store = await openStore({ kind: 'postgres', url: PG_URL, schema, masterKey: KEY });
    try {
      await assertMigrated(store, rows);
    } finally {
      await store.close();
    }
    assert.equal(await clearRows(), 0, 'a password hash in clear is left in a row');
    const all = (await pgQuery<{ value: string }>(`SELECT value FROM ${quoteSchema(schema)}.items`)).map((r) => r.value).join('\n');
    assert.ok(!rs1.some((v) => all.includes(v)), 'an old unbound sealed value is left in a row');
    const versions = await pgQuery<{ version: number }>(`SELECT version FROM ${quoteSchema(schema)}.schema_migrations ORDER BY version`);
    assert.deepEqual(versions.map((v) => v.version), [1, 2, 3]);
  });
});
