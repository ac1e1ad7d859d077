/**
 * The backup archive, format 1: one gzip stream of JSON lines.
 *
 *   {"kind":"rampart-backup","formatVersion":1}                       header
 *   {"t":table,"s":scope,"k":key,"v":version,"d":value}               items, in parts of PART_SIZE
 *   {"part":n,"items":count,"sha256":hex}                             after each part: hash of its item lines
 *   {"manifest":{...}}                                                last line
 *
 * The manifest repeats every part hash in order, so a truncated, reordered, bit-flipped or spliced
 * archive is refused before anything is written. Values are stored exactly as in the database:
 * secrets stay sealed with the master key, and the manifest names that key by its check value.
 */
import type { Scope } from '../types.js';

export const ARCHIVE_KIND = 'rampart-backup';
export const FORMAT_VERSION = 1;
export const PART_SIZE = 1000;

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

/**
 * `global`, `account:<id>` or `region:<id>:<region>`. `%` and `:` inside an id or region are
 * written `%25` and `%3A`, so any scope the store accepts round-trips (real ids contain neither).
 */
export function scopeToString(s: Scope): string {
  if (s.kind === 'global') return 'global';
  if (s.kind === 'account') return `account:${escapePart(s.accountId)}`;
  return `region:${escapePart(s.accountId)}:${escapePart(s.region)}`;
}

/** The inverse of scopeToString; anything else is a corrupt archive. */
export function scopeFromString(s: string): Scope {
  if (s === 'global') return { kind: 'global' };
  const [kind, accountId, region, ...rest] = s.split(':').map(unescapePart);
  if (kind === 'account' && accountId && region === undefined) return { kind: 'account', accountId };
  if (kind === 'region' && accountId && region && rest.length === 0) return { kind: 'region', accountId, region };
  throw new ArchiveError('corrupt', `unknown scope '${s}' in archive`);
}

const escapePart = (x: string): string => x.replace(/%/g, '%25').replace(/:/g, '%3A');

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
