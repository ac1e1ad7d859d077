/**
 * Schema migrations: an ordered list of versioned steps, each with its SQLite and PostgreSQL DDL
 * and, for a step that changes stored documents, a rewrite of the values concerned. Both backends
 * apply the pending ones in one transaction at open and record each in `schema_migrations`; the
 * highest recorded version is the schema version (mirrored in `meta`). Never edit a released
 * migration: append a new one (and, when it changes documents, the same step for archived items in
 * archive/archive-migrations.ts).
 */
import { bindLegacySecrets, LOGIN_PROFILES_TABLE } from './secret-binding.js';
import { decodeScope } from './scope-codec.js';
import type { MasterKeySealer } from './secret-sealer.js';
import { StorageError, type JsonValue, type SealContext } from './types.js';

/**
 * A rewrite of stored values, run after the step's DDL in the same transaction: `rewrite` sees
 * every row that `where` selects and returns its new value, or undefined to leave it. Versions
 * stay as they are (the documents mean the same).
 */
export interface ValueRewrite {
  /** SQL condition on the `items` columns, valid on both backends, selecting the rows that may change. */
  readonly where: string;
  readonly rewrite: (where: SealContext, value: JsonValue, sealer: MasterKeySealer) => JsonValue | undefined;
}

/** Rows read per query of a value rewrite (keyset pages: an open iterator would block the updates). */
export const REWRITE_PAGE = 500;

/** An `items` row as a value rewrite reads it (both backends). */
export interface ItemRow {
  readonly table_name: string;
  readonly scope_kind: string;
  readonly account_id: string;
  readonly region: string;
  readonly key: string;
  readonly value: string;
}

/** The row's new value (JSON text), or undefined when the rewrite leaves it as it is. */
export function rewrittenValue(rw: ValueRewrite, r: ItemRow, sealer: MasterKeySealer): string | undefined {
  const where = { table: r.table_name, scope: decodeScope(r.scope_kind, r.account_id, r.region), key: r.key };
  const next = rw.rewrite(where, JSON.parse(r.value) as JsonValue, sealer);
  return next === undefined ? undefined : JSON.stringify(next);
}

/** The keyset position after a page of rows. */
export function keyAfter(r: ItemRow): string[] {
  return [r.table_name, r.scope_kind, r.account_id, r.region, r.key];
}

/** One schema step. `postgres` receives the quoted schema name to qualify tables with. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sqlite: string;
  readonly postgres: (schema: string) => string;
  readonly values?: ValueRewrite;
}

/**
 * Created before migrations run (idempotent): the migration journal and the key/value `meta`
 * table (schema version, master-key check value).
 */
export const BOOTSTRAP_SQLITE = `
CREATE TABLE IF NOT EXISTS schema_migrations (
  version INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  applied_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS meta (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL
);`;

/** PostgreSQL version of BOOTSTRAP_SQLITE, qualified with the (quoted) schema. */
export function bootstrapPostgres(s: string): string {
  return `
CREATE TABLE IF NOT EXISTS ${s}.schema_migrations (
  version integer PRIMARY KEY,
  name text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS ${s}.meta (
  name text PRIMARY KEY,
  value text NOT NULL
);`;
}

/**
 * The list, in order. Version 1: the single `items` table (version 2 changes its SQLite layout
 * only; version 3 rewrites sealed values). Keys compare byte-wise (SQLite BINARY, PostgreSQL
 * COLLATE "C"); values are JSON text (exact round trip, key order kept, U+0000 allowed); '' stands
 * for an absent account id / region.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'items table',
    sqlite: `
CREATE TABLE items (
  table_name TEXT NOT NULL,
  scope_kind TEXT NOT NULL,
  account_id TEXT NOT NULL,
  region TEXT NOT NULL,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  version INTEGER NOT NULL,
  PRIMARY KEY (table_name, scope_kind, account_id, region, key)
);`,
    postgres: (s) => `
CREATE TABLE ${s}.items (
  table_name text COLLATE "C" NOT NULL,
  scope_kind text COLLATE "C" NOT NULL,
  account_id text COLLATE "C" NOT NULL,
  region text COLLATE "C" NOT NULL,
  key text COLLATE "C" NOT NULL,
  value text NOT NULL,
  version integer NOT NULL,
  PRIMARY KEY (table_name, scope_kind, account_id, region, key)
);`,
  },
  {
    // SQLite: a WITHOUT ROWID table is stored in primary-key order, so a lookup or an export walks
    // one B-tree instead of the key index plus the rowid table (exports about 1.5x faster, file
    // about 8% smaller). PostgreSQL's layout stays as it is. Items themselves do not change.
    version: 2,
    name: 'items clustered by primary key',
    sqlite: `
CREATE TABLE items_clustered (
  table_name TEXT NOT NULL,
  scope_kind TEXT NOT NULL,
  account_id TEXT NOT NULL,
  region TEXT NOT NULL,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  version INTEGER NOT NULL,
  PRIMARY KEY (table_name, scope_kind, account_id, region, key)
) WITHOUT ROWID;
INSERT INTO items_clustered (table_name, scope_kind, account_id, region, key, value, version)
  SELECT table_name, scope_kind, account_id, region, key, value, version FROM items;
DROP TABLE items;
ALTER TABLE items_clustered RENAME TO items;`,
    postgres: () => 'SELECT 1',
  },
  {
    // Sealed values bound to their record (secret-sealer.ts): every rs1: value that opens is sealed
    // again as rs2: for its table, scope and key; login profiles' password hashes, unsealed until
    // now, are sealed (secret-binding.ts). The layout does not change.
    version: 3,
    name: 'sealed values bound to their record, password hashes sealed',
    sqlite: 'SELECT 1',
    postgres: () => 'SELECT 1',
    values: { where: `(value LIKE '%"rs1:%' OR table_name = '${LOGIN_PROFILES_TABLE}')`, rewrite: bindLegacySecrets },
  },
];

/** The schema version this code writes. */
export const LATEST_SCHEMA_VERSION: number = MIGRATIONS[MIGRATIONS.length - 1]!.version;

/**
 * The migrations to apply on a store at `current`; throws UnsupportedSchemaVersion when the store
 * was written by a newer Rampart (opening it could corrupt it).
 */
export function pendingMigrations(current: number, migrations: readonly Migration[] = MIGRATIONS): Migration[] {
  const latest = migrations[migrations.length - 1]?.version ?? 0;
  if (current > latest) {
    throw new StorageError(
      'UnsupportedSchemaVersion',
      `The data store has schema version ${current}, newer than the ${latest} this Rampart supports: upgrade Rampart`,
    );
  }
  return migrations.filter((m) => m.version > current);
}

/** Meta row names. */
export const META_SCHEMA_VERSION = 'schema_version';
/** Meta row holding masterKeyCheckValue(masterKey). */
export const META_MASTER_KEY_CHECK = 'master_key_check';
