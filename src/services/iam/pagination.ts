/**
 * IAM pagination: `MaxItems` (1..1000, default 100; the protocol layer enforces the range) and an
 * opaque `Marker`; responses always carry `IsTruncated` and carry `Marker` only when truncated.
 * Here a marker is the base64url of the sort key of the last item returned. A marker the server
 * cannot have made (not canonical base64url, not UTF-8, empty, or a key with a control character:
 * no sort key has one) is refused with ValidationError "Invalid Marker." (400), as IAM refuses
 * markers it did not issue; a well-formed marker is a position, as for an item deleted meanwhile.
 */
import type { Scope, StoreOps } from '../../storage/types.js';
import { validationError } from './errors.js';
import type { Table } from './store/table.js';

/** Paging parameters of a List* request. */
export interface PageRequest {
  readonly Marker?: string;
  readonly MaxItems?: number;
}

/** One page of results. */
export interface Page<T> {
  readonly items: T[];
  readonly IsTruncated: boolean;
  readonly Marker?: string;
}

/** IAM's default page size. */
export const DEFAULT_MAX_ITEMS = 100;

/** The marker for a sort key. */
export function encodeMarker(key: string): string {
  return Buffer.from(key, 'utf8').toString('base64url');
}

// eslint-disable-next-line no-control-regex -- control characters are what this looks for
const CONTROL = /[\u0000-\u001f\u007f]/;

/** The sort key a marker stands for; ValidationError "Invalid Marker." for one the server did not make. */
export function decodeMarker(marker: string): string {
  const key = Buffer.from(marker, 'base64url').toString('utf8');
  // Decoding is lenient (it skips foreign characters, replaces bad UTF-8): only a marker that
  // re-encodes to itself is one encodeMarker made.
  if (key === '' || CONTROL.test(key) || encodeMarker(key) !== marker) throw validationError('Invalid Marker.');
  return key;
}

function pageSize(req: PageRequest): number {
  const n = req.MaxItems ?? DEFAULT_MAX_ITEMS;
  return Math.max(1, Math.min(1000, Math.floor(n)));
}

/** Pages an in-memory list already sorted by `keyOf` (ascending, unique keys). */
export function paginate<T>(sorted: readonly T[], keyOf: (t: T) => string, req: PageRequest): Page<T> {
  const size = pageSize(req);
  const after = req.Marker === undefined ? undefined : decodeMarker(req.Marker);
  const start = after === undefined ? 0 : firstAfter(sorted, keyOf, after);
  const items = sorted.slice(start, start + size);
  const truncated = start + size < sorted.length;
  return truncated ? { items, IsTruncated: true, Marker: encodeMarker(keyOf(items[items.length - 1]!)) } : { items, IsTruncated: false };
}

function firstAfter<T>(sorted: readonly T[], keyOf: (t: T) => string, after: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (keyOf(sorted[mid]!) <= after) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Pages a table's rows under `prefix` in key order, reading only as much as the page needs:
 * rows are fetched in chunks, `filter` drops rows, and the scan stops once one row past the page is found.
 */
export async function pageOfTable<T>(
  table: Table<T>,
  ops: StoreOps,
  scope: Scope,
  prefix: string,
  req: PageRequest,
  filter: (value: T) => boolean = () => true,
): Promise<Page<T>> {
  const size = pageSize(req);
  const items: T[] = [];
  let lastKey: string | undefined;
  let after = req.Marker === undefined ? undefined : prefix + decodeMarker(req.Marker);
  const chunk = Math.min(1000, size + 1);
  for (;;) {
    const rows = await table.list(ops, scope, { prefix, ...(after !== undefined ? { after } : {}), limit: chunk });
    for (const row of rows) {
      if (!filter(row.value)) continue;
      if (items.length === size) return { items, IsTruncated: true, Marker: encodeMarker(lastKey!.slice(prefix.length)) };
      items.push(row.value);
      lastKey = row.key;
    }
    if (rows.length < chunk) return { items, IsTruncated: false };
    after = rows[rows.length - 1]!.key;
  }
}

/** The paging members of a List* response. */
export function pageFields<T>(page: Page<T>): { IsTruncated: boolean; Marker?: string } {
  return page.IsTruncated ? { IsTruncated: true, Marker: page.Marker! } : { IsTruncated: false };
}
