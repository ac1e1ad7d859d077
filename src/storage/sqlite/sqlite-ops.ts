/**
 * The item operations of the SQLite backend as synchronous calls on cached prepared statements.
 * Every write is one statement (upsert / conditional insert / conditional update with RETURNING),
 * so it is atomic on its own and needs no read-modify-write.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { checkName, encodeImportRow, encodeScope, encodeValue, keyRangeSql, listRange, type ScopeColumns } from '../scope-codec.js';
import { StorageError, type JsonValue, type ListOptions, type PutOptions, type Scope, type StoredItem } from '../types.js';

type Statement = BetterSqlite3.Statement;

const WHERE_ITEM = 'table_name = ? AND scope_kind = ? AND account_id = ? AND region = ? AND key = ?';
const WHERE_SCOPE = 'table_name = ? AND scope_kind = ? AND account_id = ? AND region = ?';

/** Validated address of one item. */
function address(table: string, scope: Scope, key: string): [string, string, string, string, string] {
  checkName('table', table);
  const c: ScopeColumns = encodeScope(scope);
  checkName('key', key);
  return [table, c.kind, c.accountId, c.region, key];
}

/** Prepared statements and the synchronous operations built on them. */
export class SqliteOps {
  private readonly sGet: Statement;
  private readonly sUpsert: Statement;
  private readonly sInsertIfAbsent: Statement;
  private readonly sUpdateIfVersion: Statement;
  private readonly sDelete: Statement;
  private readonly sClear: Statement;
  private readonly sImport: Statement;
  private readonly sCountAll: Statement;
  private readonly listCache = new Map<string, Statement>();

  constructor(private readonly db: BetterSqlite3.Database) {
    this.sGet = db.prepare(`SELECT value, version FROM items WHERE ${WHERE_ITEM}`).raw(true);
    this.sUpsert = db
      .prepare(
        `INSERT INTO items (table_name, scope_kind, account_id, region, key, value, version) VALUES (?, ?, ?, ?, ?, ?, 1)
         ON CONFLICT (table_name, scope_kind, account_id, region, key)
         DO UPDATE SET value = excluded.value, version = items.version + 1 RETURNING version`,
      )
      .pluck(true);
    this.sInsertIfAbsent = db
      .prepare(
        `INSERT INTO items (table_name, scope_kind, account_id, region, key, value, version) VALUES (?, ?, ?, ?, ?, ?, 1)
         ON CONFLICT DO NOTHING RETURNING version`,
      )
      .pluck(true);
    this.sUpdateIfVersion = db
      .prepare(`UPDATE items SET value = ?, version = version + 1 WHERE ${WHERE_ITEM} AND version = ? RETURNING version`)
      .pluck(true);
    this.sDelete = db.prepare(`DELETE FROM items WHERE ${WHERE_ITEM}`);
    this.sClear = db.prepare('DELETE FROM items');
    this.sImport = db.prepare(
      `INSERT INTO items (table_name, scope_kind, account_id, region, key, value, version) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (table_name, scope_kind, account_id, region, key) DO UPDATE SET value = excluded.value, version = excluded.version`,
    );
    this.sCountAll = db.prepare('SELECT count(*) FROM items').pluck(true);
  }

  /** The item, or undefined. */
  get(table: string, scope: Scope, key: string): StoredItem | undefined {
    const row = this.sGet.get(...address(table, scope, key)) as [string, number] | undefined;
    return row === undefined ? undefined : { key, value: JSON.parse(row[0]) as JsonValue, version: row[1] };
  }

  /** Writes the item (conditions checked atomically); returns it with its new version. */
  put(table: string, scope: Scope, key: string, value: JsonValue, opts?: PutOptions): StoredItem {
    const addr = address(table, scope, key);
    const text = encodeValue(value);
    let version: number | undefined;
    if (opts?.ifVersion !== undefined) {
      if (opts.ifAbsent) throw new StorageError('ConditionFailed', `${table}/${key}: ifAbsent and ifVersion cannot both hold`);
      version = this.sUpdateIfVersion.get(text, ...addr, opts.ifVersion) as number | undefined;
      if (version === undefined) throw new StorageError('ConditionFailed', `${table}/${key} is not at version ${opts.ifVersion}`);
    } else if (opts?.ifAbsent) {
      version = this.sInsertIfAbsent.get(...addr, text) as number | undefined;
      if (version === undefined) throw new StorageError('ConditionFailed', `${table}/${key} already exists`);
    } else {
      version = this.sUpsert.get(...addr, text) as number;
    }
    return { key, value, version };
  }

  /** True when an item was deleted. */
  delete(table: string, scope: Scope, key: string): boolean {
    return this.sDelete.run(...address(table, scope, key)).changes > 0;
  }

  /** Items of one table and scope, keys ascending (byte-wise). */
  list(table: string, scope: Scope, opts?: ListOptions): StoredItem[] {
    checkName('table', table);
    const c = encodeScope(scope);
    const r = listRange(opts);
    if (r.empty) return [];
    const params: (string | number)[] = [table, c.kind, c.accountId, c.region];
    const cond = keyRangeSql(r, (v) => {
      params.push(v);
      return '?';
    });
    let sql = `SELECT key, value, version FROM items WHERE ${WHERE_SCOPE}${cond.sql} ORDER BY key`;
    if (r.limit !== undefined) {
      sql += ' LIMIT ?';
      params.push(r.limit);
    }
    const shape = cond.shape + (r.limit !== undefined ? 'l' : '');
    const rows = this.cached(`list:${shape}`, sql).all(...params) as [string, string, number][];
    return rows.map(([k, v, version]) => ({ key: k, value: JSON.parse(v) as JsonValue, version }));
  }

  /** Number of items of one table and scope (optionally under a key prefix). */
  count(table: string, scope: Scope, prefix?: string): number {
    checkName('table', table);
    const c = encodeScope(scope);
    const r = listRange(prefix === undefined ? undefined : { prefix });
    const params: string[] = [table, c.kind, c.accountId, c.region];
    const { sql: cond, shape } = keyRangeSql(r, (v) => {
      params.push(v);
      return '?';
    });
    const sql = `SELECT count(*) FROM items WHERE ${WHERE_SCOPE}${cond}`;
    return this.cached(`count:${shape}`, sql).get(...params) as number;
  }

  /** Writes an item with its given version (bulk import). */
  importItem(table: string, scope: Scope, item: StoredItem): void {
    const r = encodeImportRow(table, scope, item);
    this.sImport.run(r.table, r.scope.kind, r.scope.accountId, r.scope.region, r.key, r.text, r.version);
  }

  /** Number of items in all tables and scopes. */
  countAll(): number {
    return this.sCountAll.get() as number;
  }

  /** Deletes every item (not meta). */
  clear(): void {
    this.sClear.run();
  }

  private cached(name: string, sql: string): Statement {
    let s = this.listCache.get(name);
    if (s === undefined) {
      s = this.db.prepare(sql);
      if (name.startsWith('list:')) s.raw(true);
      else s.pluck(true);
      this.listCache.set(name, s);
    }
    return s;
  }
}
