/**
 * Private keys of SAML providers (they decrypt encrypted assertions): checked to be a private key
 * (RSA, as XML encryption's key transport needs), sealed for the provider's record at once, and
 * never shown again: AWS answers only their KeyId and Timestamp. At most two per provider, so that
 * a key can be rotated.
 */
import { createPrivateKey, randomBytes } from 'node:crypto';
import type { SecretSealer } from '../../../storage/types.js';
import { samlProviderSecretsAt, type SamlPrivateKeyRecord } from '../../../authz/saml-provider-records.js';
import { invalidInput, limitExceeded } from '../errors.js';

/** Private keys per provider. */
export const MAX_PRIVATE_KEYS = 2;

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** A new KeyId: 26 characters of `[A-Z0-9]` (the model's pattern, 22..64). */
function newKeyId(): string {
  let id = '';
  for (const b of randomBytes(26)) id += ID_ALPHABET[b % ID_ALPHABET.length];
  return id;
}

/** Whether `pem` is an RSA private key (never logged, never echoed). */
function isRsaPrivateKey(pem: string): boolean {
  if (!pem.includes('PRIVATE KEY-----')) return false;
  try {
    const key = createPrivateKey({ key: pem, format: 'pem' });
    return key.asymmetricKeyType === 'rsa' && (key.asymmetricKeyDetails?.modulusLength ?? 0) >= 2048;
  } catch {
    return false;
  }
}

/** The provider's keys with `pem` added, sealed for the provider's record. */
export function addPrivateKey(keys: readonly SamlPrivateKeyRecord[], pem: string, at: { accountId: string; name: string; now: string; sealer: SecretSealer }): SamlPrivateKeyRecord[] {
  if (!isRsaPrivateKey(pem)) throw invalidInput('Invalid private key.');
  if (keys.length >= MAX_PRIVATE_KEYS) throw limitExceeded(`Private key limit of ${MAX_PRIVATE_KEYS} is reached.`);
  const sealedKey = at.sealer.seal(pem, samlProviderSecretsAt(at.accountId, at.name));
  return [...keys, { keyId: newKeyId(), timestamp: at.now, sealedKey }];
}

/** The provider's keys without `keyId` (InvalidInput when it has no such key). */
export function removePrivateKey(keys: readonly SamlPrivateKeyRecord[], keyId: string): SamlPrivateKeyRecord[] {
  if (!keys.some((k) => k.keyId === keyId)) throw invalidInput('Failed to remove private key because the Key ID does not match a private key.');
  return keys.filter((k) => k.keyId !== keyId);
}
