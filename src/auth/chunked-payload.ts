/**
 * aws-chunked bodies (S3 streaming uploads):
 *   signed:   `<hex-size>;chunk-signature=<sig>\r\n<data>\r\n` ... `0;chunk-signature=<sig>\r\n` [trailers] `\r\n`
 *   unsigned: `<hex-size>\r\n<data>\r\n` ... `0\r\n` [trailers] `\r\n`
 * Each chunk signature is HMAC(signingKey, "AWS4-HMAC-SHA256-PAYLOAD\n" + date + "\n" + scope + "\n" +
 * previousSignature + "\n" + sha256("") + "\n" + sha256(chunkData)), the first one chained to the seed
 * (request) signature. A signed trailer ends with `x-amz-trailer-signature:<sig>`, computed over
 * "AWS4-HMAC-SHA256-TRAILER\n" + date + "\n" + scope + "\n" + lastChunkSignature + "\n" +
 * sha256("name:value\n" for each trailer). See the S3 docs "sigv4-streaming" and "sigv4-streaming-trailers".
 */
import { timingSafeEqual } from 'node:crypto';
import { sha256Hex } from './canonical-request.js';
import { hmacSha256 } from './signing-key-cache.js';

const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const CRLF = Buffer.from('\r\n');

/** What signed chunks are verified with. */
export interface ChunkSigning {
  readonly signingKey: Buffer;
  readonly amzDate: string;
  /** `YYYYMMDD/region/service/aws4_request`. */
  readonly scope: string;
  /** The signature of the request (Authorization header or X-Amz-Signature). */
  readonly seedSignature: string;
}

/** Options of `decodeAwsChunked`. */
export interface ChunkedDecodeOptions {
  /** Present for STREAMING-AWS4-HMAC-SHA256-PAYLOAD(-TRAILER): every chunk signature is checked. */
  readonly signing?: ChunkSigning;
  /** The final chunk carries `x-amz-trailer-signature` (STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER). */
  readonly trailerSigned: boolean;
  /** Every data chunk but the last must be at least this long (S3: 8192). */
  readonly minChunkSize: number;
}

/** The decoded payload and the trailing headers (lower-case names, in order). */
export interface DecodedChunks {
  readonly payload: Buffer;
  readonly trailers: readonly (readonly [string, string])[];
}

/** Why a chunked body was refused. */
export type ChunkFailure =
  | { readonly kind: 'incomplete-body' }
  | { readonly kind: 'chunk-too-small'; readonly chunk: number; readonly size: number }
  | { readonly kind: 'chunk-signature'; readonly stringToSign: string; readonly provided: string }
  | { readonly kind: 'trailer-signature'; readonly stringToSign: string; readonly provided: string }
  | { readonly kind: 'malformed-trailer' };

/** Thrown by `decodeAwsChunked`; the payload verifier turns it into the family's AwsError. */
export class ChunkedPayloadError extends Error {
  constructor(readonly failure: ChunkFailure) {
    super(`aws-chunked body refused: ${failure.kind}`);
    this.name = 'ChunkedPayloadError';
  }
}

function fail(failure: ChunkFailure): never {
  throw new ChunkedPayloadError(failure);
}

function sameHex(a: string, b: string): boolean {
  const x = Buffer.from(a, 'latin1');
  const y = Buffer.from(b, 'latin1');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Reads the line at `pos` (without CRLF); undefined when no CRLF follows. */
function readLine(body: Buffer, pos: number): { line: string; next: number } | undefined {
  const end = body.indexOf(CRLF, pos);
  return end < 0 ? undefined : { line: body.toString('latin1', pos, end), next: end + 2 };
}

/** Decodes an aws-chunked body, verifying chunk and trailer signatures when `signing` is given. */
export function decodeAwsChunked(body: Buffer, options: ChunkedDecodeOptions): DecodedChunks {
  const { signing } = options;
  const header = signing ? /^([0-9a-fA-F]{1,16});chunk-signature=([0-9a-fA-F]{64})$/ : /^([0-9a-fA-F]{1,16})(?:;[^\r\n]*)?$/;
  const parts: Buffer[] = [];
  let previous = signing?.seedSignature ?? '';
  let lastDataSize = -1;
  let pos = 0;
  for (;;) {
    const head = readLine(body, pos) ?? fail({ kind: 'incomplete-body' });
    const m = header.exec(head.line) ?? fail({ kind: 'incomplete-body' });
    const size = parseInt(m[1] as string, 16);
    pos = head.next;
    if (size > 0 && size > body.length - pos - 2) fail({ kind: 'incomplete-body' });
    const data = body.subarray(pos, pos + size);
    if (size > 0) {
      if (body[pos + size] !== 0x0d || body[pos + size + 1] !== 0x0a) fail({ kind: 'incomplete-body' });
      pos += size + 2;
      if (lastDataSize >= 0 && lastDataSize < options.minChunkSize) fail({ kind: 'chunk-too-small', chunk: parts.length, size: lastDataSize });
      lastDataSize = size;
      parts.push(data);
    }
    if (signing) {
      const stringToSign = `AWS4-HMAC-SHA256-PAYLOAD\n${signing.amzDate}\n${signing.scope}\n${previous}\n${EMPTY_SHA256}\n${sha256Hex(data)}`;
      const expected = hmacSha256(signing.signingKey, stringToSign).toString('hex');
      const provided = (m[2] as string).toLowerCase();
      if (!sameHex(expected, provided)) fail({ kind: 'chunk-signature', stringToSign, provided });
      previous = expected;
    }
    if (size === 0) break;
  }
  const trailers: [string, string][] = [];
  let trailerSignature: string | undefined;
  for (;;) {
    const next = readLine(body, pos);
    if (!next) {
      // @smithy's encoder ends an unsigned body without trailers right after `0\r\n`.
      if (pos === body.length && !signing && trailers.length === 0) break;
      fail({ kind: 'incomplete-body' });
    }
    pos = next.next;
    if (next.line === '') break;
    const colon = next.line.indexOf(':');
    if (colon <= 0) fail({ kind: 'malformed-trailer' });
    const name = next.line.slice(0, colon).trim().toLowerCase();
    const value = next.line.slice(colon + 1).trim();
    if (name === 'x-amz-trailer-signature') {
      if (!options.trailerSigned || trailerSignature !== undefined) fail({ kind: 'malformed-trailer' });
      trailerSignature = value.toLowerCase();
    } else {
      trailers.push([name, value]);
    }
  }
  if (pos !== body.length) fail({ kind: 'incomplete-body' });
  if (signing && options.trailerSigned) {
    if (trailerSignature === undefined) fail({ kind: 'malformed-trailer' });
    const canonical = trailers.map(([n, v]) => `${n}:${v}\n`).join('');
    const stringToSign = `AWS4-HMAC-SHA256-TRAILER\n${signing.amzDate}\n${signing.scope}\n${previous}\n${sha256Hex(Buffer.from(canonical, 'latin1'))}`;
    const expected = hmacSha256(signing.signingKey, stringToSign).toString('hex');
    if (!sameHex(expected, trailerSignature)) fail({ kind: 'trailer-signature', stringToSign, provided: trailerSignature });
  }
  return { payload: Buffer.concat(parts), trailers };
}
