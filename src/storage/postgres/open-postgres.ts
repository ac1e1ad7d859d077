/** Opening the PostgreSQL backend, and dropping a schema (tests, cleanup). */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { masterKeyCheckValue, validateMasterKey } from '../master-key.js';
import { createSecretSealer } from '../secret-sealer.js';
import type { Store } from '../types.js';
import { ChangeRelay } from './change-relay.js';
import { DEFAULT_PG_SCHEMA, changeChannel, checkSchemaName, quoteSchema, redactUrl } from './pg-names.js';
import { PgSql } from './postgres-ops.js';
import { migratePostgres } from './postgres-schema.js';
import { PostgresStore } from './postgres-store.js';

/** Options of openPostgresStore. */
export interface PostgresStoreOptions {
  /** Connection URL, e.g. `postgres://user:pass@host:5432/db`. */
  readonly url: string;
  /** Schema holding this installation's tables; created if missing. Default `rampart`. */
  readonly schema?: string;
  /** The installation's master key (the CLI reads `RAMPART_MASTER_KEY`); required, at least 32 characters. */
  readonly masterKey: string;
  /** Pool size. Default 10. */
  readonly poolSize?: number;
  /** Tries of a transaction before a serialization failure is given up and rethrown. Default 30. */
  readonly maxTxAttempts?: number;
  /** Connection timeout. Default 10000 ms. */
  readonly connectTimeoutMs?: number;
}

/**
 * Opens the store in `schema` (creating and migrating it), checks the master key against the one
 * recorded at creation (MasterKeyMismatch), and starts the LISTEN connection relaying other
 * nodes' changes. Throws InvalidMasterKey when masterKey is missing or too short.
 */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<Store> {
  const masterKey = validateMasterKey(options?.masterKey, 'The PostgreSQL master key (RAMPART_MASTER_KEY)');
  const schema = options.schema ?? DEFAULT_PG_SCHEMA;
  checkSchemaName(schema);
  const { url } = options;
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
    application_name: 'rampart',
  });
  pool.on('error', (err) => process.emitWarning(`storage: idle PostgreSQL connection failed: ${err.message}`, 'RampartStorageWarning'));
  try {
    await migratePostgres(pool, url, schema, masterKey);
    const sql = new PgSql(quoteSchema(schema), changeChannel(schema), randomUUID());
    const store = new PostgresStore(pool, sql, createSecretSealer(masterKey), masterKeyCheckValue(masterKey), options.maxTxAttempts ?? 30);
    const relay = new ChangeRelay(url, sql.channel, sql.nodeId, (e) => store.emitRelayed(e));
    await relay.start();
    store.attachRelay(relay);
    return store;
  } catch (e) {
    await pool.end().catch(() => undefined);
    throw e;
  }
}

/** Drops a schema and everything in it (no error if absent). For tests and decommissioning. */
export async function dropPostgresSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
  } catch (e) {
    throw new Error(`storage: PostgreSQL not reachable at ${redactUrl(url)}: ${(e as Error).message}`, { cause: e });
  }
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${quoteSchema(schema)} CASCADE`);
  } finally {
    await client.end();
  }
}
