/**
 * PostgreSQL test environment: the URL (RAMPART_TEST_PG_URL, default the local trust-auth server),
 * a reachability check that FAILS loudly (never skips), and random per-run schemas.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { dropPostgresSchema } from '../../src/storage/postgres/open-postgres.js';

/** The test database URL. */
export const PG_URL = process.env.RAMPART_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A fixed, valid master key for tests. */
export const TEST_MASTER_KEY = 'test-master-key-0123456789abcdefghijklmnop';

/** Throws a clear error when PostgreSQL cannot be reached (call it in before()). */
export async function requirePostgres(): Promise<void> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (e) {
    throw new Error(
      `PostgreSQL not reachable at ${PG_URL}: start it with \`pg_ctlcluster 15 main start\` (or \`docker run -p 5432:5432 -e POSTGRES_HOST_AUTH_METHOD=trust -e POSTGRES_DB=test postgres\`), or set RAMPART_TEST_PG_URL (${(e as Error).message})`,
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** A fresh schema name, e.g. rampart_test_3f9a0c1b2d4e. */
export function randomSchema(tag = 'test'): string {
  return `rampart_${tag}_${randomBytes(6).toString('hex')}`;
}

/** Drops schema (errors are reported, not hidden). */
export async function dropSchema(schema: string): Promise<void> {
  await dropPostgresSchema(PG_URL, schema);
}

/** Runs a SQL query on its own connection. */
export async function pgQuery<R extends pg.QueryResultRow = Record<string, unknown>>(text: string, values: unknown[] = []): Promise<R[]> {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    return (await client.query<R>(text, values)).rows;
  } finally {
    await client.end();
  }
}
