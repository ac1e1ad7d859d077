/**
 * The storage contract. Every record lives in a table (a namespace owned by one service, e.g.
 * `iam.users`), under a scope, at a key, and is a JSON document. Backup, restore and reset work
 * on this shape for every service without per-service code.
 *
 * Names: table names and keys are non-empty, well-formed Unicode strings without U+0000 (a
 * RangeError otherwise); keys sort byte-wise by their UTF-8 encoding (= code point order) on every
 * backend. Values are JSON documents (stored as `JSON.stringify` text, so `-0` reads back as `0`).
 * A deleted item that is put again starts over at version 1.
 */

/** Where a record belongs: the whole installation, one account, or one account in one region. */
export type Scope =
  | { readonly kind: 'global' }
  | { readonly kind: 'account'; readonly accountId: string }
  | { readonly kind: 'region'; readonly accountId: string; readonly region: string };

/** A JSON document (what every stored value is). */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [k: string]: JsonValue };

/** One stored record as read back: its key, its value and its version. */
export interface StoredItem<T extends JsonValue = JsonValue> {
  readonly key: string;
  readonly value: T;
  /** Monotonic per item, starting at 1; used for optimistic concurrency. */
  readonly version: number;
}

/** Filters and pagination of StoreOps.list. */
export interface ListOptions {
  /** Only keys that start with this prefix. */
  readonly prefix?: string;
  /** Only keys strictly greater than this (pagination marker). */
  readonly after?: string;
  /** At most this many items (keys ascending). */
  readonly limit?: number;
}

/** Conditions of StoreOps.put (checked atomically with the write). */
export interface PutOptions {
  /** Fail with a ConditionFailed StorageError if the key exists. */
  readonly ifAbsent?: boolean;
  /** Fail with a ConditionFailed StorageError unless the current version is this. */
  readonly ifVersion?: number;
}

/** Reads and writes within one transaction (or auto-committed when used outside one). */
export interface StoreOps {
  get<T extends JsonValue = JsonValue>(table: string, scope: Scope, key: string): Promise<StoredItem<T> | undefined>;
  put(table: string, scope: Scope, key: string, value: JsonValue, opts?: PutOptions): Promise<StoredItem>;
  /** Returns true when something was deleted. */
  delete(table: string, scope: Scope, key: string): Promise<boolean>;
  list<T extends JsonValue = JsonValue>(table: string, scope: Scope, opts?: ListOptions): Promise<StoredItem<T>[]>;
  count(table: string, scope: Scope, prefix?: string): Promise<number>;
}

/** A committed write, as seen by change listeners (cache invalidation). */
export interface ChangeEvent {
  readonly table: string;
  readonly scope: Scope;
  readonly key: string;
  readonly op: 'put' | 'delete' | 'reset';
}

/**
 * Where a sealed value is stored: its table, scope and key. A value sealed for one place opens only
 * there (it is the AES-GCM additional authenticated data), so a sealed secret copied into another
 * record, of the same table or another, does not open. Values that are not stored (e.g. an encoded
 * message handed to a client) use a fixed pseudo-location of their own.
 */
export interface SealContext {
  readonly table: string;
  readonly scope: Scope;
  readonly key: string;
}

/** Encrypts secrets at rest with the installation's master key (AES-256-GCM), bound to their location. */
export interface SecretSealer {
  /** Returns an opaque printable string (`rs2:...`) that contains no trace of the plaintext and opens only at `where`. */
  seal(plaintext: string | Buffer, where: SealContext): string;
  /**
   * The plaintext of a value sealed at `where`. Throws StorageError('Corrupt') for anything else: a
   * value sealed for another location or with another master key, a tampered or truncated one, or a
   * string that is not an `rs2:` value (`rs1:` values of earlier versions are re-sealed by the
   * schema-3 migration when the store is opened, see migrations.ts).
   */
  open(sealed: string, where: SealContext): Buffer;
}

/** A part of Store.exportLines: `items` item lines, UTF-8, each ending in a newline. */
export interface LineBatch {
  readonly items: number;
  readonly bytes: Buffer;
}

/**
 * How Store.exportLines cuts parts: a part ends after `items` lines, or with the line that brings
 * it to `bytes` or more, and never spans two tables or scopes.
 */
export interface PartLimits {
  readonly items: number;
  readonly bytes: number;
}

/** Item counts of an export: scope string (item-lines.ts) -> table -> number of items. */
export type ExportCounts = Readonly<Record<string, Readonly<Record<string, number>>>>;

/**
 * Adds one item to an import. It may return a promise when the backend wants the caller to slow down
 * (a batch is being sent): awaiting it bounds the memory an import uses.
 */
export type ImportPut = (table: string, scope: Scope, item: StoredItem) => void | Promise<void>;

/** Options of Store.importAll. */
export interface ImportOptions {
  /** Delete every existing item first, in the same transaction. */
  readonly replace?: boolean;
}

/**
 * A data store (SQLite or PostgreSQL, see open-store.ts): item operations outside transactions are
 * auto-committed one by one; plus transactions, change events, backup/restore helpers and the sealer.
 */
export interface Store extends StoreOps {
  readonly backend: 'sqlite' | 'postgres';
  readonly sealer: SecretSealer;
  /**
   * Identifies the master key this store seals with: the HMAC check value recorded in `meta`
   * (base64; reveals nothing about the key). Backups carry it to detect a key mismatch on restore.
   */
  readonly masterKeyCheck: string;
  /**
   * Runs fn atomically: all its writes commit together or none does. Serializable isolation.
   * Use only `tx` inside fn: calling this store's own methods from inside fn throws (it would
   * deadlock). On PostgreSQL fn may run more than once (retried on serialization conflicts), so it
   * must have no side effects besides its `tx` operations. A ConditionFailed caught inside fn does
   * not abort the transaction.
   */
  transaction<T>(fn: (tx: StoreOps) => Promise<T>): Promise<T>;
  /**
   * Called after every committed write (on this node; PostgreSQL also relays other nodes' writes).
   * Events of a transaction are emitted after its commit, never for a rollback. `clearAll` emits
   * one `reset` event (table '*', global scope, key '*'); a `reset` also tells listeners that
   * relayed events may have been missed (e.g. the PostgreSQL listener reconnected), so caches
   * must drop everything. Returns the unsubscribe function.
   */
  onChange(listener: (e: ChangeEvent) => void): () => void;
  /**
   * Every item of every table (for backup), in a consistent snapshot, ordered by table, scope and
   * key. Writes made while the export runs (even by the sink) are not part of it.
   */
  exportAll(sink: (table: string, scope: Scope, item: StoredItem) => void | Promise<void>): Promise<void>;
  /**
   * The same snapshot as exportAll, as item lines built by the database without parsing a value
   * (see item-lines.ts), in exportAll's order, cut into parts by `limits` (none for an empty store).
   * Resolves with the item counts of the snapshot. The sink may return a promise to slow the export
   * down (it is awaited before the next part). Memory stays bounded by the limits, whatever the items.
   */
  exportLines(limits: PartLimits, sink: (part: LineBatch) => void | Promise<void>): Promise<ExportCounts>;
  /** Number of items in every table and scope. */
  countAll(): Promise<number>;
  /**
   * Bulk load (restore, reset): fill calls put for each item, all written in one transaction that
   * first deletes everything when `replace` is set. Versions are kept as given; an existing item at
   * the same key is overwritten. If fill throws, nothing changes. Emits one `reset` event at commit
   * (not one per item). On PostgreSQL fill may run more than once (serialization retry).
   */
  importAll(fill: (put: ImportPut) => void | Promise<void>, opts?: ImportOptions): Promise<void>;
  /** Deletes every item of every table, atomically (the meta data, e.g. the master-key check, stays). */
  clearAll(): Promise<void>;
  /** Waits for in-flight work, then releases files/connections. Idempotent; later calls fail with `Closed`. */
  close(): Promise<void>;
}

/**
 * Why storage failed:
 * - `ConditionFailed`: an `ifAbsent`/`ifVersion` condition did not hold (services map it to AWS errors).
 * - `Closed`: the store (or the transaction handle) is no longer usable.
 * - `MasterKeyMismatch`: the master key is not the one the data store was created with (or is missing).
 * - `InvalidMasterKey`: no master key was given, or it is too short / unreadable.
 * - `UnsupportedSchemaVersion`: the data store was written by a newer Rampart; upgrade Rampart.
 * - `Corrupt`: stored data (e.g. a sealed secret) cannot be decoded.
 */
export type StorageErrorReason =
  | 'ConditionFailed'
  | 'Closed'
  | 'MasterKeyMismatch'
  | 'Corrupt'
  | 'InvalidMasterKey'
  | 'UnsupportedSchemaVersion';

/** Thrown by storage for conditional-write failures and unusable stores; services map it to AWS errors. */
export class StorageError extends Error {
  constructor(
    readonly reason: StorageErrorReason,
    message: string,
  ) {
    super(message);
    this.name = 'StorageError';
  }
}
