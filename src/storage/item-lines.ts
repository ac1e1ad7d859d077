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
 * Lines come in parts: up to `partItems` consecutive items of one table and scope (a "group"), in
 * export order. The rule depends on the items alone, so every backend cuts the same parts.
 */
import type { ExportCounts, LineBatch, Scope } from './types.js';

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

/** Item counts (scope string -> table -> n), added up part by part. */
export class CountsBuilder {
  private readonly counts: Record<string, Record<string, number>> = {};

  add(scope: string, table: string, items: number): void {
    const perScope = (this.counts[scope] ??= {});
    perScope[table] = (perScope[table] ?? 0) + items;
  }

  result(): ExportCounts {
    return this.counts;
  }
}

/** Bytes a part buffer starts with (it grows when the part needs more). */
const MIN_PART_BYTES = 64 * 1024;

/**
 * Cuts whole item lines (in export order) into parts and hands each to the sink, counting items
 * by group. Lines are written straight into the part's buffer (no joined string, no second copy);
 * every part has a buffer of its own, as the sink may keep it (a compressor still working on it).
 */
export class LinePartitioner {
  private buf: Buffer = Buffer.allocUnsafe(MIN_PART_BYTES);
  private used = 0;
  private items = 0;
  /** The current group's line prefix, and its table and scope. */
  private prefix = '\0';
  private group: { table: string; scope: string } | undefined;
  readonly counts = new CountsBuilder();

  constructor(
    private readonly partItems: number,
    private readonly sink: (part: LineBatch) => void | Promise<void>,
  ) {
    checkPartItems(partItems);
  }

  /** Adds one line; returns the sink's promise when a part was handed over. */
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
    if (++this.items < this.partItems) return handedOver;
    return handedOver === undefined ? this.flush() : handedOver.then(() => this.flush());
  }

  /** Hands over the lines collected so far (none: nothing happens). */
  flush(): void | Promise<void> {
    if (this.items === 0 || this.group === undefined) return undefined;
    const part: LineBatch = { items: this.items, bytes: this.buf.subarray(0, this.used) };
    this.counts.add(this.group.scope, this.group.table, this.items);
    this.buf = Buffer.allocUnsafe(Math.max(MIN_PART_BYTES, Math.ceil(this.used * 1.25)));
    this.used = 0;
    this.items = 0;
    return this.sink(part);
  }

  private grow(room: number): void {
    const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.used + room));
    this.buf.copy(bigger, 0, 0, this.used);
    this.buf = bigger;
  }
}

/** Throws a RangeError unless n is a usable part size. */
export function checkPartItems(n: number): void {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`storage: partItems must be a positive integer, got ${n}`);
}
