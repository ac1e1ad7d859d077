/**
 * The storage contract. Every record lives in a table (a namespace owned by one service, e.g.
 * `iam.users`), under a scope, at a key, and is a JSON document. Backup, restore and reset work
 * on this shape for every service without per-service code.
 */

/** Where a record belongs: the whole installation, one account, or one account in one region. */
export type Scope =
  | { readonly kind: 'global' }
  | { readonly kind: 'account'; readonly accountId: string }
  | { readonly kind: 'region'; readonly accountId: string; readonly region: string };

export type JsonValue = null | boolean | number | string | JsonValue[] | { [k: string]: JsonValue };

export interface StoredItem<T extends JsonValue = JsonValue> {
  readonly key: string;
  readonly value: T;
  /** Monotonic per item, starting at 1; used for optimistic concurrency. */
  readonly version: number;
}

export interface ListOptions {
  /** Only keys that start with this prefix. */
  readonly prefix?: string;
  /** Only keys strictly greater than this (pagination marker). */
  readonly after?: string;
  /** At most this many items (keys ascending). */
  readonly limit?: number;
}

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

/** Encrypts secrets at rest with the installation's master key (AES-256-GCM). */
export interface SecretSealer {
  /** Returns an opaque printable string that contains no trace of the plaintext. */
  seal(plaintext: string | Buffer): string;
  open(sealed: string): Buffer;
}

export interface Store extends StoreOps {
  readonly backend: 'sqlite' | 'postgres';
  readonly sealer: SecretSealer;
  /** Runs fn atomically: all its writes commit together or none does. Serializable isolation. */
  transaction<T>(fn: (tx: StoreOps) => Promise<T>): Promise<T>;
  /** Called after every committed write (on this node; PostgreSQL also relays other nodes' writes). */
  onChange(listener: (e: ChangeEvent) => void): () => void;
  /** Every item of every table (for backup), in a consistent snapshot. */
  exportAll(sink: (table: string, scope: Scope, item: StoredItem) => void | Promise<void>): Promise<void>;
  /** Deletes every item of every table, atomically. */
  clearAll(): Promise<void>;
  close(): Promise<void>;
}

/** Thrown by storage for conditional-write failures; services map it to AWS errors. */
export class StorageError extends Error {
  constructor(
    readonly reason: 'ConditionFailed' | 'Closed' | 'MasterKeyMismatch' | 'Corrupt',
    message: string,
  ) {
    super(message);
    this.name = 'StorageError';
  }
}
