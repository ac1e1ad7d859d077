/**
 * A read-through cache over chosen tables of a store, for hot, rarely written records (a KMS key and
 * its sealed material are read on every cryptographic request). It implements `StoreOps`: `get` of a
 * cached table answers from memory; every other call goes to the store. Committed writes invalidate
 * through the store's change events (on PostgreSQL also other nodes' writes, relayed), a `reset` drops
 * everything. Use it only outside transactions: inside one, read through `tx` as always.
 *
 * Consistency: a read that overlaps an invalidation of the same table does not fill the cache (the
 * generation check), so a value older than a committed write is never kept. Cached values are deep
 * frozen: a caller that tried to change one would throw instead of corrupting the cache.
 */
import type { ListOptions, PutOptions, Scope, Store, StoreOps, StoredItem, JsonValue } from './types.js';

const scopeKey = (s: Scope): string => (s.kind === 'global' ? 'g' : s.kind === 'account' ? `a:${s.accountId}` : `r:${s.accountId}:${s.region}`);

function deepFreeze<T>(v: T): T {
  if (v !== null && typeof v === 'object' && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v as object)) deepFreeze(x);
  }
  return v;
}

export interface ReadCacheStats {
  hits: number;
  misses: number;
  invalidations: number;
}

export class ReadCache implements StoreOps {
  private readonly items = new Map<string, StoredItem>();
  private readonly generations = new Map<string, number>();
  private readonly unsubscribe: () => void;
  readonly stats: ReadCacheStats = { hits: 0, misses: 0, invalidations: 0 };

  /** Caches `tables` of `store`, at most `max` items (the oldest entry is dropped first). */
  constructor(
    private readonly store: Store,
    private readonly tables: ReadonlySet<string>,
    private readonly max = 10_000,
  ) {
    this.unsubscribe = store.onChange((e) => {
      if (e.op === 'reset') return this.clear();
      if (!this.tables.has(e.table)) return;
      this.stats.invalidations++;
      this.generations.set(e.table, (this.generations.get(e.table) ?? 0) + 1);
      this.items.delete(`${e.table}\u0000${scopeKey(e.scope)}\u0000${e.key}`);
    });
  }

  async get<T extends JsonValue = JsonValue>(table: string, scope: Scope, key: string): Promise<StoredItem<T> | undefined> {
    if (!this.tables.has(table)) return this.store.get<T>(table, scope, key);
    const id = `${table}\u0000${scopeKey(scope)}\u0000${key}`;
    const hit = this.items.get(id);
    if (hit) {
      this.stats.hits++;
      return hit as StoredItem<T>;
    }
    this.stats.misses++;
    const generation = this.generations.get(table) ?? 0;
    const item = await this.store.get<T>(table, scope, key);
    if (item && generation === (this.generations.get(table) ?? 0)) {
      if (this.items.size >= this.max) this.items.delete(this.items.keys().next().value!);
      this.items.set(id, deepFreeze(item));
    }
    return item;
  }

  put(table: string, scope: Scope, key: string, value: JsonValue, opts?: PutOptions): Promise<StoredItem> {
    return this.store.put(table, scope, key, value, opts);
  }

  delete(table: string, scope: Scope, key: string): Promise<boolean> {
    return this.store.delete(table, scope, key);
  }

  list<T extends JsonValue = JsonValue>(table: string, scope: Scope, opts?: ListOptions): Promise<StoredItem<T>[]> {
    return this.store.list<T>(table, scope, opts);
  }

  count(table: string, scope: Scope, prefix?: string): Promise<number> {
    return this.store.count(table, scope, prefix);
  }

  /** Drops every entry (and makes reads in flight not fill). */
  clear(): void {
    this.stats.invalidations++;
    for (const t of this.tables) this.generations.set(t, (this.generations.get(t) ?? 0) + 1);
    this.items.clear();
  }

  /** Stops listening to the store. */
  close(): void {
    this.unsubscribe();
    this.items.clear();
  }
}
