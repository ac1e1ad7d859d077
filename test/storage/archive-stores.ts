/**
 * Stores for archive tests: fresh SQLite and PostgreSQL stores opened with a chosen master key, a
 * backup of any of them with its own key, and the cleanup of files, stores and schemas.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeArchive } from '../../src/storage/archive/write-archive.js';
import { LATEST_SCHEMA_VERSION } from '../../src/storage/migrations.js';
import { openStore } from '../../src/storage/open-store.js';
import type { Store } from '../../src/storage/types.js';
import { dropSchema, PG_URL, randomSchema, requirePostgres } from './pg-test-env.js';

/** What archive tests open stores and write archives with. */
export interface ArchiveTestEnv {
  /** A temporary directory for data dirs and archives. */
  readonly root: string;
  /** A fresh SQLite store whose master.key is `key` (default: the env's). */
  sqliteStore(key?: string): Promise<Store>;
  /** A fresh PostgreSQL store in its own schema (dropped by cleanup). */
  pgStore(key?: string): Promise<Store>;
  readonly open: { readonly sqlite: (key?: string) => Promise<Store>; readonly postgres: (key?: string) => Promise<Store> };
  /** The master key a store of this env was opened with. */
  keyOf(s: Store): string;
  /** Backs `store` up to `<root>/<name>` with its own master key; returns the path. */
  backup(store: Store, name: string): Promise<string>;
  /** Closes every store, drops every schema, removes root. */
  cleanup(): Promise<void>;
}

/** An environment whose stores use `defaultKey` unless told otherwise. */
export function archiveTestEnv(tag: string, defaultKey: string): ArchiveTestEnv {
  const root = mkdtempSync(join(tmpdir(), `rampart-${tag}-`));
  const schemas: string[] = [];
  const keys = new Map<Store, string>();
  let seq = 0;
  const opened = (s: Store, key: string) => (keys.set(s, key), s);
  const sqliteStore = async (key = defaultKey) => {
    const dataDir = join(root, `sqlite-${seq++}`);
    mkdirSync(dataDir, { mode: 0o700 });
    writeFileSync(join(dataDir, 'master.key'), key + '\n', { mode: 0o600 });
    return opened(await openStore({ kind: 'sqlite', dataDir }), key);
  };
  const pgStore = async (key = defaultKey) => {
    await requirePostgres();
    const schema = randomSchema(tag.replace(/\W/g, ''));
    schemas.push(schema);
    return opened(await openStore({ kind: 'postgres', url: PG_URL, schema, masterKey: key }), key);
  };
  const keyOf = (s: Store) => keys.get(s)!;
  return {
    root,
    sqliteStore,
    pgStore,
    open: { sqlite: sqliteStore, postgres: pgStore },
    keyOf,
    async backup(store, name) {
      const path = join(root, name);
      await writeArchive(store, path, { rampartVersion: 'test', schemaVersion: LATEST_SCHEMA_VERSION, masterKey: keyOf(store), now: Date.UTC(2025, 0, 2) });
      return path;
    },
    async cleanup() {
      for (const s of keys.keys()) await s.close().catch(() => undefined);
      for (const schema of schemas) await dropSchema(schema);
      rmSync(root, { recursive: true, force: true });
    },
  };
}
