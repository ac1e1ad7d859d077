/**
 * The payload side of SigV4: which payload hash goes into the canonical request (`planPayload`,
 * before the signature check) and what the verified payload is (`finishPayload`, after it):
 * a hex x-amz-content-sha256 must be the body's SHA-256, UNSIGNED-PAYLOAD takes the body as is, the
 * STREAMING-* forms are aws-chunked bodies whose chunk signatures / trailing checksums are checked.
 *
 * Outside S3 (unless `allowUnsignedPayload`) the canonical request always carries the SHA-256 of the
 * body actually received, as non-S3 AWS services compute it themselves: a body that differs from what
 * was signed, or an UNSIGNED-PAYLOAD/STREAMING claim, ends in a signature mismatch.
 * S3 texts: versitygw / minio error tables and an S3 emulator suite recorded against AWS.
 */
import type { AwsError } from '../shared/aws-error.js';
import { plainError } from './auth-errors.js';
import { signatureMismatch } from './verification-failures.js';
import { sha256Hex } from './canonical-request.js';
import { checksumAlgorithmOfHeader, computeChecksum, isWellFormedChecksum } from './checksums.js';
import { ChunkedPayloadError, decodeAwsChunked, type ChunkSigning, type ChunkFailure } from './chunked-payload.js';
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

/** What the payload checks need to know of the request. */
export interface PayloadContext {
  readonly family: ErrorFamily;
  readonly presigned: boolean;
  /** S3 semantics: UNSIGNED-PAYLOAD and STREAMING-* are honoured, x-amz-content-sha256 is required with headers. */
  readonly allowUnsignedPayload: boolean;
  readonly headers: RequestHeaders;
  /** X-Amz-Content-Sha256 of a presigned query, when present. */
  readonly presignContentSha256?: string;
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

/** Decides the payload hash of the canonical request; throws for a missing or invalid claim (S3). */
export function planPayload(ctx: PayloadContext): PayloadPlan {
  const claimed = ctx.headers.get('x-amz-content-sha256') ?? (ctx.presigned ? ctx.presignContentSha256 : undefined);
  if (!ctx.allowUnsignedPayload) return { mode: 'hash', payloadHash: sha256Hex(ctx.body) };
  if (claimed === undefined) {
    if (ctx.presigned) return { mode: 'unsigned', payloadHash: 'UNSIGNED-PAYLOAD' };
    if (ctx.family === 's3') throw plainError('InvalidRequest', 'Missing required header for this request: x-amz-content-sha256', 400);
    return { mode: 'hash', payloadHash: sha256Hex(ctx.body) };
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
      return plainError('IncompleteBody', 'The request body terminated unexpectedly', 400);
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

/** Checks the trailers against x-amz-trailer and verifies the checksum they carry. */
function checkTrailers(headers: RequestHeaders, trailers: readonly (readonly [string, string])[], payload: Buffer): void {
  const declared = headers.get('x-amz-trailer')?.trim().toLowerCase();
  if (declared === undefined || declared === '') {
    if (trailers.length > 0) throw malformedTrailer();
    return;
  }
  const algorithm = checksumAlgorithmOfHeader(declared);
  if (!algorithm) {
    throw plainError(
      'InvalidRequest',
      'Checksum algorithm provided is unsupported. Please try again with any of the valid types: [CRC32, CRC32C, CRC64NVME, SHA1, SHA256]',
      400,
    );
  }
  if (trailers.length !== 1 || trailers[0]?.[0] !== declared) throw malformedTrailer();
  const value = trailers[0][1];
  if (!isWellFormedChecksum(algorithm, value)) throw plainError('InvalidRequest', `Value for ${declared} trailing header is invalid.`, 400);
  if (computeChecksum(algorithm, payload).toString('base64') !== value) {
    throw plainError('BadDigest', `The ${algorithm} you specified did not match the calculated checksum.`, 400);
  }
}

/**
 * The verified payload. Call only after the request signature matched; `signing` carries the
 * signing key and the seed signature for chunk signatures.
 */
export function finishPayload(plan: PayloadPlan, ctx: PayloadContext, signing: ChunkSigning, accessKeyId: string): Buffer {
  if (plan.mode === 'unsigned') return ctx.body;
  if (plan.mode === 'hash') {
    if (plan.claimedHash !== undefined) {
      const computed = sha256Hex(ctx.body);
      if (plan.claimedHash.toLowerCase() !== computed) {
        if (ctx.family !== 's3') throw signatureMismatch(ctx.family, { accessKeyId, signatureProvided: signing.seedSignature, stringToSign: '' });
        throw plainError('XAmzContentSHA256Mismatch', "The provided 'x-amz-content-sha256' header does not match what was computed.", 400, {
          ClientComputedContentSHA256: plan.claimedHash,
          S3ComputedContentSHA256: computed,
        });
      }
    }
    return ctx.body;
  }
  const declaredLength = ctx.headers.get('x-amz-decoded-content-length');
  if (declaredLength === undefined) throw plainError('MissingContentLength', 'You must provide the Content-Length HTTP header.', 411);
  let decoded;
  try {
    decoded = decodeAwsChunked(ctx.body, {
      ...(plan.mode === 'streaming-unsigned-trailer' ? {} : { signing }),
      trailerSigned: plan.mode === 'streaming-signed-trailer',
      minChunkSize: MIN_CHUNK_SIZE,
    });
  } catch (e) {
    if (e instanceof ChunkedPayloadError) throw chunkError(ctx.family, e.failure, accessKeyId);
    throw e;
  }
  if (!/^\d+$/.test(declaredLength.trim()) || Number(declaredLength.trim()) !== decoded.payload.length) {
    throw plainError('IncompleteBody', 'The request body terminated unexpectedly', 400);
  }
  checkTrailers(ctx.headers, decoded.trailers, decoded.payload);
  return decoded.payload;
}
