/** SQLite-specific behaviour: files, master key file, secrets at rest, schema versions. */
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { generateMasterKey } from '../../src/storage/master-key.js';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../../src/storage/migrations.js';
import { openStore } from '../../src/storage/open-store.js';
import { migrateSqlite } from '../../src/storage/sqlite/sqlite-schema.js';
import { StorageError } from '../../src/storage/types.js';

const G = { kind: 'global' } as const;
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

const isReason = (reason: string) => (e: unknown) => e instanceof StorageError && e.reason === reason;

/** Every byte of the data directory except the key file itself. */
function dataBytes(dir: string): Buffer {
  return Buffer.concat(readdirSync(dir).filter((f) => f !== 'master.key').map((f) => readFileSync(join(dir, f))));
}

describe('sqlite backend', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rampart-sqlite-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates rampart.db (WAL) and a 0600 master.key holding 32 random bytes', async () => {
    const store = await openStore({ kind: 'sqlite', dataDir: join(dir, 'nested', 'data') });
    await store.put('t', G, 'k', 1);
    const dataDir = join(dir, 'nested', 'data');
    const keyFile = join(dataDir, 'master.key');
    assert.equal(statSync(keyFile).mode & 0o777, 0o600);
    assert.equal(Buffer.from(readFileSync(keyFile, 'utf8').trim(), 'base64').length, 32);
    assert.ok(existsSync(join(dataDir, 'rampart.db-wal')), 'WAL journal in use');
    const check = store.masterKeyCheck;
    await store.close();
    const db = new Database(join(dataDir, 'rampart.db'), { readonly: true });
    assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
    assert.deepEqual(db.prepare('SELECT version FROM schema_migrations').pluck().all(), MIGRATIONS.map((m) => m.version));
    assert.equal(db.prepare("SELECT value FROM meta WHERE name = 'schema_version'").pluck().get(), String(LATEST_SCHEMA_VERSION));
    assert.equal(db.prepare("SELECT value FROM meta WHERE name = 'master_key_check'").pluck().get(), check);
    db.close();
    const again = await openStore({ kind: 'sqlite', dataDir, synchronous: 'FULL' });
    assert.deepEqual(await again.get('t', G, 'k'), { key: 'k', value: 1, version: 1 });
    await again.close();
  });

  it('a sealed secret never appears in plaintext in the data files', async () => {
    const store = await openStore({ kind: 'sqlite', dataDir: dir });
    const sealed = store.sealer.seal(SECRET, { table: 'iam.access-keys', scope: { kind: 'account', accountId: '123456789012' }, key: 'AKIAEXAMPLE' });
    await store.put('iam.access-keys', { kind: 'account', accountId: '123456789012' }, 'AKIAEXAMPLE', { secret: sealed });
    await store.transaction(async (tx) => {
      await tx.put('sts.sessions', G, 's1', { secret: store.sealer.seal(SECRET, { table: 'sts.sessions', scope: G, key: 's1' }) });
    });
    const open = dataBytes(dir);
    assert.ok(open.includes(sealed), 'sanity: the sealed value is in the files being searched');
    assert.ok(!open.includes(SECRET), 'plaintext secret found in the database files (open store)');
    await store.close();
    const closed = dataBytes(dir);
    assert.ok(closed.includes(sealed));
    assert.ok(!closed.includes(SECRET), 'plaintext secret found in the database files (closed store)');
    assert.ok(!closed.includes(Buffer.from(SECRET, 'utf16le')));
    const reopened = await openStore({ kind: 'sqlite', dataDir: dir });
    const item = await reopened.get<{ secret: string }>('iam.access-keys', { kind: 'account', accountId: '123456789012' }, 'AKIAEXAMPLE');
    assert.equal(reopened.sealer.open(item!.value.secret, { table: 'iam.access-keys', scope: { kind: 'account', accountId: '123456789012' }, key: 'AKIAEXAMPLE' }).toString(), SECRET);
    await reopened.close();
  });

  it('refuses a different master key (MasterKeyMismatch) and accepts the original again', async () => {
    const store = await openStore({ kind: 'sqlite', dataDir: dir });
    await store.put('t', G, 'k', 1);
    await store.close();
    const keyFile = join(dir, 'master.key');
    const original = readFileSync(keyFile);
    writeFileSync(keyFile, generateMasterKey() + '\n', { mode: 0o600 });
    await assert.rejects(openStore({ kind: 'sqlite', dataDir: dir }), (e: unknown) => {
      assert.ok(isReason('MasterKeyMismatch')(e));
      assert.equal((e as Error).message, 'The master key does not match the one this data store was created with');
      return true;
    });
    writeFileSync(keyFile, original);
    const back = await openStore({ kind: 'sqlite', dataDir: dir });
    assert.equal((await back.get('t', G, 'k'))?.value, 1);
    await back.close();
  });

  it('refuses to open when master.key is missing but the database exists', async () => {
    await (await openStore({ kind: 'sqlite', dataDir: dir })).close();
    rmSync(join(dir, 'master.key'));
    await assert.rejects(openStore({ kind: 'sqlite', dataDir: dir }), isReason('MasterKeyMismatch'));
    assert.ok(!existsSync(join(dir, 'master.key')), 'no new key generated');
  });

  it('refuses a master.key readable by group or other', { skip: process.platform === 'win32' }, async () => {
    await (await openStore({ kind: 'sqlite', dataDir: dir })).close();
    chmodSync(join(dir, 'master.key'), 0o644);
    await assert.rejects(openStore({ kind: 'sqlite', dataDir: dir }), (e: unknown) => isReason('InvalidMasterKey')(e) && /chmod 600/.test(String(e)));
  });

  it('refuses a database written by a newer schema version, leaving it untouched', async () => {
    await (await openStore({ kind: 'sqlite', dataDir: dir })).close();
    const db = new Database(join(dir, 'rampart.db'));
    db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', 'x')").run();
    db.close();
    await assert.rejects(openStore({ kind: 'sqlite', dataDir: dir }), (e: unknown) => isReason('UnsupportedSchemaVersion')(e) && /999/.test(String(e)));
    const after = new Database(join(dir, 'rampart.db'), { readonly: true });
    assert.equal(after.prepare("SELECT value FROM meta WHERE name = 'schema_version'").pluck().get(), String(LATEST_SCHEMA_VERSION));
    after.close();
  });

  it('migrates a schema-1 database to the clustered items table, keeping every item and version', async () => {
    const key = generateMasterKey();
    const db = new Database(join(dir, 'rampart.db'));
    migrateSqlite(db, key, MIGRATIONS.slice(0, 1));
    const insert = db.prepare('INSERT INTO items (table_name, scope_kind, account_id, region, key, value, version) VALUES (?, ?, ?, ?, ?, ?, ?)');
    for (let i = 0; i < 50; i++) insert.run('t', 'account', '111111111111', '', `k${i}`, JSON.stringify({ i }), i + 1);
    insert.run('u', 'global', '', '', 'g', '"x"', 3);
    db.close();
    writeFileSync(join(dir, 'master.key'), key + '\n', { mode: 0o600 });
    const store = await openStore({ kind: 'sqlite', dataDir: dir });
    assert.equal(await store.countAll(), 51);
    assert.deepEqual(await store.get('t', { kind: 'account', accountId: '111111111111' }, 'k7'), { key: 'k7', value: { i: 7 }, version: 8 });
    assert.deepEqual(await store.get('u', G, 'g'), { key: 'g', value: 'x', version: 3 });
    await store.close();
    const after = new Database(join(dir, 'rampart.db'), { readonly: true });
    assert.match(after.prepare("SELECT sql FROM sqlite_master WHERE name = 'items'").pluck().get() as string, /WITHOUT ROWID/);
    assert.deepEqual(after.prepare('SELECT version FROM schema_migrations').pluck().all(), [1, 2, 3]);
    after.close();
  });

  it('exportAll is not blocked by, and does not see, an uncommitted transaction', async () => {
    const store = await openStore({ kind: 'sqlite', dataDir: dir });
    await store.put('t', G, 'committed', 1);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const tx = store.transaction(async (t) => {
      await t.put('t', G, 'uncommitted', 2);
      await gate;
    });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const keys: string[] = [];
    await store.exportAll((_t, _s, item) => {
      keys.push(item.key);
    });
    release();
    await tx;
    assert.deepEqual(keys, ['committed']);
    assert.equal(await store.count('t', G), 2);
    await store.close();
  });
});
