/**
 * Object bodies on disk, sealed (blob-cipher.ts). A body is written to `<id[0..2]>/<id>` (a new,
 * random id) and fsync'd; its directory is fsync'd as soon as the file exists, while the body is
 * still arriving (one fsync for the files created meanwhile), so that both are done together: only
 * then is the body durable, and only then does the caller commit the metadata row that makes it
 * visible. A failed or aborted upload removes its file; a body whose row was never committed (a crash
 * during the upload or before the commit) is never read, and the orphan sweep (lifecycle/runner.ts)
 * removes it an hour later. Bodies are read back streaming, a byte range at a time, and decrypted on
 * the way. (Earlier versions wrote into `tmp/` and renamed: leftovers there are swept on start.)
 */
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, rm, stat, unlink, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pipeline, Writable, type Readable, type Transform } from 'node:stream';
import { pipeline as pipelineAsync } from 'node:stream/promises';
import type { SealContext, SecretSealer } from '../../storage/types.js';
import { CHUNK, FRAME, OpenStream, SealStream, storedSize } from './blob-cipher.js';
import type { BlobRef } from './store.js';
import type { ChecksumAlgorithm } from '../../shared/checksums.js';
import { writerThread } from './blob-writer-thread.js';
import type { BodyDigests } from './body-hasher.js';

/** The key of the body with id `id` (a fresh buffer the caller may wipe). */
export type BodyKeyOf = (id: string) => Buffer;

/** Temporary files older than this are leftovers of a crash (uploads time out long before). */
export const STALE_TEMP_MS = 24 * 3600 * 1000;

/** Frames read at a time when a body is read back. */
const READ_FRAMES = 4;

const where = (id: string): SealContext => ({ table: 's3.blobs', scope: { kind: 'global' }, key: id });

/** A file written through a handle: every write awaited, fsync'd before close. */
class SyncedFile extends Writable {
  constructor(private readonly fh: FileHandle) {
    super();
  }
  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (e?: Error | null) => void): void {
    this.fh.write(chunk).then(() => cb(), cb);
  }
  override _final(cb: (e?: Error | null) => void): void {
    this.fh.sync().then(() => cb(), cb);
  }
}

/** The hashes of a body being written: computed on the writer thread (then adopted), or by the transform itself on the event loop. */
export interface BodyHashing extends Transform {
  readonly algorithms: readonly ChecksumAlgorithm[];
  adopt(digests: BodyDigests): void;
}

/** `source` through `tap` into the new sealed file `path`, on the event loop (when no writer thread runs); its directory fsync'd meanwhile. */
async function writeHere(source: Readable, tap: Transform | undefined, key: Buffer, id: string, path: string): Promise<void> {
  const fh = await open(path, 'wx', 0o600);
  try {
    await Promise.all([pipelineAsync([source, ...(tap ? [tap] : []), new SealStream(key, id), new SyncedFile(fh)]), syncDirShared(dirname(path))]);
  } finally {
    await fh.close().catch(() => undefined);
  }
}

export class BlobStore {
  private ready: Promise<void> | undefined;
  /**
   * Folders known to exist. A `mkdir` costs milliseconds while other uploads' fsyncs hold the
   * filesystem's journal (it waits for the folder's lock), so each of the 256 is made once.
   */
  private readonly folders = new Set<string>();
  private readonly removing = new Set<Promise<void>>();

  private readonly offload: boolean;

  constructor(
    readonly dir: string,
    private readonly sealer: SecretSealer,
    opts: { readonly writerThread?: boolean } = {},
  ) {
    this.offload = opts.writerThread !== false;
  }

  private path(id: string): string {
    return join(this.dir, id.slice(0, 2), id);
  }

  private prepare(): Promise<void> {
    this.ready ??= mkdir(this.dir, { recursive: true, mode: 0o700 }).then(() => this.sweep());
    return this.ready;
  }

  /**
   * Removes the temporary files earlier versions left in `tmp/` when a crash interrupted an upload.
   * Only old ones: with PostgreSQL the directory is shared, and another node running such a version
   * may have an upload in progress there.
   */
  private async sweep(): Promise<void> {
    const tmp = join(this.dir, 'tmp');
    const cutoff = Date.now() - STALE_TEMP_MS;
    for (const name of await readdir(tmp).catch(() => [] as string[])) {
      const st = await stat(join(tmp, name)).catch(() => undefined);
      if (st && st.mtimeMs < cutoff) await rm(join(tmp, name), { force: true }).catch(() => undefined);
    }
  }

  /**
   * Writes `source` into a new sealed body, hashed by `tap` (MD5 and the checksums it asks for);
   * resolves once it is durable. On any failure nothing is left behind and the error is rethrown.
   * `keyFor` (SSE-KMS, SSE-C: sse/body-keys.ts) derives the body's key from its (random, unique) id
   * instead of a fresh key held by the store's sealer; then `sealedKey` is empty and the object's
   * `sse` says how to get the key back. The hashing, sealing and file writes run on the writer thread
   * (blob-writer-thread.ts) unless the store was made with `writerThread: false` or no thread starts.
   */
  async write(source: Readable, tap?: BodyHashing, keyFor?: BodyKeyOf): Promise<BlobRef> {
    await this.prepare();
    const id = newBodyId();
    const key = keyFor ? keyFor(id) : randomBytes(32);
    const path = this.path(id);
    try {
      await this.folder(dirname(path));
      const job = this.offload ? writerThread.start({ path, key, blobId: id, algorithms: tap?.algorithms ?? [] }) : undefined;
      if (job) {
        // The directory entry is made durable while the body arrives (the thread says when the file exists).
        await Promise.all([pipelineAsync([source, job]), job.created.then((made) => (made ? syncDirShared(dirname(path)) : undefined))]);
        // A job's pipeline ends only once the thread answered its digests.
        if (tap) tap.adopt(job.digests!);
      } else await writeHere(source, tap, key, id, path);
      return { id, sealedKey: keyFor ? '' : this.sealer.seal(key, where(id)) };
    } catch (e) {
      await rm(path, { force: true }).catch(() => undefined);
      throw e;
    } finally {
      key.fill(0);
    }
  }

  private async folder(dir: string): Promise<void> {
    if (this.folders.has(dir)) return;
    await mkdir(dir, { recursive: true, mode: 0o700 });
    this.folders.add(dir);
  }

  /** The plaintext bytes [start, end] (inclusive) of a body of `size` bytes, decrypted as they are read. */
  read(ref: BlobRef, size: number, start = 0, end = size - 1, keyFor?: BodyKeyOf): Readable {
    const key = keyFor ? keyFor(ref.id) : this.sealer.open(ref.sealedKey, where(ref.id));
    const final = Math.max(0, Math.ceil(size / CHUNK) - 1);
    const length = Math.max(0, end - start + 1);
    const first = length === 0 ? 0 : Math.floor(start / CHUNK);
    const last = length === 0 ? final : Math.floor(end / CHUNK);
    const from = first * FRAME;
    const to = Math.min(storedSize(size), (last + 1) * FRAME) - 1;
    // Four frames a read: fewer trips to the thread pool; at most about 256 KiB read ahead per download.
    const file = createReadStream(this.path(ref.id), { start: from, end: to, highWaterMark: READ_FRAMES * FRAME });
    const open = new OpenStream(key, ref.id, length === 0 ? final : first, last, final, start - first * CHUNK, length);
    // Either side failing or closed early (the client went away) closes both.
    pipeline(file, open, () => undefined);
    return open;
  }

  /** Removes a body (its row already gone); a missing file is no error. */
  async remove(ref: BlobRef): Promise<void> {
    await unlink(this.path(ref.id)).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'ENOENT') throw e;
    });
  }

  /**
   * Removes bodies whose rows are gone without holding up the answer: an unlink waits milliseconds
   * while other uploads' fsyncs hold the filesystem's journal. Nothing reads them any more (their
   * rows, which hold what opens them, are gone); one a crash leaves behind is an orphan, swept an
   * hour later.
   */
  removeLater(refs: readonly BlobRef[], log: (msg: string, err?: unknown) => void): void {
    for (const ref of refs) {
      const p: Promise<void> = this.remove(ref).catch((e: unknown) => log('removing an object body failed', e));
      this.removing.add(p);
      void p.finally(() => this.removing.delete(p));
    }
  }

  /** Resolves once the removals started by removeLater are done. */
  async removed(): Promise<void> {
    while (this.removing.size > 0) await Promise.all(this.removing);
  }

  /** Every body file (id and modification time, epoch ms), for the orphan sweep; temporary files are not listed. */
  async *bodies(): AsyncGenerator<{ id: string; mtimeMs: number }> {
    for (const sub of await readdir(this.dir).catch(() => [] as string[])) {
      if (sub === 'tmp' || sub.length !== 2) continue;
      for (const id of await readdir(join(this.dir, sub)).catch(() => [] as string[])) {
        if (!/^[0-9a-f]{32}$/.test(id)) continue;
        const st = await stat(join(this.dir, sub, id)).catch(() => undefined);
        if (st?.isFile()) yield { id, mtimeMs: st.mtimeMs };
      }
    }
  }

  /** Whether a body's file exists (tests). */
  async exists(ref: BlobRef): Promise<boolean> {
    return stat(this.path(ref.id)).then(() => true, () => false);
  }
}

/**
 * A new body's id: 32 hex digits, of which the first two (its folder) change every second and the
 * other 30 are random. Bodies written in the same second land in one folder, so that their files'
 * entries are made durable by one directory fsync between them (sharedDirSyncs) instead of one each.
 */
function newBodyId(): string {
  return (Math.floor(Date.now() / 1000) % 256).toString(16).padStart(2, '0') + randomBytes(15).toString('hex');
}

/**
 * Directory fsyncs shared by the files created at the same time: `sync(dir)` resolves after an fsync
 * of `dir` that started after the call. While one runs, every caller shares the next one (group
 * commit for directory entries); `syncOne` is the fsync itself.
 */
export function sharedDirSyncs(syncOne: (dir: string) => Promise<void>): (dir: string) => Promise<void> {
  const dirs = new Map<string, { tail: Promise<void>; queued: Promise<void> | undefined }>();
  return (dir) => {
    const state = dirs.get(dir);
    if (state?.queued) return state.queued;
    let p: Promise<void>;
    if (!state) {
      p = syncOne(dir);
      dirs.set(dir, { tail: p, queued: undefined });
    } else {
      const start = (): Promise<void> => {
        state.queued = undefined;
        return syncOne(dir);
      };
      p = state.tail.then(start, start);
      state.queued = p;
      state.tail = p;
    }
    const settled = (): void => {
      if (dirs.get(dir)?.tail === p) dirs.delete(dir);
    };
    p.then(settled, settled);
    return p;
  };
}

/** fsync of a directory, so that a file created in it survives a crash (not possible on every platform). */
async function syncDir(dir: string): Promise<void> {
  const fh = await open(dir, 'r').catch(() => undefined);
  if (!fh) return;
  await fh.sync().catch(() => undefined);
  await fh.close();
}

const syncDirShared = sharedDirSyncs(syncDir);
