/**
 * The item operations of the PostgreSQL backend, over any query executor (the pool for single
 * auto-committed statements, one client inside a transaction). Every write is one statement that
 * also calls pg_notify for the cross-node relay, so the notification is sent exactly when the
 * write commits (and dropped with a rollback).
 */
import type { QueryConfig, QueryResult } from 'pg';
import { checkName, encodeScope, encodeValue, keyRangeSql, listRange } from '../scope-codec.js';
import {
  StorageError,
  type ChangeEvent,
  type JsonValue,
  type ListOptions,
  type PutOptions,
  type Scope,
  type StoreOps,
  type StoredItem,
} from '../types.js';

/** Where queries go and where committed-write events are reported. */
export interface PgContext {
  query(q: QueryConfig): Promise<QueryResult>;
  /** Called for each successful write (the caller decides whether it is committed yet). */
  written(e: ChangeEvent): void;
}

const WHERE_SCOPE = 'table_name = $1 AND scope_kind = $2 AND account_id = $3 AND region = $4';
const WHERE_ITEM = `${WHERE_SCOPE} AND key = $5`;
const COLUMNS = '(table_name, scope_kind, account_id, region, key, value, version)';
/** Largest NOTIFY payload PostgreSQL accepts is 7999 bytes; bigger events are relayed as a reset. */
const MAX_PAYLOAD_BYTES = 7900;

/** The SQL texts of one schema. */
export class PgSql {
  readonly get: string;
  readonly upsert: string;
  readonly insertIfAbsent: string;
  readonly updateIfVersion: string;
  readonly delete: string;
  readonly clear: string;
  readonly countAll: string;
  readonly importBatch: string;
  readonly deleteAll: string;

  constructor(
    readonly schema: string,
    readonly channel: string,
    readonly nodeId: string,
  ) {
    const items = `${schema}.items`;
    this.get = `SELECT value, version FROM ${items} WHERE ${WHERE_ITEM}`;
    const insert = `INSERT INTO ${items} AS i ${COLUMNS} VALUES ($1, $2, $3, $4, $5, $6, 1)`;
    this.upsert = `WITH w AS (${insert} ON CONFLICT (table_name, scope_kind, account_id, region, key)
      DO UPDATE SET value = EXCLUDED.value, version = i.version + 1 RETURNING i.version)
      SELECT version, pg_notify($7, $8) AS n FROM w`;
    this.insertIfAbsent = `WITH w AS (${insert} ON CONFLICT DO NOTHING RETURNING i.version)
      SELECT version, pg_notify($7, $8) AS n FROM w`;
    this.updateIfVersion = `WITH w AS (UPDATE ${items} SET value = $6, version = version + 1
      WHERE ${WHERE_ITEM} AND version = $7 RETURNING version) SELECT version, pg_notify($8, $9) AS n FROM w`;
    this.delete = `WITH d AS (DELETE FROM ${items} WHERE ${WHERE_ITEM} RETURNING 1) SELECT pg_notify($6, $7) AS n FROM d`;
    this.clear = `WITH d AS (DELETE FROM ${items}) SELECT pg_notify($1, $2) AS n`;
    this.countAll = `SELECT count(*)::int AS n FROM ${items}`;
    this.importBatch = `INSERT INTO ${items} ${COLUMNS}
      SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int[])
      ON CONFLICT (table_name, scope_kind, account_id, region, key) DO UPDATE SET value = EXCLUDED.value, version = EXCLUDED.version`;
    this.deleteAll = `DELETE FROM ${items}`;
  }

  /** The NOTIFY payload of an event (ops: put/delete/reset), tagged with this node's id. */
  payload(e: ChangeEvent): string {
    if (e.op === 'reset') return JSON.stringify({ n: this.nodeId, o: 'reset' });
    const c = encodeScope(e.scope);
    const p = JSON.stringify({ n: this.nodeId, o: e.op, t: e.table, s: [c.kind, c.accountId, c.region], k: e.key });
    return Buffer.byteLength(p) <= MAX_PAYLOAD_BYTES ? p : JSON.stringify({ n: this.nodeId, o: 'reset' });
  }
}

function address(table: string, scope: Scope, key: string): string[] {
  checkName('table', table);
  const c = encodeScope(scope);
  checkName('key', key);
  return [table, c.kind, c.accountId, c.region, key];
}

/** StoreOps over a PgContext. */
export class PgOps implements StoreOps {
  constructor(
    private readonly sql: PgSql,
    private readonly ctx: PgContext,
  ) {}

  async get<T extends JsonValue = JsonValue>(table: string, scope: Scope, key: string): Promise<StoredItem<T> | undefined> {
    const r = await this.ctx.query({ name: 'rs_get', text: this.sql.get, values: address(table, scope, key) });
    const row = r.rows[0] as { value: string; version: number } | undefined;
    return row === undefined ? undefined : { key, value: JSON.parse(row.value) as T, version: row.version };
  }

  async put(table: string, scope: Scope, key: string, value: JsonValue, opts?: PutOptions): Promise<StoredItem> {
    const addr = address(table, scope, key);
    const text = encodeValue(value);
    const e: ChangeEvent = { table, scope, key, op: 'put' };
    const notify = [this.sql.channel, this.sql.payload(e)];
    let r: QueryResult;
    if (opts?.ifVersion !== undefined) {
      if (opts.ifAbsent) throw new StorageError('ConditionFailed', `${table}/${key}: ifAbsent and ifVersion cannot both hold`);
      const values = [...addr, text, opts.ifVersion, ...notify];
      r = await this.ctx.query({ name: 'rs_put_ifv', text: this.sql.updateIfVersion, values });
      if (r.rows.length === 0) throw new StorageError('ConditionFailed', `${table}/${key} is not at version ${opts.ifVersion}`);
    } else if (opts?.ifAbsent) {
      r = await this.ctx.query({ name: 'rs_put_ifa', text: this.sql.insertIfAbsent, values: [...addr, text, ...notify] });
      if (r.rows.length === 0) throw new StorageError('ConditionFailed', `${table}/${key} already exists`);
    } else {
      r = await this.ctx.query({ name: 'rs_put', text: this.sql.upsert, values: [...addr, text, ...notify] });
    }
    this.ctx.written(e);
    return { key, value, version: (r.rows[0] as { version: number }).version };
  }

  async delete(table: string, scope: Scope, key: string): Promise<boolean> {
    const e: ChangeEvent = { table, scope, key, op: 'delete' };
    const values = [...address(table, scope, key), this.sql.channel, this.sql.payload(e)];
    const r = await this.ctx.query({ name: 'rs_delete', text: this.sql.delete, values });
    if (r.rows.length === 0) return false;
    this.ctx.written(e);
    return true;
  }

  async list<T extends JsonValue = JsonValue>(table: string, scope: Scope, opts?: ListOptions): Promise<StoredItem<T>[]> {
    checkName('table', table);
    const c = encodeScope(scope);
    const range = listRange(opts);
    if (range.empty) return [];
    const values: (string | number)[] = [table, c.kind, c.accountId, c.region];
    const bind = (v: string | number): string => {
      values.push(v);
      return `$${values.length}`;
    };
    const cond = keyRangeSql(range, bind);
    let text = `SELECT key, value, version FROM ${this.sql.schema}.items WHERE ${WHERE_SCOPE}${cond.sql} ORDER BY key`;
    if (range.limit !== undefined) text += ` LIMIT ${bind(range.limit)}`;
    const name = `rs_list_${cond.shape}${range.limit !== undefined ? 'l' : ''}`;
    const r = await this.ctx.query({ name, text, values });
    return (r.rows as { key: string; value: string; version: number }[]).map((row) => ({
      key: row.key,
      value: JSON.parse(row.value) as T,
      version: row.version,
    }));
  }

  async count(table: string, scope: Scope, prefix?: string): Promise<number> {
    checkName('table', table);
    const c = encodeScope(scope);
    const values: string[] = [table, c.kind, c.accountId, c.region];
    const cond = keyRangeSql(listRange(prefix === undefined ? undefined : { prefix }), (v) => {
      values.push(v);
      return `$${values.length}`;
    });
    const text = `SELECT count(*)::int AS n FROM ${this.sql.schema}.items WHERE ${WHERE_SCOPE}${cond.sql}`;
    const r = await this.ctx.query({ name: `rs_count_${cond.shape}`, text, values });
    return (r.rows[0] as { n: number }).n;
  }
}
