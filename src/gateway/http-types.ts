import { Readable } from 'node:stream';
import type { RequestHeaders } from '../auth/index.js';

/**
 * A request body not read yet: the chain reads it whole (bounded) or, for an operation whose
 * payload streams, hands it on as a stream. One of the two, once.
 */
export interface RequestBody {
  /** The whole body; undefined when it is larger than `limit` bytes (the rest is discarded). */
  readAll(limit: number): Promise<Buffer | undefined>;
  /** The body as a stream. */
  stream(): Readable;
}

/** A body already in memory (tests and in-process callers of the chain). */
export function bufferedBody(bytes: Buffer): RequestBody {
  return {
    readAll: async (limit) => (bytes.length > limit ? undefined : bytes),
    stream: () => Readable.from([bytes]),
  };
}

/** A request as the gateway holds it after reading the body. */
export interface GatewayRequest {
  readonly method: string;
  readonly rawPath: string;
  readonly rawQuery: string;
  readonly rawHeaders: readonly string[];
  /** Lower-case names, repeated headers joined with `,`. */
  readonly headers: Readonly<Record<string, string>>;
  /** The same headers indexed for SigV4 (every value kept), built once per request. */
  readonly headerIndex: RequestHeaders;
  readonly body: RequestBody;
  readonly sourceIp: string;
  /** Epoch ms when the request arrived. */
  readonly receivedAt: number;
  /** Whether the request came over TLS (the HTTPS listener): `aws:SecureTransport`. */
  readonly secure?: boolean;
}

export interface GatewayResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | Buffer;
  /** A streamed payload (S3 GetObject), sent instead of `body`: piped with back-pressure, its length in `content-length`. */
  readonly stream?: Readable;
}
