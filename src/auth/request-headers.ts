/**
 * Request headers as Node's `rawHeaders` delivers them ([name, value, name, value, ...]), indexed by
 * lower-case name with repeated headers kept in the order received.
 */
import { setOwn } from '../shared/own-lookup.js';

export class RequestHeaders {
  private constructor(private readonly byName: ReadonlyMap<string, readonly string[]>) {}

  /** Indexes a rawHeaders list. An odd trailing name without value is ignored. */
  static fromRaw(rawHeaders: readonly string[]): RequestHeaders {
    const map = new Map<string, string[]>();
    for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
      const name = (rawHeaders[i] as string).toLowerCase();
      const value = rawHeaders[i + 1] as string;
      const list = map.get(name);
      if (list) list.push(value);
      else map.set(name, [value]);
    }
    return new RequestHeaders(map);
  }

  /** Every value of a header in arrival order, or undefined when absent. */
  all(name: string): readonly string[] | undefined {
    return this.byName.get(name.toLowerCase());
  }

  /** The value of a header sent once; undefined when absent. Repeated values are joined with `,`. */
  get(name: string): string | undefined {
    return this.all(name)?.join(',');
  }

  /** True when the header was sent (even empty). */
  has(name: string): boolean {
    return this.byName.has(name.toLowerCase());
  }

  /** Every header once, by lower-case name, repeated values joined with `,` (own properties only). */
  toRecord(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [name, values] of this.byName) setOwn(out, name, values.length === 1 ? values[0]! : values.join(','));
    return out;
  }

  /** The lower-case names of all headers. */
  names(): IterableIterator<string> {
    return this.byName.keys();
  }
}
