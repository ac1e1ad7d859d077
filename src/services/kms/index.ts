/**
 * AWS KMS: symmetric, asymmetric (RSA, ECC, Ed25519) and HMAC keys, their lifecycle (rotation,
 * imported material, multi-Region keys, AWS managed keys, a scheduler for due work), grants, aliases,
 * tags, key policies enforced as resource policies that must grant, and the cryptographic operations
 * (handlers/asymmetric.ts: signing, MAC, key agreement, RSA encryption, data key pairs). State is per
 * account and region (store.ts). README.md lists what is served and the behaviour decisions.
 */
import { codecFor } from '../../protocol/codecs.js';
import { loadModel } from '../../protocol/model/load-model.js';
import { ReadCache } from '../../storage/read-cache.js';
import { asHandlerTable, notServed } from '../../protocol/service-definition.js';
import type { ServiceModule, ServiceParts } from '../service-module.js';
import type { KmsHandlers } from './api.generated.js';
import { kmsAuthorization } from './authz.js';
import type { KmsDeps } from './deps.js';
import { aliasHandlers } from './handlers/aliases.js';
import { asymmetricHandlers } from './handlers/asymmetric.js';
import { cryptoHandlers } from './handlers/crypto.js';
import { grantHandlers } from './handlers/grants.js';
import { checkingGrantTokens } from './grants.js';
import { importHandlers } from './handlers/import.js';
import { keyHandlers } from './handlers/keys.js';
import { policyAndTagHandlers } from './handlers/policies-and-tags.js';
import { replicaHandlers } from './handlers/replicas.js';
import { rotationHandlers } from './handlers/rotation.js';
import { KmsScheduler } from './scheduler.js';
import { KMS_TABLES } from './store.js';

/** Operations not served yet, each named (they answer as AWS answers an operation it does not know). */
const NOT_SERVED = notServed([
  'ConnectCustomKeyStore',
  'CreateCustomKeyStore',
  'DeleteCustomKeyStore',
  'DescribeCustomKeyStores',
  'DisconnectCustomKeyStore',
  'GetKeyLastUsage',
  'UpdateCustomKeyStore',
]);

export function kmsHandlers(deps: KmsDeps): KmsHandlers {
  const symmetric = cryptoHandlers(deps);
  return {
    ...NOT_SERVED,
    ...checkingGrantTokens(deps.store, {
      ...keyHandlers(deps),
      ...symmetric,
      ...aliasHandlers(deps),
      ...policyAndTagHandlers(deps),
      ...grantHandlers(deps),
      ...rotationHandlers(deps),
      ...importHandlers(deps),
      ...replicaHandlers(deps),
      ...asymmetricHandlers(deps, symmetric),
    }),
  };
}

/** AWS KMS (a regional service: keys and aliases belong to one account and region). */
export function createKmsService(parts: ServiceParts): ServiceModule {
  const model = loadModel('kms');
  const reader = new ReadCache(parts.store, new Set([KMS_TABLES.keys, KMS_TABLES.material, KMS_TABLES.aliases]));
  const deps: KmsDeps = { store: parts.store, reader, authorizer: parts.authorizer };
  // Key deletion, automatic rotation and material expiry on time (one node acts: see lease.ts).
  const scheduler = new KmsScheduler(parts.store, { now: parts.clock, log: parts.log });
  return {
    definition: { name: 'kms', model, codec: codecFor(model), handlers: asHandlerTable(kmsHandlers(deps)) },
    authorization: kmsAuthorization(parts.store, reader, parts.clock),
    start: () => scheduler.start(),
    stop: () => scheduler.stop(),
  };
}
