/**
 * AWS KMS: symmetric, asymmetric (RSA, ECC, Ed25519) and HMAC keys (origin AWS_KMS), their lifecycle,
 * aliases, tags, key policies enforced as resource policies that must grant, and the symmetric
 * cryptographic operations (handlers/asymmetric.ts: signing, MAC, key agreement, RSA encryption,
 * data key pairs). State is per account and region (store.ts). README.md lists what is
 * served and the behaviour decisions.
 */
import { codecFor } from '../../protocol/codecs.js';
import { loadModel } from '../../protocol/model/load-model.js';
import { asHandlerTable, notServed } from '../../protocol/service-definition.js';
import type { ServiceModule, ServiceParts } from '../service-module.js';
import type { KmsHandlers } from './api.generated.js';
import { kmsAuthorization } from './authz.js';
import type { KmsDeps } from './deps.js';
import { aliasHandlers } from './handlers/aliases.js';
import { asymmetricHandlers } from './handlers/asymmetric.js';
import { cryptoHandlers } from './handlers/crypto.js';
import { keyHandlers } from './handlers/keys.js';
import { policyAndTagHandlers } from './handlers/policies-and-tags.js';

/** Operations not served yet, each named (they answer as AWS answers an operation it does not know). */
const NOT_SERVED = notServed([
  'ConnectCustomKeyStore',
  'CreateCustomKeyStore',
  'CreateGrant',
  'DeleteCustomKeyStore',
  'DeleteImportedKeyMaterial',
  'DescribeCustomKeyStores',
  'DisableKeyRotation',
  'DisconnectCustomKeyStore',
  'EnableKeyRotation',
  'GetKeyLastUsage',
  'GetKeyRotationStatus',
  'GetParametersForImport',
  'ImportKeyMaterial',
  'ListGrants',
  'ListKeyRotations',
  'ListRetirableGrants',
  'ReplicateKey',
  'RetireGrant',
  'RevokeGrant',
  'RotateKeyOnDemand',
  'UpdateCustomKeyStore',
  'UpdatePrimaryRegion',
]);

export function kmsHandlers(deps: KmsDeps): KmsHandlers {
  const symmetric = cryptoHandlers(deps);
  return {
    ...NOT_SERVED,
    ...keyHandlers(deps),
    ...symmetric,
    ...aliasHandlers(deps),
    ...policyAndTagHandlers(deps),
    ...asymmetricHandlers(deps, symmetric),
  };
}

/** AWS KMS (a regional service: keys and aliases belong to one account and region). */
export function createKmsService(parts: ServiceParts): ServiceModule {
  const model = loadModel('kms');
  const deps: KmsDeps = { store: parts.store, authorizer: parts.authorizer };
  return {
    definition: { name: 'kms', model, codec: codecFor(model), handlers: asHandlerTable(kmsHandlers(deps)) },
    authorization: kmsAuthorization(parts.store),
  };
}
