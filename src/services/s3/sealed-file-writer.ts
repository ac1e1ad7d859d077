/**
 * A body written to an open file as blob-cipher.ts seals it (ChunkSealer), hashed on the way
 * (BodyHasher): synchronous, for the writer thread (blob-writer-thread.ts), where blocking is the point.
 */
import { writevSync } from 'node:fs';
import type { ChecksumAlgorithm } from '../../shared/checksums.js';
import { ChunkSealer } from './blob-cipher.js';
import { BodyHasher, type BodyDigests } from './body-hasher.js';

export class SealedFileWriter {
  private readonly hasher: BodyHasher;
  private readonly sealer: ChunkSealer;

  constructor(
    fd: number,
    private readonly key: Buffer,
    blobId: string,
    algorithms: readonly ChecksumAlgorithm[],
  ) {
    this.hasher = new BodyHasher(algorithms);
    this.sealer = new ChunkSealer(key, blobId, (parts) => writeAll(fd, parts));
  }

  write(chunk: Uint8Array): void {
    this.hasher.update(chunk);
    this.sealer.write(chunk);
  }

  /** Seals the last chunk; the digests of everything written. The key is wiped. */
  finish(): BodyDigests {
    try {
      this.sealer.end();
    } finally {
      this.key.fill(0);
    }
    return this.hasher.digests();
  }

  /** The body will not be finished: its key is wiped. */
  abandon(): void {
    this.key.fill(0);
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
