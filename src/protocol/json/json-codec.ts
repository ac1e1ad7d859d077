import { clientError, type AwsError } from '../../shared/aws-error.js';
import { finishInput } from '../finish-input.js';
import type { ServiceModel } from '../model/service-model.js';
import type { ParsedCall, ParseOptions, ProtocolCodec, ProtocolRequest, Route, SerializeContext, WireResponse } from '../types.js';
import { jsonErrorBody, jsonErrorHeaders } from './json-errors.js';
import { fromJson, toJson } from './json-values.js';

function contentType(model: ServiceModel): string {
  return `application/x-amz-json-${model.metadata.jsonVersion ?? '1.0'}`;
}

/**
 * The `X-Amz-Target` prefixes a model answers to: its `targetPrefix`, and the last dotted part of it
 * (CloudTrail's model says `com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101`, while the v3
 * SDK, generated from the Smithy model, sends `CloudTrail_20131101.AddTags`).
 */
export function targetPrefixes(model: ServiceModel): string[] {
  const p = model.metadata.targetPrefix;
  if (!p) return [];
  const short = p.slice(p.lastIndexOf('.') + 1);
  return short === p ? [p] : [p, short];
}

/** `X-Amz-Target: TrentService.Encrypt` -> `Encrypt`, when the prefix is one of the model's. */
function targetOperation(model: ServiceModel, req: ProtocolRequest): string | undefined {
  const target = req.headers['x-amz-target'];
  if (!target) return undefined;
  const dot = target.lastIndexOf('.');
  if (dot === -1 || !targetPrefixes(model).includes(target.slice(0, dot))) return undefined;
  return target.slice(dot + 1);
}

/** Parses a JSON body; an empty body is `{}`. */
export function parseJsonBody(body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  let doc: unknown;
  try {
    doc = JSON.parse(body.toString('utf8'));
  } catch {
    throw clientError('SerializationException', 'Start of structure or map found where not expected.');
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) throw clientError('SerializationException', 'Start of structure or map found where not expected.');
  return doc as Record<string, unknown>;
}

/** awsJson 1.0 and 1.1 (KMS, Organizations, WAFv2, Shield, CloudTrail, EventBridge): POST /, `X-Amz-Target`, JSON both ways. */
export const jsonCodec: ProtocolCodec = {
  route(model, req) {
    const operation = targetOperation(model, req);
    return operation === undefined ? undefined : { operation };
  },

  parse(model: ServiceModel, req: ProtocolRequest, options?: ParseOptions, route?: Route): ParsedCall {
    const operation = route ? route.operation : targetOperation(model, req);
    const op = operation ? model.operation(operation) : undefined;
    if (!operation || !op) throw clientError('UnknownOperationException', operation ? `Operation ${operation} is not supported by this endpoint.` : 'Missing or invalid X-Amz-Target header.');
    const shape = model.resolve(op.input);
    const input = fromJson(model, shape, parseJsonBody(req.body)) as Record<string, unknown>;
    return { operation, input: finishInput(model, shape, input, 'ValidationException', options) };
  },

  serialize(model: ServiceModel, operation: string, output: unknown, ctx: SerializeContext): WireResponse {
    const op = model.operation(operation);
    const doc = op?.output ? toJson(model, model.resolve(op.output), output ?? {}) : {};
    return { status: 200, headers: { 'content-type': contentType(model), 'x-amzn-requestid': ctx.requestId }, body: JSON.stringify(doc ?? {}) };
  },

  serializeError(model: ServiceModel, error: AwsError, ctx: SerializeContext): WireResponse {
    return { status: error.httpStatus, headers: jsonErrorHeaders(model, error, ctx.requestId, contentType(model)), body: JSON.stringify(jsonErrorBody(model, error)) };
  },
};
