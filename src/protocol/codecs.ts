import { clientError, type AwsError } from '../shared/aws-error.js';
import { ec2Codec } from './ec2/ec2-codec.js';
import { jsonCodec } from './json/json-codec.js';
import type { ServiceModel } from './model/service-model.js';
import { queryCodec } from './query/query-codec.js';
import { restJsonCodec } from './rest-json/rest-json-codec.js';
import { restXmlCodec } from './rest-xml/rest-xml-codec.js';
import type { ProtocolCodec } from './types.js';

/** The codec of each protocol named in model metadata. */
export const CODECS: Readonly<Record<ServiceModel['metadata']['protocol'], ProtocolCodec>> = {
  query: queryCodec,
  json: jsonCodec,
  'rest-json': restJsonCodec,
  'rest-xml': restXmlCodec,
  ec2: ec2Codec,
};

/** The codec that speaks a model's protocol. */
export function codecFor(model: ServiceModel): ProtocolCodec {
  const codec = CODECS[model.metadata.protocol];
  if (!codec) throw new Error(`model ${model.metadata.serviceId}: unsupported protocol ${model.metadata.protocol}`);
  return codec;
}

/**
 * What AWS answers for an operation a service does not know, per protocol: used for operations
 * Rampart has not implemented yet (never a 500).
 */
export function unknownOperationError(model: ServiceModel, operation: string): AwsError {
  switch (model.metadata.protocol) {
    case 'query':
      return clientError('InvalidAction', `Could not find operation ${operation} for version ${model.metadata.apiVersion}`);
    case 'ec2':
      return clientError('InvalidAction', `The action ${operation} is not valid for this web service.`);
    case 'rest-xml':
      return clientError('MethodNotAllowed', 'The specified method is not allowed against this resource.', 405);
    case 'rest-json':
      return clientError('UnknownOperationException', `Operation ${operation} is not supported by this endpoint.`, 404);
    default:
      return clientError('UnknownOperationException', `Operation ${operation} is not supported by this endpoint.`);
  }
}
