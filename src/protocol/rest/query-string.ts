import { decodeOrKeep } from '../percent-decoding.js';

/** A REST request's query string: every value of every key, decoded (`+` is a space). */
export class QueryString {
  private readonly map = new Map<string, string[]>();

  constructor(raw: string) {
    if (!raw) return;
    for (const part of raw.split('&')) {
      if (!part) continue;
      const eq = part.indexOf('=');
      const k = decode(eq === -1 ? part : part.slice(0, eq));
      const v = eq === -1 ? '' : decode(part.slice(eq + 1));
      const list = this.map.get(k);
      if (list) list.push(v);
      else this.map.set(k, [v]);
    }
  }

  has(key: string): boolean {
    return this.map.has(key);
  }

  /** The first value of `key`. */
  get(key: string): string | undefined {
    return this.map.get(key)?.[0];
  }

  /** Every value of `key` (a repeated key is a list). */
  all(key: string): readonly string[] {
    return this.map.get(key) ?? [];
  }

  keys(): IterableIterator<string> {
    return this.map.keys();
  }
}

function decode(s: string): string {
  return decodeOrKeep(s.includes('+') ? s.replace(/\+/g, ' ') : s);
}
