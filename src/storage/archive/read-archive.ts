import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Transform } from 'node:stream';
import { createInterface } from 'node:readline';
import { createBrotliDecompress, createGunzip } from 'node:zlib';
import { addCount } from '../item-lines.js';
import { masterKeyCheckValue } from '../master-key.js';
import { ArchiveChain, archiveKey } from './archive-auth.js';
import {
  ARCHIVE_KIND,
  ArchiveError,
  FIRST_AUTHENTICATED_FORMAT,
  FORMAT_VERSION,
  PART_BYTES,
  PART_SIZE,
  scopeFromString,
  type ArchiveHeader,
  type ArchiveManifest,
  type ItemLine,
  type PartLine,
} from './archive-format.js';

/** How to authenticate an archive. */
export interface ReadArchiveOptions {
  /** The master key the archive was made with; format 3 archives are authenticated with it. */
  readonly masterKey?: string;
  /** Read formats 1 and 2, which carry no authentication (refused otherwise). */
  readonly acceptUnauthenticated?: boolean;
}

/**
 * Reads an archive line by line, checking every part hash and MAC as it goes and, at the end, the
 * manifest against the parts seen and its MAC. `onPart` receives each part's items only after that
 * part's hash and MAC matched. Any defect throws ArchiveError; nothing is handed out from a part
 * that failed its check. A file that cannot be opened or read (missing, unreadable) throws a plain
 * Error naming it; an error thrown by `onPart` is passed through as it is.
 */
export async function readArchive(path: string, opts: ReadArchiveOptions = {}, onPart?: (items: ItemLine[]) => Promise<void> | void): Promise<ArchiveManifest> {
  const container = await containerOf(path);
  const input = createReadStream(path);
  const gunzip = container === 1 ? createGunzip() : createBrotliDecompress();
  const guard = lineLengthGuard();
  const lines = createInterface({ input: input.pipe(gunzip).pipe(guard), crlfDelay: Infinity });
  let streamError: Error | undefined;
  let readError: Error | undefined;
  // pipe() forwards no errors: each stream's failure must end the line loop, never go unhandled.
  input.on('error', (e) => {
    readError ??= e;
    lines.close();
  });
  for (const stream of [gunzip, guard]) {
    stream.on('error', (e) => {
      streamError ??= e;
      lines.close();
    });
  }
  // readline re-emits its input's errors; one arriving after the loop stopped must not go unhandled.
  lines.on('error', (e) => (streamError ??= e));

  let header: ArchiveHeader | undefined;
  let headerVersion = 0;
  let chain: ArchiveChain | undefined;
  let manifest: ArchiveManifest | undefined;
  let manifestMac: unknown;
  const seen: string[] = [];
  let pending: ItemLine[] = [];
  let pendingBytes = 0;
  let hash = createHash('sha256');
  const tally: Record<string, Record<string, number>> = {};
  let inSink = false;
  try {
    for await (const line of lines) {
      if (manifest) throw new ArchiveError('corrupt', 'data after the manifest');
      const rec = parseLine(line);
      if (!header) {
        header = rec as unknown as ArchiveHeader;
        headerVersion = checkHeader(rec, container);
        chain = chainOf(header, opts);
      } else if ('manifest' in rec) {
        const m = rec['manifest'];
        if (!m || typeof m !== 'object' || Array.isArray(m)) throw new ArchiveError('corrupt', 'the manifest is not an object');
        manifest = m as ArchiveManifest;
        manifestMac = rec['hmac'];
      } else if ('part' in rec) {
        const p = rec as unknown as PartLine;
        const actual = hash.digest('hex');
        if (p.sha256 !== actual || p.items !== pending.length || p.part !== seen.length + 1) throw new ArchiveError('corrupt', `part ${seen.length + 1} does not match its checksum`);
        chain?.checkPart(p);
        seen.push(actual);
        inSink = true;
        await onPart?.(pending);
        inSink = false;
        pending = [];
        pendingBytes = 0;
        hash = createHash('sha256');
      } else {
        // A part holds at most PART_SIZE items (every format), and from format 2 on ends at PART_BYTES.
        pendingBytes += line.length;
        if (pending.length === PART_SIZE || (headerVersion >= 2 && pendingBytes > PART_BYTES + MAX_LINE_BYTES)) {
          throw new ArchiveError('corrupt', `part ${seen.length + 1} is larger than any part Rampart writes`);
        }
        hash.update(line + '\n');
        const item = checkItem(rec);
        if (!MAY_BE_SEALED.test(line)) PLAIN_ITEMS.add(item);
        addCount(tally, item.s, item.t, 1, scopeFromString);
        pending.push(item);
      }
    }
  } catch (e) {
    if (e instanceof ArchiveError || inSink) throw e; // the sink's own failure (e.g. the store) is not the archive's
    if (readError) throw new Error(`cannot read the archive ${path}: ${readError.message}`, { cause: readError });
    throw new ArchiveError('truncated', `the archive cannot be read: ${(e as Error).message}`);
  } finally {
    lines.close();
    guard.destroy();
    gunzip.destroy();
    input.destroy();
  }
  if (readError) throw new Error(`cannot read the archive ${path}: ${readError.message}`, { cause: readError });
  if (streamError instanceof ArchiveError) throw streamError;
  if (streamError) throw new ArchiveError('truncated', `the archive is truncated or corrupted (${streamError.message})`);
  if (!header) throw new ArchiveError('truncated', 'the archive is empty');
  if (!manifest) throw new ArchiveError('truncated', 'the archive is truncated: its manifest is missing');
  if (pending.length) throw new ArchiveError('corrupt', 'items after the last part');
  checkManifest(manifest, headerVersion, seen, tally);
  if (chain) {
    if (manifest.masterKeyCheck !== header.masterKeyCheck) throw new ArchiveError('corrupt', 'the manifest and the header name different master keys');
    chain.checkManifest(manifest, manifestMac);
  }
  return manifest;
}

/** What a line holding a sealed value (`rs1:`, `rs2:`) has; a `\u` escape could hide one. */
const MAY_BE_SEALED = /rs[12]:|\\u/;
/** Items read whose line had nothing of MAY_BE_SEALED. */
const PLAIN_ITEMS = new WeakSet<ItemLine>();

/**
 * False when `item` was read from a line without anything that could be a sealed value, so that a
 * walk of its value looking for them can be skipped (most items have none).
 */
export function mayHoldSealed(item: ItemLine): boolean {
  return !PLAIN_ITEMS.has(item);
}

/**
 * The longest line an archive may have: far beyond any stored item (AWS's largest documents, SAML
 * metadata, are 10 MB), far below what a JavaScript string can hold. A longer one, such as a small
 * file that decompresses to gigabytes without a newline, is refused before it is buffered.
 */
const MAX_LINE_BYTES = 64 * 1024 * 1024;

/** Passes the decompressed bytes through, failing with ArchiveError once a line exceeds MAX_LINE_BYTES. */
function lineLengthGuard(): Transform {
  let sinceNewline = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      // Lines inside one chunk are shorter than the chunk: only a line spanning chunks can be too long.
      const last = chunk.lastIndexOf(0x0a);
      if (last === -1) sinceNewline += chunk.length;
      else {
        if (sinceNewline + chunk.indexOf(0x0a) > MAX_LINE_BYTES) return done(tooLong());
        sinceNewline = chunk.length - last - 1;
      }
      if (sinceNewline > MAX_LINE_BYTES) return done(tooLong());
      done(null, chunk);
    },
  });
}

const tooLong = () => new ArchiveError('corrupt', `the archive has a line longer than ${MAX_LINE_BYTES} bytes`);

function parseLine(line: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(line);
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    /* fall through */
  }
  throw new ArchiveError('corrupt', 'the archive contains a line that is not a JSON object');
}

/** An item line must have the shape the writer gives it (hash-consistent but crafted lines too). */
function checkItem(rec: Record<string, unknown>): ItemLine {
  const { t, s, k, v } = rec;
  if (typeof t !== 'string' || typeof s !== 'string' || typeof k !== 'string' || !Number.isInteger(v) || (v as number) < 1 || !('d' in rec)) {
    throw new ArchiveError('corrupt', 'the archive contains an item line of the wrong shape');
  }
  return rec as unknown as ItemLine;
}

/** The tally of a scope seen for the first time, after checking the scope string. */
/** GZIP_MAGIC starts every gzip file (format 1); anything else is read as Brotli (format 2 on). */
const GZIP_MAGIC = Buffer.from([0x1f, 0x8b, 0x08]);

/** 1 for a gzip container, 2 for Brotli; a file that cannot be opened or read throws, naming it. */
async function containerOf(path: string): Promise<1 | 2> {
  let head: Buffer;
  try {
    const f = await open(path, 'r');
    try {
      head = Buffer.alloc(GZIP_MAGIC.length);
      head = head.subarray(0, (await f.read(head, 0, head.length, 0)).bytesRead);
    } finally {
      await f.close();
    }
  } catch (e) {
    throw new Error(`cannot read the archive ${path}: ${(e as Error).message}`, { cause: e });
  }
  return head.equals(GZIP_MAGIC) ? 1 : 2;
}

/** Returns the header's format version. */
function checkHeader(rec: Record<string, unknown>, container: 1 | 2): number {
  if (rec['kind'] !== ARCHIVE_KIND) throw new ArchiveError('corrupt', 'not a Rampart backup archive');
  const v = rec['formatVersion'];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw new ArchiveError('corrupt', 'the archive has no valid format version');
  if (v > FORMAT_VERSION) throw new ArchiveError('newer-format', `the archive has format ${v}, newer than this Rampart reads (${FORMAT_VERSION}): upgrade Rampart to restore it`);
  if ((v === 1) !== (container === 1)) throw new ArchiveError('corrupt', `format ${v} archives are ${v === 1 ? 'gzip' : 'Brotli'}-compressed, this one is not`);
  return v;
}

/**
 * The MAC chain to check a format 3 archive with, from its header; undefined for an earlier format
 * when unauthenticated archives are accepted. Refuses an earlier format otherwise, a header without
 * its key check value or id, and a master key that is not the archive's (before any MAC fails).
 */
function chainOf(header: ArchiveHeader, opts: ReadArchiveOptions): ArchiveChain | undefined {
  if (header.formatVersion < FIRST_AUTHENTICATED_FORMAT) {
    if (opts.acceptUnauthenticated) return undefined;
    throw new ArchiveError(
      'unauthenticated',
      `the archive has format ${header.formatVersion}, which carries no authentication (archives are authenticated with the master key from format ${FIRST_AUTHENTICATED_FORMAT} on): anyone who could write the file could have changed it, e.g. made an access key root's. If you made this archive yourself and trust the file, restore it with --accept-unauthenticated-archive; its secrets are then sealed again, bound to their records`,
    );
  }
  if (typeof header.masterKeyCheck !== 'string' || typeof header.archiveId !== 'string' || !/^[0-9a-f]{32}$/.test(header.archiveId)) {
    throw new ArchiveError('corrupt', 'the archive header lacks its master-key check value or archive id');
  }
  if (opts.masterKey === undefined) throw new ArchiveError('key-mismatch', 'no master key was given to authenticate the archive with');
  if (masterKeyCheckValue(opts.masterKey) !== header.masterKeyCheck) {
    throw new ArchiveError('key-mismatch', 'master key mismatch: the archive was made with a different master key than the one given');
  }
  return new ArchiveChain(archiveKey(opts.masterKey), header);
}

function checkManifest(m: ArchiveManifest, headerVersion: number, seen: readonly string[], tally: Record<string, Record<string, number>>): void {
  if (m.formatVersion !== headerVersion) throw new ArchiveError('corrupt', 'the manifest and the header disagree on the format version');
  if (!Number.isInteger(m.schemaVersion) || m.schemaVersion < 1 || typeof m.masterKeyCheck !== 'string' || !Number.isInteger(m.totalItems)) {
    throw new ArchiveError('corrupt', 'the manifest lacks its schema version, master-key check or item count');
  }
  if (!Array.isArray(m.parts) || m.parts.length !== seen.length || m.parts.some((h, i) => h !== seen[i])) {
    throw new ArchiveError('corrupt', 'the manifest does not list the parts found in the archive (reordered, spliced or tampered with)');
  }
  const counted = Object.values(m.counts ?? {}).reduce((n, perTable) => n + Object.values(perTable).reduce((a, b) => a + b, 0), 0);
  if (counted !== m.totalItems || canonical(m.counts ?? {}) !== canonical(tally)) {
    throw new ArchiveError('corrupt', 'the manifest item counts do not match the items in the archive');
  }
}

/** JSON with keys sorted, for comparing count tables. */
function canonical(counts: Readonly<Record<string, Readonly<Record<string, number>>>>): string {
  return JSON.stringify(Object.keys(counts).sort().map((s) => [s, Object.keys(counts[s]!).sort().map((t) => [t, counts[s]![t]])]));
}
