/**
 * STS DecodeAuthorizationMessage: decodes the encoded authorization failure message of an EC2
 * `UnauthorizedOperation` (authz/authorization-message.ts). `sts:DecodeAuthorizationMessage` is
 * authorized by the chain; only the account the message was made for can decode it.
 */
import { decodeAuthorizationMessage } from '../../../authz/authorization-message.js';
import type { Handler } from '../../../protocol/service-definition.js';
import { InvalidAuthorizationMessageException, type DecodeAuthorizationMessageRequest, type DecodeAuthorizationMessageResponse } from '../api.generated.js';
import type { StsDeps } from '../deps.js';

export function decodeMessage(deps: StsDeps): Handler<DecodeAuthorizationMessageRequest, DecodeAuthorizationMessageResponse> {
  return async (input, ctx) => {
    const message = decodeAuthorizationMessage(deps.store.sealer, ctx.caller.principal.accountId, input.EncodedMessage.trim());
    if (!message) throw new InvalidAuthorizationMessageException('Message is not valid');
    // protocol-lint: allow DecodedMessage is a JSON document by API contract (a string member), not wire format
    return { DecodedMessage: JSON.stringify(message) };
  };
}
