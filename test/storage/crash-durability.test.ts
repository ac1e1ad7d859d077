/**
 * Crash durability: a child process writes as fast as it can and reports every acknowledged write;
 * after ~1.5k acknowledgements it is SIGKILLed. Reopening the store must show every acknowledged
 * write, and every transaction all-or-nothing (also unacknowledged ones).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { openStore } from '../../src/storage/open-store.js';
import type { Store } from '../../src/storage/types.js';
import { PG_URL, TEST_MASTER_KEY, dropSchema, randomSchema, requirePostgres } from './pg-test-env.js';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, '..', '..');
const G = { kind: 'global' } as const;

interface Acks {
  puts: string[];
  txs: string[];
}

/** Runs the writer until `target` acks, SIGKILLs it, returns what it acknowledged. */
async function writeUntilKilled(args: string[], target: number): Promise<Acks> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(here, 'crash-writer.ts'), ...args], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  const acks: Acks = { puts: [], txs: [] };
  let count = 0;
  const watchdog = setTimeout(() => child.kill('SIGTERM'), 30_000);
  for await (const line of createInterface({ input: child.stdout })) {
    const [type, id, i] = line.split(' ');
    if (type === 'P') acks.puts.push(`p/${id}/${i}`);
    else if (type === 'T') acks.txs.push(`tx/${id}/${i}`);
    else continue;
    if (++count === target) child.kill('SIGKILL');
  }
  const signal = await exited;
  clearTimeout(watchdog);
  assert.equal(signal, 'SIGKILL', `writer ended on its own before the kill: ${stderr}`);
  assert.ok(count >= target, `only ${count} acks: ${stderr}`);
  return acks;
}

async function verify(store: Store, acks: Acks): Promise<void> {
  for (const key of acks.puts) {
    const item = await store.get<{ i: number }>('crash', G, key);
    assert.ok(item, `acknowledged put ${key} is missing`);
    assert.equal(item.value.i, Number(key.split('/')[2]));
  }
  for (const prefix of acks.txs) {
    assert.equal(await store.count('crash', G, `${prefix}/`), 3, `acknowledged transaction ${prefix} is not complete`);
  }
  const groups = new Map<string, number>();
  for (const item of await store.list('crash', G, { prefix: 'tx/' })) {
    const group = item.key.slice(0, item.key.lastIndexOf('/'));
    groups.set(group, (groups.get(group) ?? 0) + 1);
  }
  for (const [group, n] of groups) assert.equal(n, 3, `transaction ${group} is partial (${n} of 3 writes)`);
  assert.ok(groups.size >= acks.txs.length);
}

const target = (): number => 1000 + Math.floor(Math.random() * 1000);

describe('crash durability (SIGKILL)', () => {
  it('sqlite: every acknowledged write survives, transactions are all-or-nothing', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'rampart-crash-'));
    try {
      for (let round = 0; round < 2; round++) {
        const acks = await writeUntilKilled(['sqlite', dataDir], target());
        const check = new Database(join(dataDir, 'rampart.db'));
        assert.equal(check.pragma('integrity_check', { simple: true }), 'ok');
        check.close();
        const store = await openStore({ kind: 'sqlite', dataDir });
        try {
          await verify(store, acks);
          if (round === 0) await store.clearAll();
        } finally {
          await store.close();
        }
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  describe('postgres', () => {
    before(requirePostgres);
    it('postgres: every acknowledged write survives, transactions are all-or-nothing', async () => {
      const schema = randomSchema('crash');
      try {
        const acks = await writeUntilKilled(['postgres', PG_URL, schema, TEST_MASTER_KEY], target());
        const store = await openStore({ kind: 'postgres', url: PG_URL, schema, masterKey: TEST_MASTER_KEY });
        try {
          await verify(store, acks);
        } finally {
          await store.close();
        }
      } finally {
        await dropSchema(schema);
      }
    });
  });
});
