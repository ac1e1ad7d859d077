/**
 * The PostgreSQL backend (pg Pool). Plain operations are single auto-committed statements;
 * transactions run at SERIALIZABLE on one pooled connection and are retried (fn re-run) on
 * serialization failures and deadlocks, with jittered exponential backoff (see pg-transaction.ts).
 */
import type { Pool, QueryConfig } from 'pg';
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
import { EXPORT_ORDER_SQL, lineSql, LinePartitioner } from '../item-lines.js';
import type { ChangeRelay } from './change-relay.js';
import { readInSnapshot } from './pg-export.js';
import { importInTransaction } from './pg-import.js';
import { runPgTransaction, type TxRunOptions } from './pg-transaction.js';
import { PgOps, type PgSql } from './postgres-ops.js';

/** An item line (item-lines.ts); to_json writes a text as a JSON string as JSON.stringify does. */
const EXPORT_LINE = lineSql((e) => `to_json(${e})::text`, 'chr(10)');

/** A Store on a migrated schema (see openPostgresStore). */
export class PostgresStore implements Store {
  readonly backend = 'postgres' as const;
  private readonly hub = new ChangeHub();
  private readonly direct: PgOps;
  private relay: ChangeRelay | undefined;
  private closing: Promise<void> | undefined;
  private readonly txOptions: TxRunOptions;

  constructor(
    private readonly pool: Pool,
    private readonly sql: PgSql,
    readonly sealer: SecretSealer,
    readonly masterKeyCheck: string,
    maxTxAttempts: number,
  ) {
    this.txOptions = { isolation: 'SERIALIZABLE', maxAttempts: maxTxAttempts };
    this.direct = new PgOps(sql, {
      query: (q: QueryConfig) => pool.query(q),
      written: (e) => {
        if (this.hub.active) this.hub.emit(e);
      },
    });
  }

  /** Attaches the started relay (stopped by close). */
  attachRelay(relay: ChangeRelay): void {
    this.relay = relay;
  }

  /** Delivers an event relayed from another node to this node's listeners. */
  emitRelayed(e: ChangeEvent): void {
    if (this.closing === undefined) this.hub.emit(e);
  }

  private check(method: string): void {
    if (this.closing !== undefined) throw new StorageError('Closed', 'The store is closed');
    assertNotInOwnTransaction(this, method);
  }

  async get<T extends JsonValue = JsonValue>(table: string, scope: Scope, key: string): Promise<StoredItem<T> | undefined> {
    this.check('get');
    return this.direct.get<T>(table, scope, key);
  }

  async put(table: string, scope: Scope, key: string, value: JsonValue, opts?: PutOptions): Promise<StoredItem> {
    this.check('put');
    return this.direct.put(table, scope, key, value, opts);
  }

  async delete(table: string, scope: Scope, key: string): Promise<boolean> {
    this.check('delete');
    return this.direct.delete(table, scope, key);
  }

  async list<T extends JsonValue = JsonValue>(table: string, scope: Scope, opts?: ListOptions): Promise<StoredItem<T>[]> {
    this.check('list');
    return this.direct.list<T>(table, scope, opts);
  }

  async count(table: string, scope: Scope, prefix?: string): Promise<number> {
    this.check('count');
    return this.direct.count(table, scope, prefix);
  }

  async transaction<T>(fn: (tx: StoreOps) => Promise<T>): Promise<T> {
    this.check('transaction');
    let events: ChangeEvent[] = [];
    const result = await runPgTransaction(this.pool, this.txOptions, async (client) => {
      const state = new TxState<ChangeEvent>();
      events = state.events;
      const ops = new PgOps(this.sql, {
        query: (q) => {
          state.check();
          return client.query(q);
        },
        written: (e) => state.events.push(e),
      });
      try {
        return await runAsTransactionBody(this, () => fn(ops));
      } finally {
        state.finish();
      }
    });
    this.hub.emitAll(events);
    return result;
  }

  async countAll(): Promise<number> {
    this.check('countAll');
    const r = await this.pool.query({ name: 'rs_count_all', text: this.sql.countAll });
    return (r.rows[0] as { n: number }).n;
  }

  async importAll(fill: (put: ImportPut) => void | Promise<void>, opts?: ImportOptions): Promise<void> {
    this.check('importAll');
    await runPgTransaction(this.pool, this.txOptions, (client) =>
      runAsTransactionBody(this, () => importInTransaction(client, this.sql, fill, opts)),
    );
    this.hub.emit(RESET_EVENT);
  }

  onChange(listener: (e: ChangeEvent) => void): () => void {
    return this.hub.subscribe(listener);
  }

  /** Reads through a cursor inside one REPEATABLE READ, READ ONLY transaction (one snapshot). */
  async exportAll(sink: (table: string, scope: Scope, item: StoredItem) => void | Promise<void>): Promise<void> {
    this.check('exportAll');
    const select = `SELECT table_name, scope_kind, account_id, region, key, value, version FROM ${this.sql.schema}.items ${EXPORT_ORDER_SQL}`;
    await readInSnapshot(this.pool, select, async (rows) => {
      for (const [table, kind, accountId, region, key, value, version] of rows as [string, string, string, string, string, string, number][]) {
        await sink(table, decodeScope(kind, accountId, region), { key, value: JSON.parse(value) as JsonValue, version: Number(version) });
      }
    });
  }

  /** Lines are built by PostgreSQL (one per row, read through a cursor) and cut into parts here. */
  async exportLines(limits: PartLimits, sink: (part: LineBatch) => void | Promise<void>): Promise<ExportCounts> {
    this.check('exportLines');
    const parts = new LinePartitioner(limits, sink);
    await readInSnapshot(this.pool, `SELECT ${EXPORT_LINE} FROM ${this.sql.schema}.items ${EXPORT_ORDER_SQL}`, async (rows) => {
      for (const [line] of rows as [string][]) {
        const slowDown = parts.add(line);
        if (slowDown) await slowDown;
      }
    });
    await parts.flush();
    return parts.counts;
  }

  /** One statement: deletes every item and notifies other nodes of the reset. */
  async clearAll(): Promise<void> {
    this.check('clearAll');
    await this.pool.query(this.sql.clear, [this.sql.channel, this.sql.payload(RESET_EVENT)]);
    this.hub.emit(RESET_EVENT);
  }

  async close(): Promise<void> {
    this.closing ??= (async () => {
      await this.relay?.stop();
      await this.pool.end();
      this.hub.clear();
    })();
    return this.closing;
  }
}
