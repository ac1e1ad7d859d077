import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { OpenStoreOptions as StoreOptions } from '../storage/open-store.js';
import { SQLITE_DB_FILE } from '../storage/sqlite/open-sqlite.js';

/**
 * Turns the CLI's `--storage` value into store options: `sqlite` (default, in the data dir) or a
 * `postgres://` URL, whose optional `schema` query parameter picks the schema (default `rampart`).
 * PostgreSQL needs the master key from RAMPART_MASTER_KEY; SQLite keeps its own in the data dir.
 */
export function storageOptions(storage: string, dataDir: string, env: NodeJS.ProcessEnv, o: { mustExist?: boolean } = {}): StoreOptions {
  if (storage === 'sqlite') {
    // Operator commands on an existing store must not create an empty one by accident.
    if (o.mustExist && !existsSync(join(dataDir, SQLITE_DB_FILE))) throw new Error(`No Rampart data in ${dataDir}: run 'rampart start --data-dir ${dataDir}' first, or pass the right --data-dir.`);
    return { kind: 'sqlite', dataDir };
  }
  if (!/^postgres(ql)?:\/\//.test(storage)) {
    throw new Error(`--storage must be 'sqlite' or a postgres:// URL, not '${storage}'`);
  }
  const url = new URL(storage);
  const schema = url.searchParams.get('schema') ?? env['RAMPART_PG_SCHEMA'] ?? 'rampart';
  url.searchParams.delete('schema');
  const masterKey = env['RAMPART_MASTER_KEY'];
  if (!masterKey) {
    throw new Error('RAMPART_MASTER_KEY is required with PostgreSQL storage: it encrypts secrets at rest (for example: export RAMPART_MASTER_KEY=$(openssl rand -base64 32)).');
  }
  return { kind: 'postgres', url: url.toString(), schema, masterKey };
}

/** A safe description of the storage backend for /_rampart/health (no credentials). */
export function describeStorage(opts: StoreOptions): string {
  return opts.kind === 'sqlite' ? 'sqlite' : 'postgres';
}
