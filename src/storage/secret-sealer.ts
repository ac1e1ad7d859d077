/**
 * Secrets at rest: AES-256-GCM under a key derived from the master key (HKDF-SHA256, fixed info
 * string), a random 96-bit IV per seal, bound to where the value is stored.
 *
 *   rs2:<base64(iv[12] | tag[16] | mark[16] | ciphertext)>
 *     AAD  = "rampart:rs2\n" + JSON.stringify([table, scope string (item-lines.ts), key])
 *     mark = HMAC-SHA256(mark key, iv | tag | ciphertext), first 16 bytes
 *
 * The AAD binds the value to its record: copied into another record it does not open. The mark
 * (its own HKDF key) says, without knowing the location, that this master key made the value, so a
 * restore can tell a genuine sealed value at the wrong place (refused) from user data that merely
 * starts with `rs2:` (kept as it is).
 *
 * Earlier versions wrote `rs1:` + base64(iv | tag | ciphertext) with a fixed AAD, bound to nothing.
 * `open` refuses them; the schema-3 migration and the restore of an old archive open them with
 * `openLegacy` and seal them again, bound.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { scopeToString } from './item-lines.js';
import { deriveKey } from './master-key.js';
import { StorageError, type SealContext, type SecretSealer } from './types.js';

/** Prefix of every sealed string; the digit is the format version. */
export const SEALED_PREFIX = 'rs2:';
/** Prefix of the unbound sealed strings of earlier versions (read by migrations only). */
export const LEGACY_SEALED_PREFIX = 'rs1:';
const DATA_KEY_INFO = 'rampart secret sealer v1 aes-256-gcm';
const MARK_KEY_INFO = 'rampart secret sealer v2 origin mark';
const LEGACY_AAD = Buffer.from('rampart:rs1', 'utf8');
const IV_BYTES = 12;
const TAG_BYTES = 16;
const MARK_BYTES = 16;
const HEAD_BYTES = IV_BYTES + TAG_BYTES + MARK_BYTES;

/** True when s looks like the output of SecretSealer.seal (it may still fail to open). */
export function isSealed(s: unknown): s is string {
  return typeof s === 'string' && s.startsWith(SEALED_PREFIX);
}

/** True when s looks like a sealed string of an earlier version (`rs1:`; user data may too). */
export function isLegacySealed(s: unknown): s is string {
  return typeof s === 'string' && s.startsWith(LEGACY_SEALED_PREFIX);
}

/** The additional authenticated data of a location: unambiguous (a JSON array of three strings). */
export function sealAad(where: SealContext): Buffer {
  return Buffer.from(`rampart:rs2\n${JSON.stringify([where.table, scopeToString(where.scope), where.key])}`, 'utf8');
}

/**
 * What a string that looks sealed is, seen from one location: `bound` (it opens there), `misplaced`
 * (this master key sealed it, for another location or with its bytes changed after sealing) or
 * `foreign` (not made by this master key: user data that starts with `rs2:`, or another key's).
 */
export type SealedKind = 'bound' | 'misplaced' | 'foreign';

/** The sealer of one master key, with what migrations and restores need besides seal and open. */
export interface MasterKeySealer extends SecretSealer {
  /** Classifies an `rs2:` string at `where` (anything else is `foreign`). */
  inspect(value: string, where: SealContext): SealedKind;
  /** The plaintext of an `rs1:` value this master key sealed, or undefined (user data, another key). */
  openLegacy(value: string): Buffer | undefined;
}

/** A sealer whose data key is derived from masterKey. */
export function createSecretSealer(masterKey: string): MasterKeySealer {
  const key = deriveKey(masterKey, DATA_KEY_INFO);
  const markKey = deriveKey(masterKey, MARK_KEY_INFO);
  const mark = (iv: Buffer, tag: Buffer, ct: Buffer): Buffer => createHmac('sha256', markKey).update(iv).update(tag).update(ct).digest().subarray(0, MARK_BYTES);
  const decrypt = (raw: Buffer, aad: Buffer, ctStart: number): Buffer | undefined => {
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES });
    decipher.setAAD(aad);
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    try {
      return Buffer.concat([decipher.update(raw.subarray(ctStart)), decipher.final()]);
    } catch {
      return undefined;
    }
  };
  const rawOf = (sealed: string): Buffer | undefined => {
    if (!isSealed(sealed)) return undefined;
    const raw = Buffer.from(sealed.slice(SEALED_PREFIX.length), 'base64');
    return raw.length < HEAD_BYTES ? undefined : raw;
  };
  return {
    seal(plaintext: string | Buffer, where: SealContext): string {
      const data = typeof plaintext === 'string' ? Buffer.from(plaintext, 'utf8') : plaintext;
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(sealAad(where));
      const ct = Buffer.concat([cipher.update(data), cipher.final()]);
      const tag = cipher.getAuthTag();
      return SEALED_PREFIX + Buffer.concat([iv, tag, mark(iv, tag, ct), ct]).toString('base64');
    },
    open(sealed: string, where: SealContext): Buffer {
      if (!isSealed(sealed)) {
        const what = isLegacySealed(sealed) ? 'an unbound rs1: value of an earlier version (the store was not migrated)' : 'not a sealed secret (missing rs2: prefix)';
        throw new StorageError('Corrupt', `Sealed secret of ${describeLocation(where)} is ${what}`);
      }
      const raw = rawOf(sealed);
      if (!raw) throw new StorageError('Corrupt', `Sealed secret of ${describeLocation(where)} is truncated`);
      const plain = decrypt(raw, sealAad(where), HEAD_BYTES);
      if (!plain) throw new StorageError('Corrupt', `Sealed secret of ${describeLocation(where)} failed authentication (wrong master key, sealed for another record, or tampered with)`);
      return plain;
    },
    inspect(value: string, where: SealContext): SealedKind {
      const raw = rawOf(value);
      if (!raw) return 'foreign';
      const iv = raw.subarray(0, IV_BYTES);
      const tag = raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES);
      const ct = raw.subarray(HEAD_BYTES);
      if (!timingSafeEqual(mark(iv, tag, ct), raw.subarray(IV_BYTES + TAG_BYTES, HEAD_BYTES))) return 'foreign';
      return decrypt(raw, sealAad(where), HEAD_BYTES) ? 'bound' : 'misplaced';
    },
    openLegacy(value: string): Buffer | undefined {
      if (!isLegacySealed(value)) return undefined;
      const raw = Buffer.from(value.slice(LEGACY_SEALED_PREFIX.length), 'base64');
      return raw.length < IV_BYTES + TAG_BYTES ? undefined : decrypt(raw, LEGACY_AAD, IV_BYTES + TAG_BYTES);
    },
  };
}

/** `table scope key` of a location, for messages (no secret in it). */
export function describeLocation(where: SealContext): string {
  return `${where.table} ${scopeToString(where.scope)} ${JSON.stringify(where.key)}`;
}
