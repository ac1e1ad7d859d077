/** Public surface of the storage layer. */
export * from './types.js';
export { openStore, type OpenStoreOptions } from './open-store.js';
export { dropPostgresSchema } from './postgres/open-postgres.js';
export { openSqliteStore, SQLITE_DB_FILE, type SqliteStoreOptions } from './sqlite/open-sqlite.js';
export type { SqliteSynchronous } from './sqlite/sqlite-schema.js';
export { openPostgresStore, type PostgresStoreOptions } from './postgres/open-postgres.js';
export { DEFAULT_PG_SCHEMA } from './postgres/pg-names.js';
export { createSecretSealer, isSealed, SEALED_PREFIX } from './secret-sealer.js';
export { generateMasterKey, validateMasterKey, MASTER_KEY_FILE, MIN_MASTER_KEY_LENGTH } from './master-key.js';
export { LATEST_SCHEMA_VERSION } from './migrations.js';
export { RESET_EVENT } from './change-hub.js';
export { compareKeys, isValidName } from './scope-codec.js';
