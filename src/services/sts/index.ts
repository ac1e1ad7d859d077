import { codecFor } from '../../protocol/codecs.js';
import { loadModel } from '../../protocol/model/load-model.js';
import { asHandlerTable, type ServiceDefinition } from '../../protocol/service-definition.js';
import { STS_NOT_IMPLEMENTED, type StsHandlers } from './api.generated.js';
import type { StsDeps } from './deps.js';
import { getAccessKeyInfo } from './handlers/access-key-info.js';
import { assumeRole } from './handlers/assume-role.js';
import { getCallerIdentity } from './handlers/caller-identity.js';
import { decodeMessage } from './handlers/decode-message.js';
import { getFederationToken } from './handlers/federation-token.js';
import { getSessionToken } from './handlers/session-token.js';

export type { StsDeps } from './deps.js';
export { STS_AUTHORIZATION } from './authz.js';

/**
 * AWS Security Token Service. Without `deps` only GetCallerIdentity is served (the operations that
 * issue or inspect credentials need storage, authorization and the MFA verifier).
 */
export function createStsService(deps?: StsDeps): ServiceDefinition {
  const model = loadModel('sts');
  const handlers: StsHandlers = {
    ...STS_NOT_IMPLEMENTED,
    GetCallerIdentity: getCallerIdentity,
    ...(deps
      ? {
          AssumeRole: assumeRole(deps),
          GetSessionToken: getSessionToken(deps),
          GetFederationToken: getFederationToken(deps),
          GetAccessKeyInfo: getAccessKeyInfo(deps),
          DecodeAuthorizationMessage: decodeMessage(deps),
        }
      : {}),
  };
  return { name: 'sts', model, codec: codecFor(model), handlers: asHandlerTable(handlers), defaultRegion: 'us-east-1' };
}
