import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { closeSync, createWriteStream, fsyncSync, openSync, renameSync, rmSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import type { Store } from '../types.js';
import { ARCHIVE_KIND, FORMAT_VERSION, PART_SIZE, scopeToString, type ArchiveManifest } from './archive-format.js';

/** Characters of archive text handed to gzip at a time. */
const CHUNK_CHARS = 256 * 1024;

export interface WriteArchiveOptions {
  readonly rampartVersion: string;
  readonly schemaVersion: number;
  readonly masterKeyCheck: string;
  readonly now: number;
  /** Called every PART_SIZE items and at the end with the number written so far. */
  readonly onProgress?: (items: number) => void;
}

/**
 * Streams a consistent snapshot of the whole store (Store.exportAll runs in one read transaction)
 * into `outPath`. The file appears under its name only when complete and fsynced (written to a
 * temporary name, then renamed), so an interrupted or failed backup (disk full, missing directory)
 * never leaves a plausible-looking partial archive; the failure is thrown, never left unhandled.
 */
export async function writeArchive(store: Store, outPath: string, o: WriteArchiveOptions): Promise<ArchiveManifest> {
  const tmp = `${outPath}.partial`;
  const out = new ArchiveOutput(tmp);
  const counts: Record<string, Record<string, number>> = {};
  const parts: string[] = [];
  let inPart = 0;
  let total = 0;
  const closePart = () => {
    parts.push(out.partHash());
    out.raw(JSON.stringify({ part: parts.length, items: inPart, sha256: parts.at(-1) }) + '\n');
    inPart = 0;
    o.onProgress?.(total);
  };

  try {
    out.raw(JSON.stringify({ kind: ARCHIVE_KIND, formatVersion: FORMAT_VERSION }) + '\n');
    await store.exportAll((table, scope, item) => {
      const s = scopeToString(scope);
      const pending = out.item(JSON.stringify({ t: table, s, k: item.key, v: item.version, d: item.value }) + '\n');
      const perScope = (counts[s] ??= {});
      perScope[table] = (perScope[table] ?? 0) + 1;
      total++;
      if (++inPart === PART_SIZE) closePart();
      return pending; // a promise only when gzip must drain: no await per item
    });
    if (inPart > 0 || parts.length === 0) closePart();
    const manifest: ArchiveManifest = {
      formatVersion: FORMAT_VERSION,
      schemaVersion: o.schemaVersion,
      rampartVersion: o.rampartVersion,
      createdAt: new Date(o.now).toISOString(),
      backend: store.backend,
      masterKeyCheck: o.masterKeyCheck,
      totalItems: total,
      counts,
      parts,
    };
    out.raw(JSON.stringify({ manifest }) + '\n');
    await out.end();
    renameSync(tmp, outPath);
    return manifest;
  } catch (e) {
    await out.abort();
    rmSync(tmp, { force: true });
    throw e;
  }
}

/**
 * The gzip file being written, fed in large chunks (one zlib call per line would cost more than
 * the compression), and the SHA-256 of the current part's item lines.
 */
class ArchiveOutput {
  private readonly gzip = createGzip({ level: 1 });
  /** Settles when the file is written; pipeline destroys both streams on the first error of either. */
  private readonly written: Promise<void>;
  private failure: unknown;
  private chunk = '';
  /** chunk[hashed..] are item lines not yet in `hash`. */
  private hashed = 0;
  private hash = createHash('sha256');

  constructor(private readonly path: string) {
    this.written = pipeline(this.gzip, createWriteStream(path, { mode: 0o600 }));
    this.written.catch((e: unknown) => (this.failure ??= e));
  }

  /** Appends an item line (hashed); returns a promise only when the caller must wait for gzip. */
  item(line: string): Promise<void> | undefined {
    this.chunk += line;
    return this.chunk.length >= CHUNK_CHARS ? this.flush() : undefined;
  }

  /** Appends a line that is not an item (header, part, manifest): never hashed. */
  raw(line: string): void {
    this.hashPending();
    this.chunk += line;
    this.hashed = this.chunk.length;
  }

  /** The hash of the item lines since the previous call. */
  partHash(): string {
    this.hashPending();
    const digest = this.hash.digest('hex');
    this.hash = createHash('sha256');
    return digest;
  }

  async end(): Promise<void> {
    await this.flush();
    this.gzip.end();
    await this.written;
    const fd = openSync(this.path, 'r+');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }

  async abort(): Promise<void> {
    this.gzip.destroy();
    await this.written.catch(() => undefined);
  }

  private hashPending(): void {
    if (this.hashed < this.chunk.length) this.hash.update(this.chunk.slice(this.hashed));
    this.hashed = this.chunk.length;
  }

  private async flush(): Promise<void> {
    this.hashPending();
    if (this.failure !== undefined) throw this.failure;
    const ok = this.gzip.write(this.chunk);
    this.chunk = '';
    this.hashed = 0;
    if (!ok) await Promise.race([once(this.gzip, 'drain'), this.written]);
  }
}
