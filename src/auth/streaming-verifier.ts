/**
 * `verifyRequestStreaming`: SigV4 verification of a request whose body is verified while it streams
 * in, in bounded memory (S3 uploads up to 5 GiB). Everything before the payload is `verifyRequest`'s
 * own code (`authenticateRequest`); the payload checks are the same `PayloadVerifier` that
 * `verifyRequest` feeds a whole body, here fed the source's pieces through a Transform.
 *
 * Only offered where unsigned payloads are honoured (`allowUnsignedPayload`, by default the s3
 * family): elsewhere the canonical request needs the hash of the whole body before the signature can
 * be checked, so calling it there is a programming error.
 *
 * COMMIT NOTHING BEFORE THE PAYLOAD STREAM ENDS: data is emitted as it arrives, before the checks that
 * cover it are complete (a chunk's data passes before its chunk signature is checked at the end of
 * the chunk, and a chunk can be 1 GiB; a hex x-amz-content-sha256, the decoded length, the trailer
 * signature and the trailing checksum are only known at the end). A consumer writes to a temporary
 * place and makes the result visible only after 'end' (as S3 does: an object exists only once its
 * upload completed); on 'error' it discards what it wrote.
 */
import type { Readable } from 'node:stream';
import { Transform } from 'node:stream';
import { PayloadVerifier } from './payload-verifier.js';
import { authenticateRequest, type VerifyOptions } from './sigv4-verifier.js';
import type { AuthResult, SignedRequestParts } from './types.js';

/** What `verifyRequestStreaming` needs of a request: everything but the body. */
export type StreamingRequestParts = Omit<SignedRequestParts, 'body'>;

/** The outcome of `verifyRequestStreaming`: `AuthResult` with the payload as a stream. */
export interface StreamingAuthResult extends Omit<AuthResult, 'payload'> {
  /**
   * The verified payload (aws-chunked bodies decoded). Emits 'error' with the AwsError `verifyRequest`
   * would throw for the body as soon as the failure is known, and 'end' only once every check passed.
   * Consume it with `stream.pipeline` (or listen to 'error'): an unheard 'error' crashes the process.
   * For an anonymous request it is the source itself.
   */
  readonly payload: Readable;
}

/**
 * Verifies the SigV4 signature of a request and returns its payload as a stream verified on the way.
 * Resolves once everything up to the payload is verified (signature, credential, time, and what the
 * payload claim says before any data: x-amz-content-sha256, x-amz-decoded-content-length, x-amz-trailer);
 * rejects with the AwsError `verifyRequest` would throw for those, leaving `source` untouched.
 *
 * `source` (e.g. the IncomingMessage, not read yet) is piped into the returned stream with
 * back-pressure: it is paused while the consumer is slow. When a check fails (or the consumer destroys
 * the payload stream) the source is unpiped and left paused, not destroyed, so the caller can still
 * answer the error (and then drain it or close the connection); an error or premature close of the
 * source is passed on to the payload stream.
 *
 * Throws an Error (a programming error) when unsigned payloads are not honoured for `opts`.
 */
export async function verifyRequestStreaming(req: StreamingRequestParts, opts: VerifyOptions, source: Readable): Promise<StreamingAuthResult> {
  if (!(opts.allowUnsignedPayload ?? opts.family === 's3')) {
    throw new Error('verifyRequestStreaming: only for requests whose unsigned payloads are honoured (allowUnsignedPayload, the s3 family)');
  }
  const auth = await authenticateRequest(req, opts, undefined);
  if (auth.kind === 'anonymous') return { kind: 'anonymous', payload: source };
  const payload = new Transform({
    transform(chunk: unknown, _encoding, callback) {
      try {
        verifier.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array | string));
        callback();
      } catch (e) {
        callback(e as Error);
      }
    },
    flush(callback) {
      try {
        verifier.end();
        callback();
      } catch (e) {
        callback(e as Error);
      }
    },
  });
  // Built after the Transform (its functions run only once data flows); throws for what the claim alone refutes.
  const verifier = new PayloadVerifier(auth.plan, auth.claims, auth.signing, auth.accessKeyId, (piece) => {
    payload.push(piece);
  });
  source.on('error', (e) => payload.destroy(e));
  source.on('close', () => {
    if (!source.readableEnded) payload.destroy(Object.assign(new Error('The request body was closed before its end'), { code: 'ERR_STREAM_PREMATURE_CLOSE' }));
  });
  source.pipe(payload);
  return { ...auth.result, payload };
}
