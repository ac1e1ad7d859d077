/**
 * The aliases of each key (`kms:ResourceAliases`), per account and region, read once from the alias
 * table and kept until a committed write to that table in that scope (on any node: the store's
 * change events) or a reset drops it. Bounded: a scope is read up to MAX_ALIASES aliases, and at
 * most MAX_SCOPES scopes are kept.
 */
import type { Scope, Store } from '../../storage/types.js';
import { aliases, KMS_TABLES, regionScope } from './store.js';

const MAX_ALIASES = 10_000;
const MAX_SCOPES = 1_000;
const scopeKey = (s: Scope): string => (s.kind === 'region' ? `${s.accountId}/${s.region}` : '');

export class AliasIndex {
  private readonly byScope = new Map<string, Map<string, string[]>>();
  private generation = 0;

  constructor(private readonly store: Store) {
    store.onChange((e) => {
      if (e.op === 'reset') {
        this.generation++;
        this.byScope.clear();
      } else if (e.table === KMS_TABLES.aliases) {
        this.generation++;
        this.byScope.delete(scopeKey(e.scope));
      }
    });
  }

  /** The alias names (`alias/...`) that point to the key, sorted. */
  async of(accountId: string, region: string, keyId: string): Promise<readonly string[]> {
    const scope = regionScope(accountId, region);
    const id = scopeKey(scope);
    let index = this.byScope.get(id);
    if (!index) {
      const generation = this.generation;
      index = new Map();
      for (const row of await aliases.list(this.store, scope, { limit: MAX_ALIASES })) {
        const list = index.get(row.value.targetKeyId);
        if (list) list.push(row.value.name);
        else index.set(row.value.targetKeyId, [row.value.name]);
      }
      if (generation === this.generation) {
        if (this.byScope.size >= MAX_SCOPES) this.byScope.delete(this.byScope.keys().next().value!);
        this.byScope.set(id, index);
      }
    }
    return index.get(keyId) ?? [];
  }
}
