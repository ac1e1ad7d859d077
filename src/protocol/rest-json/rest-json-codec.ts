import { clientError, type AwsError } from '../../shared/aws-error.js';
import { finishInput } from '../finish-input.js';
import { parseJsonBody } from '../json/json-codec.js';
import { jsonErrorBody, jsonErrorHeaders } from '../json/json-errors.js';
import { fromJson, toJson } from '../json/json-values.js';
import { findModelledError } from '../model/model-errors.js';
import type { ServiceModel, Shape } from '../model/service-model.js';
import { readBindings, writeBindings } from '../rest/http-bindings.js';
import { QueryString } from '../rest/query-string.js';
import { routeRestRequest, type RestRouteState } from '../rest/rest-router.js';
import type { ParsedCall, ParseOptions, ProtocolCodec, ProtocolRequest, Route, SerializeContext, WireResponse } from '../types.js';

/** Reads the body of a REST request/response: a payload member, or the unbound members as JSON. */
function readJsonBody(model: ServiceModel, shape: Shape, req: ProtocolRequest, out: Record<string, unknown>): void {
  const body = req.body;
  if (shape.payload) {
    const ref = shape.members![shape.payload]!;
    const member = model.resolve(ref);
    if (member.type === 'blob') {
      if (member.streaming && req.bodyStream) out[shape.payload] = req.bodyStream;
      else if (body.length) out[shape.payload] = body;
    } else if (member.type === 'string') {
      // An empty body is the empty string when the member is required (it cannot be absent then).
      if (body.length || shape.required?.includes(shape.payload)) out[shape.payload] = body.toString('utf8');
    } else if (body.length) {
      const v = fromJson(model, member, member.document ? JSON.parse(body.toString('utf8')) : parseJsonBody(body));
      if (v !== undefined) out[shape.payload] = v;
    }
    return;
  }
  Object.assign(out, fromJson(model, shape, parseJsonBody(body)));
}

/** Writes the body: the payload member as raw bytes/text/JSON, or the unbound members as a JSON object. */
function writeJsonBody(model: ServiceModel, shape: Shape, value: Record<string, unknown>, headers: Record<string, string>): string | Buffer {
  if (shape.payload) {
    const member = model.resolve(shape.members![shape.payload]);
    const v = value[shape.payload];
    if (member.type === 'blob' || member.type === 'string') {
      headers['content-type'] ??= member.type === 'blob' ? 'application/octet-stream' : 'text/plain';
      if (v === undefined || v === null) return '';
      return typeof v === 'string' ? v : Buffer.from(v as Uint8Array);
    }
    headers['content-type'] = 'application/json';
    return v === undefined || v === null ? '' : JSON.stringify(toJson(model, member, v));
  }
  headers['content-type'] = 'application/json';
  const hasBody = Object.values(shape.members ?? {}).some((r) => !r.location);
  return hasBody ? JSON.stringify(toJson(model, shape, value)) : '';
}

/** restJson1 (GuardDuty, Inspector2, Artifact): routed by method + URI template; JSON bodies. */
export const restJsonCodec: ProtocolCodec = {
  route(model, req) {
    const query = new QueryString(req.rawQuery);
    const match = routeRestRequest(model, req.method, req.rawPath, query, req.headers);
    return match && { operation: match.operation, state: { match, query } satisfies RestRouteState };
  },

  parse(model: ServiceModel, req: ProtocolRequest, options?: ParseOptions, routed?: Route): ParsedCall {
    const state = routed?.state as RestRouteState | undefined;
    const query = state?.query ?? new QueryString(req.rawQuery);
    const route = state ? state.match : routeRestRequest(model, req.method, req.rawPath, query, req.headers);
    if (!route) throw clientError('UnknownOperationException', `No operation matches ${req.method} ${req.rawPath}.`, 404);
    const shape = model.resolve(model.operation(route.operation)!.input);
    const input: Record<string, unknown> = {};
    readJsonBody(model, shape, req, input);
    readBindings(model, shape, route.labels, query, req.headers, input);
    return { operation: route.operation, input: finishInput(model, shape, input, 'ValidationException', options) };
  },

  serialize(model: ServiceModel, operation: string, output: unknown, ctx: SerializeContext): WireResponse {
    const op = model.operation(operation);
    const headers: Record<string, string> = { 'x-amzn-requestid': ctx.requestId };
    const value = (output ?? {}) as Record<string, unknown>;
    let status = op?.http?.responseCode ?? 200;
    let body: string | Buffer = '';
    if (op?.output) {
      const shape = model.resolve(op.output);
      status = writeBindings(model, shape, value, headers, status);
      body = writeJsonBody(model, shape, value, headers);
    }
    return { status, headers, body: ctx.method === 'HEAD' ? '' : body };
  },

  serializeError(model: ServiceModel, error: AwsError, ctx: SerializeContext): WireResponse {
    const headers = jsonErrorHeaders(model, error, ctx.requestId, 'application/json');
    const modelled = findModelledError(model, error.code);
    if (modelled) writeBindings(model, modelled.shape, error.fields as Record<string, unknown>, headers, 0);
    return { status: error.httpStatus, headers, body: JSON.stringify(jsonErrorBody(model, error)) };
  },
};
