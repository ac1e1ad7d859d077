/**
 * Item lines: the text form of stored items that Store.exportLines produces and backup archives are
 * made of. One item is one line, byte for byte the same on every backend:
 *
 *   {"t":<table>,"s":<scope string>,"k":<key>,"v":<version>,"d":<value>}\n
 *
 * which is `JSON.stringify({ t, s, k, v, d })` followed by a newline (`itemLine` below is that
 * reference). Values are stored as `JSON.stringify` text, so the database splices the stored text
 * in as `d` as it is: lines are built by SQL and the export parses no JSON.
 *
 * Lines come in parts of consecutive items of one table and scope (a "group"), in export order, cut
 * by item count and bytes (LinePartitioner). The rule depends on the lines alone, so every backend
 * cuts the same parts.
 */
import { ownLookup, setOwn } from '../shared/own-lookup.js';
import type { LineBatch, PartLimits, Scope } from './types.js';

/**
 * `global`, `account:<id>` or `region:<id>:<region>`. `%` and `:` inside an id or region are
 * written `%25` and `%3A`, so any scope the store accepts round-trips (real ids contain neither).
 */
export function scopeToString(s: Scope): string {
  if (s.kind === 'global') return 'global';
  if (s.kind === 'account') return `account:${escapePart(s.accountId)}`;
  return `region:${escapePart(s.accountId)}:${escapePart(s.region)}`;
}

const escapePart = (x: string): string => x.replace(/%/g, '%25').replace(/:/g, '%3A');

/** The order of an export on every backend: the primary key's, so the database sorts nothing. */
export const EXPORT_ORDER_SQL = 'ORDER BY table_name, scope_kind, account_id, region, key';

/** The start every line of a group shares, up to and including `"k":`. */
export function groupPrefix(table: string, scope: string): string {
  return `{"t":${JSON.stringify(table)},"s":${JSON.stringify(scope)},"k":`;
}

/** The reference serialization of one item line (what every backend's SQL must produce). */
export function itemLine(table: string, scope: Scope, key: string, version: number, valueText: string): string {
  return `${groupPrefix(table, scopeToString(scope))}${JSON.stringify(key)},"v":${version},"d":${valueText}}\n`;
}

/**
 * SQL of the end of an item line, after the group prefix. `jsonString(expr)` must render a text
 * expression as a JSON string exactly as JSON.stringify does (quotes, backslash, the short escapes
 * \b \t \n \f \r, \u00xx in lower case for the other control characters, nothing else escaped);
 * `newline` is the backend's literal for "\n". The conformance suite holds every backend to
 * `itemLine` on keys full of such characters.
 */
export function lineEndSql(jsonString: (expr: string) => string, newline: string): string {
  return `${jsonString('key')} || ',"v":' || version || ',"d":' || value || '}' || ${newline}`;
}

/** SQL of a whole item line, for a backend that builds every line in the database. */
export function lineSql(jsonString: (expr: string) => string, newline: string): string {
  const esc = (col: string) => `replace(replace(${col}, '%', '%25'), ':', '%3A')`;
  const scope = `CASE scope_kind WHEN 'global' THEN 'global' WHEN 'account' THEN 'account:' || ${esc('account_id')} ELSE 'region:' || ${esc('account_id')} || ':' || ${esc('region')} END`;
  return `'{"t":' || ${jsonString('table_name')} || ',"s":' || ${jsonString(scope)} || ',"k":' || ${lineEndSql(jsonString, newline)}`;
}

/**
 * counts[scope][table] += n, for any names: a table may be called `__proto__` or `constructor`, so
 * only own properties are read and written. `onNewScope` sees each scope the first time.
 */
export function addCount(counts: Record<string, Record<string, number>>, scope: string, table: string, n: number, onNewScope?: (scope: string) => void): void {
  let perScope = ownLookup(counts, scope);
  if (perScope === undefined) {
    onNewScope?.(scope);
    setOwn(counts, scope, (perScope = {}));
  }
  setOwn(perScope, table, (ownLookup(perScope, table) ?? 0) + n);
}

/** Bytes a part buffer starts with at least (it grows when the part needs more). */
const MIN_PART_BYTES = 64 * 1024;
const EMPTY = Buffer.alloc(0);

/**
 * Cuts whole item lines (in export order) into parts by the rule every backend follows: a part
 * holds lines of one group only, and ends after `limits.items` lines or with the line that brings
 * it to `limits.bytes` or more. Lines are copied straight into the part's buffer (no joined string);
 * every part has a buffer of its own, as the sink may keep it (a compressor still working on it).
 * Items are counted by group as parts are handed over.
 */
export class LinePartitioner {
  /** Allocated on first use (a run handed over whole becomes the buffer instead). */
  private buf: Buffer = EMPTY;
  /** What the next part's buffer starts with: a little more than the last part used. */
  private nextSize = MIN_PART_BYTES;
  private used = 0;
  private items = 0;
  /** The current group's line prefix (for `add`), and its table and scope. */
  private prefix = '\0';
  private group: { table: string; scope: string } | undefined;
  /** Items handed over so far, by scope and table. */
  readonly counts: Record<string, Record<string, number>> = {};

  constructor(
    private readonly limits: PartLimits,
    private readonly sink: (part: LineBatch) => void | Promise<void>,
  ) {
    checkPartLimits(limits);
  }

  /** How many more lines the current part takes before its item limit. */
  get room(): number {
    return this.limits.items - this.items;
  }

  /** Adds one line, its group read from its prefix; returns the sink's promise when parts were handed over. */
  add(line: string): void | Promise<void> {
    let handedOver: void | Promise<void> = undefined;
    if (!line.startsWith(this.prefix)) {
      handedOver = this.flush();
      // Inside a JSON string every quote is escaped, so the first `,"k":` ends the prefix.
      this.prefix = line.slice(0, line.indexOf(',"k":') + 5);
      const head = JSON.parse(`${this.prefix.slice(0, -5)}}`) as { t: string; s: string };
      this.group = { table: head.t, scope: head.s };
    }
    const room = line.length * 3; // UTF-8 needs at most 3 bytes per UTF-16 unit
    if (this.used + room > this.buf.length) this.grow(room);
    this.used += this.buf.write(line, this.used);
    if (++this.items < this.limits.items && this.used < this.limits.bytes) return handedOver;
    return handedOver === undefined ? this.flush() : handedOver.then(() => this.flush());
  }

  /** Ends the current part and starts a group (for a backend that walks the groups itself). */
  startGroup(table: string, scope: string): void | Promise<void> {
    const handedOver = this.flush();
    this.group = { table, scope };
    this.prefix = '\0';
    return handedOver;
  }

  /**
   * Adds `lines` whole lines of the current group, as UTF-8 bytes (at most `room` of them). The
   * buffer becomes the partitioner's: the caller must not reuse it.
   */
  async addLines(bytes: Buffer, lines: number): Promise<void> {
    if (lines > this.room) throw new RangeError(`storage: ${lines} lines do not fit in the part (room for ${this.room})`);
    if (this.used + bytes.length < this.limits.bytes) {
      // No line inside reaches the byte limit: the whole run goes in at once; into an empty part, as
      // the part's buffer itself (the caller hands over a buffer of its own).
      if (this.items === 0) {
        this.buf = bytes;
        this.used = bytes.length;
      } else this.append(bytes, 0, bytes.length);
      this.items += lines;
      if (this.items === this.limits.items) await this.flush();
      return;
    }
    for (let start = 0; start < bytes.length; ) {
      const end = bytes.indexOf(0x0a, start) + 1;
      if (end === 0) throw new Error('storage: an exported line lacks its newline');
      this.append(bytes, start, end);
      start = end;
      if (++this.items === this.limits.items || this.used >= this.limits.bytes) await this.flush();
    }
  }

  /** Hands over the lines collected so far (none: nothing happens). */
  flush(): void | Promise<void> {
    if (this.items === 0 || this.group === undefined) return undefined;
    const part: LineBatch = { items: this.items, bytes: this.buf.subarray(0, this.used) };
    addCount(this.counts, this.group.scope, this.group.table, this.items);
    this.nextSize = Math.max(MIN_PART_BYTES, Math.min(this.limits.bytes, Math.ceil(this.used * 1.25)));
    this.buf = EMPTY;
    this.used = 0;
    this.items = 0;
    return this.sink(part);
  }

  private append(bytes: Buffer, start: number, end: number): void {
    if (this.used + (end - start) > this.buf.length) this.grow(end - start);
    bytes.copy(this.buf, this.used, start, end);
    this.used += end - start;
  }

  private grow(room: number): void {
    const bigger = Buffer.allocUnsafe(Math.max(this.nextSize, this.buf.length * 2, this.used + room));
    this.buf.copy(bigger, 0, 0, this.used);
    this.buf = bigger;
  }
}

/** Throws a RangeError unless the limits make sense. */
export function checkPartLimits(limits: PartLimits): void {
  for (const [name, n] of [['items', limits?.items], ['bytes', limits?.bytes]] as const) {
    if (!Number.isInteger(n) || (n as number) < 1) throw new RangeError(`storage: part ${name} must be a positive integer, got ${String(n)}`);
  }
}
