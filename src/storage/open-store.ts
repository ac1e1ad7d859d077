/** The one entry point the server uses to open its storage, whichever the backend. */
import { readMasterKeyFile, validateMasterKey } from './master-key.js';
import type { PostgresStoreOptions } from './postgres/open-postgres.js';
import type { SqliteStoreOptions } from './sqlite/open-sqlite.js';
import type { Store } from './types.js';

// The backends are loaded on demand: a SQLite server never loads `pg`, and the reverse.

/** Which backend to open, with its options. */
export type OpenStoreOptions = ({ readonly kind: 'sqlite' } & SqliteStoreOptions) | ({ readonly kind: 'postgres' } & PostgresStoreOptions);

/**
 * Opens a store: SQLite in `dataDir` (master key in `<dataDir>/master.key`, generated on first
 * open) or PostgreSQL at `url` in `schema` (default `rampart`) with the caller's `masterKey`.
 */
export async function openStore(options: OpenStoreOptions): Promise<Store> {
  switch (options.kind) {
    case 'sqlite':
      return (await import('./sqlite/open-sqlite.js')).openSqliteStore(options);
    case 'postgres':
      return (await import('./postgres/open-postgres.js')).openPostgresStore(options);
    default:
      throw new RangeError(`storage: unknown backend ${JSON.stringify((options as { kind?: unknown }).kind)}`);
  }
}

/**
 * The master key a store opened with `options` uses, read without opening it (backup and restore
 * authenticate archives with it): PostgreSQL's as given, SQLite's from `<dataDir>/master.key`, or
 * undefined when that file does not exist yet.
 */
export function configuredMasterKey(options: OpenStoreOptions): string | undefined {
  if (options.kind === 'postgres') return validateMasterKey(options.masterKey, 'The PostgreSQL master key (RAMPART_MASTER_KEY)');
  return readMasterKeyFile(options.dataDir);
}
