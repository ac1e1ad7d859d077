/** Opening-time work on a SQLite database: pragmas, migrations and the master-key check. */
import type BetterSqlite3 from 'better-sqlite3';
import { assertMasterKeyMatches, masterKeyCheckValue } from '../master-key.js';
import {
  BOOTSTRAP_SQLITE,
  META_MASTER_KEY_CHECK,
  META_SCHEMA_VERSION,
  MIGRATIONS,
  pendingMigrations,
  type Migration,
} from '../migrations.js';

/** Durability of a commit; see openSqliteStore. */
export type SqliteSynchronous = 'NORMAL' | 'FULL';

/** WAL journal, the given synchronous level, a busy timeout for other processes sharing the file. */
export function applyPragmas(db: BetterSqlite3.Database, synchronous: SqliteSynchronous, busyTimeoutMs: number): void {
  db.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
  const mode = db.pragma('journal_mode = WAL', { simple: true });
  if (String(mode).toLowerCase() !== 'wal') throw new Error(`storage: could not enable WAL journal mode (got ${String(mode)})`);
  db.pragma(`synchronous = ${synchronous}`);
  db.pragma('foreign_keys = OFF');
}

/**
 * In one IMMEDIATE transaction: creates the bootstrap tables, checks (or records, on first open)
 * the master-key check value, then applies and records pending migrations. A wrong master key or
 * a too-new schema leaves the database untouched.
 */
export function migrateSqlite(db: BetterSqlite3.Database, masterKey: string, migrations: readonly Migration[] = MIGRATIONS): void {
  db.exec('BEGIN IMMEDIATE');
  try {
    db.exec(BOOTSTRAP_SQLITE);
    const getMeta = db.prepare('SELECT value FROM meta WHERE name = ?').pluck(true);
    const setMeta = db.prepare('INSERT INTO meta (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value');
    const check = getMeta.get(META_MASTER_KEY_CHECK) as string | undefined;
    if (check === undefined) setMeta.run(META_MASTER_KEY_CHECK, masterKeyCheckValue(masterKey));
    else assertMasterKeyMatches(masterKey, check);
    const current = db.prepare('SELECT coalesce(max(version), 0) FROM schema_migrations').pluck(true).get() as number;
    const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
    let version = current;
    for (const m of pendingMigrations(current, migrations)) {
      db.exec(m.sqlite);
      record.run(m.version, m.name, new Date().toISOString());
      version = m.version;
    }
    setMeta.run(META_SCHEMA_VERSION, String(version));
    db.exec('COMMIT');
  } catch (e) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw e;
  }
}
