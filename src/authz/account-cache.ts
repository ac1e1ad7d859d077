/**
 * A bounded map whose entries depend on the data of some accounts: dropping an account drops
 * exactly the entries that depend on it (a write in account A leaves B's cached plans alone).
 */
export class AccountCache<V> {
  private readonly entries = new Map<string, { value: V; accounts: readonly string[] }>();
  private readonly byAccount = new Map<string, Set<string>>();

  constructor(private readonly max: number) {}

  get size(): number {
    return this.entries.size;
  }

  get(key: string): V | undefined {
    return this.entries.get(key)?.value;
  }

  /** Stores `value`, which depends on the data of `accounts`. Past the bound, the cache starts over. */
  set(key: string, value: V, accounts: readonly string[]): void {
    if (this.entries.size >= this.max && !this.entries.has(key)) this.clear();
    this.delete(key);
    this.entries.set(key, { value, accounts });
    for (const a of accounts) {
      let keys = this.byAccount.get(a);
      if (!keys) this.byAccount.set(a, (keys = new Set()));
      keys.add(key);
    }
  }

  private delete(key: string): void {
    const e = this.entries.get(key);
    if (!e) return;
    this.entries.delete(key);
    for (const a of e.accounts) this.byAccount.get(a)?.delete(key);
  }

  /** Drops every entry that depends on `accountId`. */
  dropAccount(accountId: string): void {
    const keys = this.byAccount.get(accountId);
    if (!keys) return;
    this.byAccount.delete(accountId);
    for (const k of keys) this.delete(k);
  }

  clear(): void {
    this.entries.clear();
    this.byAccount.clear();
  }
}
