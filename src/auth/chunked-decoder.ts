/**
 * The incremental aws-chunked decoder (S3 streaming uploads), fed arbitrary slices of the body:
 *   signed:   `<hex-size>;chunk-signature=<sig>\r\n<data>\r\n` ... `0;chunk-signature=<sig>\r\n` [trailers] `\r\n`
 *   unsigned: `<hex-size>\r\n<data>\r\n` ... `0\r\n` [trailers] `\r\n`
 * Each chunk signature is HMAC(signingKey, "AWS4-HMAC-SHA256-PAYLOAD\n" + date + "\n" + scope + "\n" +
 * previousSignature + "\n" + sha256("") + "\n" + sha256(chunkData)), the first one chained to the seed
 * (request) signature. A signed trailer ends with `x-amz-trailer-signature:<sig>`, computed over
 * "AWS4-HMAC-SHA256-TRAILER\n" + date + "\n" + scope + "\n" + lastChunkSignature + "\n" +
 * sha256("name:value\n" for each trailer). See the S3 docs "sigv4-streaming" and "sigv4-streaming-trailers".
 *
 * Bounded memory: chunk data is handed on as it arrives (sub-arrays of the slices pushed, no copy) and
 * only the chunk's running SHA-256 is kept; a chunk-size line or a trailer line is buffered up to
 * `MAX_LINE_BYTES`, the trailer section up to `MAX_TRAILER_BYTES`. Failures are raised as soon as they
 * are known: a chunk signature when its data and CRLF have passed, a too-small chunk at the header of
 * the next data chunk, a chunk beyond `maxDecodedLength` at its header, bytes after the final CRLF at
 * once. What can only be known at the end (truncation, the trailer signature) is raised by `end()`.
 */
import { createHash, timingSafeEqual, type Hash } from 'node:crypto';
import { hmacSha256 } from './signing-key-cache.js';

const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const CR = 0x0d;
const LF = 0x0a;

/** Longest chunk-size line or trailer line accepted (without its CRLF); a signed chunk header is ~100 bytes. */
export const MAX_LINE_BYTES = 4096;
/** Longest trailer section accepted (all trailer lines with their CRLFs). */
export const MAX_TRAILER_BYTES = 16384;

/** What signed chunks are verified with. */
export interface ChunkSigning {
  readonly signingKey: Buffer;
  readonly amzDate: string;
  /** `YYYYMMDD/region/service/aws4_request`. */
  readonly scope: string;
  /** The signature of the request (Authorization header or X-Amz-Signature). */
  readonly seedSignature: string;
}

/** Options of `decodeAwsChunked` and of `AwsChunkedDecoder`. */
export interface ChunkedDecodeOptions {
  /** Present for STREAMING-AWS4-HMAC-SHA256-PAYLOAD(-TRAILER): every chunk signature is checked. */
  readonly signing?: ChunkSigning;
  /** The final chunk carries `x-amz-trailer-signature` (STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER). */
  readonly trailerSigned: boolean;
  /** Every data chunk but the last must be at least this long (S3: 8192). */
  readonly minChunkSize: number;
  /** A chunk whose size would take the decoded total beyond this is refused at its header (`incomplete-body`). */
  readonly maxDecodedLength?: number;
}

/** Why a chunked body was refused. */
export type ChunkFailure =
  | { readonly kind: 'incomplete-body' }
  | { readonly kind: 'chunk-too-small'; readonly chunk: number; readonly size: number }
  | { readonly kind: 'chunk-signature'; readonly stringToSign: string; readonly provided: string }
  | { readonly kind: 'trailer-signature'; readonly stringToSign: string; readonly provided: string }
  | { readonly kind: 'malformed-trailer' };

/** Thrown by the decoder; the payload verifier turns it into the family's AwsError. */
export class ChunkedPayloadError extends Error {
  constructor(readonly failure: ChunkFailure) {
    super(`aws-chunked body refused: ${failure.kind}`);
    this.name = 'ChunkedPayloadError';
  }
}

/** What the decoder knows once the body ended well. */
export interface ChunkedEnd {
  /** Trailing headers (lower-case names, in order), without `x-amz-trailer-signature`. */
  readonly trailers: readonly (readonly [string, string])[];
  /** Bytes of decoded data handed on. */
  readonly decodedLength: number;
}

function sameHex(a: string, b: string): boolean {
  const x = Buffer.from(a, 'latin1');
  const y = Buffer.from(b, 'latin1');
  return x.length === y.length && timingSafeEqual(x, y);
}

type State = 'header' | 'data' | 'data-cr' | 'data-lf' | 'trailer' | 'done';

/**
 * Decodes an aws-chunked body pushed in slices of any size, handing each piece of decoded data to
 * `onData` as soon as it arrives (a sub-array of the slice pushed: copy it to keep it beyond the call).
 * `push` and `end` throw `ChunkedPayloadError`; after a failure every call throws it again.
 * Data of a chunk is handed on before its signature is known: consumers must commit nothing before
 * `end()` returned.
 */
export class AwsChunkedDecoder {
  private state: State = 'header';
  private failure: ChunkedPayloadError | undefined;
  private readonly header: RegExp;
  /** The line being read (chunk header or trailer), with its CRLF once complete. */
  private readonly line = Buffer.alloc(MAX_LINE_BYTES + 2);
  private lineLength = 0;
  private previousSignature: string;
  private providedSignature = '';
  private chunkHash: Hash | undefined;
  private chunkSize = 0;
  private remaining = 0;
  private lastDataSize = -1;
  private dataChunks = 0;
  private decoded = 0;
  private trailerBytes = 0;
  private readonly trailers: [string, string][] = [];
  private trailerSignature: string | undefined;

  constructor(
    private readonly options: ChunkedDecodeOptions,
    private readonly onData: (piece: Buffer) => void,
  ) {
    this.header = options.signing ? /^([0-9a-fA-F]{1,16});chunk-signature=([0-9a-fA-F]{64})$/ : /^([0-9a-fA-F]{1,16})(?:;[^\r\n]*)?$/;
    this.previousSignature = options.signing?.seedSignature ?? '';
  }

  /** Bytes of decoded data handed on so far. */
  get decodedLength(): number {
    return this.decoded;
  }

  /** Feeds the next slice of the body. */
  push(slice: Uint8Array): void {
    if (this.failure) throw this.failure;
    try {
      this.consume(Buffer.isBuffer(slice) ? slice : Buffer.from(slice.buffer, slice.byteOffset, slice.byteLength));
    } catch (e) {
      if (e instanceof ChunkedPayloadError) this.failure = e;
      throw e;
    }
  }

  /** The body ended: checks that it was complete and verifies the trailer signature. */
  end(): ChunkedEnd {
    if (this.failure) throw this.failure;
    try {
      return this.finish();
    } catch (e) {
      if (e instanceof ChunkedPayloadError) this.failure = e;
      throw e;
    }
  }

  private fail(failure: ChunkFailure): never {
    throw new ChunkedPayloadError(failure);
  }

  private consume(slice: Buffer): void {
    let pos = 0;
    while (pos < slice.length) {
      switch (this.state) {
        case 'header':
        case 'trailer':
          pos = this.readLine(slice, pos);
          break;
        case 'data': {
          const n = Math.min(this.remaining, slice.length - pos);
          const piece = slice.subarray(pos, pos + n);
          pos += n;
          this.remaining -= n;
          this.decoded += n;
          this.chunkHash?.update(piece);
          if (this.remaining === 0) this.state = 'data-cr';
          this.onData(piece);
          break;
        }
        case 'data-cr':
          if (slice[pos++] !== CR) this.fail({ kind: 'incomplete-body' });
          this.state = 'data-lf';
          break;
        case 'data-lf':
          if (slice[pos++] !== LF) this.fail({ kind: 'incomplete-body' });
          this.verifyChunk();
          this.lastDataSize = this.chunkSize;
          this.dataChunks++;
          this.state = 'header';
          break;
        case 'done':
          this.fail({ kind: 'incomplete-body' });
      }
    }
  }

  /** Reads line bytes from `pos`; handles the line once its CRLF is complete. Returns the next position. */
  private readLine(slice: Buffer, pos: number): number {
    const lf = slice.indexOf(LF, pos);
    const end = lf < 0 ? slice.length : lf + 1;
    const count = end - pos;
    const trailer = this.state === 'trailer';
    // The buffer holds at most MAX_LINE_BYTES of content and the CRLF; a bare LF is content, as only CRLF ends a line.
    if (this.lineLength + count > this.line.length || (trailer && this.trailerBytes + count > MAX_TRAILER_BYTES)) {
      this.fail({ kind: trailer ? 'malformed-trailer' : 'incomplete-body' });
    }
    slice.copy(this.line, this.lineLength, pos, end);
    this.lineLength += count;
    if (trailer) this.trailerBytes += count;
    if (lf >= 0 && this.lineLength >= 2 && this.line[this.lineLength - 2] === CR) {
      const text = this.line.toString('latin1', 0, this.lineLength - 2);
      this.lineLength = 0;
      if (trailer) this.onTrailer(text);
      else this.onHeader(text);
    }
    return end;
  }

  private onHeader(line: string): void {
    const m = this.header.exec(line) ?? this.fail({ kind: 'incomplete-body' });
    const size = parseInt(m[1] as string, 16);
    if (size > 0) {
      if (this.lastDataSize >= 0 && this.lastDataSize < this.options.minChunkSize) {
        this.fail({ kind: 'chunk-too-small', chunk: this.dataChunks, size: this.lastDataSize });
      }
      if (!Number.isSafeInteger(this.decoded + size) || this.decoded + size > (this.options.maxDecodedLength ?? Number.MAX_SAFE_INTEGER)) {
        this.fail({ kind: 'incomplete-body' });
      }
    }
    this.providedSignature = (m[2] ?? '').toLowerCase();
    this.chunkSize = size;
    this.remaining = size;
    this.chunkHash = this.options.signing && size > 0 ? createHash('sha256') : undefined;
    if (size > 0) {
      this.state = 'data';
    } else {
      this.verifyChunk();
      this.state = 'trailer';
    }
  }

  private verifyChunk(): void {
    const { signing } = this.options;
    if (!signing) return;
    const dataHash = this.chunkHash ? this.chunkHash.digest('hex') : EMPTY_SHA256;
    this.chunkHash = undefined;
    const stringToSign = `AWS4-HMAC-SHA256-PAYLOAD\n${signing.amzDate}\n${signing.scope}\n${this.previousSignature}\n${EMPTY_SHA256}\n${dataHash}`;
    const expected = hmacSha256(signing.signingKey, stringToSign).toString('hex');
    if (!sameHex(expected, this.providedSignature)) this.fail({ kind: 'chunk-signature', stringToSign, provided: this.providedSignature });
    this.previousSignature = expected;
  }

  private onTrailer(line: string): void {
    if (line === '') {
      this.state = 'done';
      return;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) this.fail({ kind: 'malformed-trailer' });
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'x-amz-trailer-signature') {
      if (!this.options.trailerSigned || this.trailerSignature !== undefined) this.fail({ kind: 'malformed-trailer' });
      this.trailerSignature = value.toLowerCase();
    } else {
      this.trailers.push([name, value]);
    }
  }

  private finish(): ChunkedEnd {
    const { signing } = this.options;
    if (this.state !== 'done') {
      // @smithy's encoder ends an unsigned body without trailers right after `0\r\n`.
      const bareEnding = this.state === 'trailer' && this.lineLength === 0 && !signing && this.trailers.length === 0;
      if (!bareEnding) this.fail({ kind: 'incomplete-body' });
    }
    if (signing && this.options.trailerSigned) {
      const provided = this.trailerSignature ?? this.fail({ kind: 'malformed-trailer' });
      const canonical = this.trailers.map(([n, v]) => `${n}:${v}\n`).join('');
      const trailerHash = createHash('sha256').update(canonical, 'latin1').digest('hex');
      const stringToSign = `AWS4-HMAC-SHA256-TRAILER\n${signing.amzDate}\n${signing.scope}\n${this.previousSignature}\n${trailerHash}`;
      const expected = hmacSha256(signing.signingKey, stringToSign).toString('hex');
      if (!sameHex(expected, provided)) this.fail({ kind: 'trailer-signature', stringToSign, provided });
    }
    return { trailers: this.trailers, decodedLength: this.decoded };
  }
}
