import { clientError, type AwsError } from '../../shared/aws-error.js';
import { finishInput } from '../finish-input.js';
import type { ServiceModel } from '../model/service-model.js';
import { readStructure } from '../query/query-deserializer.js';
import { encodedBytes, encodedParams, scanAction } from '../query/query-form.js';
import { QueryParams } from '../query/query-params.js';
import type { ParsedCall, ParseOptions, ProtocolCodec, ProtocolRequest, SerializeContext, WireResponse } from '../types.js';
import { writeMembers } from '../xml/xml-values.js';
import { XmlWriter } from '../xml/xml-writer.js';

function paramsOf(req: ProtocolRequest): QueryParams {
  return new QueryParams(encodedParams(req));
}

/**
 * The ec2 query protocol: form-encoded requests with EC2's naming (`queryName`, capitalized
 * `locationName`, lists always `Name.N`), XML responses whose lists are `<item>`s, and
 * `<Response><Errors><Error>` errors.
 */
export const ec2Codec: ProtocolCodec = {
  route(_model, req) {
    // Before authentication: a bounded scan, never the whole parameter list.
    const operation = scanAction(encodedBytes(req));
    return operation === undefined ? undefined : { operation };
  },

  parse(model: ServiceModel, req: ProtocolRequest, options?: ParseOptions): ParsedCall {
    const params = paramsOf(req);
    const action = params.get('Action');
    if (!action) throw clientError('MissingAction', 'The request must contain the parameter Action');
    const op = model.operation(action);
    if (!op) throw clientError('InvalidAction', `The action ${action} is not valid for this web service.`);
    const shape = model.resolve(op.input);
    const input = readStructure(model, shape, params, '', true);
    return { operation: action, input: finishInput(model, shape, input, 'ValidationError', options) };
  },

  serialize(model: ServiceModel, operation: string, output: unknown, ctx: SerializeContext): WireResponse {
    const op = model.operation(operation);
    const root = `${operation}Response`;
    const xml = new XmlWriter().open(root, { xmlns: model.metadata.xmlNamespace ?? '' }).leaf('requestId', ctx.requestId);
    if (op?.output) writeMembers(model, model.resolve(op.output), (output ?? {}) as Record<string, unknown>, xml);
    xml.close(root);
    return { status: 200, headers: { 'content-type': 'text/xml;charset=UTF-8', 'x-amzn-requestid': ctx.requestId }, body: xml.toString() };
  },

  serializeError(_model: ServiceModel, error: AwsError, ctx: SerializeContext): WireResponse {
    const xml = new XmlWriter().open('Response').open('Errors').open('Error').leaf('Code', error.code).leaf('Message', error.message);
    xml.close('Error').close('Errors').leaf('RequestID', ctx.requestId).close('Response');
    return { status: error.httpStatus, headers: { 'content-type': 'text/xml;charset=UTF-8', 'x-amzn-requestid': ctx.requestId, ...error.headers }, body: xml.toString() };
  },
};
