import type { AwsError } from '../../shared/aws-error.js';
import { findModelledError } from '../model/model-errors.js';
import type { ServiceModel } from '../model/service-model.js';
import { toJson } from './json-values.js';

/**
 * The body of a JSON-protocol error (awsJson and restJson): `__type` plus the message under the
 * member name the error shape uses (`message` or `Message`), plus the shape's other members.
 */
export function jsonErrorBody(model: ServiceModel, error: AwsError): Record<string, unknown> {
  const modelled = findModelledError(model, error.code);
  const members = modelled?.shape.members ?? {};
  const messageMember = Object.keys(members).find((m) => m.toLowerCase() === 'message');
  const messageKey = messageMember ? (members[messageMember]!.locationName ?? messageMember) : 'message';
  const body: Record<string, unknown> = { __type: error.code };
  if (modelled && Object.keys(error.fields).length) {
    const fields = toJson(model, modelled.shape, error.fields) as Record<string, unknown>;
    for (const [k, v] of Object.entries(fields)) if (k !== messageKey && v !== undefined) body[k] = v;
  } else {
    for (const [k, v] of Object.entries(error.fields)) if (v !== undefined && v !== null) body[k] = v;
  }
  body[messageKey] = error.message;
  return body;
}

/** Headers every JSON-protocol error carries; `x-amzn-query-error` for awsQueryCompatible services. */
export function jsonErrorHeaders(model: ServiceModel, error: AwsError, requestId: string, contentType: string): Record<string, string> {
  const h: Record<string, string> = { 'content-type': contentType, 'x-amzn-requestid': requestId, 'x-amzn-errortype': error.code };
  if (model.metadata.awsQueryCompatible) h['x-amzn-query-error'] = `${error.code};${error.senderFault ? 'Sender' : 'Receiver'}`;
  return { ...h, ...error.headers };
}
