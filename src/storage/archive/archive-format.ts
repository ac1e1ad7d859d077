/**
 * The backup archive, format 2: one Brotli stream of JSON lines (format 1, still read, was the
 * same lines in one gzip stream).
 *
 *   {"kind":"rampart-backup","formatVersion":2}                       header
 *   {"t":table,"s":scope,"k":key,"v":version,"d":value}               item lines (item-lines.ts), in parts
 *   {"part":n,"items":count,"sha256":hex}                             after each part: hash of its item lines
 *   {"manifest":{...}}                                                last line
 *
 * A part holds consecutive items of one table and scope, up to PART_SIZE of them and ending with
 * the line that reaches PART_BYTES (see item-lines.ts), so every backend cuts the same parts and
 * writes the same hashes (format 1 writers cut parts of
 * PART_SIZE across tables; readers accept any cut the hashes confirm).
 *
 * The manifest repeats every part hash in order, so a truncated, reordered, bit-flipped or spliced
 * archive is refused before anything is written. Values are stored exactly as in the database:
 * secrets stay sealed with the master key, and the manifest names that key by its check value.
 */
import type { Scope } from '../types.js';

export { scopeToString } from '../item-lines.js';

export const ARCHIVE_KIND = 'rampart-backup';
/** The format written; every format from 1 up to it is read. */
export const FORMAT_VERSION = 2;
export const PART_SIZE = 1000;
/** A part also ends with the line that brings it to this many bytes (large items stay bounded). */
export const PART_BYTES = 16 * 1024 * 1024;

export interface ArchiveHeader {
  readonly kind: typeof ARCHIVE_KIND;
  readonly formatVersion: number;
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

/** Why an archive was refused; the target is untouched whenever one is thrown. */
export class ArchiveError extends Error {
  constructor(
    readonly reason: 'truncated' | 'corrupt' | 'newer-format' | 'key-mismatch' | 'target-not-empty' | 'newer-schema',
    message: string,
  ) {
    super(message);
    this.name = 'ArchiveError';
  }
}
