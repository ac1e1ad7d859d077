/**
 * The payload side of SigV4: which payload hash goes into the canonical request (`planPayload`,
 * before the signature check) and what the verified payload is (`PayloadVerifier`, after it, fed the
 * body piece by piece; `finishPayload` feeds it a whole body): a hex x-amz-content-sha256 must be the
 * body's SHA-256, UNSIGNED-PAYLOAD takes the body as is, the STREAMING-* forms are aws-chunked bodies
 * whose chunk signatures / trailing checksums are checked (chunked-decoder.ts).
 *
 * Outside S3 (unless `allowUnsignedPayload`) the canonical request always carries the SHA-256 of the
 * body actually received, as non-S3 AWS services compute it themselves: a body that differs from what
 * was signed, or an UNSIGNED-PAYLOAD/STREAMING claim, ends in a signature mismatch.
 * S3 texts: versitygw / minio error tables and an S3 emulator suite recorded against AWS.
 */
import type { AwsError } from '../shared/aws-error.js';
import { plainError } from './auth-errors.js';
import { signatureMismatch } from './verification-failures.js';
import { createHash, type Hash } from 'node:crypto';
import { sha256Hex } from './canonical-request.js';
import { checksumAlgorithmOfHeader, createChecksum, isWellFormedChecksum, type ChecksumAlgorithm, type IncrementalChecksum } from '../shared/checksums.js';
import { AwsChunkedDecoder, ChunkedPayloadError, type ChunkSigning, type ChunkFailure } from './chunked-decoder.js';
import type { RequestHeaders } from './request-headers.js';
import type { ErrorFamily } from './types.js';
import { ownLookup } from '../shared/own-lookup.js';

/** How the body is covered by the signature. */
export type PayloadMode = 'hash' | 'unsigned' | 'streaming-signed' | 'streaming-signed-trailer' | 'streaming-unsigned-trailer';

/** The outcome of `planPayload`. */
export interface PayloadPlan {
  readonly mode: PayloadMode;
  /** The last line of the canonical request. */
  readonly payloadHash: string;
  /** A hex hash claimed by x-amz-content-sha256 that still has to be compared with the body. */
  readonly claimedHash?: string;
}

/** What the payload checks need to know of the request before its body. */
export interface PayloadClaims {
  readonly family: ErrorFamily;
  readonly presigned: boolean;
  /** S3 semantics: UNSIGNED-PAYLOAD and STREAMING-* are honoured, x-amz-content-sha256 is required with headers. */
  readonly allowUnsignedPayload: boolean;
  readonly headers: RequestHeaders;
  /** X-Amz-Content-Sha256 of a presigned query, when present. */
  readonly presignContentSha256?: string;
}

/** What the payload checks need to know of a request read whole. */
export interface PayloadContext extends PayloadClaims {
  readonly body: Buffer;
}

/** S3 refuses aws-chunked non-final chunks below this size. */
export const MIN_CHUNK_SIZE = 8192;

const STREAMING: Readonly<Record<string, PayloadMode>> = {
  'STREAMING-AWS4-HMAC-SHA256-PAYLOAD': 'streaming-signed',
  'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER': 'streaming-signed-trailer',
  'STREAMING-UNSIGNED-PAYLOAD-TRAILER': 'streaming-unsigned-trailer',
};

const BAD_PAYLOAD_HASH =
  'x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-UNSIGNED-PAYLOAD-TRAILER, STREAMING-AWS4-HMAC-SHA256-PAYLOAD, STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER, STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD, STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER or a valid sha256 value.';

function missingContentSha256(): AwsError {
  return plainError('InvalidRequest', 'Missing required header for this request: x-amz-content-sha256', 400);
}

/**
 * Decides the payload hash of the canonical request; throws for a missing or invalid claim (S3).
 * Without `body` (a streamed body) the plan comes from the claim alone: `allowUnsignedPayload` must
 * hold, and a request whose canonical request would need the hash of the body (no claim, outside S3)
 * is refused as missing x-amz-content-sha256.
 */
export function planPayload(ctx: PayloadClaims & { readonly body?: Buffer }, body: Buffer | undefined = ctx.body): PayloadPlan {
  const claimed = ctx.headers.get('x-amz-content-sha256') ?? (ctx.presigned ? ctx.presignContentSha256 : undefined);
  if (!ctx.allowUnsignedPayload) {
    if (body === undefined) throw new Error('planPayload: a streamed body needs allowUnsignedPayload (its hash is not known before the signature check)');
    return { mode: 'hash', payloadHash: sha256Hex(body) };
  }
  if (claimed === undefined) {
    if (ctx.presigned) return { mode: 'unsigned', payloadHash: 'UNSIGNED-PAYLOAD' };
    if (ctx.family === 's3' || body === undefined) throw missingContentSha256();
    return { mode: 'hash', payloadHash: sha256Hex(body) };
  }
  if (claimed === 'UNSIGNED-PAYLOAD') return { mode: 'unsigned', payloadHash: claimed };
  const streaming = ownLookup(STREAMING, claimed);
  if (streaming) return { mode: streaming, payloadHash: claimed };
  if (claimed.startsWith('STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD')) {
    throw plainError('InvalidRequest', 'The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.', 400);
  }
  if (/^[0-9a-fA-F]{64}$/.test(claimed)) return { mode: 'hash', payloadHash: claimed, claimedHash: claimed };
  throw plainError('InvalidArgument', BAD_PAYLOAD_HASH, 400, { ArgumentName: 'x-amz-content-sha256', ArgumentValue: claimed });
}

function chunkError(family: ErrorFamily, f: ChunkFailure, accessKeyId: string): AwsError {
  switch (f.kind) {
    case 'incomplete-body':
      return incompleteBody();
    case 'chunk-too-small':
      return plainError('InvalidChunkSizeError', 'Only the last chunk is allowed to have a size less than 8192 bytes', 403, {
        Chunk: String(f.chunk),
        BadChunkSize: String(f.size),
      });
    case 'chunk-signature':
    case 'trailer-signature':
      return signatureMismatch(family, { accessKeyId, stringToSign: f.stringToSign, signatureProvided: f.provided });
    case 'malformed-trailer':
      return malformedTrailer();
  }
}

function malformedTrailer(): AwsError {
  return plainError(
    'MalformedTrailerError',
    'The request contained trailing data that was not well-formed or did not conform to our published schema.',
    400,
  );
}

function incompleteBody(): AwsError {
  return plainError('IncompleteBody', 'The request body terminated unexpectedly', 400);
}

/** The checksum algorithm x-amz-trailer announces (undefined: none announced); throws for an unsupported one. */
function announcedChecksum(headers: RequestHeaders): { name: string; algorithm: ChecksumAlgorithm } | undefined {
  const name = headers.get('x-amz-trailer')?.trim().toLowerCase();
  if (name === undefined || name === '') return undefined;
  const algorithm = checksumAlgorithmOfHeader(name);
  if (!algorithm) {
    throw plainError(
      'InvalidRequest',
      'Checksum algorithm provided is unsupported. Please try again with any of the valid types: [CRC32, CRC32C, CRC64NVME, SHA1, SHA256]',
      400,
    );
  }
  return { name, algorithm };
}

/** Checks the trailers against x-amz-trailer and verifies the checksum they carry. */
function checkTrailers(
  announced: { name: string; algorithm: ChecksumAlgorithm } | undefined,
  trailers: readonly (readonly [string, string])[],
  computed: Buffer | undefined,
): void {
  if (!announced) {
    if (trailers.length > 0) throw malformedTrailer();
    return;
  }
  const { name, algorithm } = announced;
  if (trailers.length !== 1 || trailers[0]?.[0] !== name) throw malformedTrailer();
  const value = trailers[0][1];
  if (!isWellFormedChecksum(algorithm, value)) throw plainError('InvalidRequest', `Value for ${name} trailing header is invalid.`, 400);
  if (computed?.toString('base64') !== value) {
    throw plainError('BadDigest', `The ${algorithm} you specified did not match the calculated checksum.`, 400);
  }
}

/**
 * The payload checks of one request whose signature matched, fed its body piece by piece: `push` each
 * piece as it arrives, then `end` once the body ended. Verified data goes to `onData` as it is known
 * (aws-chunked bodies decoded; pieces may be sub-arrays of those pushed). Every failure is the AwsError
 * of the family, thrown by the constructor (a STREAMING claim without x-amz-decoded-content-length, an
 * unsupported x-amz-trailer, before any data), by `push` (a bad chunk signature at the end of its
 * chunk, framing, a decoded length beyond the declared one) or by `end` (truncation, the trailer
 * signature and checksum, a hex x-amz-content-sha256 that is not the body's, a shorter decoded length).
 * Data is handed on before the checks that cover it are done: consumers must commit nothing before
 * `end` returned.
 */
export class PayloadVerifier {
  private readonly sha256: Hash | undefined;
  private readonly decoder: AwsChunkedDecoder | undefined;
  private readonly announced: { name: string; algorithm: ChecksumAlgorithm } | undefined;
  private readonly checksum: IncrementalChecksum | undefined;
  private readonly declaredLength: number = 0;

  constructor(
    private readonly plan: PayloadPlan,
    private readonly ctx: PayloadClaims,
    private readonly signing: ChunkSigning,
    private readonly accessKeyId: string,
    private readonly onData: (piece: Buffer) => void,
  ) {
    if (plan.mode === 'hash' || plan.mode === 'unsigned') {
      this.sha256 = plan.mode === 'hash' && plan.claimedHash !== undefined ? createHash('sha256') : undefined;
      return;
    }
    const declared = ctx.headers.get('x-amz-decoded-content-length')?.trim();
    if (declared === undefined) throw plainError('MissingContentLength', 'You must provide the Content-Length HTTP header.', 411);
    if (!/^\d+$/.test(declared) || !Number.isSafeInteger(Number(declared))) throw incompleteBody();
    this.declaredLength = Number(declared);
    this.announced = announcedChecksum(ctx.headers);
    const checksum = this.announced ? createChecksum(this.announced.algorithm) : undefined;
    this.checksum = checksum;
    this.decoder = new AwsChunkedDecoder(
      {
        ...(plan.mode === 'streaming-unsigned-trailer' ? {} : { signing }),
        trailerSigned: plan.mode === 'streaming-signed-trailer',
        minChunkSize: MIN_CHUNK_SIZE,
        maxDecodedLength: this.declaredLength,
      },
      (piece) => {
        checksum?.update(piece);
        onData(piece);
      },
    );
  }

  /** Feeds the next piece of the body. */
  push(piece: Buffer): void {
    if (!this.decoder) {
      this.sha256?.update(piece);
      this.onData(piece);
      return;
    }
    try {
      this.decoder.push(piece);
    } catch (e) {
      throw this.mapped(e);
    }
  }

  /** The body ended: the checks that need all of it. */
  end(): void {
    const { plan, ctx } = this;
    if (this.sha256 && plan.claimedHash !== undefined) {
      const computed = this.sha256.digest('hex');
      if (plan.claimedHash.toLowerCase() !== computed) {
        if (ctx.family !== 's3') throw signatureMismatch(ctx.family, { accessKeyId: this.accessKeyId, signatureProvided: this.signing.seedSignature, stringToSign: '' });
        throw plainError('XAmzContentSHA256Mismatch', "The provided 'x-amz-content-sha256' header does not match what was computed.", 400, {
          ClientComputedContentSHA256: plan.claimedHash,
          S3ComputedContentSHA256: computed,
        });
      }
    }
    if (!this.decoder) return;
    let trailers;
    try {
      ({ trailers } = this.decoder.end());
    } catch (e) {
      throw this.mapped(e);
    }
    if (this.decoder.decodedLength !== this.declaredLength) throw incompleteBody();
    checkTrailers(this.announced, trailers, this.checksum?.digest());
  }

  private mapped(e: unknown): unknown {
    return e instanceof ChunkedPayloadError ? chunkError(this.ctx.family, e.failure, this.accessKeyId) : e;
  }
}

/**
 * The verified payload of a body read whole (a `PayloadVerifier` fed it in one piece). Call only after
 * the request signature matched; `signing` carries the signing key and the seed signature for chunk
 * signatures.
 */
export function finishPayload(plan: PayloadPlan, ctx: PayloadContext, signing: ChunkSigning, accessKeyId: string): Buffer {
  // Nothing to check in the body itself: it is the payload (its hash was in the signature, or unsigned).
  if (plan.mode === 'unsigned' || (plan.mode === 'hash' && plan.claimedHash === undefined)) return ctx.body;
  const parts: Buffer[] = [];
  const verifier = new PayloadVerifier(plan, ctx, signing, accessKeyId, (piece) => parts.push(piece));
  verifier.push(ctx.body);
  verifier.end();
  return parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts);
}
