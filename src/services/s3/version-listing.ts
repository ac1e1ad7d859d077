/**
 * ListObjectVersions: the keys of both tables (current objects in `s3.objects`, other versions and
 * delete markers in `s3.versions`) merged in UTF-8 byte order, each key's versions newest first,
 * rolled up at the delimiter, at most max-keys entries, resumed after (key-marker, version-id-marker).
 * Work is bounded: one page of each table per 1000 keys, one per common prefix returned.
 */
import { isValidName } from '../../storage/scope-codec.js';
import type { Store } from '../../storage/types.js';
import { invalidArgument } from './errors.js';
import { GLOBAL, objects, type ObjectRecord } from './store.js';
import { versions, versionsOf, versionIdOf, type VersionEntry } from './versioning.js';

export const MAX_VERSION_KEYS = 1000;
const PAGE = 1000;
/** After every key that starts with a prefix. */
const PAST = '\u{10FFFF}';

const utf8Order = (a: string, b: string) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

export interface ListedVersion {
  readonly entry: VersionEntry;
  readonly latest: boolean;
}

export interface VersionListing {
  readonly entries: ListedVersion[];
  readonly prefixes: string[];
  readonly truncated: boolean;
  readonly nextKey?: string;
  readonly nextVersion?: string;
}

interface KeyVersions {
  current?: ObjectRecord;
  stack: readonly VersionEntry[];
}

/** The next keys of both tables after `cursor` (store keys), complete up to where both pages reach. */
async function page(store: Store, full: string, cursor: string | undefined): Promise<{ rows: [string, KeyVersions][]; more: boolean }> {
  const opts = { prefix: full, ...(cursor !== undefined ? { after: cursor } : {}), limit: PAGE };
  const [a, b] = await Promise.all([objects.list(store, GLOBAL, opts), versions.list(store, GLOBAL, opts)]);
  let bound: string | undefined;
  for (const rows of [a, b]) {
    const last = rows.length === PAGE ? rows[rows.length - 1]!.key : undefined;
    if (last !== undefined && (bound === undefined || utf8Order(last, bound) < 0)) bound = last;
  }
  const byKey = new Map<string, KeyVersions>();
  const within = (k: string) => bound === undefined || utf8Order(k, bound) <= 0;
  for (const r of a) if (within(r.key)) byKey.set(r.key, { current: r.value, stack: [] });
  for (const r of b) if (within(r.key)) byKey.set(r.key, { ...byKey.get(r.key), stack: r.value.entries });
  return { rows: [...byKey.entries()].sort(([x], [y]) => utf8Order(x, y)), more: bound !== undefined };
}

const all = (v: KeyVersions): ListedVersion[] => (v.current ? [v.current, ...v.stack] : [...v.stack]).map((entry, i) => ({ entry, latest: i === 0 }));

export async function listVersions(store: Store, bucket: string, prefix: string, delimiter: string | undefined, max: number, keyMarker: string | undefined, versionMarker: string | undefined): Promise<VersionListing> {
  const entries: ListedVersion[] = [];
  const prefixes: string[] = [];
  const base = `${bucket}/`;
  if (keyMarker !== undefined && !isValidName(keyMarker)) throw invalidArgument('Invalid key-marker (unconfirmed)', 'key-marker', '');
  if (prefix !== '' && !isValidName(prefix)) return { entries, prefixes, truncated: false };
  let nextKey: string | undefined;
  let nextVersion: string | undefined;
  const full = () => entries.length + prefixes.length >= max;
  const done = (truncated: boolean): VersionListing => ({ entries, prefixes, truncated, ...(truncated && nextKey !== undefined ? { nextKey, ...(nextVersion !== undefined ? { nextVersion } : {}) } : {}) });

  let cursor: string | undefined;
  if (keyMarker !== undefined) {
    const rolledUp = delimiter !== undefined && keyMarker.startsWith(prefix) && keyMarker.length > prefix.length && keyMarker.indexOf(delimiter, prefix.length) >= 0;
    cursor = base + keyMarker + (rolledUp && keyMarker.endsWith(delimiter) ? PAST : '');
    // The rest of the marker key's versions, after the marker version.
    if (versionMarker !== undefined && keyMarker.startsWith(prefix) && !rolledUp) {
      const listed = all(await versionsOf(store, bucket, keyMarker));
      const at = listed.findIndex((l) => versionIdOf(l.entry) === versionMarker);
      for (const l of at < 0 ? [] : listed.slice(at + 1)) {
        if (full()) return done(true);
        entries.push(l);
        nextKey = keyMarker;
        nextVersion = versionIdOf(l.entry);
      }
    }
  }
  for (;;) {
    const { rows, more } = await page(store, base + prefix, cursor);
    let skipped = false;
    for (const [storeKey, v] of rows) {
      const key = storeKey.slice(base.length);
      const at = delimiter ? key.indexOf(delimiter, prefix.length) : -1;
      if (at >= 0) {
        if (full()) return done(true);
        const common = key.slice(0, at + delimiter!.length);
        prefixes.push(common);
        nextKey = common;
        nextVersion = undefined;
        cursor = base + common + PAST;
        skipped = true;
        break;
      }
      for (const l of all(v)) {
        if (full()) return done(true);
        entries.push(l);
        nextKey = key;
        nextVersion = versionIdOf(l.entry);
      }
      cursor = storeKey;
    }
    if (!skipped && !more) return done(false);
  }
}
