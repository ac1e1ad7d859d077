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
import { assumeRoleWithWebIdentity } from './handlers/assume-role-with-web-identity.js';
import { assumeRoleWithSaml } from './handlers/assume-role-with-saml.js';
import { getCallerIdentity } from './handlers/caller-identity.js';
import { decodeMessage } from './handlers/decode-message.js';
import { getFederationToken } from './handlers/federation-token.js';
import { getSessionToken } from './handlers/session-token.js';
import { fetchJson } from './web-identity/https-fetch.js';
import { IssuerKeys } from './web-identity/issuer-keys.js';

export type { StsDeps, OidcProviderLookup } from './deps.js';
export { IssuerKeys, type OfflineJwks } from './web-identity/issuer-keys.js';
export { fetchJson } from './web-identity/https-fetch.js';
export { parseOfflineJwks } from './web-identity/offline-jwks.js';
export { STS_AUTHORIZATION } from './authz.js';

/** STS operations not served yet (they answer InvalidAction, as AWS does for an unknown one). */
const NOT_SERVED = notServed(['AssumeRoot', 'GetDelegatedAccessToken', 'GetWebIdentityToken']);

/** Operations AWS serves without a signature: the caller proves itself with the IdP's signed token or response (a signed request is accepted too). */
const ANONYMOUS: ReadonlySet<string> = new Set(['AssumeRoleWithWebIdentity', 'AssumeRoleWithSAML']);

/** The handler of every STS operation: served, or named in NOT_SERVED (else a compile error). */
export function stsHandlers(deps: StsDeps, log?: (msg: string) => void): StsHandlers {
  const keys = deps.issuerKeys ?? new IssuerKeys({ fetch: (url, thumbprints) => fetchJson(url, thumbprints) });
  return {
    ...NOT_SERVED,
    GetCallerIdentity: getCallerIdentity,
    AssumeRole: assumeRole(deps),
    AssumeRoleWithWebIdentity: assumeRoleWithWebIdentity(deps, keys, log),
    AssumeRoleWithSAML: assumeRoleWithSaml(deps),
    GetSessionToken: getSessionToken(deps),
    GetFederationToken: getFederationToken(deps),
    GetAccessKeyInfo: getAccessKeyInfo(deps),
    DecodeAuthorizationMessage: decodeMessage(deps),
  };
}

/** AWS STS (a global endpoint with regional ones: requests without a region are served as us-east-1). */
export function createStsService(deps: StsDeps, log?: (msg: string) => void) {
  const model = loadModel('sts');
  return {
    definition: {
      name: 'sts',
      model,
      codec: codecFor(model),
      handlers: asHandlerTable(stsHandlers(deps, log)),
      defaultRegion: 'us-east-1',
      anonymousOperations: ANONYMOUS,
    },
    authorization: STS_AUTHORIZATION,
  };
}
