/**
 * Signed S3 uploads whose body is generated piece by piece, for the streaming verifier's tests: the
 * headers are signed by @smithy/signature-v4 (the claim in x-amz-content-sha256 is its payload hash),
 * chunk and trailer signatures by SignatureV4.sign(stringToSign) with chunk data hashed by node:crypto,
 * trailing checksums by node:crypto (SHA-1/SHA-256) or a table CRC-32 of its own (independent of the
 * code under test; node:zlib's crc32 needs Node >= 20.15). Data comes
 * from a fixed pseudo-random block, so a body of any size is never held: at most one chunk is.
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { StreamingRequestParts } from '../../src/auth/streaming-verifier.js';
import type { CredentialResolver } from '../../src/auth/types.js';
import { makeResolver } from './sigv4-fixtures.js';

/** How the upload's payload is claimed. `sha256`: a hex x-amz-content-sha256. */
export type StreamingPayload = 'streaming-signed' | 'streaming-signed-trailer' | 'streaming-unsigned-trailer' | 'unsigned' | 'sha256';
/** Trailing checksums the helper can compute incrementally without the code under test. */
export type StreamingChecksum = 'CRC32' | 'SHA1' | 'SHA256';

/** What to generate. */
export interface StreamingUploadSpec {
  readonly payload: StreamingPayload;
  /** Decoded bytes. */
  readonly length: number;
  /** aws-chunked chunk size (default 64 KiB). */
  readonly chunkSize?: number;
  /** Trailing checksum of the trailer modes (default CRC32). */
  readonly checksum?: StreamingChecksum;
  /** `sha256` mode: the claimed hash (default: the hash of the data). */
  readonly claimedSha256?: string;
  /** Sign chunk number `n` (0-based) with a wrong signature. */
  readonly badChunkSignature?: number;
  /** Send a trailing checksum of other data. */
  readonly badChecksum?: boolean;
  /** x-amz-decoded-content-length to send instead of `length` (undefined: leave the header out). */
  readonly declaredLength?: number | undefined;
  /** Another target than the S3 upload the verifier tests use (a test service's streaming operation). */
  readonly target?: {
    readonly service: string;
    readonly region: string;
    readonly host: string;
    /** Path as sent (percent-encoded). */
    readonly path: string;
    readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
    readonly now: number;
    readonly headers?: Readonly<Record<string, string>>;
  };
}

/** A signed upload: the request without its body, and the body as a generated stream. */
export interface StreamingUpload {
  readonly req: StreamingRequestParts;
  readonly resolver: CredentialResolver;
  readonly now: number;
  /** A fresh stream of the wire body; `produced()` counts the decoded bytes generated so far. */
  body(): Readable;
  produced(): number;
}

const NOW = Date.UTC(2024, 4, 1, 12);
const CRED = { accessKeyId: 'AKIASTREAMINGTEST001', secretAccessKey: 'streaming/secret+key/for/the/tests/0123' };
const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const TOKEN: Record<StreamingPayload, string | undefined> = {
  'streaming-signed': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
  'streaming-signed-trailer': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER',
  'streaming-unsigned-trailer': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
  unsigned: 'UNSIGNED-PAYLOAD',
  sha256: undefined,
};

/** A prime-length pseudo-random period, tiled over 1 MiB + the period: data at offset o is PERIOD_BYTES[o % PERIOD]. */
const PERIOD = 4093;
const PIECE = 1 << 20;
const BLOCK = (() => {
  const period = Buffer.alloc(PERIOD);
  for (let i = 0, seed = Buffer.from('rampart'); i < PERIOD; i += 32) {
    seed = createHash('sha256').update(seed).digest();
    seed.copy(period, i);
  }
  const out = Buffer.alloc(PIECE + PERIOD);
  for (let i = 0; i < out.length; i += PERIOD) period.copy(out, i);
  return out;
})();

/** The upload's data from `offset`, `length` <= 1 MiB, as a fresh Buffer. */
export function uploadData(offset: number, length: number): Buffer {
  const from = offset % PERIOD;
  return Buffer.from(BLOCK.subarray(from, from + length));
}

function* dataPieces(offset: number, length: number): Generator<Buffer> {
  for (let done = 0; done < length; done += PIECE) yield uploadData(offset + done, Math.min(PIECE, length - done));
}

interface IncrementalHash {
  update(data: Buffer): void;
  digest(): Buffer;
}

/** CRC-32 (ISO-HDLC) table, the plain byte-at-a-time form. */
const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function checksumOf(algorithm: StreamingChecksum): IncrementalHash {
  if (algorithm !== 'CRC32') return createHash(algorithm === 'SHA1' ? 'sha1' : 'sha256');
  let crc = 0xffffffff;
  return {
    update: (data) => {
      for (let i = 0; i < data.length; i++) crc = (crc >>> 8) ^ CRC_TABLE[(crc ^ data[i]!) & 0xff]!;
    },
    digest: () => {
      const value = (crc ^ 0xffffffff) >>> 0;
      return Buffer.from([value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255]);
    },
  };
}

/** Signs the headers of an upload of `spec` and returns it with a generator of its body. */
export async function signStreamingUpload(spec: StreamingUploadSpec): Promise<StreamingUpload> {
  const chunkSize = spec.chunkSize ?? 65536;
  const checksum = spec.checksum ?? 'CRC32';
  const t = spec.target;
  const service = t?.service ?? 's3';
  const region = t?.region ?? 'eu-west-1';
  const now = t?.now ?? NOW;
  const path = t?.path ?? '/uploads/big%20object.bin';
  const signer = new SignatureV4({ service, region, credentials: t?.credentials ?? CRED, sha256: Sha256, uriEscapePath: service !== 's3' });
  const signingDate = new Date(now);
  const chunked = spec.payload.startsWith('streaming');
  const trailer = spec.payload.endsWith('-trailer') ? `x-amz-checksum-${checksum.toLowerCase()}` : undefined;
  let claim = TOKEN[spec.payload];
  if (claim === undefined) {
    const hash = createHash('sha256');
    for (const piece of dataPieces(0, spec.length)) hash.update(piece);
    claim = spec.claimedSha256 ?? hash.digest('hex');
  }
  const headers: Record<string, string> = { host: t?.host ?? 'uploads.s3.eu-west-1.amazonaws.com', 'x-amz-content-sha256': claim, ...(t?.headers ?? {}) };
  if (chunked) {
    headers['content-encoding'] = 'aws-chunked';
    const declared = 'declaredLength' in spec ? spec.declaredLength : spec.length;
    if (declared !== undefined) headers['x-amz-decoded-content-length'] = String(declared);
    if (trailer) headers['x-amz-trailer'] = trailer;
  } else {
    headers['content-length'] = String(spec.length);
  }
  const request = new HttpRequest({ method: 'PUT', protocol: 'https:', hostname: headers['host'], path, headers });
  const signed = await signer.sign(request, { signingDate });
  const amzDate = signed.headers['x-amz-date'] ?? '';
  const seed = /Signature=([0-9a-f]{64})/.exec(signed.headers['authorization'] ?? '')?.[1] ?? '';
  const scope = `${amzDate.slice(0, 8)}/${region}/${service}/aws4_request`;
  const rawHeaders = Object.entries(signed.headers).flat();
  let produced = 0;

  async function* chunkedBody(): AsyncGenerator<Buffer> {
    const sign = spec.payload === 'streaming-unsigned-trailer' ? undefined : (s: string) => signer.sign(s, { signingDate });
    const sum = checksumOf(checksum);
    let previous = seed;
    for (let offset = 0, n = 0; ; offset += chunkSize, n++) {
      const size = Math.max(0, Math.min(chunkSize, spec.length - offset));
      const pieces = [...dataPieces(offset, size)];
      let ext = '';
      if (sign) {
        const hash = createHash('sha256');
        for (const p of pieces) hash.update(p);
        previous = await sign(`AWS4-HMAC-SHA256-PAYLOAD\n${amzDate}\n${scope}\n${previous}\n${EMPTY_SHA256}\n${hash.digest('hex')}`);
        ext = `;chunk-signature=${n === spec.badChunkSignature ? previous.replace(/^./, (c) => (c === '0' ? '1' : '0')) : previous}`;
      }
      yield Buffer.from(`${size.toString(16)}${ext}\r\n`);
      if (size === 0) break;
      for (const p of pieces) {
        sum.update(p);
        produced += p.length;
        yield p;
      }
      yield Buffer.from('\r\n');
    }
    if (!trailer) {
      yield Buffer.from('\r\n');
      return;
    }
    if (spec.badChecksum) sum.update(Buffer.from('x'));
    const line = `${trailer}:${sum.digest().toString('base64')}`;
    yield Buffer.from(`${line}\r\n`);
    if (sign) {
      const hash = createHash('sha256').update(`${line}\n`).digest('hex');
      yield Buffer.from(`x-amz-trailer-signature:${await sign(`AWS4-HMAC-SHA256-TRAILER\n${amzDate}\n${scope}\n${previous}\n${hash}`)}\r\n`);
    }
    yield Buffer.from('\r\n');
  }

  async function* plainBody(): AsyncGenerator<Buffer> {
    for (const p of dataPieces(0, spec.length)) {
      produced += p.length;
      yield p;
    }
  }

  return {
    req: { method: 'PUT', rawPath: path, rawQuery: '', rawHeaders },
    resolver: makeResolver([t?.credentials ?? CRED]),
    now,
    body: () => Readable.from(chunked ? chunkedBody() : plainBody(), { objectMode: false }),
    produced: () => produced,
  };
}
