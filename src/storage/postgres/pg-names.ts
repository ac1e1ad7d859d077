/** Names derived from the PostgreSQL schema: quoting, the NOTIFY channel, the migration lock key. */
import { createHash } from 'node:crypto';

/** Schema used when the caller names none. */
export const DEFAULT_PG_SCHEMA = 'rampart';

const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/** Throws a RangeError unless name is a plain identifier (letters, digits, _; at most 63). */
export function checkSchemaName(name: unknown): asserts name is string {
  if (typeof name !== 'string' || !SCHEMA_NAME.test(name)) {
    throw new RangeError(`storage: invalid PostgreSQL schema name ${JSON.stringify(name)} (letters, digits and _, at most 63, not starting with a digit)`);
  }
}

/** The schema as a quoted identifier (validated first). */
export function quoteSchema(name: string): string {
  checkSchemaName(name);
  return `"${name}"`;
}

/** The LISTEN/NOTIFY channel of a schema (a hash when the plain name would exceed 63 bytes). */
export function changeChannel(schema: string): string {
  const plain = `rampart_changes_${schema}`;
  return plain.length <= 63 ? plain : `rampart_changes_${createHash('sha256').update(schema).digest('hex').slice(0, 32)}`;
}

/** A bigint (as decimal text) for pg_advisory_xact_lock, serializing migrations of one schema. */
export function migrationLockKey(schema: string): string {
  return createHash('sha256').update(`rampart-migrate:${schema}`).digest().readBigInt64BE(0).toString();
}

/** The URL without its password, for error messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '<unparseable PostgreSQL URL>';
  }
}
