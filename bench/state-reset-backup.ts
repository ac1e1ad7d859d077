/**
 * "Owning the state" benchmarks, one run:
 *  (a) POST /_rampart/reset latency, p50 and p99, with 1,000 IAM users and 1,000 managed policies
 *      in the store (created once through the IAM API, then put back directly into the store's
 *      iam.* tables before every reset), on SQLite and PostgreSQL (goal: p50 < 20 ms). Peer: what
 *      a test fixture does without reset, a fresh `rampart start` on an empty data dir up to its
 *      first signed request.
 *  (b) backup throughput in items/s of `rampart backup` against `sqlite3 .backup` of the same
 *      database file and `pg_dump -Fc` of the same schema (goal: >= 0.5 of each), at two sizes of
 *      the state: 100,000 and 1,000,000 items. Every figure is the wall time of the whole command,
 *      process start included, best of three rounds. At 100,000 items Node's start (~70 ms) is
 *      about as long as the peers' whole run; the goal is judged on the larger state.
 * Needs the Debian `sqlite3` CLI and `pg_dump` (postgresql-client), and PostgreSQL at
 * RAMPART_TEST_PG_URL (default postgres://postgres@127.0.0.1:5432/test).
 * Run: npm run build && node --import tsx bench/state-reset-backup.ts [sizes, e.g. 100000,1000000]
 * (RAMPART_BIN may point at another build of src/cli/main.js.)
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreatePolicyCommand, CreateUserCommand, IAMClient, ListUsersCommand } from '@aws-sdk/client-iam';
import { openStore } from '../src/storage/open-store.js';
import type { Scope, Store, StoredItem } from '../src/storage/types.js';
import { dropSchema, freshSchema, PG_URL, requirePostgres } from '../test/helpers/postgres.js';
import { signQuery } from '../test/helpers/signed-fetch.js';
import { RAMPART_BIN, report, spawnServer, type Started } from './lib/processes.js';

const BIN = process.env['RAMPART_BIN'] ?? RAMPART_BIN;
const THROUGHPUT_SIZES = (process.argv[2] ?? '100000,1000000').split(',').map(Number);
const USERS = 1000;
const POLICIES = 1000;
const RESETS = 200;
const WARMUP = 5;
const MASTER_KEY = 'bench-state-master-key-0123456789abcdefghij';
const DEV = { accessKeyId: 'test', secretAccessKey: 'test' };
const POLICY = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: ['arn:aws:s3:::bench-bucket', 'arn:aws:s3:::bench-bucket/*'] }] });

interface Backend {
  readonly name: 'sqlite' | 'postgres';
  readonly args: string[];
  readonly env: NodeJS.ProcessEnv;
  open(): Promise<Store>;
}

const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)]!;

/** Runs fn over 0..n-1 with `width` calls in flight. */
async function pool(n: number, width: number, fn: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < n) await fn(next++);
  }));
}

/** The IAM items the API wrote (every iam.* table but the bootstrap's access keys). */
async function iamItems(store: Store): Promise<{ table: string; scope: Scope; item: StoredItem }[]> {
  const out: { table: string; scope: Scope; item: StoredItem }[] = [];
  await store.exportAll((table, scope, item) => {
    if (table.startsWith('iam.') && table !== 'iam.access-keys') out.push({ table, scope, item });
  });
  return out;
}

/** (a) on one backend: reset latencies (client-side ms) with the IAM state put back before each. */
async function resetLatency(b: Backend): Promise<{ client: number[]; server: number[]; state: Awaited<ReturnType<typeof iamItems>> }> {
  const server = await spawnServer([BIN, 'start', '--dev', '--port', '0', ...b.args], { ...process.env, ...b.env });
  try {
    const iam = new IAMClient({ endpoint: server.url, region: 'us-east-1', credentials: DEV, maxAttempts: 1 });
    await pool(USERS, 16, (i) => iam.send(new CreateUserCommand({ UserName: `bench-user-${i}`, Path: '/bench/' })));
    await pool(POLICIES, 16, (i) => iam.send(new CreatePolicyCommand({ PolicyName: `bench-policy-${i}`, PolicyDocument: POLICY })));
    const store = await b.open();
    try {
      const state = await iamItems(store);
      const client: number[] = [];
      const ms: number[] = [];
      for (let round = 0; round < WARMUP + RESETS; round++) {
        if (round > 0) await store.importAll((put) => state.forEach((s) => put(s.table, s.scope, s.item)));
        const t0 = performance.now();
        const res = await fetch(`${server.url}/_rampart/reset`, { method: 'POST' });
        const body = (await res.json()) as { ms: number };
        const t = performance.now() - t0;
        if (res.status !== 200) throw new Error(`reset answered ${res.status}`);
        if (round >= WARMUP) {
          client.push(t);
          ms.push(body.ms);
        }
      }
      const left = (await iam.send(new ListUsersCommand({}))).Users ?? [];
      if (left.length !== 0 || (await store.countAll()) !== 3) throw new Error('reset did not return to the first-start state');
      return { client, server: ms, state };
    } finally {
      await store.close();
    }
  } finally {
    await server.stop();
  }
}

/** Peer of (a): a new server on an empty data dir, from spawn to its first signed request. */
async function freshStart(): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'rampart-bench-fresh-'));
  let s: Started | undefined;
  try {
    const t0 = performance.now();
    s = await spawnServer([BIN, 'start', '--dev', '--port', '0', '--data-dir', dir]);
    const req = await signQuery(s.url, { Action: 'GetCallerIdentity', Version: '2011-06-15' }, DEV);
    for (;;) {
      const res = await fetch(s.url, { method: 'POST', headers: req.headers, body: req.body }).catch(() => undefined);
      if (res?.ok) break;
      await new Promise((r) => setTimeout(r, 2));
    }
    return performance.now() - t0;
  } finally {
    await s?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Copies the IAM state into further accounts until the store holds about `n` items. */
async function grow(b: Backend, template: Awaited<ReturnType<typeof iamItems>>, n: number): Promise<number> {
  const store = await b.open();
  try {
    const have = await store.countAll();
    const first = Math.floor(have / template.length);
    for (let c = first; c < first + Math.ceil(Math.max(0, n - have) / template.length); c++) {
      const accountId = String(200000000000 + c);
      await store.importAll((put) => template.forEach((t) => put(t.table, t.scope.kind === 'global' ? t.scope : { ...t.scope, accountId }, t.item)));
    }
    return await store.countAll();
  } finally {
    await store.close();
  }
}

/** Wall time of a command in ms; throws when it fails. */
function timed(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): number {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { env, encoding: 'utf8', maxBuffer: 64 << 20 });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr || r.error?.message}`);
  return ms;
}

function requireTool(tool: string, hint: string): void {
  if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) throw new Error(`${tool} not found: ${hint}`);
}

async function main() {
  requireTool('sqlite3', 'apt-get install -y sqlite3');
  requireTool('pg_dump', 'apt-get install -y postgresql-client');
  await requirePostgres();
  const dir = mkdtempSync(join(tmpdir(), 'rampart-bench-state-'));
  const schema = freshSchema('rampart_bench_state');
  const pgUrl = new URL(PG_URL);
  const sqlite: Backend = { name: 'sqlite', args: ['--data-dir', join(dir, 'sqlite')], env: {}, open: () => openStore({ kind: 'sqlite', dataDir: join(dir, 'sqlite') }) };
  const postgres: Backend = {
    name: 'postgres',
    args: ['--data-dir', join(dir, 'pg'), '--storage', `${PG_URL}?schema=${schema}`],
    env: { RAMPART_MASTER_KEY: MASTER_KEY },
    open: () => openStore({ kind: 'postgres', url: PG_URL, schema, masterKey: MASTER_KEY }),
  };
  try {
    // (a) reset latency, and its peer.
    const resets = [];
    for (const b of [sqlite, postgres]) resets.push({ b, ...(await resetLatency(b)) });
    const starts: number[] = [];
    for (let i = 0; i < 5; i++) starts.push(await freshStart());
    const freshMs = percentile(starts, 50);

    console.log(`\nRampart ${process.version}; reset: ${USERS} users + ${POLICIES} policies, ${RESETS} resets after ${WARMUP} warm-up; backup: best of 3, process start included`);
    for (const r of resets) {
      const p50 = percentile(r.client, 50);
      report(`(a) reset p50, ${r.b.name} (${r.state.length} IAM items + first-start state)`, p50, 'ms', 'fresh start to first request', freshMs, 'p50 < 20 ms', p50 < 20);
      console.log(`    p99 ${percentile(r.client, 99).toFixed(1)} ms, max ${Math.max(...r.client).toFixed(1)} ms; server-side p50 ${percentile(r.server, 50).toFixed(1)} ms, p99 ${percentile(r.server, 99).toFixed(1)} ms`);
    }

    // (b) backup throughput, the state grown size by size.
    const dbFile = join(dir, 'sqlite', 'rampart.db');
    const out = (name: string) => join(dir, name);
    const rate = (n: number, ms: number) => n / (ms / 1000);
    const mb = (f: string) => (statSync(out(f)).size / 1e6).toFixed(1);
    const total = { sqlite: 0, postgres: 0 };
    for (const size of THROUGHPUT_SIZES) {
      const items = { sqlite: await grow(sqlite, resets[0]!.state, size), postgres: await grow(postgres, resets[1]!.state, size) };
      Object.assign(total, items);
      const best = { rs: Infinity, sq: Infinity, rp: Infinity, pd: Infinity };
      for (let round = 0; round < 3; round++) {
        rmSync(out('copy.db'), { force: true });
        best.sq = Math.min(best.sq, timed('sqlite3', [dbFile, `.backup '${out('copy.db')}'`]));
        best.rs = Math.min(best.rs, timed(process.execPath, [BIN, 'backup', '--out', out('sqlite.rbk'), ...sqlite.args]));
        best.pd = Math.min(best.pd, timed('pg_dump', ['-Fc', '-n', schema, '-f', out('pg.dump'), '-h', pgUrl.hostname, '-p', pgUrl.port || '5432', '-U', pgUrl.username || 'postgres', pgUrl.pathname.slice(1)]));
        best.rp = Math.min(best.rp, timed(process.execPath, [BIN, 'backup', '--out', out('pg.rbk'), ...postgres.args], { ...process.env, ...postgres.env }));
      }
      const judged = size === Math.max(...THROUGHPUT_SIZES);
      const goal = (peer: string) => `>= 0.50 of ${peer}${judged ? '' : ' (judged on the largest state)'}`;
      const verdict = (ok: boolean) => (judged ? ok : `reference, ${ok ? 'at' : 'below'} the goal`);
      const rs = rate(items.sqlite, best.rs);
      const sq = rate(items.sqlite, best.sq);
      const rp = rate(items.postgres, best.rp);
      const pd = rate(items.postgres, best.pd);
      report(`(b) rampart backup, SQLite, ${items.sqlite} items`, rs, 'items/s', 'sqlite3 .backup', sq, goal('sqlite3 .backup'), verdict(rs / sq >= 0.5));
      console.log(`    ${best.rs.toFixed(0)} ms, archive ${mb('sqlite.rbk')} MB | sqlite3 .backup ${best.sq.toFixed(0)} ms, copy ${mb('copy.db')} MB`);
      report(`(b) rampart backup, PostgreSQL, ${items.postgres} items`, rp, 'items/s', 'pg_dump -Fc', pd, goal('pg_dump'), verdict(rp / pd >= 0.5));
      console.log(`    ${best.rp.toFixed(0)} ms, archive ${mb('pg.rbk')} MB | pg_dump -Fc ${best.pd.toFixed(0)} ms, dump ${mb('pg.dump')} MB`);
    }
    // For reference only (not goals), on the largest state: a logical text export of SQLite, and restoring the archives.
    const dumpMs = timed('sh', ['-c', `sqlite3 '${dbFile}' .dump > '${out('dump.sql')}'`]);
    const restoreDir = join(dir, 'restored');
    mkdirSync(restoreDir, { mode: 0o700 });
    copyFileSync(join(dir, 'sqlite', 'master.key'), join(restoreDir, 'master.key'));
    const restoreSqliteMs = timed(process.execPath, [BIN, 'restore', '--in', out('sqlite.rbk'), '--data-dir', restoreDir]);
    const restoreSchema = freshSchema('rampart_bench_restore');
    let restorePgMs: number;
    try {
      restorePgMs = timed(process.execPath, [BIN, 'restore', '--in', out('pg.rbk'), '--storage', `${PG_URL}?schema=${restoreSchema}`], { ...process.env, ...postgres.env });
    } finally {
      await dropSchema(restoreSchema);
    }
    console.log(`    for reference: sqlite3 .dump (a logical text export) ${rate(total.sqlite, dumpMs).toFixed(0)} items/s (${dumpMs.toFixed(0)} ms, ${mb('dump.sql')} MB)`);
    console.log(`    for reference: rampart restore (verify + import, one run) into SQLite ${rate(total.sqlite, restoreSqliteMs).toFixed(0)} items/s, into PostgreSQL ${rate(total.postgres, restorePgMs).toFixed(0)} items/s`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await dropSchema(schema);
  }
}

await main();
