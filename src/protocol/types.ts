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
  /** The payload (aws-chunked already decoded by auth). */
  readonly body: Buffer;
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

/** One per protocol family (query, json, rest-json, rest-xml, ec2). Knows no service. */
export interface ProtocolCodec {
  /** Which operation the request calls, before full parsing (routing, audit of failed parses). */
  operationOf(model: ServiceModel, req: ProtocolRequest): string | undefined;
  /** Parses and validates; throws AwsError (InvalidAction, ValidationError, ...). */
  parse(model: ServiceModel, req: ProtocolRequest, options?: ParseOptions): ParsedCall;
  serialize(model: ServiceModel, operation: string, output: unknown, ctx: SerializeContext): WireResponse;
  serializeError(model: ServiceModel, error: AwsError, ctx: SerializeContext): WireResponse;
}
