/**
 * The private keys of a SAML provider, opened for one AssumeRoleWithSAML that carries an encrypted
 * assertion (never otherwise): unsealed from the provider's own record, parsed, kept in memory for
 * that request only, never logged.
 */
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { samlProviderSecretsAt, type SamlProviderRecord } from '../../../authz/saml-provider-records.js';
import type { SecretSealer } from '../../../storage/types.js';

/** Keys tried at most (IAM holds two per provider, so that one can be rotated). */
const MAX_KEYS = 2;

/** A function that opens `provider`'s keys once, when first called. */
export function decryptionKeysOf(sealer: SecretSealer, provider: SamlProviderRecord): () => readonly KeyObject[] {
  let keys: KeyObject[] | undefined;
  return () => {
    if (!keys) {
      const at = samlProviderSecretsAt(provider.arn.split(':')[4]!, provider.name);
      keys = (provider.privateKeys ?? []).slice(0, MAX_KEYS).map((k) => createPrivateKey({ key: sealer.open(k.sealedKey, at), format: 'pem' }));
    }
    return keys;
  };
}
