/** The handlers of asymmetric and HMAC keys, and the symmetric encryption handlers wrapped for RSA keys. */
import type { KmsDeps, OpHandlers } from '../deps.js';
import { dataKeyPairHandlers } from './data-key-pairs.js';
import { keyAgreementHandlers } from './key-agreement.js';
import { macHandlers } from './mac.js';
import { rsaEncryptionHandlers, type SymmetricOps } from './rsa-encryption.js';
import { signingHandlers } from './signing.js';

export function asymmetricHandlers(deps: KmsDeps, symmetric: OpHandlers<SymmetricOps>) {
  return {
    ...signingHandlers(deps),
    ...macHandlers(deps),
    ...keyAgreementHandlers(deps),
    ...dataKeyPairHandlers(deps, symmetric),
    ...rsaEncryptionHandlers(deps, symmetric),
  };
}
