/** Opening-time work on a PostgreSQL schema: create it, migrate it, check the master key. */
import type { Pool, PoolClient } from 'pg';
import { assertMasterKeyMatches, masterKeyCheckValue } from '../master-key.js';
import {
  META_MASTER_KEY_CHECK,
  META_SCHEMA_VERSION,
  MIGRATIONS,
  bootstrapPostgres,
  pendingMigrations,
  REWRITE_PAGE,
  keyAfter,
  rewrittenValue,
  type ItemRow,
  type Migration,
  type ValueRewrite,
} from '../migrations.js';
import { createSecretSealer, type MasterKeySealer } from '../secret-sealer.js';
import { migrationLockKey, quoteSchema, redactUrl } from './pg-names.js';

/** Checks out a client, turning a connection failure into a clear message. */
export async function connectOrExplain(pool: Pool, url: string): Promise<PoolClient> {
  try {
    return await pool.connect();
  } catch (e) {
    throw new Error(`storage: PostgreSQL not reachable at ${redactUrl(url)}: ${(e as Error).message}`, { cause: e });
  }
}

/**
 * In one transaction holding a per-schema advisory lock (so concurrent nodes do not race):
 * creates the schema and bootstrap tables, checks (or records) the master-key check value, and
 * applies and records pending migrations. Requires a UTF8 database (byte-wise key order).
 */
export async function migratePostgres(
  pool: Pool,
  url: string,
  schema: string,
  masterKey: string,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<void> {
  const s = quoteSchema(schema);
  const client = await connectOrExplain(pool, url);
  let broken: Error | undefined;
  try {
    const enc = await client.query('SHOW server_encoding');
    const encoding = String((enc.rows[0] as { server_encoding: string }).server_encoding);
    if (encoding.toUpperCase() !== 'UTF8') throw new Error(`storage: PostgreSQL database encoding must be UTF8, not ${encoding}`);
    await client.query('BEGIN');
    try {
      await client.query('SELECT pg_advisory_xact_lock($1::bigint)', [migrationLockKey(schema)]);
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
      await client.query(bootstrapPostgres(s));
      const check = await client.query(`SELECT value FROM ${s}.meta WHERE name = $1`, [META_MASTER_KEY_CHECK]);
      const stored = (check.rows[0] as { value: string } | undefined)?.value;
      if (stored === undefined) {
        await client.query(`INSERT INTO ${s}.meta (name, value) VALUES ($1, $2)`, [META_MASTER_KEY_CHECK, masterKeyCheckValue(masterKey)]);
      } else {
        assertMasterKeyMatches(masterKey, stored);
      }
      const cur = await client.query(`SELECT coalesce(max(version), 0)::int AS v FROM ${s}.schema_migrations`);
      let version = (cur.rows[0] as { v: number }).v;
      let sealer: MasterKeySealer | undefined;
      for (const m of pendingMigrations(version, migrations)) {
        await client.query(m.postgres(s));
        if (m.values) await rewriteValues(client, s, m.values, (sealer ??= createSecretSealer(masterKey)));
        await client.query(`INSERT INTO ${s}.schema_migrations (version, name) VALUES ($1, $2)`, [m.version, m.name]);
        version = m.version;
      }
      await client.query(
        `INSERT INTO ${s}.meta (name, value) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value`,
        [META_SCHEMA_VERSION, String(version)],
      );
      await client.query('COMMIT');
    } catch (e) {
      await client.query('ROLLBACK').catch((rollbackError: Error) => {
        broken = rollbackError;
      });
      throw e;
    }
  } finally {
    client.release(broken);
  }
}


/**
 * Applies a migration's value rewrite to every row it selects, in the migration's transaction, a
 * page at a time (keyset order). The old row versions stay in the table files until PostgreSQL
 * vacuums them (as after any update).
 */
async function rewriteValues(client: PoolClient, s: string, rw: ValueRewrite, sealer: MasterKeySealer): Promise<void> {
  let after = ['', '', '', '', ''];
  for (;;) {
    const { rows } = await client.query<ItemRow>(
      `SELECT table_name, scope_kind, account_id, region, key, value FROM ${s}.items
       WHERE (table_name, scope_kind, account_id, region, key) > ($1, $2, $3, $4, $5) AND ${rw.where}
       ORDER BY table_name, scope_kind, account_id, region, key LIMIT ${REWRITE_PAGE}`,
      after,
    );
    for (const r of rows) {
      const next = rewrittenValue(rw, r, sealer);
      if (next === undefined) continue;
      await client.query(
        `UPDATE ${s}.items SET value = $1 WHERE table_name = $2 AND scope_kind = $3 AND account_id = $4 AND region = $5 AND key = $6`,
        [next, r.table_name, r.scope_kind, r.account_id, r.region, r.key],
      );
    }
    if (rows.length < REWRITE_PAGE) return;
    after = keyAfter(rows[rows.length - 1]!);
  }
}
