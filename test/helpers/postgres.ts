import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const PG_URL = process.env['RAMPART_TEST_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A fresh schema name for one test run. */
export function freshSchema(prefix = 'rampart_e2e'): string {
  return `${prefix}_${randomBytes(6).toString('hex')}`;
}

/** Fails loudly (never skips) when PostgreSQL is not reachable. */
export async function requirePostgres(): Promise<void> {
  const c = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 5000 });
  try {
    await c.connect();
  } catch (e) {
    throw new Error(`PostgreSQL not reachable at ${PG_URL} (${e instanceof Error ? e.message : String(e)}): start it with 'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start'`);
  } finally {
    await c.end().catch(() => {});
  }
}

/** Runs a query with a short-lived client. */
export async function pgQuery<T extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  try {
    return (await c.query<T>(sql, params)).rows;
  } finally {
    await c.end();
  }
}

export async function dropSchema(schema: string): Promise<void> {
  await pgQuery(`DROP SCHEMA IF EXISTS "${schema.replace(/"/g, '')}" CASCADE`);
}
