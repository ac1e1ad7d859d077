/**
 * The SQLite backend: one file `<dataDir>/rampart.db` (WAL), driven synchronously by
 * better-sqlite3 behind the async Store interface.
 *
 * Locking: a transaction is `BEGIN IMMEDIATE ... COMMIT` run under a process-wide FIFO mutex, so
 * only one transaction runs at a time, and plain operations issued while one is queued or running
 * wait their turn (they can never land inside it). When the mutex is free a plain get/put runs
 * synchronously on a cached prepared statement, with no queueing at all. Other processes sharing
 * the file are serialized by SQLite's own lock (busy timeout); that wait is synchronous, so one
 * process should own the database (operator commands opening it meanwhile wait at most the timeout).
 * Because plain operations resolve without reaching the event loop, a long loop of awaited store
 * calls never yields to I/O by itself (like any synchronous code); yield explicitly in bulk loops.
 */
import Database from 'better-sqlite3';
import type BetterSqlite3 from 'better-sqlite3';
import { ChangeHub, RESET_EVENT } from '../change-hub.js';
import { decodeScope } from '../scope-codec.js';
import { TxState, assertNotInOwnTransaction, runAsTransactionBody } from '../tx-guard.js';
import {
  StorageError,
  type ChangeEvent,
  type ExportCounts,
  type ImportOptions,
  type ImportPut,
  type JsonValue,
  type LineBatch,
  type ListOptions,
  type PartLimits,
  type PutOptions,
  type Scope,
  type SecretSealer,
  type Store,
  type StoreOps,
  type StoredItem,
} from '../types.js';
import { EXPORT_ORDER_SQL, groupPrefix, lineEndSql, LinePartitioner, scopeToString } from '../item-lines.js';
import { Mutex } from './mutex.js';
import { SqliteOps } from './sqlite-ops.js';

/** The first item after a primary key (the next group's first item, after a group's last key). */
const EXPORT_ROW_AFTER_SQL = `SELECT table_name, scope_kind, account_id, region FROM items
  WHERE (table_name, scope_kind, account_id, region, key) > (?, ?, ?, ?, ?) ${EXPORT_ORDER_SQL} LIMIT 1`;
/** Bytes of lines an export asks SQLite for at a time (one blob). */
const EXPORT_RUN_BYTES = 4 * 1024 * 1024;
/**
 * A run of a group's lines (item-lines.ts) as one blob, their number, the last key. The subquery
 * hands rows to group_concat in key order (a LIMIT subquery is run as a co-routine, never
 * flattened); the conformance suite checks the order. json_quote writes strings as JSON.stringify.
 */
const EXPORT_RUN_SQL = `SELECT CAST(group_concat(? || ${lineEndSql((e) => `json_quote(${e})`, 'char(10)')}, '') AS BLOB), count(*), max(key)
  FROM (SELECT key, version, value FROM items
        WHERE table_name = ? AND scope_kind = ? AND account_id = ? AND region = ? AND key > ? ORDER BY key LIMIT ?)`;

/** StoreOps of one running transaction: synchronous statements, events buffered until commit. */
class SqliteTx implements StoreOps {
  constructor(
    private readonly ops: SqliteOps,
    private readonly state: TxState<ChangeEvent>,
  ) {}

  async get<T extends JsonValue = JsonValue>(table: string, scope: Scope, key: string): Promise<StoredItem<T> | undefined> {
    this.state.check();
    return this.ops.get(table, scope, key) as StoredItem<T> | undefined;
  }

  async put(table: string, scope: Scope, key: string, value: JsonValue, opts?: PutOptions): Promise<StoredItem> {
    this.state.check();
    const item = this.ops.put(table, scope, key, value, opts);
    this.state.events.push({ table, scope, key, op: 'put' });
    return item;
  }

  async delete(table: string, scope: Scope, key: string): Promise<boolean> {
    this.state.check();
    const deleted = this.ops.delete(table, scope, key);
    if (deleted) this.state.events.push({ table, scope, key, op: 'delete' });
    return deleted;
  }

  async list<T extends JsonValue = JsonValue>(table: string, scope: Scope, opts?: ListOptions): Promise<StoredItem<T>[]> {
    this.state.check();
    return this.ops.list(table, scope, opts) as StoredItem<T>[];
  }

  async count(table: string, scope: Scope, prefix?: string): Promise<number> {
    this.state.check();
    return this.ops.count(table, scope, prefix);
  }
}

/** A Store on an open, migrated better-sqlite3 database (see openSqliteStore). */
export class SqliteStore implements Store {
  readonly backend = 'sqlite' as const;
  private readonly ops: SqliteOps;
  private readonly hub = new ChangeHub();
  private readonly mutex = new Mutex();
  private readonly sBegin: BetterSqlite3.Statement;
  private readonly sCommit: BetterSqlite3.Statement;
  private readonly sRollback: BetterSqlite3.Statement;
  private closing: Promise<void> | undefined;

  constructor(
    private readonly db: BetterSqlite3.Database,
    private readonly dbPath: string,
    readonly sealer: SecretSealer,
    readonly masterKeyCheck: string,
    private readonly busyTimeoutMs: number,
  ) {
    this.ops = new SqliteOps(db);
    this.sBegin = db.prepare('BEGIN IMMEDIATE');
    this.sCommit = db.prepare('COMMIT');
    this.sRollback = db.prepare('ROLLBACK');
  }

  /** Runs op now when no transaction is queued or running, else after them (FIFO). */
  private exec<T>(method: string, op: () => T): T | Promise<T> {
    if (this.closing !== undefined) throw new StorageError('Closed', 'The store is closed');
    if (!this.mutex.busy) return op();
    assertNotInOwnTransaction(this, method);
    return this.mutex.run(op);
  }

  private emit(e: ChangeEvent): void {
    if (this.hub.active) this.hub.emit(e);
  }

  async get<T extends JsonValue = JsonValue>(table: string, scope: Scope, key: string): Promise<StoredItem<T> | undefined> {
    return this.exec('get', () => this.ops.get(table, scope, key) as StoredItem<T> | undefined);
  }

  async put(table: string, scope: Scope, key: string, value: JsonValue, opts?: PutOptions): Promise<StoredItem> {
    return this.exec('put', () => {
      const item = this.ops.put(table, scope, key, value, opts);
      this.emit({ table, scope, key, op: 'put' });
      return item;
    });
  }

  async delete(table: string, scope: Scope, key: string): Promise<boolean> {
    return this.exec('delete', () => {
      const deleted = this.ops.delete(table, scope, key);
      if (deleted) this.emit({ table, scope, key, op: 'delete' });
      return deleted;
    });
  }

  async list<T extends JsonValue = JsonValue>(table: string, scope: Scope, opts?: ListOptions): Promise<StoredItem<T>[]> {
    return this.exec('list', () => this.ops.list(table, scope, opts) as StoredItem<T>[]);
  }

  async count(table: string, scope: Scope, prefix?: string): Promise<number> {
    return this.exec('count', () => this.ops.count(table, scope, prefix));
  }

  async transaction<T>(fn: (tx: StoreOps) => Promise<T>): Promise<T> {
    return this.inTransaction('transaction', async (state) => fn(new SqliteTx(this.ops, state)));
  }

  async countAll(): Promise<number> {
    return this.exec('countAll', () => this.ops.countAll());
  }

  async importAll(fill: (put: ImportPut) => void | Promise<void>, opts?: ImportOptions): Promise<void> {
    await this.inTransaction('importAll', async (state) => {
      if (opts?.replace) this.ops.clear();
      await fill((table, scope, item) => {
        state.check();
        this.ops.importItem(table, scope, item);
      });
      state.events.push(RESET_EVENT);
    });
  }

  /** BEGIN IMMEDIATE, body, COMMIT under the mutex; ROLLBACK if body throws; events after commit. */
  private async inTransaction<T>(method: string, body: (state: TxState<ChangeEvent>) => Promise<T>): Promise<T> {
    if (this.closing !== undefined) throw new StorageError('Closed', 'The store is closed');
    assertNotInOwnTransaction(this, method);
    return this.mutex.run(async () => {
      const state = new TxState<ChangeEvent>();
      this.sBegin.run();
      let result: T;
      try {
        result = await runAsTransactionBody(this, () => body(state));
        state.finish();
        this.sCommit.run();
      } catch (e) {
        state.finish();
        if (this.db.inTransaction) this.sRollback.run();
        throw e;
      }
      this.hub.emitAll(state.events);
      return result;
    });
  }

  onChange(listener: (e: ChangeEvent) => void): () => void {
    return this.hub.subscribe(listener);
  }

  async exportAll(sink: (table: string, scope: Scope, item: StoredItem) => void | Promise<void>): Promise<void> {
    await this.inSnapshot(async (ro) => {
      const rows = ro
        .prepare(`SELECT table_name, scope_kind, account_id, region, key, value, version FROM items ${EXPORT_ORDER_SQL}`)
        .raw(true)
        .iterate() as IterableIterator<[string, string, string, string, string, string, number]>;
      for (const [table, kind, accountId, region, key, value, version] of rows) {
        await sink(table, decodeScope(kind, accountId, region), { key, value: JSON.parse(value) as JsonValue, version });
      }
    });
  }

  /**
   * Group by group (table and scope), SQLite builds runs of lines as one blob each: the group's
   * line prefix comes in as a parameter, so per item it only quotes the key and splices in the
   * stored value. Runs are sized from the lines seen so far to stay near EXPORT_RUN_BYTES (and
   * retried smaller should one still exceed SQLite's string limit); the partitioner cuts the parts.
   */
  async exportLines(limits: PartLimits, sink: (part: LineBatch) => void | Promise<void>): Promise<ExportCounts> {
    const parts = new LinePartitioner(limits, sink);
    return this.inSnapshot(async (ro) => {
      const rowAfter = ro.prepare(EXPORT_ROW_AFTER_SQL).raw(true);
      const run = ro.prepare(EXPORT_RUN_SQL).raw(true);
      let runItems = 1; // grows once line sizes are known
      let row = rowAfter.get('', '', '', '', '') as [string, string, string, string] | undefined;
      while (row !== undefined) {
        const [table, kind, accountId, region] = row;
        const scope = scopeToString(decodeScope(kind, accountId, region));
        await parts.startGroup(table, scope);
        const prefix = groupPrefix(table, scope);
        let after = '';
        for (;;) {
          const want = Math.min(runItems, parts.room);
          let got: [Buffer | null, number, string | null];
          try {
            got = run.get(prefix, table, kind, accountId, region, after, want) as [Buffer | null, number, string | null];
          } catch (e) {
            if ((e as { code?: string }).code !== 'SQLITE_TOOBIG' || want === 1) throw e;
            runItems = Math.max(1, Math.floor(want / 16));
            continue;
          }
          const [bytes, items, last] = got;
          if (items === 0 || bytes === null || last === null) break;
          runItems = Math.max(1, Math.min(limits.items, Math.floor((EXPORT_RUN_BYTES * items) / bytes.length), want * 8));
          await parts.addLines(bytes, items);
          after = last;
          if (items < want) break;
        }
        row = rowAfter.get(table, kind, accountId, region, after) as [string, string, string, string] | undefined;
      }
      await parts.flush();
      return parts.counts;
    });
  }

  /**
   * Runs fn on a second, read-only connection inside one deferred read transaction: WAL gives it a
   * snapshot, so writers are not blocked and nothing committed later shows up.
   */
  private async inSnapshot<T>(fn: (ro: BetterSqlite3.Database) => Promise<T>): Promise<T> {
    if (this.closing !== undefined) throw new StorageError('Closed', 'The store is closed');
    const ro = new Database(this.dbPath, { readonly: true, fileMustExist: true });
    try {
      ro.pragma(`busy_timeout = ${this.busyTimeoutMs}`);
      ro.exec('BEGIN');
      const result = await fn(ro);
      ro.exec('COMMIT');
      return result;
    } finally {
      ro.close();
    }
  }

  async clearAll(): Promise<void> {
    await this.exec('clearAll', () => {
      this.ops.clear();
      this.emit(RESET_EVENT);
    });
  }

  async close(): Promise<void> {
    this.closing ??= this.mutex.run(() => {
      this.db.close();
      this.hub.clear();
    });
    return this.closing;
  }
}
