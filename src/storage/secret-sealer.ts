/**
 * Secrets at rest: AES-256-GCM under a key derived from the master key (HKDF-SHA256, fixed info
 * string), a random 96-bit IV per seal. Sealed form: `rs1:` + base64(iv[12] | tag[16] | ciphertext).
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { deriveKey } from './master-key.js';
import { StorageError, type SecretSealer } from './types.js';

/** Prefix of every sealed string; the digit is the format version. */
export const SEALED_PREFIX = 'rs1:';
const DATA_KEY_INFO = 'rampart secret sealer v1 aes-256-gcm';
const AAD = Buffer.from('rampart:rs1', 'utf8');
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** True when s looks like the output of SecretSealer.seal (it may still fail to open). */
export function isSealed(s: unknown): s is string {
  return typeof s === 'string' && s.startsWith(SEALED_PREFIX);
}

/** A sealer whose data key is derived from masterKey. */
export function createSecretSealer(masterKey: string): SecretSealer {
  const key = deriveKey(masterKey, DATA_KEY_INFO);
  return {
    seal(plaintext: string | Buffer): string {
      const data = typeof plaintext === 'string' ? Buffer.from(plaintext, 'utf8') : plaintext;
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(AAD);
      const ct = Buffer.concat([cipher.update(data), cipher.final()]);
      return SEALED_PREFIX + Buffer.concat([iv, cipher.getAuthTag(), ct]).toString('base64');
    },
    open(sealed: string): Buffer {
      if (!isSealed(sealed)) throw new StorageError('Corrupt', 'Not a sealed secret (missing rs1: prefix)');
      const raw = Buffer.from(sealed.slice(SEALED_PREFIX.length), 'base64');
      if (raw.length < IV_BYTES + TAG_BYTES) throw new StorageError('Corrupt', 'Sealed secret is truncated');
      const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES });
      decipher.setAAD(AAD);
      decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      try {
        return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
      } catch {
        throw new StorageError('Corrupt', 'Sealed secret failed authentication (wrong master key or tampered data)');
      }
    },
  };
}
