import { clientError, isAwsError, type AwsError } from '../../shared/aws-error.js';
import { finishInput } from '../finish-input.js';
import { findModelledError } from '../model/model-errors.js';
import type { ServiceModel, Shape } from '../model/service-model.js';
import { readBindings, writeBindings } from '../rest/http-bindings.js';
import { readHostLabels } from '../rest/host-prefix.js';
import { QueryString } from '../rest/query-string.js';
import { routeRestRequest, type RestRouteState, type RouteMatch } from '../rest/rest-router.js';
import type { ParsedCall, ParseOptions, ProtocolCodec, ProtocolRequest, Route, SerializeContext, WireResponse } from '../types.js';
import { parseXml } from '../xml/xml-reader.js';
import { readMembers, readValue, writeMembers, writeValue } from '../xml/xml-values.js';
import { formatScalar } from '../xml/xml-scalars.js';
import { XmlWriter } from '../xml/xml-writer.js';
import { isS3ExpressControl, pathStylePath, S3_EXPRESS_CONTROL_TWINS } from './s3-addressing.js';
import type { Readable } from 'node:stream';
import { isStream, RESPONSE_STATUS } from '../streaming.js';
import { encodeEventStream, EVENT_STREAM_CONTENT_TYPE, type StructurePayloadWriter } from '../event-stream/encode-events.js';

const S3_NS = 'http://s3.amazonaws.com/doc/2006-03-01/';
/** S3 Control's documents (`<PublicAccessBlockConfiguration xmlns="...">`, as its API reference shows them). */
const S3_CONTROL_NS = 'http://awss3control.amazonaws.com/doc/2018-08-20/';
/** The namespace of a model's XML documents (the JSON models do not carry S3's). */
const namespaceOf = (model: ServiceModel) => (model.metadata.endpointPrefix === 's3-control' ? S3_CONTROL_NS : S3_NS);
/** Smithy's `@s3UnwrappedXmlOutput` (not carried by the JSON models): the output is the root element's text. */
const UNWRAPPED_OUTPUT = new Set(['GetBucketLocation']);
/** Operations whose answer has no body yet is labelled `Content-Type: application/xml` by S3 (HeadBucket). */
const XML_WITHOUT_BODY = new Set(['HeadBucket']);

/**
 * Path-style routing, except for host-prefixed operations: `<route>.s3-object-lambda.<region>…`
 * looks virtual-hosted, but `POST /WriteGetObjectResponse` names no bucket.
 */
function route(model: ServiceModel, req: ProtocolRequest, query: QueryString): RouteMatch | undefined {
  const pathStyle = pathStylePath(req.rawPath, req.headers['host']);
  if (pathStyle !== req.rawPath) {
    const direct = routeRestRequest(model, req.method, req.rawPath, query, req.headers);
    if (direct && model.operation(direct.operation)?.endpoint?.hostPrefix) return direct;
  }
  const match = routeRestRequest(model, req.method, pathStyle, query, req.headers);
  // botocore sends ListDirectoryBuckets as ListBuckets' `GET /`, signed for `s3express`.
  const twin = match && !query.has('x-id') ? S3_EXPRESS_CONTROL_TWINS[match.operation] : undefined;
  if (twin && model.operation(twin) && isS3ExpressControl(req.headers, query.get('X-Amz-Credential'))) return { operation: twin, labels: match!.labels };
  return match;
}

/** aws-chunked uploads: the transfer encoding is not the object's `Content-Encoding`, and the decoded length is the real one. */
function effectiveHeaders(h: Readonly<Record<string, string>>): Readonly<Record<string, string>> {
  if (!h['x-amz-decoded-content-length'] && !h['content-encoding']?.includes('aws-chunked')) return h;
  const out: Record<string, string> = { ...h };
  if (h['x-amz-decoded-content-length']) out['content-length'] = h['x-amz-decoded-content-length'];
  const enc = (h['content-encoding'] ?? '').split(',').map((s) => s.trim()).filter((s) => s && s !== 'aws-chunked');
  if (enc.length) out['content-encoding'] = enc.join(',');
  else delete out['content-encoding'];
  return out;
}

function readBody(model: ServiceModel, shape: Shape, req: ProtocolRequest, out: Record<string, unknown>): void {
  const body = req.body;
  if (shape.payload) {
    const member = model.resolve(shape.members![shape.payload]);
    if (member.type === 'blob') {
      if (member.streaming && req.bodyStream) out[shape.payload] = req.bodyStream;
      else if (body.length) out[shape.payload] = body;
    } else if (member.type === 'string') {
      // An empty body is the empty string when the member is required (it cannot be absent then).
      if (body.length || shape.required?.includes(shape.payload)) out[shape.payload] = body.toString('utf8');
    } else if (body.length) out[shape.payload] = readValue(model, member, parseXml(body.toString('utf8')));
    return;
  }
  if (body.length && Object.values(shape.members ?? {}).some((r) => !r.location)) readMembers(model, shape, parseXml(body.toString('utf8')), out);
}

/** An event's structure payload: an XML document without namespace (`<Stats><BytesScanned>…`). */
function writeEventPayload(model: ServiceModel, ...[shape, root, value, ref]: Parameters<StructurePayloadWriter>): ReturnType<StructurePayloadWriter> {
  const xml = new XmlWriter();
  writeValue(model, shape, root, value, xml, ref);
  return { contentType: 'text/xml', body: xml.toString() };
}

function writeBody(model: ServiceModel, operation: string, shape: Shape, value: Record<string, unknown>, headers: Record<string, string>): string | Buffer | Readable {
  if (shape.payload) {
    const ref = shape.members![shape.payload]!;
    const member = model.resolve(ref);
    const v = value[shape.payload];
    if (member.eventstream) {
      headers['content-type'] = EVENT_STREAM_CONTENT_TYPE;
      return encodeEventStream(model, member, v, (...args) => writeEventPayload(model, ...args));
    }
    if (v === undefined || v === null) return '';
    if (member.type === 'blob' && member.streaming && isStream(v)) return v;
    if (member.type === 'blob' || member.type === 'string') return typeof v === 'string' ? v : Buffer.from(v as Uint8Array);
    headers['content-type'] = 'application/xml';
    const xml = new XmlWriter();
    writeValue(model, member, ref.locationName ?? shape.payload, v, xml, ref.xmlNamespace ? ref : { ...ref, xmlNamespace: { uri: namespaceOf(model) } });
    return xml.toString();
  }
  const bodyMembers = Object.entries(shape.members ?? {}).filter(([, r]) => !r.location);
  if (bodyMembers.length || XML_WITHOUT_BODY.has(operation)) headers['content-type'] = 'application/xml';
  if (!bodyMembers.length) return '';
  const xml = new XmlWriter();
  if (UNWRAPPED_OUTPUT.has(operation) && bodyMembers.length === 1) {
    const [name, ref] = bodyMembers[0]!;
    const v = value[name];
    xml.open(ref.locationName ?? name, { xmlns: namespaceOf(model) });
    if (v !== undefined && v !== null) xml.text(formatScalar(model.resolve(ref), v));
    return xml.close(ref.locationName ?? name).toString();
  }
  const root = shape.locationName ?? `${operation}Result`;
  xml.open(root, { xmlns: namespaceOf(model) });
  writeMembers(model, shape, value, xml);
  return xml.close(root).toString();
}

/** True when the input's payload is an XML structure (DeleteObjects' `<Delete>`, PutBucketTagging's `<Tagging>`, ...). */
function hasXmlBody(model: ServiceModel, shape: Shape): boolean {
  if (!shape.payload) return Object.values(shape.members ?? {}).some((r) => !r.location);
  return model.resolve(shape.members![shape.payload]).type === 'structure';
}

/** restXml (S3): path-style and virtual-hosted addressing, subresources, streaming bodies, `<Error>` documents. */
export const restXmlCodec: ProtocolCodec = {
  route(model, req) {
    const query = new QueryString(req.rawQuery);
    const match = route(model, req, query);
    return match && { operation: match.operation, state: { match, query } satisfies RestRouteState };
  },

  parse(model: ServiceModel, req: ProtocolRequest, options?: ParseOptions, routed?: Route): ParsedCall {
    const state = routed?.state as RestRouteState | undefined;
    const query = state?.query ?? new QueryString(req.rawQuery);
    const match = state ? state.match : route(model, req, query);
    if (!match) throw clientError('MethodNotAllowed', 'The specified method is not allowed against this resource.', 405);
    const shape = model.resolve(model.operation(match.operation)!.input);
    const input: Record<string, unknown> = {};
    readBody(model, shape, req, input);
    readBindings(model, shape, match.labels, query, effectiveHeaders(req.headers), input);
    readHostLabels(model, match.operation, shape, req.headers['host'], input);
    try {
      return { operation: match.operation, input: finishInput(model, shape, input, 'ValidationException', options) };
    } catch (e) {
      // S3 has no ValidationException: a location constraint it does not know is InvalidLocationConstraint
      // (`us-east-1` included: the model's enum leaves it out), any other XML body that does not fit
      // the schema MalformedXML.
      if (isAwsError(e) && e.code === 'ValidationException' && /'[a-zA-Z.]*\.locationConstraint'/.test(e.message)) throw clientError('InvalidLocationConstraint', 'The specified location-constraint is not valid', 400);
      if (isAwsError(e) && e.code === 'ValidationException' && hasXmlBody(model, shape)) throw clientError('MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema', 400);
      throw e;
    }
  },

  serialize(model: ServiceModel, operation: string, output: unknown, ctx: SerializeContext): WireResponse {
    const op = model.operation(operation);
    const headers: Record<string, string> = { 'x-amz-request-id': ctx.requestId, 'x-amz-id-2': ctx.requestId };
    const value = (output ?? {}) as Record<string, unknown>;
    let status = op?.http?.responseCode ?? 200;
    let body: string | Buffer | Readable = '';
    if (op?.output) {
      const shape = model.resolve(op.output);
      status = writeBindings(model, shape, value, headers, status);
      body = writeBody(model, operation, shape, value, headers);
    }
    const override = (value as { [RESPONSE_STATUS]?: unknown })[RESPONSE_STATUS];
    if (typeof override === 'number') status = override;
    if (isStream(body)) {
      if (ctx.method !== 'HEAD') return { status, headers, body: '', stream: body };
      body.destroy();
      body = '';
    }
    return { status, headers, body: ctx.method === 'HEAD' ? '' : body };
  },

  serializeError(model: ServiceModel, error: AwsError, ctx: SerializeContext): WireResponse {
    const headers: Record<string, string> = { 'content-type': 'application/xml', 'x-amz-request-id': ctx.requestId, 'x-amz-id-2': ctx.requestId, ...error.headers };
    const xml = new XmlWriter().open('Error').leaf('Code', error.code).leaf('Message', error.message);
    const modelled = findModelledError(model, error.code);
    if (modelled) {
      writeBindings(model, modelled.shape, error.fields as Record<string, unknown>, headers, 0);
      const { Message: _m, ...rest } = error.fields as Record<string, unknown>;
      writeMembers(model, modelled.shape, rest, xml);
      // Fields S3 sends that its model does not declare (NoSuchKey's Key, NoSuchBucket's BucketName).
      const declared = modelled.shape.members ?? {};
      for (const [k, v] of Object.entries(rest)) if (!(k in declared) && v !== undefined && v !== null && typeof v !== 'object') xml.leaf(k, String(v));
    } else for (const [k, v] of Object.entries(error.fields)) if (v !== undefined && v !== null) xml.leaf(k, String(v));
    xml.leaf('RequestId', ctx.requestId).leaf('HostId', ctx.requestId).close('Error');
    // 304 Not Modified carries no body (RFC 9110), nor a content type.
    if (error.httpStatus === 304) {
      delete headers['content-type'];
      return { status: 304, headers, body: '' };
    }
    return { status: error.httpStatus, headers, body: ctx.method === 'HEAD' ? '' : xml.toString() };
  },
};
