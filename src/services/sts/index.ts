/**
 * AWS Security Token Service: temporary credentials (AssumeRole, GetSessionToken,
 * GetFederationToken), the caller's identity, access key and authorization-message inspection.
 * Sessions live in `sts.sessions` (src/authz/session-store.ts), which authentication reads.
 */
import { codecFor } from '../../protocol/codecs.js';
import { loadModel } from '../../protocol/model/load-model.js';
import { asHandlerTable, notServed } from '../../protocol/service-definition.js';
import type { StsHandlers } from './api.generated.js';
import { STS_AUTHORIZATION } from './authz.js';
import type { StsDeps } from './deps.js';
import { getAccessKeyInfo } from './handlers/access-key-info.js';
import { assumeRole } from './handlers/assume-role.js';
import { assumeRoleWithSaml } from './handlers/assume-role-with-saml.js';
import { getCallerIdentity } from './handlers/caller-identity.js';
import { decodeMessage } from './handlers/decode-message.js';
import { getFederationToken } from './handlers/federation-token.js';
import { getSessionToken } from './handlers/session-token.js';

export type { StsDeps } from './deps.js';
export { STS_AUTHORIZATION } from './authz.js';

/** STS operations not served yet (they answer InvalidAction, as AWS does for an unknown one). */
const NOT_SERVED = notServed(['AssumeRoleWithWebIdentity', 'AssumeRoot', 'GetDelegatedAccessToken', 'GetWebIdentityToken']);

/** Operations AWS serves without a signature: the caller proves itself with the IdP's signed response. */
const ANONYMOUS: ReadonlySet<string> = new Set(['AssumeRoleWithSAML']);

/** The handler of every STS operation: served, or named in NOT_SERVED (else a compile error). */
export function stsHandlers(deps: StsDeps): StsHandlers {
  return {
    ...NOT_SERVED,
    GetCallerIdentity: getCallerIdentity,
    AssumeRole: assumeRole(deps),
    AssumeRoleWithSAML: assumeRoleWithSaml(deps),
    GetSessionToken: getSessionToken(deps),
    GetFederationToken: getFederationToken(deps),
    GetAccessKeyInfo: getAccessKeyInfo(deps),
    DecodeAuthorizationMessage: decodeMessage(deps),
  };
}

/** AWS STS (a global endpoint with regional ones: requests without a region are served as us-east-1). */
export function createStsService(deps: StsDeps) {
  const model = loadModel('sts');
  return {
    definition: { name: 'sts', model, codec: codecFor(model), handlers: asHandlerTable(stsHandlers(deps)), defaultRegion: 'us-east-1', anonymousOperations: ANONYMOUS },
    authorization: STS_AUTHORIZATION,
  };
}
