/**
 * How scopes, table names and keys map to the columns of the single `items` table, plus the
 * key-ordering helpers both backends share (keys sort byte-wise by UTF-8 = by code point).
 */
import type { JsonValue, ListOptions, Scope, StoredItem } from './types.js';

/** The three scope columns; '' stands for an absent account id or region. */
export interface ScopeColumns {
  readonly kind: Scope['kind'];
  readonly accountId: string;
  readonly region: string;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * True when s can be a table name or key: a non-empty, well-formed string without U+0000. Services
 * use it to answer a lookup by a key no item can have (a name with NUL, an empty one) as "not
 * found" instead of letting the store refuse it.
 */
export function isValidName(s: unknown): s is string {
  return typeof s === 'string' && s.length > 0 && !s.includes('\0') && !LONE_SURROGATE.test(s);
}

/** Throws a RangeError unless s is a non-empty, well-formed string without U+0000. */
export function checkName(what: string, s: unknown): asserts s is string {
  if (typeof s !== 'string' || s.length === 0) throw new RangeError(`storage: ${what} must be a non-empty string`);
  if (s.includes('\0')) throw new RangeError(`storage: ${what} must not contain U+0000`);
  if (LONE_SURROGATE.test(s)) throw new RangeError(`storage: ${what} must be well-formed Unicode (lone surrogate)`);
}

/** Validates a scope and returns its column values. */
export function encodeScope(scope: Scope): ScopeColumns {
  switch (scope?.kind) {
    case 'global':
      return { kind: 'global', accountId: '', region: '' };
    case 'account':
      checkName('scope accountId', scope.accountId);
      return { kind: 'account', accountId: scope.accountId, region: '' };
    case 'region':
      checkName('scope accountId', scope.accountId);
      checkName('scope region', scope.region);
      return { kind: 'region', accountId: scope.accountId, region: scope.region };
    default:
      throw new RangeError(`storage: unknown scope ${JSON.stringify(scope)}`);
  }
}

const GLOBAL: Scope = Object.freeze({ kind: 'global' });

/** Rebuilds a Scope from its column values (as read back from the database). */
export function decodeScope(kind: string, accountId: string, region: string): Scope {
  if (kind === 'global') return GLOBAL;
  if (kind === 'account') return { kind: 'account', accountId };
  if (kind === 'region') return { kind: 'region', accountId, region };
  throw new RangeError(`storage: unknown scope kind in database: ${kind}`);
}

/** The global scope, frozen (used for `reset` events). */
export const GLOBAL_SCOPE: Scope = GLOBAL;

/** Serializes a value for storage; throws a TypeError for something that is not JSON. */
export function encodeValue(value: JsonValue): string {
  const text = JSON.stringify(value);
  if (typeof text !== 'string') throw new TypeError('storage: value must be a JSON value');
  return text;
}

/**
 * The smallest string greater than every string that starts with prefix (by code point order),
 * or undefined when there is none (prefix made only of U+10FFFF). Lets `key LIKE prefix%` be an
 * index range `key >= prefix AND key < upper` on both backends.
 */
export function prefixUpperBound(prefix: string): string | undefined {
  const cps = Array.from(prefix);
  while (cps.length > 0) {
    const last = cps.pop()!.codePointAt(0)!;
    if (last < 0x10ffff) {
      const next = last + 1 === 0xd800 ? 0xe000 : last + 1;
      cps.push(String.fromCodePoint(next));
      return cps.join('');
    }
  }
  return undefined;
}

/** Byte-wise UTF-8 comparison (the order `list` returns keys in), usable with Array.sort. */
export function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** The key range a ListOptions selects, validated; undefined bounds are open. */
export interface KeyRange {
  readonly from?: string;
  readonly below?: string;
  readonly after?: string;
  readonly limit?: number;
  /** True when the range is empty whatever the data (limit 0). */
  readonly empty: boolean;
}

/** Validates ListOptions and turns them into a key range. */
export function listRange(opts: ListOptions | undefined): KeyRange {
  const prefix = opts?.prefix;
  const after = opts?.after;
  const limit = opts?.limit;
  if (limit !== undefined && !(Number.isSafeInteger(limit) && limit >= 0)) {
    throw new RangeError('storage: limit must be a non-negative integer');
  }
  const hasPrefix = prefix !== undefined && prefix !== '';
  if (hasPrefix) checkName('prefix', prefix);
  if (after !== undefined && after !== '') checkName('after', after);
  return {
    from: hasPrefix ? prefix : undefined,
    below: hasPrefix ? prefixUpperBound(prefix) : undefined,
    after: after === undefined || after === '' ? undefined : after,
    limit,
    empty: limit === 0,
  };
}

/**
 * SQL conditions on `key` for a range (` AND key >= ? ...`), binding values through bind (which
 * returns the placeholder), plus a shape tag naming the variant for statement caching.
 */
export function keyRangeSql(r: KeyRange, bind: (v: string) => string): { sql: string; shape: string } {
  let sql = '';
  let shape = '';
  if (r.from !== undefined) {
    sql += ` AND key >= ${bind(r.from)}`;
    shape += 'f';
  }
  if (r.below !== undefined) {
    sql += ` AND key < ${bind(r.below)}`;
    shape += 'b';
  }
  if (r.after !== undefined) {
    sql += ` AND key > ${bind(r.after)}`;
    shape += 'a';
  }
  return { sql, shape };
}

/** A validated row for bulk import: address columns, value text, version kept as given. */
export interface ImportRow {
  readonly table: string;
  readonly scope: ScopeColumns;
  readonly key: string;
  readonly text: string;
  readonly version: number;
}

/** Validates one importAll item. */
export function encodeImportRow(table: string, scope: Scope, item: StoredItem): ImportRow {
  checkName('table', table);
  const c = encodeScope(scope);
  checkName('key', item?.key);
  if (!Number.isSafeInteger(item.version) || item.version < 1 || item.version > 0x7fffffff) {
    throw new RangeError(`storage: import of ${table}/${item.key}: version must be an integer from 1`);
  }
  return { table, scope: c, key: item.key, text: encodeValue(item.value), version: item.version };
}
