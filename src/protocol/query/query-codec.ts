import { clientError, type AwsError } from '../../shared/aws-error.js';
import type { ServiceModel } from '../model/service-model.js';
import { finishInput } from '../finish-input.js';
import type { ParsedCall, ParseOptions, ProtocolCodec, ProtocolRequest, SerializeContext, WireResponse } from '../types.js';
import { XmlWriter } from '../xml/xml-writer.js';
import { readStructure } from './query-deserializer.js';
import { QueryParams } from './query-params.js';
import { writeStructure } from './query-serializer.js';

const XML_HEADERS = { 'content-type': 'text/xml' } as const;

function encodedParams(req: ProtocolRequest): string {
  // POST bodies carry the parameters; GET puts them in the query string (both are accepted by AWS).
  const fromBody = req.method === 'POST' && req.body.length > 0 ? req.body.toString('utf8') : '';
  return fromBody || req.rawQuery;
}

function paramsOf(req: ProtocolRequest): QueryParams {
  return new QueryParams(encodedParams(req));
}

/** Characters after which a name or value needs URL decoding (or, for a leading `?`, stripping). */
const NEEDS_DECODING = /[%+?]/;

/**
 * The Action parameter, as `new QueryParams(encoded).get('Action')` reads it, without decoding every
 * parameter: operationOf runs on every request before `parse` builds the full QueryParams. Anything
 * that would need decoding before the Action is found falls back to the full parser.
 */
function actionOf(encoded: string): string | undefined {
  for (let start = 0; start < encoded.length; ) {
    const amp = encoded.indexOf('&', start);
    const end = amp === -1 ? encoded.length : amp;
    const piece = encoded.slice(start, end);
    if (NEEDS_DECODING.test(piece)) return new QueryParams(encoded).get('Action');
    const eq = piece.indexOf('=');
    if ((eq === -1 ? piece : piece.slice(0, eq)) === 'Action') return eq === -1 ? '' : piece.slice(eq + 1);
    start = end + 1;
  }
  return undefined;
}

/** The awsQuery protocol (IAM, STS): form-encoded requests, XML responses. */
export const queryCodec: ProtocolCodec = {
  operationOf(_model, req) {
    return actionOf(encodedParams(req));
  },

  parse(model: ServiceModel, req: ProtocolRequest, options?: ParseOptions): ParsedCall {
    const params = paramsOf(req);
    const action = params.get('Action');
    if (!action) throw clientError('MissingAction', 'Missing Action');
    const op = model.operation(action);
    if (!op) throw clientError('InvalidAction', `Could not find operation ${action} for version ${params.get('Version') ?? model.metadata.apiVersion}`);
    const shape = model.resolve(op.input);
    const input = readStructure(model, shape, params, '');
    return { operation: action, input: finishInput(model, shape, input, 'ValidationError', options) };
  },

  serialize(model: ServiceModel, operation: string, output: unknown, ctx: SerializeContext): WireResponse {
    const op = model.operation(operation);
    const xml = new XmlWriter().open(`${operation}Response`, { xmlns: model.metadata.xmlNamespace ?? '' });
    const outShape = op?.output;
    if (outShape) {
      const wrapper = outShape.resultWrapper ?? `${operation}Result`;
      xml.open(wrapper);
      writeStructure(model, model.resolve(outShape), (output ?? {}) as Record<string, unknown>, xml);
      xml.close(wrapper);
    }
    xml.open('ResponseMetadata').leaf('RequestId', ctx.requestId).close('ResponseMetadata').close(`${operation}Response`);
    return { status: 200, headers: { ...XML_HEADERS, 'x-amzn-requestid': ctx.requestId }, body: xml.toString() };
  },

  serializeError(model: ServiceModel, error: AwsError, ctx: SerializeContext): WireResponse {
    const xml = new XmlWriter()
      .open('ErrorResponse', { xmlns: model.metadata.xmlNamespace ?? '' })
      .open('Error')
      .leaf('Type', error.senderFault ? 'Sender' : 'Receiver')
      .leaf('Code', error.code)
      .leaf('Message', error.message);
    for (const [k, v] of Object.entries(error.fields)) if (v !== undefined && v !== null) xml.leaf(k, String(v));
    xml.close('Error').leaf('RequestId', ctx.requestId).close('ErrorResponse');
    return { status: error.httpStatus, headers: { ...XML_HEADERS, 'x-amzn-requestid': ctx.requestId, ...error.headers }, body: xml.toString() };
  },
};
