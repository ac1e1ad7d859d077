import { decodeFormComponent, keyTooLong, MAX_QUERY_KEY_LENGTH, MAX_QUERY_PARAMETERS, tooManyParameters } from './query-form.js';

/**
 * Form-encoded query-protocol parameters (`Action=X&Version=Y&RoleArn=...`), read from the
 * POST body or, for GET, from the query string. Decoded as `URLSearchParams` decodes them, with
 * caps (query-form.ts): more than MAX_QUERY_PARAMETERS pieces or a name longer than
 * MAX_QUERY_KEY_LENGTH is refused with InvalidQueryParameter (400).
 */
export class QueryParams {
  readonly values = new Map<string, string>();
  /** Every key in code-unit order, built on the first prefix probe (see `has`). */
  private sorted: string[] | undefined;

  constructor(encoded: string) {
    const len = encoded.length;
    // URLSearchParams drops one leading `?`.
    let start = len > 0 && encoded.charCodeAt(0) === 0x3f ? 1 : 0;
    for (let pieces = 0; start < len; pieces++) {
      if (pieces === MAX_QUERY_PARAMETERS) throw tooManyParameters();
      let end = encoded.indexOf('&', start);
      if (end === -1) end = len;
      if (end > start) this.add(encoded.slice(start, end));
      start = end + 1;
    }
  }

  private add(piece: string): void {
    const eq = piece.indexOf('=');
    const rawKey = eq === -1 ? piece : piece.slice(0, eq);
    if (rawKey.length > MAX_QUERY_KEY_LENGTH) throw keyTooLong(rawKey.length);
    const k = decodeFormComponent(rawKey);
    // INVARIANT: the first occurrence wins, as AWS's query front end does for repeated keys.
    if (this.values.has(k)) return;
    this.values.set(k, eq === -1 ? '' : decodeFormComponent(piece.slice(eq + 1)));
  }

  get(key: string): string | undefined {
    return this.values.get(key);
  }

  /**
   * True when `key` is present itself or as the dotted prefix of a longer key (`A.member` of
   * `A.member.1.B`): a binary search over the sorted keys, so no prefix of any key is ever built.
   */
  has(key: string): boolean {
    if (this.values.has(key)) return true;
    const sorted = (this.sorted ??= [...this.values.keys()].sort());
    const p = `${key}.`;
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid]! < p) lo = mid + 1;
      else hi = mid;
    }
    return lo < sorted.length && sorted[lo]!.startsWith(p);
  }
}
