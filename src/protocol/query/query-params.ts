/**
 * Form-encoded query-protocol parameters (`Action=X&Version=Y&RoleArn=...`), read from the
 * POST body or, for GET, from the query string.
 */
export class QueryParams {
  readonly values = new Map<string, string>();
  /** Every dotted prefix of every key (`A.member.1.B` -> `A`, `A.member`, `A.member.1`), for list/map probing. */
  private readonly prefixes = new Set<string>();

  constructor(encoded: string) {
    for (const [k, v] of new URLSearchParams(encoded)) {
      // INVARIANT: the first occurrence wins, as AWS's query front end does for repeated keys.
      if (this.values.has(k)) continue;
      this.values.set(k, v);
      let dot = k.indexOf('.');
      while (dot !== -1) {
        this.prefixes.add(k.slice(0, dot));
        dot = k.indexOf('.', dot + 1);
      }
    }
  }

  get(key: string): string | undefined {
    return this.values.get(key);
  }

  /** True when `key` is present itself or as the prefix of a longer key. */
  has(key: string): boolean {
    return this.values.has(key) || this.prefixes.has(key);
  }
}
