/**
 * `rampart backup` / `rampart restore` through the CLI, on both backends: a backup taken under a
 * loopback write load, SQLite -> PostgreSQL -> SQLite with identical manifests, no secret in the
 * archive, master keys, non-empty targets, refused archives leaving the target as it was, and the
 * plain progress lines printed off a terminal. CLI runs use runAsync: the servers run in-process.
 */
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { CreateAccessKeyCommand, CreateLoginProfileCommand, CreatePolicyCommand, CreateUserCommand, IAMClient } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { FORMAT_VERSION, type ArchiveManifest } from '../../src/storage/archive/archive-format.js';
import { LATEST_SCHEMA_VERSION } from '../../src/storage/migrations.js';
import { openStore } from '../../src/storage/open-store.js';
import type { Store } from '../../src/storage/types.js';
import { dropSchema, freshSchema, PG_URL, pgQuery, requirePostgres } from '../helpers/postgres.js';
import { startTestServer, type TestServer } from '../helpers/rampart.js';
import { runAsync } from '../helpers/run-async.js';
import { archiveLines, archiveManifest, snapshot, writeArchiveLines, writeLegacyArchive } from '../storage/archive-support.js';
import { sealLegacy } from '../storage/legacy-seal.js';

const MAIN = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
const PG_KEY = 'state-backup-test-master-key-0123456789abcdef';
const root = mkdtempSync(join(tmpdir(), 'rampart-backup-e2e-'));
const schemas: string[] = [];
const cleanups: (() => Promise<unknown>)[] = [];
let seq = 0;

/** `rampart <args>` from source, without blocking this process's event loop. */
function rampart(args: string[], env: NodeJS.ProcessEnv = {}) {
  return runAsync(process.execPath, ['--import', 'tsx', MAIN, ...args], { env: { ...process.env, ...env }, timeoutMs: 120_000 });
}

/** A place to keep state: the CLI arguments, environment and in-process options for one target. */
interface Target {
  readonly args: string[];
  readonly env: NodeJS.ProcessEnv;
  /** PostgreSQL targets: the schema. */
  readonly schema?: string;
  open(): Promise<Store>;
}

function sqliteTarget(dataDir = join(root, `data-${seq++}`), masterKeyFrom?: string): Target {
  if (masterKeyFrom) {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    copyFileSync(join(masterKeyFrom, 'master.key'), join(dataDir, 'master.key'));
  }
  return { args: ['--data-dir', dataDir], env: {}, open: () => openStore({ kind: 'sqlite', dataDir }) };
}

function pgTarget(masterKey = PG_KEY): Target {
  const schema = freshSchema('rampart_backup');
  schemas.push(schema);
  return {
    args: ['--storage', `${PG_URL}?schema=${schema}`],
    env: { RAMPART_MASTER_KEY: masterKey },
    schema,
    open: () => openStore({ kind: 'postgres', url: PG_URL, schema, masterKey }),
  };
}

/** Opens a target in-process, runs fn, closes it. */
async function withStore<T>(t: Target, fn: (s: Store) => Promise<T>): Promise<T> {
  const s = await t.open();
  try {
    return await fn(s);
  } finally {
    await s.close();
  }
}

async function startOn(t: Target, opts: { dev?: boolean } = {}): Promise<TestServer> {
  const storage = t.args[0] === '--storage' ? { storage: t.args[1]!, env: { ...process.env, ...t.env } } : { dataDir: t.args[1]! };
  const s = await startTestServer({ dev: opts.dev ?? false, ...storage });
  cleanups.push(() => s.close());
  return s;
}

const sts = (s: TestServer, credentials: { accessKeyId: string; secretAccessKey: string }) =>
  new STSClient({ endpoint: s.url, region: 'us-east-1', credentials, maxAttempts: 1 }).send(new GetCallerIdentityCommand({}));
const iam = (s: TestServer) => new IAMClient({ endpoint: s.url, region: 'us-east-1', credentials: s.credentials, maxAttempts: 1 });
const archive = (name: string) => join(root, name);

after(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
  for (const schema of schemas) await dropSchema(schema);
  rmSync(root, { recursive: true, force: true });
});

for (const backend of ['sqlite', 'postgres'] as const) {
  describe(`backup under a write load on ${backend}`, () => {
    it('the restored state has every write acknowledged before the backup began and no half-applied transaction', async (tc) => {
      if (backend === 'postgres') await requirePostgres();
      const source = backend === 'sqlite' ? sqliteTarget() : pgTarget();
      const s = await startOn(source);
      const store = s.runtime.store;
      const acct = { kind: 'account', accountId: s.accountId } as const;
      const region = { kind: 'region', accountId: s.accountId, region: 'eu-west-1' } as const;
      const txAcked: number[] = [];
      const usersAcked: number[] = [];
      let stop = false;
      // Writer 1: transactions writing three items in three scopes plus a counter, all or nothing.
      const txLoop = (async () => {
        for (let i = 0; !stop; i++) {
          await store.transaction(async (tx) => {
            await tx.put('load.a', acct, `tx-${String(i).padStart(6, '0')}`, { i });
            await tx.put('load.b', region, `tx-${String(i).padStart(6, '0')}`, { i });
            await tx.put('load.c', { kind: 'global' }, `tx-${String(i).padStart(6, '0')}`, { i });
            await tx.put('load.counter', { kind: 'global' }, 'last', i);
          });
          txAcked.push(performance.now());
          await new Promise((r) => setImmediate(r)); // SQLite calls never yield by themselves
        }
      })();
      // Writer 2: IAM CreateUser over loopback HTTP through the SDK.
      const client = iam(s);
      const userLoop = (async () => {
        for (let i = 0; !stop; i++) {
          await client.send(new CreateUserCommand({ UserName: `load-user-${i}` }));
          usersAcked.push(performance.now());
        }
      })();
      // The backup starts once both writers are well under way (waiting for that, not for a fixed time:
      // a loaded machine writes more slowly).
      for (let waited = 0; (txAcked.length <= 20 || usersAcked.length <= 5) && waited < 120_000; waited += 50) await sleep(50);
      const out = archive(`load-${backend}.rbk`);
      const began = performance.now();
      const res = await rampart(['backup', '--out', out, ...source.args], source.env);
      await sleep(300);
      stop = true;
      await Promise.all([txLoop, userLoop]);
      assert.equal(res.status, 0, res.stderr);
      const txBefore = txAcked.filter((t) => t < began).length;
      const usersBefore = usersAcked.filter((t) => t < began).length;
      assert.ok(txBefore > 20 && usersBefore > 5, `load ran before the backup (${txBefore} tx, ${usersBefore} users)`);
      assert.ok(txAcked.length > txBefore && usersAcked.length > usersBefore, 'and went on while it ran');

      const target = backend === 'sqlite' ? sqliteTarget(undefined, s.dataDir) : pgTarget();
      const restored = await rampart(['restore', '--in', out, ...target.args], target.env);
      assert.equal(restored.status, 0, restored.stderr);
      await withStore(target, async (t) => {
        assert.equal(await t.countAll(), archiveManifest(out).totalItems);
        const ids = async (table: string, scope: Parameters<Store['list']>[1]) => (await t.list(table, scope)).map((it) => (it.value as { i: number }).i);
        const a = await ids('load.a', acct);
        const b = await ids('load.b', region);
        const c = await ids('load.c', { kind: 'global' });
        const k = a.length;
        assert.ok(k >= txBefore, `every transaction acknowledged before the backup is there (${k} >= ${txBefore})`);
        const prefix = Array.from({ length: k }, (_, i) => i);
        assert.deepEqual(a, prefix, 'the snapshot holds a prefix of the sequential transactions');
        assert.deepEqual(b, prefix, 'each transaction is all or nothing (scope region)');
        assert.deepEqual(c, prefix, 'each transaction is all or nothing (scope global)');
        assert.equal((await t.get('load.counter', { kind: 'global' }, 'last'))?.value, k - 1);
        const users = (await t.list('iam.users', acct)).map((u) => u.key);
        assert.ok(users.length >= usersBefore, `every user acknowledged before the backup is there (${users.length} >= ${usersBefore})`);
        for (let i = 0; i < users.length; i++) assert.ok(users.includes(`load-user-${i}`), `users form a prefix: load-user-${i}`);
        tc.diagnostic(`transactions: ${txBefore} acknowledged before the backup, ${k} in it, ${txAcked.length} in all; users: ${usersBefore} / ${users.length} / ${usersAcked.length}`);
      });
    });
  });
}

describe('SQLite -> PostgreSQL -> SQLite through the CLI', () => {
  let s: TestServer;
  let src: Target;
  let pg: Target;
  let masterKey: string;
  let userKey: { accessKeyId: string; secretAccessKey: string };
  const a = archive('trip-a.rbk');
  const b = archive('trip-b.rbk');
  const c = archive('trip-c.rbk');
  const out: Record<string, { stdout: string; stderr: string }> = {};

  before(async () => {
    await requirePostgres();
    src = sqliteTarget();
    s = await startOn(src);
    const client = iam(s);
    await client.send(new CreateUserCommand({ UserName: 'alice' }));
    const key = (await client.send(new CreateAccessKeyCommand({ UserName: 'alice' }))).AccessKey!;
    userKey = { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
    await client.send(new CreateLoginProfileCommand({ UserName: 'alice', Password: 'Alice-Console-Pass-1' }));
    await client.send(new CreatePolicyCommand({ PolicyName: 'p1', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] }) }));
    await s.runtime.store.importAll((put) => {
      for (let i = 0; i < 1500; i++) put('filler.items', { kind: 'region', accountId: s.accountId, region: 'us-west-2' }, { key: `f-${i}`, version: 1, value: { i } });
    });
    await s.close();
    masterKey = readFileSync(join(s.dataDir, 'master.key'), 'utf8');
  });

  it('backup (SQLite), restore into PostgreSQL with RAMPART_MASTER_KEY = master.key, backup, restore into SQLite, backup: identical part hashes and counts', async () => {
    const r1 = await rampart(['backup', '--out', a, ...src.args]);
    assert.equal(r1.status, 0, r1.stderr);
    out['backup'] = r1;
    pg = pgTarget(masterKey);
    const r2 = await rampart(['restore', '--in', a, ...pg.args], pg.env);
    assert.equal(r2.status, 0, r2.stderr);
    out['restore'] = r2;
    assert.equal((await rampart(['backup', '--out', b, ...pg.args], pg.env)).status, 0);
    const back = sqliteTarget(undefined, src.args[1]!);
    const r4 = await rampart(['restore', '--in', b, ...back.args]);
    assert.equal(r4.status, 0, r4.stderr);
    assert.equal((await rampart(['backup', '--out', c, ...back.args])).status, 0);

    const [ma, mb, mc] = [a, b, c].map(archiveManifest) as [ArchiveManifest, ArchiveManifest, ArchiveManifest];
    assert.deepEqual([ma.backend, mb.backend, mc.backend], ['sqlite', 'postgres', 'sqlite']);
    assert.ok(ma.parts.length >= 2);
    assert.deepEqual(mb.parts, ma.parts, 'PostgreSQL archive lists the same part hashes');
    assert.deepEqual(mc.parts, ma.parts, 'back on SQLite: same part hashes');
    assert.deepEqual(mb.counts, ma.counts);
    assert.deepEqual(mc.counts, ma.counts);
    assert.equal(mc.totalItems, ma.totalItems);
    // Part lines differ by their MACs only: every archive has a MAC chain of its own (its archiveId).
    const withoutMacs = (p: string) => archiveLines(p).slice(1, -1).map((l) => l.replace(/,"hmac":"[0-9a-f]{64}"\}$/, '}'));
    assert.deepEqual(withoutMacs(c), withoutMacs(a), 'every item line identical');
    assert.notDeepEqual(archiveLines(c).slice(1, -1), archiveLines(a).slice(1, -1));
    assert.equal(ma.counts[`account:${s.accountId}`]?.['iam.users'], 1);
  });

  it('the restored PostgreSQL state serves signed requests with the root key and the IAM user key', async () => {
    const onPg = await startOn(pg);
    assert.equal(onPg.accountId, s.accountId);
    assert.equal((await sts(onPg, s.credentials)).Account, s.accountId);
    assert.match((await sts(onPg, userKey)).Arn!, /:user\/alice$/);
  });

  it('no archive contains a secret access key, gunzipped; the key ids are there', () => {
    for (const path of [a, b, c]) {
      const text = archiveLines(path).join('\n');
      assert.ok(text.includes(s.credentials.accessKeyId) && text.includes(userKey.accessKeyId), 'sanity: the access keys are in the archive');
      assert.ok(!text.includes(s.credentials.secretAccessKey), `${path}: root secret found`);
      assert.ok(!text.includes(userKey.secretAccessKey), `${path}: user secret found`);
      assert.ok(!readFileSync(path).includes(s.credentials.secretAccessKey));
    }
  });

  it('no archive, SQLite file or PostgreSQL row holds a password hash in clear (scrypt$)', async () => {
    assert.equal(archiveManifest(a).counts[`account:${s.accountId}`]?.['iam.login-profiles'], 1, 'sanity: the login profile is in the archive');
    for (const path of [a, b, c]) assert.ok(!archiveLines(path).join('\n').includes('scrypt$'), `${path}: a password hash in clear`);
    const rows = await pgQuery<{ value: string }>(`SELECT value FROM "${pg.schema!}".items WHERE table_name = 'iam.login-profiles'`);
    assert.equal(rows.length, 1);
    assert.match(rows[0]!.value, /"passwordHash":"rs2:/);
    assert.equal((await pgQuery(`SELECT 1 FROM "${pg.schema!}".items WHERE value LIKE '%scrypt$%'`)).length, 0);
    for (const dir of [src.args[1]!]) {
      for (const f of ['rampart.db', 'rampart.db-wal']) {
        if (existsSync(join(dir, f))) assert.ok(!readFileSync(join(dir, f)).includes('scrypt$'), `${dir}/${f}: a password hash in clear`);
      }
    }
  });

  it('off a terminal, backup and restore print plain progress lines', () => {
    const total = archiveManifest(a).totalItems;
    const backupLines = out['backup']!.stderr.trimEnd().split('\n');
    // Off a terminal the total is not counted first (it would cost a pass over the store).
    assert.match(backupLines[0]!, /^backup: \d+ items, \d+ items\/s$/);
    assert.match(backupLines.at(-1)!, new RegExp(`^backup: done, ${total} items in \\d+\\.\\d\\d s \\(\\d+ items/s\\)$`));
    for (const l of backupLines) assert.match(l, /^backup: (\d+ items, \d+ items\/s|done, .*)$/, 'nothing else, no terminal codes');
    assert.match(out['backup']!.stdout, new RegExp(`^Wrote .*trip-a\\.rbk: ${total} items in \\d+ parts \\(format ${FORMAT_VERSION}, schema ${LATEST_SCHEMA_VERSION}\\)\\.\\n$`));
    const restoreLines = out['restore']!.stderr.trimEnd().split('\n');
    assert.equal(restoreLines[0], `restore: verified ${total} items in ${archiveManifest(a).parts.length} parts`);
    assert.match(restoreLines[1]!, new RegExp(`^restore: \\d+/${total} items, \\d+ items/s$`));
    assert.match(restoreLines.at(-1)!, new RegExp(`^restore: done, ${total} items in \\d+\\.\\d\\d s \\(\\d+ items/s\\)$`));
    assert.match(out['restore']!.stdout, new RegExp(`^Restored ${total} items from .*trip-a\\.rbk`));
  });
});

describe('master keys, non-empty targets and refused archives through the CLI', () => {
  let s: TestServer;
  let src: Target;
  let path: string;
  let masterKey: string;
  const target = sqliteTarget();

  before(async () => {
    src = sqliteTarget();
    s = await startOn(src);
    await iam(s).send(new CreateUserCommand({ UserName: 'bob' }));
    await s.close();
    masterKey = readFileSync(join(src.args[1]!, 'master.key'), 'utf8').trim();
    path = archive('keys.rbk');
    assert.equal((await rampart(['backup', '--out', path, ...src.args])).status, 0);
  });

  it('a target with another master key is refused, naming the mismatch, and stays empty', async () => {
    const r = await rampart(['restore', '--in', path, ...target.args]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /rampart restore: refused \(key-mismatch\): master key mismatch: .*--from-master-key.*The target was not changed\./);
    assert.equal(await withStore(target, (t) => t.countAll()), 0);
  });

  it('--from-master-key re-encrypts: the restored root key then works for a signed request', async () => {
    const r = await rampart(['restore', '--in', path, ...target.args, '--from-master-key', masterKey]);
    assert.equal(r.status, 0, r.stderr);
    assert.notEqual(readFileSync(join(target.args[1]!, 'master.key'), 'utf8').trim(), masterKey, 'the target kept its own key');
    const restored = await startOn(target);
    assert.equal(restored.credentials.secretAccessKey, s.credentials.secretAccessKey);
    assert.equal((await sts(restored, s.credentials)).Account, s.accountId);
    await restored.close();
  });

  it('a non-empty target is refused unless --force', async () => {
    const before0 = await withStore(target, snapshot);
    const r = await rampart(['restore', '--in', path, ...target.args, '--from-master-key', masterKey]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /refused \(target-not-empty\): the target data store is not empty \(\d+ items\).*--force/);
    assert.deepEqual(await withStore(target, snapshot), before0);
    await withStore(target, (t) => t.put('extra.table', { kind: 'global' }, 'x', 1));
    const forced = await rampart(['restore', '--in', path, ...target.args, '--from-master-key', masterKey, '--force']);
    assert.equal(forced.status, 0, forced.stderr);
    assert.equal(await withStore(target, (t) => t.get('extra.table', { kind: 'global' }, 'x')), undefined, '--force replaced the content');
  });

  for (const backend of ['sqlite', 'postgres'] as const) {
    it(`tampered, truncated and newer-format archives are refused by the CLI and a ${backend} target is unchanged`, async () => {
      if (backend === 'postgres') await requirePostgres();
      const t = backend === 'sqlite' ? target : pgTarget(masterKey);
      if (backend === 'postgres') assert.equal((await rampart(['restore', '--in', path, ...t.args], t.env)).status, 0);
      const before0 = await withStore(t, snapshot);
      assert.ok(before0.length > 3);
      const lines = archiveLines(path);
      assert.match(lines[1]!, /"v":1,/, 'the first item line, to tamper with');
      const bad: [string, string[], RegExp][] = [
        ['swapped', [lines[0]!, lines[2]!, lines[1]!, ...lines.slice(3)], /refused \(corrupt\): part 1 does not match its checksum/],
        ['flipped', lines.map((l, i) => (i === 1 ? l.replace('"v":1,', '"v":3,') : l)), /refused \(corrupt\)/],
        ['newer', [JSON.stringify({ kind: 'rampart-backup', formatVersion: FORMAT_VERSION + 1 }), ...lines.slice(1)], /refused \(newer-format\): .*upgrade Rampart/],
        ['cut', lines.slice(0, -1), /refused \(truncated\): .*manifest is missing/],
      ];
      for (const [name, content, expected] of bad) {
        const p = archive(`bad-${name}-${backend}.rbk`);
        writeArchiveLines(p, content);
        const extra = backend === 'sqlite' ? ['--from-master-key', masterKey] : [];
        const r = await rampart(['restore', '--in', p, ...t.args, ...extra, '--force'], t.env);
        assert.equal(r.status, 1, `${name}: ${r.stderr}`);
        assert.match(r.stderr, expected);
        assert.match(r.stderr, /The target was not changed\.\n$/);
        assert.deepEqual(await withStore(t, snapshot), before0, `${name}: target unchanged`);
      }
    });
  }

  it('a format 2 archive (unauthenticated) is refused unless --accept-unauthenticated-archive, which restores it with its secrets sealed again, bound', async () => {
    const help = await rampart(['restore', '--help']);
    assert.match(help.stdout, /--accept-unauthenticated-archive\s+restore an archive of format 1 or 2/);
    const old = archive('format-2-cli.rbk');
    const at = { table: 'iam.access-keys', scope: { kind: 'global' }, key: 'AKIAOLDFORMAT0000001' } as const;
    const profile = { table: 'iam.login-profiles', scope: { kind: 'account', accountId: s.accountId }, key: 'bob' } as const;
    const hash = 'scrypt$c2FsdHNhbHRzYWx0c2FsdA==$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g=';
    writeLegacyArchive(
      old,
      [
        { t: at.table, s: at.scope, k: at.key, d: { accessKeyId: at.key, principalType: 'user', sealedSecret: sealLegacy(masterKey, 'old-format-secret') } },
        { t: profile.table, s: profile.scope, k: profile.key, d: { userName: 'bob', passwordHash: hash } },
      ],
      { format: 2, schemaVersion: 2, masterKey },
    );
    const t = sqliteTarget(undefined, src.args[1]!);
    const refused = await rampart(['restore', '--in', old, ...t.args]);
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /refused \(unauthenticated\): the archive has format 2, which carries no authentication .*--accept-unauthenticated-archive.*The target was not changed\./);
    assert.ok(!existsSync(join(t.args[1]!, 'rampart.db')), 'no store was created');
    const accepted = await rampart(['restore', '--in', old, ...t.args, '--accept-unauthenticated-archive']);
    assert.equal(accepted.status, 0, accepted.stderr);
    assert.match(accepted.stderr, /verified 2 items in 2 parts \(format 2, unauthenticated, accepted\)/);
    await withStore(t, async (store) => {
      const key = (await store.get<{ sealedSecret: string }>(at.table, at.scope, at.key))!.value;
      assert.equal(store.sealer.open(key.sealedSecret, at).toString(), 'old-format-secret');
      const p = (await store.get<{ passwordHash: string }>(profile.table, profile.scope, profile.key))!.value;
      assert.equal(store.sealer.open(p.passwordHash, profile).toString(), hash);
    });
  });

  it('a missing archive is a clean error and creates no data dir; a backup into a missing directory fails cleanly', async () => {
    const dir = join(root, 'never-created');
    const r = await rampart(['restore', '--in', archive('missing.rbk'), '--data-dir', dir]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /^rampart: cannot read the archive .*missing\.rbk: ENOENT/);
    assert.ok(!existsSync(dir), 'no empty store was created');
    const w = await rampart(['backup', '--out', join(root, 'no-such-dir', 'x.rbk'), ...src.args]);
    assert.equal(w.status, 1);
    assert.match(w.stderr, /^rampart: ENOENT: no such file or directory/m);
    assert.doesNotMatch(w.stderr, /\n\s+at /, 'no stack trace');
  });
});
