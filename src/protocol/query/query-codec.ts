import { clientError, type AwsError } from '../../shared/aws-error.js';
import type { ServiceModel } from '../model/service-model.js';
import { finishInput } from '../finish-input.js';
import type { ParsedCall, ParseOptions, ProtocolCodec, ProtocolRequest, SerializeContext, WireResponse } from '../types.js';
import { XmlWriter } from '../xml/xml-writer.js';
import { readStructure } from './query-deserializer.js';
import { encodedBytes, encodedParams, scanAction } from './query-form.js';
import { QueryParams } from './query-params.js';
import { writeStructure } from './query-serializer.js';

const XML_HEADERS = { 'content-type': 'text/xml' } as const;

function paramsOf(req: ProtocolRequest): QueryParams {
  return new QueryParams(encodedParams(req));
}

/** The awsQuery protocol (IAM, STS): form-encoded requests, XML responses. */
export const queryCodec: ProtocolCodec = {
  route(_model, req) {
    const operation = scanAction(encodedBytes(req));
    return operation === undefined ? undefined : { operation };
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
