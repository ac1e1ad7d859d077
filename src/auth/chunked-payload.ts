/**
 * `decodeAwsChunked`: an aws-chunked body read whole (S3 streaming uploads buffered by the gateway),
 * decoded and verified by the incremental decoder of chunked-decoder.ts fed the body in one slice.
 * The format, the chunk and trailer signatures and the failures are described there.
 */
import { AwsChunkedDecoder, type ChunkedDecodeOptions } from './chunked-decoder.js';

export { ChunkedPayloadError, type ChunkedDecodeOptions, type ChunkFailure, type ChunkSigning } from './chunked-decoder.js';

/** The decoded payload and the trailing headers (lower-case names, in order). */
export interface DecodedChunks {
  readonly payload: Buffer;
  readonly trailers: readonly (readonly [string, string])[];
}

/** Decodes an aws-chunked body, verifying chunk and trailer signatures when `signing` is given. */
export function decodeAwsChunked(body: Buffer, options: ChunkedDecodeOptions): DecodedChunks {
  const parts: Buffer[] = [];
  const decoder = new AwsChunkedDecoder(options, (piece) => parts.push(piece));
  decoder.push(body);
  const { trailers } = decoder.end();
  return { payload: Buffer.concat(parts), trailers };
}
