/** Opening the SQLite backend: data directory, master key file, database file, migrations. */
import Database from 'better-sqlite3';
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { MASTER_KEY_FILE, loadOrCreateMasterKeyFile, masterKeyCheckValue } from '../master-key.js';
import { createSecretSealer } from '../secret-sealer.js';
import { StorageError, type Store } from '../types.js';
import { applyPragmas, migrateSqlite, type SqliteSynchronous } from './sqlite-schema.js';
import { SqliteStore } from './sqlite-store.js';

/** File name of the SQLite database inside the data directory. */
export const SQLITE_DB_FILE = 'rampart.db';

/** Options of openSqliteStore. */
export interface SqliteStoreOptions {
  /** Directory holding `rampart.db` (+ `-wal`, `-shm`) and `master.key`; created (mode 0700) if missing. */
  readonly dataDir: string;
  /**
   * `NORMAL` (default): in WAL mode a commit is acknowledged once written to the WAL file (OS page
   * cache), so it survives a crash or SIGKILL of the process; only an OS crash or power loss can
   * lose the last commits (never corrupting the database). `FULL` also fsyncs the WAL on every
   * commit, surviving power loss at the cost of write throughput.
   */
  readonly synchronous?: SqliteSynchronous;
  /** How long a statement waits for another process holding the database lock. Default 5000 ms. */
  readonly busyTimeoutMs?: number;
}

/**
 * Opens (creating on first use) the SQLite store in dataDir. Generates `master.key` on first open;
 * refuses to open when the key file is missing while the database exists, when the key does not
 * match the one recorded in the database (MasterKeyMismatch), or when the key file is readable by
 * group/other (InvalidMasterKey).
 */
export async function openSqliteStore(options: SqliteStoreOptions): Promise<Store> {
  const { dataDir } = options;
  const synchronous = options.synchronous ?? 'NORMAL';
  const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const dbPath = join(dataDir, SQLITE_DB_FILE);
  const keyPath = join(dataDir, MASTER_KEY_FILE);
  const dbExisted = existsSync(dbPath);
  if (dbExisted && !existsSync(keyPath)) {
    throw new StorageError(
      'MasterKeyMismatch',
      `The master key file ${keyPath} is missing but ${dbPath} exists: restore the master key this data store was created with`,
    );
  }
  const masterKey = loadOrCreateMasterKeyFile(dataDir);
  const db = new Database(dbPath);
  try {
    if (!dbExisted && process.platform !== 'win32') chmodSync(dbPath, 0o600);
    applyPragmas(db, synchronous, busyTimeoutMs);
    migrateSqlite(db, masterKey);
    return new SqliteStore(db, dbPath, createSecretSealer(masterKey), masterKeyCheckValue(masterKey), busyTimeoutMs);
  } catch (e) {
    db.close();
    throw e;
  }
}
