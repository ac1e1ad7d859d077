/**
 * The backup archive, format 3: one Brotli stream of JSON lines.
 *
 *   {"kind":"rampart-backup","formatVersion":3,"masterKeyCheck":b64,"archiveId":hex}   header
 *   {"t":table,"s":scope,"k":key,"v":version,"d":value}       item lines (item-lines.ts), in parts
 *   {"part":n,"items":count,"sha256":hex,"hmac":hex}          after each part
 *   {"manifest":{...},"hmac":hex}                             last line
 *
 * A part holds consecutive items of one table and scope, up to PART_SIZE of them and ending with
 * the line that reaches PART_BYTES (see item-lines.ts), so every backend cuts the same parts and
 * writes the same hashes. The manifest repeats every part hash in order and counts the items.
 *
 * Authentication (archive-auth.ts): HMAC-SHA256 under a key derived from the master key (HKDF, its
 * own info string), chained from the header through every part (each part's MAC covers the
 * previous MAC, its number, item count and the SHA-256 of its item lines) to the manifest. Anyone
 * can recompute a SHA-256; only the holder of the master key can make the MACs, so an edited,
 * reordered, truncated or spliced archive is refused even when its checksums were recomputed.
 * The random archiveId makes every archive's chain its own.
 *
 * Values are stored exactly as in the database: secrets stay sealed with the master key (bound to
 * their record), and header and manifest name that key by its check value.
 *
 * Earlier formats, read only when the restore accepts unauthenticated archives explicitly: format
 * 2 had the same lines without masterKeyCheck, archiveId and MACs; format 1 was format 2 in a gzip
 * stream, with parts of PART_SIZE cut across tables.
 */
import type { Scope } from '../types.js';

export { scopeToString } from '../item-lines.js';

export const ARCHIVE_KIND = 'rampart-backup';
/** The format written; formats 1 and 2 (unauthenticated) are read only when accepted explicitly. */
export const FORMAT_VERSION = 3;
/** The first format that is authenticated. */
export const FIRST_AUTHENTICATED_FORMAT = 3;
export const PART_SIZE = 1000;
/** A part also ends with the line that brings it to this many bytes (large items stay bounded). */
export const PART_BYTES = 16 * 1024 * 1024;

export interface ArchiveHeader {
  readonly kind: typeof ARCHIVE_KIND;
  readonly formatVersion: number;
  /** Format 3 on: the master key's check value, so that a wrong key is named before any MAC fails. */
  readonly masterKeyCheck?: string;
  /** Format 3 on: 16 random bytes, hex. */
  readonly archiveId?: string;
}

export interface ItemLine {
  readonly t: string;
  readonly s: string;
  readonly k: string;
  readonly v: number;
  readonly d: unknown;
}

export interface PartLine {
  readonly part: number;
  readonly items: number;
  readonly sha256: string;
  /** Format 3 on: the part's link of the MAC chain (archive-auth.ts). */
  readonly hmac?: string;
}

export interface ArchiveManifest {
  readonly formatVersion: number;
  readonly schemaVersion: number;
  readonly rampartVersion: string;
  readonly createdAt: string;
  readonly backend: string;
  /** Identifies the master key that sealed the secrets (HMAC check value; reveals nothing). */
  readonly masterKeyCheck: string;
  readonly totalItems: number;
  /** scope -> table -> number of items. */
  readonly counts: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** SHA-256 of each part's item lines, in order. */
  readonly parts: readonly string[];
}

/** The inverse of scopeToString; anything else is a corrupt archive. */
export function scopeFromString(s: string): Scope {
  if (s === 'global') return { kind: 'global' };
  const [kind, accountId, region, ...rest] = s.split(':').map(unescapePart);
  if (kind === 'account' && accountId && region === undefined) return { kind: 'account', accountId };
  if (kind === 'region' && accountId && region && rest.length === 0) return { kind: 'region', accountId, region };
  throw new ArchiveError('corrupt', `unknown scope '${s}' in archive`);
}

function unescapePart(x: string): string {
  if (!x.includes('%')) return x;
  try {
    return decodeURIComponent(x);
  } catch {
    throw new ArchiveError('corrupt', `badly escaped scope part '${x}' in archive`);
  }
}

/**
 * Why an archive was refused; the target is untouched whenever one is thrown. `unauthenticated`:
 * a MAC does not verify (the archive was changed by someone without the master key), or the
 * archive is of a format without authentication and the restore did not accept that.
 */
export class ArchiveError extends Error {
  constructor(
    readonly reason: 'truncated' | 'corrupt' | 'unauthenticated' | 'newer-format' | 'key-mismatch' | 'target-not-empty' | 'newer-schema',
    message: string,
  ) {
    super(message);
    this.name = 'ArchiveError';
  }
}
