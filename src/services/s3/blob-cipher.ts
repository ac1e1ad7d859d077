/**
 * The at-rest format of object bodies: AES-256-GCM in chunks of CHUNK plaintext bytes, each stored
 * as ciphertext followed by its 16-byte tag, under a fresh random data key per object. Chunk i's
 * nonce is i (96-bit big-endian: unique, as the key is used for one body only); its additional data
 * binds the body's id, i, and whether it is the last chunk, so chunks cannot be swapped between
 * bodies, reordered, dropped or the body truncated without the read failing. An empty body is one
 * empty final chunk. Pure: buffers in, buffers out; blob-store.ts does the files.
 */
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';

/** Plaintext bytes per chunk. */
export const CHUNK = 64 * 1024;
export const TAG = 16;
/** Stored bytes per full chunk. */
export const FRAME = CHUNK + TAG;

function nonce(index: number): Buffer {
  const n = Buffer.alloc(12);
  n.writeBigUInt64BE(BigInt(index), 4);
  return n;
}

function aad(blobId: string, index: number, final: boolean): Buffer {
  const tail = Buffer.alloc(9);
  tail.writeBigUInt64BE(BigInt(index), 0);
  tail[8] = final ? 1 : 0;
  return Buffer.concat([Buffer.from(blobId, 'utf8'), tail]);
}

/** Chunk `index` sealed, as its stored parts: the ciphertext and the tag (written one after the other). */
export function sealChunkParts(key: Buffer, blobId: string, index: number, final: boolean, plain: Uint8Array): [ciphertext: Buffer, tag: Buffer] {
  const c = createCipheriv('aes-256-gcm', key, nonce(index));
  c.setAAD(aad(blobId, index, final));
  const ciphertext = c.update(plain);
  c.final(); // GCM is a stream mode: nothing is held back
  return [ciphertext, c.getAuthTag()];
}

/** Throws when the frame was not sealed as chunk `index` (final or not) of this body with this key. */
export function openChunk(key: Buffer, blobId: string, index: number, final: boolean, frame: Buffer): Buffer {
  if (frame.length < TAG) throw new Error('truncated object body');
  const d = createDecipheriv('aes-256-gcm', key, nonce(index));
  d.setAAD(aad(blobId, index, final));
  d.setAuthTag(frame.subarray(frame.length - TAG));
  const plain = d.update(frame.subarray(0, frame.length - TAG));
  d.final(); // checks the tag (throws when it does not match); GCM holds nothing back
  return plain;
}

/** Number of stored bytes of a body of `size` plaintext bytes. */
export function storedSize(size: number): number {
  const chunks = Math.max(1, Math.ceil(size / CHUNK));
  return size + chunks * TAG;
}

/**
 * Plaintext in, sealed chunks out (each handed to `emit` as its ciphertext and tag). Holds at most one
 * chunk: a full chunk is sealed as not final only once more bytes follow, so the last chunk (empty for
 * an empty body) is the one sealed as final by `end`.
 */
export class ChunkSealer {
  private readonly held = Buffer.allocUnsafe(CHUNK);
  private fill = 0;
  private index = 0;

  constructor(
    private readonly key: Buffer,
    private readonly blobId: string,
    private readonly emit: (parts: [ciphertext: Buffer, tag: Buffer]) => void,
  ) {}

  write(chunk: Uint8Array): void {
    for (let off = 0; off < chunk.length; ) {
      if (this.fill === CHUNK) this.seal(false);
      const n = Math.min(CHUNK - this.fill, chunk.length - off);
      this.held.set(chunk.subarray(off, off + n), this.fill);
      this.fill += n;
      off += n;
    }
  }

  end(): void {
    this.seal(true);
  }

  private seal(final: boolean): void {
    const parts = sealChunkParts(this.key, this.blobId, this.index++, final, this.held.subarray(0, this.fill));
    this.fill = 0;
    this.emit(parts);
  }
}

/** Plaintext -> sealed frames, as a stream (the event loop's write path: blob-store.ts). */
export class SealStream extends Transform {
  private readonly sealer: ChunkSealer;

  constructor(key: Buffer, blobId: string) {
    super();
    this.sealer = new ChunkSealer(key, blobId, ([ciphertext, tag]) => {
      this.push(ciphertext);
      this.push(tag);
    });
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.sealer.write(chunk);
    cb();
  }

  override _flush(cb: TransformCallback): void {
    this.sealer.end();
    cb();
  }
}

/**
 * Sealed frames of chunks `first`..`last` of a body whose final chunk is `final` -> the plaintext
 * bytes [skip, skip + length) of what they hold.
 */
export class OpenStream extends Transform {
  private buf: Buffer[] = [];
  private bufBytes = 0;
  private index: number;
  private skip: number;
  private remaining: number;

  constructor(
    private readonly key: Buffer,
    private readonly blobId: string,
    first: number,
    private readonly last: number,
    private readonly final: number,
    skip: number,
    length: number,
  ) {
    super();
    this.index = first;
    this.skip = skip;
    this.remaining = length;
  }

  private release(frame: Buffer): void {
    let plain = openChunk(this.key, this.blobId, this.index, this.index === this.final, frame);
    this.index++;
    if (this.skip) {
      const s = Math.min(this.skip, plain.length);
      plain = plain.subarray(s);
      this.skip -= s;
    }
    if (plain.length > this.remaining) plain = plain.subarray(0, this.remaining);
    this.remaining -= plain.length;
    if (plain.length) this.push(plain);
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    try {
      // Frames are opened where they lie; only a frame cut between two reads is joined first.
      const data = this.bufBytes === 0 ? chunk : Buffer.concat([...this.buf, chunk]);
      let off = 0;
      while (data.length - off >= FRAME && this.index < this.last) {
        this.release(data.subarray(off, off + FRAME));
        off += FRAME;
      }
      this.buf = off < data.length ? [data.subarray(off)] : [];
      this.bufBytes = data.length - off;
      cb();
    } catch (e) {
      cb(e as Error);
    }
  }

  override _flush(cb: TransformCallback): void {
    try {
      if (this.index !== this.last) throw new Error('truncated object body');
      this.release(Buffer.concat(this.buf));
      if (this.remaining !== 0) throw new Error('truncated object body');
      cb();
    } catch (e) {
      cb(e as Error);
    }
  }
}
