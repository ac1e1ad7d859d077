/** Opening-time work on a SQLite database: pragmas, migrations and the master-key check. */
import type BetterSqlite3 from 'better-sqlite3';
import { assertMasterKeyMatches, masterKeyCheckValue } from '../master-key.js';
import {
  BOOTSTRAP_SQLITE,
  META_MASTER_KEY_CHECK,
  META_SCHEMA_VERSION,
  MIGRATIONS,
  pendingMigrations,
  REWRITE_PAGE,
  keyAfter,
  rewrittenValue,
  type ItemRow,
  type Migration,
  type ValueRewrite,
} from '../migrations.js';
import { createSecretSealer, type MasterKeySealer } from '../secret-sealer.js';

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
 * a too-new schema leaves the database untouched. When a migration rewrote values (e.g. sealed a
 * password hash that was stored in clear), the old content must not stay behind in free space of
 * the file (SQLite leaves freed cells in place, even in pages it rebuilds): the database is then
 * VACUUMed and the WAL checkpointed and truncated (see purgeOldContent).
 */
export function migrateSqlite(db: BetterSqlite3.Database, masterKey: string, migrations: readonly Migration[] = MIGRATIONS): void {
  let rewritten = 0;
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
    let sealer: MasterKeySealer | undefined;
    for (const m of pendingMigrations(current, migrations)) {
      db.exec(m.sqlite);
      if (m.values) rewritten += rewriteValues(db, m.values, (sealer ??= createSecretSealer(masterKey)));
      record.run(m.version, m.name, new Date().toISOString());
      version = m.version;
    }
    setMeta.run(META_SCHEMA_VERSION, String(version));
    db.exec('COMMIT');
  } catch (e) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw e;
  }
  if (rewritten > 0) purgeOldContent(db);
}

/**
 * Rewrites the whole file (VACUUM builds it afresh: no free space keeps old cells) and empties the
 * WAL, which held the old pages too. Both need the database to themselves: when another process
 * has it open, the rewrite is still committed and a warning says to run VACUUM later.
 */
function purgeOldContent(db: BetterSqlite3.Database): void {
  try {
    db.exec('VACUUM');
    const [res] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
    if (res?.busy) throw new Error('the WAL is in use by another connection');
  } catch (e) {
    process.emitWarning(
      `storage: sealed values were migrated, but the old content could not be purged from the database files (${(e as Error).message}); run VACUUM on it when Rampart is stopped`,
      'RampartStorageWarning',
    );
  }
}


/** Applies a migration's value rewrite to every row it selects; returns the number of rows changed. */
function rewriteValues(db: BetterSqlite3.Database, rw: ValueRewrite, sealer: MasterKeySealer): number {
  const page = db.prepare(
    `SELECT table_name, scope_kind, account_id, region, key, value FROM items
     WHERE (table_name, scope_kind, account_id, region, key) > (?, ?, ?, ?, ?) AND ${rw.where}
     ORDER BY table_name, scope_kind, account_id, region, key LIMIT ${REWRITE_PAGE}`,
  );
  const update = db.prepare('UPDATE items SET value = ? WHERE table_name = ? AND scope_kind = ? AND account_id = ? AND region = ? AND key = ?');
  let after = ['', '', '', '', ''];
  let changed = 0;
  for (;;) {
    const rows = page.all(...after) as ItemRow[];
    for (const r of rows) {
      const next = rewrittenValue(rw, r, sealer);
      if (next === undefined) continue;
      update.run(next, r.table_name, r.scope_kind, r.account_id, r.region, r.key);
      changed++;
    }
    if (rows.length < REWRITE_PAGE) return changed;
    after = keyAfter(rows[rows.length - 1]!);
  }
}
