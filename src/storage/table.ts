/**
 * A typed view of one storage table: a service's records are plain JSON objects, so this is the only
 * place where they are cast to and from the store's `JsonValue`. Reads by a key no record can have
 * (empty, with NUL: names taken from ARNs, `user/` with no name, ...) find nothing instead of
 * reaching the store, which refuses such keys (and PostgreSQL any NUL in text).
 */
import { isValidName } from './scope-codec.js';
import type { JsonValue, PutOptions, Scope, StoreOps } from './types.js';

/** Whether some key can start with `prefix` (absent and empty mean every key). */
function isPossiblePrefix(prefix: string | undefined): boolean {
  return prefix === undefined || prefix === '' || isValidName(prefix);
}

/** One listed record with its key. */
export interface Row<T> {
  readonly key: string;
  readonly value: T;
}

/** Options of `Table.list`. */
export interface RowListOptions {
  readonly prefix?: string;
  readonly after?: string;
  readonly limit?: number;
}

/** A table of records of type T (one JSON document per key). */
export class Table<T> {
  constructor(readonly name: string) {}

  /** The record at key, or undefined. */
  async get(ops: StoreOps, scope: Scope, key: string): Promise<T | undefined> {
    if (!isValidName(key)) return undefined;
    const item = await ops.get(this.name, scope, key);
    return item ? (item.value as unknown as T) : undefined;
  }

  /** Writes the record at key (conditions as in the store contract). */
  async put(ops: StoreOps, scope: Scope, key: string, value: T, opts?: PutOptions): Promise<void> {
    await ops.put(this.name, scope, key, value as unknown as JsonValue, opts);
  }

  /** Deletes key; true when something was deleted. */
  async delete(ops: StoreOps, scope: Scope, key: string): Promise<boolean> {
    if (!isValidName(key)) return false;
    return ops.delete(this.name, scope, key);
  }

  /** Records in key order. */
  async list(ops: StoreOps, scope: Scope, opts: RowListOptions = {}): Promise<Row<T>[]> {
    if (!isPossiblePrefix(opts.prefix)) return [];
    const items = await ops.list(this.name, scope, opts);
    return items.map((i) => ({ key: i.key, value: i.value as unknown as T }));
  }

  /** Number of records whose key starts with prefix (all when absent). */
  async count(ops: StoreOps, scope: Scope, prefix?: string): Promise<number> {
    if (!isPossiblePrefix(prefix)) return 0;
    return ops.count(this.name, scope, prefix);
  }

  /** Deletes every record whose key starts with prefix; returns the deleted rows. */
  async deletePrefix(ops: StoreOps, scope: Scope, prefix: string): Promise<Row<T>[]> {
    const rows = await this.list(ops, scope, { prefix });
    for (const r of rows) await ops.delete(this.name, scope, r.key);
    return rows;
  }
}
