/**
 * How Rampart sealed secrets before values were bound to their records (`rs1:`): AES-256-GCM under
 * the same HKDF data key, a fixed AAD. Tests use it to build stores and archives of earlier versions.
 */
import { createCipheriv, randomBytes } from 'node:crypto';
import { deriveKey } from '../../src/storage/master-key.js';

/** `rs1:` + base64(iv | tag | ciphertext), exactly as the rs1 sealer wrote it. */
export function sealLegacy(masterKey: string, plaintext: string): string {
  const key = deriveKey(masterKey, 'rampart secret sealer v1 aes-256-gcm');
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from('rampart:rs1', 'utf8'));
  const ct = Buffer.concat([cipher.update(Buffer.from(plaintext, 'utf8')), cipher.final()]);
  return 'rs1:' + Buffer.concat([iv, cipher.getAuthTag(), ct]).toString('base64');
}
