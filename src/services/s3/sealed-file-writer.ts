/**
 * A body written to an open file as blob-cipher.ts seals it, hashed on the way (MD5 for the ETag,
 * the flexible checksums asked for): synchronous, for the writer thread (blob-writer-thread.ts),
 * where blocking is the point. The same format as SealStream: full chunks are sealed as not final
 * only once more bytes follow, the last chunk (empty for an empty body) is sealed as final.
 */
import { createHash } from 'node:crypto';
import { writevSync } from 'node:fs';
import { createChecksum, type ChecksumAlgorithm, type IncrementalChecksum } from '../../shared/checksums.js';
import { CHUNK, sealChunkParts } from './blob-cipher.js';

/** What a body's plaintext hashes to: its length, hex MD5, base64 checksums by algorithm. */
export interface BodyDigests {
  readonly bytes: number;
  readonly md5: string;
  readonly checksums: Readonly<Record<string, string>>;
}

export class SealedFileWriter {
  private bytes = 0;
  private readonly md5 = createHash('md5');
  private readonly sums: [ChecksumAlgorithm, IncrementalChecksum][];
  private readonly held = Buffer.allocUnsafe(CHUNK);
  private fill = 0;
  private index = 0;

  constructor(
    private readonly fd: number,
    private readonly key: Buffer,
    private readonly blobId: string,
    algorithms: readonly ChecksumAlgorithm[],
  ) {
    this.sums = [...new Set(algorithms)].map((a) => [a, createChecksum(a)]);
  }

  write(chunk: Uint8Array): void {
    this.bytes += chunk.length;
    this.md5.update(chunk);
    for (const [, s] of this.sums) s.update(chunk);
    for (let off = 0; off < chunk.length; ) {
      // A full chunk followed by more bytes is not the last one.
      if (this.fill === CHUNK) this.seal(false);
      const n = Math.min(CHUNK - this.fill, chunk.length - off);
      this.held.set(chunk.subarray(off, off + n), this.fill);
      this.fill += n;
      off += n;
    }
  }

  /** Seals the last chunk; the digests of everything written. The key is wiped. */
  finish(): BodyDigests {
    try {
      this.seal(true);
    } finally {
      this.key.fill(0);
    }
    const checksums: Record<string, string> = {};
    for (const [a, s] of this.sums) checksums[a] = s.digest().toString('base64');
    return { bytes: this.bytes, md5: this.md5.digest('hex'), checksums };
  }

  /** The body will not be finished: its key is wiped. */
  abandon(): void {
    this.key.fill(0);
  }

  private seal(final: boolean): void {
    const parts = sealChunkParts(this.key, this.blobId, this.index++, final, this.held.subarray(0, this.fill));
    this.fill = 0;
    writeAll(this.fd, parts);
  }
}

/** writev until every byte is written (a regular file takes short writes only when the disk is full, which then throws). */
function writeAll(fd: number, parts: Buffer[]): void {
  let rest = parts;
  while (rest.length > 0) {
    let n = writevSync(fd, rest);
    const next: Buffer[] = [];
    for (const p of rest) {
      if (n >= p.length) n -= p.length;
      else {
        next.push(p.subarray(n));
        n = 0;
      }
    }
    rest = next;
  }
}
