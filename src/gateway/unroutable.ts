import { XmlWriter } from '../protocol/xml/xml-writer.js';
import type { GatewayResponse } from './http-types.js';

/**
 * A request that names no service Rampart serves (no credential scope, X-Amz-Target or known host).
 * AWS front ends answer such requests with this code and text.
 */
export function unroutableResponse(requestId: string, status = 400, code = 'InvalidAction', message = 'Unable to determine service/operation name to be authorized'): GatewayResponse {
  const body = new XmlWriter()
    .open('ErrorResponse')
    .open('Error').leaf('Type', 'Sender').leaf('Code', code).leaf('Message', message).close('Error')
    .leaf('RequestId', requestId)
    .close('ErrorResponse')
    .toString();
  return { status, headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId }, body };
}
