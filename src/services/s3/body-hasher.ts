/** An upload's plaintext hashed as it passes: its length, the MD5 of its ETag and the flexible checksums asked for. */
import { createHash, type Hash } from 'node:crypto';
import { createChecksum, type ChecksumAlgorithm, type IncrementalChecksum } from '../../shared/checksums.js';

/** What a body's plaintext hashes to: its length, hex MD5, base64 checksums by algorithm. */
export interface BodyDigests {
  readonly bytes: number;
  readonly md5: string;
  readonly checksums: Readonly<Record<string, string>>;
}

export class BodyHasher {
  private length = 0;
  private readonly md5: Hash = createHash('md5');
  private readonly sums: [ChecksumAlgorithm, IncrementalChecksum][];

  constructor(algorithms: readonly ChecksumAlgorithm[]) {
    this.sums = [...new Set(algorithms)].map((a) => [a, createChecksum(a)]);
  }

  /** Bytes passed to `update` so far. */
  get bytes(): number {
    return this.length;
  }

  update(chunk: Uint8Array): void {
    this.length += chunk.length;
    this.md5.update(chunk);
    for (const [, s] of this.sums) s.update(chunk);
  }

  /** The digests of everything passed to `update` (call once, after the end). */
  digests(): BodyDigests {
    const checksums: Record<string, string> = {};
    for (const [a, s] of this.sums) checksums[a] = s.digest().toString('base64');
    return { bytes: this.length, md5: this.md5.digest('hex'), checksums };
  }
}
