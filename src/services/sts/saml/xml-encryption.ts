/**
 * XML Encryption (W3C XML Encryption 1.0 / 1.1) of a SAML `EncryptedAssertion`, decrypted with
 * `node:crypto` only: an `xenc:EncryptedData` whose content key comes in an `xenc:EncryptedKey`
 * (inside its `ds:KeyInfo`, or beside it in the EncryptedAssertion, as SAML 2.0 allows).
 *
 * - Key transport: RSA-OAEP, `xmlenc#rsa-oaep-mgf1p` (SHA-1 MGF1; the digest SHA-1) and
 *   `xmlenc11#rsa-oaep` (DigestMethod and MGF, SHA-1 by default) when digest and MGF hash are the
 *   same (Node's RSA-OAEP uses one hash for both). `xmlenc#rsa-1_5` is refused: PKCS#1 v1.5 key
 *   transport is open to Bleichenbacher's attack.
 * - Content: AES-GCM (`xmlenc11#aes128-gcm`, `aes192-gcm`, `aes256-gcm`; 12-byte IV, 16-byte tag)
 *   and AES-CBC (`xmlenc#aes128-cbc`, `aes192-cbc`, `aes256-cbc`; XML Encryption padding).
 *
 * Every failure to decrypt (no key fits, a tampered key or ciphertext, bad padding, a failed tag,
 * not UTF-8) is the one `DecryptionFailed`, with no detail, and the work done does not depend on
 * where it failed: when no private key opens the content key, a random key of the right length is
 * used, so the content decryption runs (and fails) as it would have. What is refused before any
 * secret is touched (an unknown or insecure algorithm, a malformed structure) is `XmlRefused`.
 */
import { constants, createDecipheriv, privateDecrypt, randomBytes, type KeyObject } from 'node:crypto';
import type { Element } from '@xmldom/xmldom';
import { attrOf, childrenNS, onlyChildNS, textOf, XmlRefused } from '../../../shared/xml/strict-xml.js';

export const XENC_NS = 'http://www.w3.org/2001/04/xmlenc#';
const XENC11_NS = 'http://www.w3.org/2009/xmlenc11#';
const DS_NS = 'http://www.w3.org/2000/09/xmldsig#';

/** Any failure to decrypt (one answer for all, see the module comment). */
export class DecryptionFailed extends Error {
  override readonly name = 'DecryptionFailed';
  constructor() {
    super('decryption failed');
  }
}

interface ContentAlgorithm {
  readonly cipher: string;
  readonly keyLength: number;
  readonly gcm: boolean;
}

const CONTENT: Readonly<Record<string, ContentAlgorithm>> = {
  [`${XENC11_NS}aes128-gcm`]: { cipher: 'aes-128-gcm', keyLength: 16, gcm: true },
  [`${XENC11_NS}aes192-gcm`]: { cipher: 'aes-192-gcm', keyLength: 24, gcm: true },
  [`${XENC11_NS}aes256-gcm`]: { cipher: 'aes-256-gcm', keyLength: 32, gcm: true },
  [`${XENC_NS}aes128-cbc`]: { cipher: 'aes-128-cbc', keyLength: 16, gcm: false },
  [`${XENC_NS}aes192-cbc`]: { cipher: 'aes-192-cbc', keyLength: 24, gcm: false },
  [`${XENC_NS}aes256-cbc`]: { cipher: 'aes-256-cbc', keyLength: 32, gcm: false },
};

const DIGESTS: Readonly<Record<string, string>> = {
  [`${DS_NS}sha1`]: 'sha1',
  'http://www.w3.org/2001/04/xmldsig-more#sha224': 'sha224',
  [`${XENC_NS}sha256`]: 'sha256',
  'http://www.w3.org/2001/04/xmldsig-more#sha384': 'sha384',
  [`${XENC_NS}sha512`]: 'sha512',
};

const MGFS: Readonly<Record<string, string>> = {
  [`${XENC11_NS}mgf1sha1`]: 'sha1',
  [`${XENC11_NS}mgf1sha224`]: 'sha224',
  [`${XENC11_NS}mgf1sha256`]: 'sha256',
  [`${XENC11_NS}mgf1sha384`]: 'sha384',
  [`${XENC11_NS}mgf1sha512`]: 'sha512',
};

/** EncryptedKeys considered at most (each is tried with each private key). */
const MAX_ENCRYPTED_KEYS = 4;
/** Private keys tried at most (a provider holds two). */
const MAX_PRIVATE_KEYS = 2;

/** How one EncryptedKey is to be opened. */
interface KeyTransport {
  readonly cipherValue: Buffer;
  readonly oaepHash: string;
  readonly oaepLabel?: Buffer;
}

function algorithmOf(e: Element): string {
  const method = onlyChildNS(e, XENC_NS, 'EncryptionMethod');
  const alg = method && attrOf(method, 'Algorithm');
  if (!alg) throw new XmlRefused('EncryptionMethod required');
  return alg;
}

/** The base64 content of `CipherData/CipherValue` (CipherReference is refused: nothing is fetched). */
function cipherValue(e: Element): Buffer {
  const data = onlyChildNS(e, XENC_NS, 'CipherData');
  const value = data && onlyChildNS(data, XENC_NS, 'CipherValue');
  if (!data || !value || childrenNS(data, XENC_NS, 'CipherReference').length) throw new XmlRefused('CipherValue required');
  const b64 = textOf(value).replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64) || b64.length % 4 !== 0) throw new XmlRefused('CipherValue is not base64');
  return Buffer.from(b64, 'base64');
}

/** The key transport of an EncryptedKey (XmlRefused for algorithms not accepted). */
function keyTransport(ek: Element): KeyTransport {
  const alg = algorithmOf(ek);
  if (alg === `${XENC_NS}rsa-1_5`) throw new XmlRefused('RSA-1_5 key transport is insecure and not accepted');
  const method = onlyChildNS(ek, XENC_NS, 'EncryptionMethod')!;
  const digestEl = onlyChildNS(method, DS_NS, 'DigestMethod');
  const digest = digestEl ? DIGESTS[attrOf(digestEl, 'Algorithm') ?? ''] : 'sha1';
  if (!digest) throw new XmlRefused('digest not accepted');
  let mgf = 'sha1';
  if (alg === `${XENC11_NS}rsa-oaep`) {
    const mgfEl = onlyChildNS(method, XENC11_NS, 'MGF');
    if (mgfEl) mgf = MGFS[attrOf(mgfEl, 'Algorithm') ?? ''] ?? '';
  } else if (alg !== `${XENC_NS}rsa-oaep-mgf1p`) {
    throw new XmlRefused('key transport not accepted');
  }
  // Node's RSA-OAEP hashes the label and masks with the same digest.
  if (mgf !== digest) throw new XmlRefused('RSA-OAEP with a digest other than its MGF1 digest is not supported');
  const params = onlyChildNS(method, XENC_NS, 'OAEPparams');
  const label = params ? Buffer.from(textOf(params), 'base64') : undefined;
  return { cipherValue: cipherValue(ek), oaepHash: digest, ...(label?.length ? { oaepLabel: label } : {}) };
}

/** The EncryptedKeys of `encryptedAssertion`'s EncryptedData: in its KeyInfo, then beside it. */
function encryptedKeys(encryptedAssertion: Element, data: Element): Element[] {
  const keyInfo = onlyChildNS(data, DS_NS, 'KeyInfo');
  const keys = [...(keyInfo ? childrenNS(keyInfo, XENC_NS, 'EncryptedKey') : []), ...childrenNS(encryptedAssertion, XENC_NS, 'EncryptedKey')];
  if (keys.length === 0) throw new XmlRefused('no EncryptedKey');
  if (keys.length > MAX_ENCRYPTED_KEYS) throw new XmlRefused('too many EncryptedKeys');
  return keys;
}

/** The content keys that the private keys open (of the right length). */
function contentKeys(transports: readonly KeyTransport[], privateKeys: readonly KeyObject[], keyLength: number): Buffer[] {
  const out: Buffer[] = [];
  for (const t of transports) {
    for (const key of privateKeys.slice(0, MAX_PRIVATE_KEYS)) {
      try {
        const cek = privateDecrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: t.oaepHash, ...(t.oaepLabel ? { oaepLabel: t.oaepLabel } : {}) }, t.cipherValue);
        if (cek.length === keyLength) out.push(cek);
      } catch {
        // Not this key: the next one is tried; the reason is never told.
      }
    }
  }
  return out;
}

/** The plaintext of `ciphertext` under `key`, or undefined. */
function decryptContent(alg: ContentAlgorithm, key: Buffer, ciphertext: Buffer): Buffer | undefined {
  try {
    if (alg.gcm) {
      if (ciphertext.length < 12 + 16) return undefined;
      const d = createDecipheriv(alg.cipher as 'aes-256-gcm', key, ciphertext.subarray(0, 12), { authTagLength: 16 });
      d.setAuthTag(ciphertext.subarray(ciphertext.length - 16));
      return Buffer.concat([d.update(ciphertext.subarray(12, ciphertext.length - 16)), d.final()]);
    }
    if (ciphertext.length < 32 || ciphertext.length % 16 !== 0) return undefined;
    const d = createDecipheriv(alg.cipher, key, ciphertext.subarray(0, 16));
    d.setAutoPadding(false);
    const padded = Buffer.concat([d.update(ciphertext.subarray(16)), d.final()]);
    // XML Encryption padding: the last byte tells how many bytes (1..16) to strip.
    const pad = padded[padded.length - 1]!;
    return pad >= 1 && pad <= 16 ? padded.subarray(0, padded.length - pad) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The decrypted text of `encryptedAssertion` (a `saml:EncryptedAssertion` element) with one of
 * `privateKeys`. Throws XmlRefused for a structure or algorithm not accepted, DecryptionFailed
 * when it cannot be decrypted.
 */
export function decryptEncryptedElement(encryptedAssertion: Element, privateKeys: readonly KeyObject[]): string {
  const [data, ...more] = childrenNS(encryptedAssertion, XENC_NS, 'EncryptedData');
  if (!data || more.length) throw new XmlRefused('one EncryptedData expected');
  const type = attrOf(data, 'Type');
  if (type !== undefined && type !== `${XENC_NS}Element`) throw new XmlRefused('EncryptedData must encrypt an element');
  const alg = CONTENT[algorithmOf(data)];
  if (!alg) throw new XmlRefused('content encryption not accepted');
  const transports = encryptedKeys(encryptedAssertion, data).map(keyTransport);
  const ciphertext = cipherValue(data);
  const keys = contentKeys(transports, privateKeys, alg.keyLength);
  // No key opened: a random one, so that the work does not tell an RSA failure from an AES one.
  if (keys.length === 0) keys.push(randomBytes(alg.keyLength));
  for (const key of keys) {
    const plain = decryptContent(alg, key, ciphertext);
    if (!plain) continue;
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(plain);
    } catch {
      continue;
    }
  }
  throw new DecryptionFailed();
}
