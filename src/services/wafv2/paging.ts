/**
 * One page of a short list held in memory (managed rule groups, a resource's tags): at most `limit`
 * items (100 by default), after the item whose key is `marker`; NextMarker is the key of the last item
 * returned when more follow. A marker that names no item is refused (as the other List operations
 * refuse a malformed one), not taken as the first page again: a client paging on would loop.
 */
import { BAD_FORMAT, invalidParameter } from './errors.js';

export function pageBy<T>(items: readonly T[], key: (item: T) => string, marker: string | undefined, limit: number | undefined): { items: T[]; next?: string } {
  const at = marker !== undefined ? items.findIndex((i) => key(i) === marker) : -1;
  if (marker !== undefined && at < 0) throw invalidParameter('ENTITY_LIMIT', marker, BAD_FORMAT);
  const rest = items.slice(at + 1);
  const n = limit ?? 100;
  const out = rest.slice(0, n);
  return rest.length > n ? { items: out, next: key(out[out.length - 1]!) } : { items: out };
}
