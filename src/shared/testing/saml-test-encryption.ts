/**
 * For tests only: what an IdP does to encrypt an assertion for a service provider (XML Encryption,
 * `node:crypto` only): the `saml:Assertion` of a response becomes a `saml:EncryptedAssertion`
 * whose `xenc:EncryptedData` holds the assertion's text under a fresh AES key, itself encrypted
 * with the provider's RSA public key in an `xenc:EncryptedKey`.
 */
import { constants, createCipheriv, publicEncrypt, randomBytes, type KeyLike } from 'node:crypto';

const XENC = 'http://www.w3.org/2001/04/xmlenc#';
const XENC11 = 'http://www.w3.org/2009/xmlenc11#';

/** How to encrypt (defaults: AES-256-GCM content, RSA-OAEP-MGF1P key transport, key inside KeyInfo). */
export interface TestEncryption {
  readonly content?: 'aes128-gcm' | 'aes256-gcm' | 'aes128-cbc' | 'aes256-cbc';
  /** `oaep11` is `xmlenc11#rsa-oaep` with SHA-256 digest and MGF1-SHA256; `rsa-1_5` is what an insecure IdP sends. */
  readonly keyTransport?: 'oaep-mgf1p' | 'oaep11' | 'rsa-1_5';
  /** The EncryptedKey beside the EncryptedData (SAML 2.0 allows it) rather than inside its KeyInfo. */
  readonly keyOutside?: boolean;
}

const CONTENT = {
  'aes128-gcm': { uri: `${XENC11}aes128-gcm`, cipher: 'aes-128-gcm', keyLength: 16 },
  'aes256-gcm': { uri: `${XENC11}aes256-gcm`, cipher: 'aes-256-gcm', keyLength: 32 },
  'aes128-cbc': { uri: `${XENC}aes128-cbc`, cipher: 'aes-128-cbc', keyLength: 16 },
  'aes256-cbc': { uri: `${XENC}aes256-cbc`, cipher: 'aes-256-cbc', keyLength: 32 },
} as const;

function encryptContent(alg: (typeof CONTENT)[keyof typeof CONTENT], key: Buffer, plain: Buffer): Buffer {
  if (alg.cipher.endsWith('gcm')) {
    const iv = randomBytes(12);
    const c = createCipheriv(alg.cipher as 'aes-256-gcm', key, iv, { authTagLength: 16 });
    const body = Buffer.concat([c.update(plain), c.final()]);
    return Buffer.concat([iv, body, c.getAuthTag()]);
  }
  const iv = randomBytes(16);
  const c = createCipheriv(alg.cipher, key, iv);
  return Buffer.concat([iv, c.update(plain), c.final()]); // PKCS#7 padding is valid XML Encryption padding
}

function encryptedKey(publicKey: KeyLike, cek: Buffer, transport: NonNullable<TestEncryption['keyTransport']>): string {
  if (transport === 'rsa-1_5') {
    const v = publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_PADDING }, cek).toString('base64');
    return `<xenc:EncryptedKey><xenc:EncryptionMethod Algorithm="${XENC}rsa-1_5"/><xenc:CipherData><xenc:CipherValue>${v}</xenc:CipherValue></xenc:CipherData></xenc:EncryptedKey>`;
  }
  const sha256 = transport === 'oaep11';
  const v = publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: sha256 ? 'sha256' : 'sha1' }, cek).toString('base64');
  const method = sha256
    ? `<xenc:EncryptionMethod Algorithm="${XENC11}rsa-oaep"><ds:DigestMethod xmlns:ds="http://www.w3.org/2000/09/xmldsig#" Algorithm="${XENC}sha256"/><xenc11:MGF xmlns:xenc11="${XENC11}" Algorithm="${XENC11}mgf1sha256"/></xenc:EncryptionMethod>`
    : `<xenc:EncryptionMethod Algorithm="${XENC}rsa-oaep-mgf1p"><ds:DigestMethod xmlns:ds="http://www.w3.org/2000/09/xmldsig#" Algorithm="http://www.w3.org/2000/09/xmldsig#sha1"/></xenc:EncryptionMethod>`;
  return `<xenc:EncryptedKey>${method}<xenc:CipherData><xenc:CipherValue>${v}</xenc:CipherValue></xenc:CipherData></xenc:EncryptedKey>`;
}

/** A `saml:EncryptedAssertion` holding `text` (an assertion's XML, or anything a test wants to encrypt) for `publicKey`. */
export function encryptedElement(text: string, publicKey: KeyLike, opts: TestEncryption = {}): string {
  const alg = CONTENT[opts.content ?? 'aes256-gcm'];
  const cek = randomBytes(alg.keyLength);
  const cipher = encryptContent(alg, cek, Buffer.from(text, 'utf8')).toString('base64');
  const ek = encryptedKey(publicKey, cek, opts.keyTransport ?? 'oaep-mgf1p');
  const keyInfo = opts.keyOutside ? '' : `<ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#">${ek}</ds:KeyInfo>`;
  const data =
    `<xenc:EncryptedData xmlns:xenc="${XENC}" Type="${XENC}Element"><xenc:EncryptionMethod Algorithm="${alg.uri}"/>${keyInfo}` +
    `<xenc:CipherData><xenc:CipherValue>${cipher}</xenc:CipherValue></xenc:CipherData></xenc:EncryptedData>`;
  const outside = opts.keyOutside ? ek.replace('<xenc:EncryptedKey>', `<xenc:EncryptedKey xmlns:xenc="${XENC}">`) : '';
  return `<saml:EncryptedAssertion>${data}${outside}</saml:EncryptedAssertion>`;
}

/** `responseXml` with its (signed or not) `saml:Assertion` replaced by a `saml:EncryptedAssertion` for `publicKey`. */
export function encryptAssertion(responseXml: string, publicKey: KeyLike, opts: TestEncryption = {}): string {
  const m = /<saml:Assertion[\s\S]*<\/saml:Assertion>/.exec(responseXml);
  if (!m) throw new Error('no assertion to encrypt');
  return responseXml.replace(m[0], () => encryptedElement(m[0], publicKey, opts));
}
