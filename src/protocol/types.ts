import type { Readable } from 'node:stream';
import type { AwsError } from '../shared/aws-error.js';
import type { ServiceModel } from './model/service-model.js';

/** The parts of an HTTP request a protocol codec reads. */
export interface ProtocolRequest {
  readonly method: string;
  /** Raw path, still percent-encoded, without the query. */
  readonly rawPath: string;
  /** Raw query without the leading `?`. */
  readonly rawQuery: string;
  /** Lower-case header names; repeated headers joined with `,`. */
  readonly headers: Readonly<Record<string, string>>;
  /** The payload (aws-chunked already decoded by auth); empty when the payload streams. */
  readonly body: Buffer;
  /**
   * The payload as a verified stream, for operations whose input payload is a streaming blob (S3
   * PutObject, UploadPart): the codec hands it to the handler as that member's value, unread.
   */
  readonly bodyStream?: Readable;
}

/** An operation call after parsing and validation: what a handler receives. */
export interface ParsedCall {
  readonly operation: string;
  readonly input: Record<string, unknown>;
}

/** Bytes to send back. */
export interface WireResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | Buffer;
  /** A streaming output payload (S3 GetObject), sent instead of `body`; its length in `content-length`. */
  readonly stream?: Readable;
}

/** Knobs of `parse`; all default to AWS's behaviour. */
export interface ParseOptions {
  /** Check the model's constraints (required, lengths, ranges, patterns, enums). Default true. */
  readonly validate?: boolean;
  /** Fill absent idempotency-token members with a fresh UUID, as the SDKs do. Default true. */
  readonly fillIdempotencyTokens?: boolean;
}

/** What `serialize`/`serializeError` know about the request being answered. */
export interface SerializeContext {
  readonly requestId: string;
  /** The request's method (HEAD responses carry no body). */
  readonly method?: string;
}

/** Where a request goes, as routing found it: the operation, and what the codec read to find it. */
export interface Route {
  readonly operation: string;
  /** The codec's own routing results (REST: URI labels and the parsed query), handed back to `parse`. */
  readonly state?: unknown;
}

/** One per protocol family (query, json, rest-json, rest-xml, ec2). Knows no service. */
export interface ProtocolCodec {
  /**
   * Which operation the request calls, before authentication and full parsing (the chain routes
   * once; the audit names failed requests by it). Bounded work: never a full parse of the body.
   */
  route(model: ServiceModel, req: ProtocolRequest): Route | undefined;
  /**
   * Parses and validates; throws AwsError (InvalidAction, ValidationError, ...). `route` is what
   * `route` answered for this request (routed again when absent).
   */
  parse(model: ServiceModel, req: ProtocolRequest, options?: ParseOptions, route?: Route): ParsedCall;
  serialize(model: ServiceModel, operation: string, output: unknown, ctx: SerializeContext): WireResponse;
  serializeError(model: ServiceModel, error: AwsError, ctx: SerializeContext): WireResponse;
}
