/**
 * Key material of asymmetric and HMAC keys and the cryptography done with it. Private keys are kept
 * as PKCS#8 DER and HMAC keys as raw bytes, sealed in the material table like symmetric material
 * (deps.ts materialAt/materialOf). RSA key pairs are made off the event loop (rsa-keygen.ts: a
 * low-priority worker thread); EC and Ed25519 pairs (fast) by the asynchronous crypto.generateKeyPair.
 */
import {
  constants,
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPair,
  privateDecrypt,
  privateEncrypt,
  publicDecrypt,
  publicEncrypt,
  randomBytes,
  sign,
  timingSafeEqual,
  verify,
  type KeyObject,
} from 'node:crypto';
import { promisify } from 'node:util';
import type { EncryptionAlgorithmSpec } from './api.generated.js';
import { signDigest, verifyDigest } from './ecdsa-digest.js';
import { generateRsa } from './rsa-keygen.js';
import { OAEP_HASH, SIGNING, type Hash, type KeyKind, type SigningInfo } from './key-specs.js';

const generate = promisify(generateKeyPair);

/** A new private key of this kind as PKCS#8 DER (HMAC: random bytes of the spec's size). */
export async function newKeyMaterial(kind: KeyKind): Promise<Buffer> {
  switch (kind.kind) {
    case 'symmetric':
      return randomBytes(32);
    case 'hmac':
      return randomBytes(kind.bytes);
    case 'rsa':
      return generateRsa(kind.bits);
    case 'ec':
      return (await generate('ec', { namedCurve: kind.curve, privateKeyEncoding: { type: 'pkcs8', format: 'der' }, publicKeyEncoding: { type: 'spki', format: 'der' } })).privateKey;
    case 'ed25519':
      return (await generate('ed25519', { privateKeyEncoding: { type: 'pkcs8', format: 'der' }, publicKeyEncoding: { type: 'spki', format: 'der' } })).privateKey;
  }
}

export const privateKeyOf = (pkcs8: Buffer): KeyObject => createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' });

/** The DER SubjectPublicKeyInfo of a private key. */
export const publicKeyDer = (priv: KeyObject): Buffer => createPublicKey(priv).export({ format: 'der', type: 'spki' });

const DIGEST_INFO: Readonly<Record<Hash, Buffer>> = {
  sha224: Buffer.from('302d300d06096086480165030402040500041c', 'hex'),
  sha256: Buffer.from('3031300d060960864801650304020105000420', 'hex'),
  sha384: Buffer.from('3041300d060960864801650304020205000430', 'hex'),
  sha512: Buffer.from('3051300d060960864801650304020305000440', 'hex'),
};

/** MGF1 (RFC 8017 B.2.1). */
function mgf1(hash: Hash, seed: Buffer, len: number): Buffer {
  const out: Buffer[] = [];
  for (let i = 0, have = 0; have < len; i++) {
    const c = Buffer.alloc(4);
    c.writeUInt32BE(i);
    const h = createHash(hash).update(seed).update(c).digest();
    out.push(h);
    have += h.length;
  }
  return Buffer.concat(out).subarray(0, len);
}

const modBits = (k: KeyObject): number => k.asymmetricKeyDetails?.modulusLength ?? 0;

/** EMSA-PSS-ENCODE of a digest (RFC 8017 §9.1.1), salt length = hash length, as AWS signs. */
function pssEncode(hash: Hash, mHash: Buffer, emBits: number): Buffer {
  const hLen = mHash.length;
  const emLen = Math.ceil(emBits / 8);
  const salt = randomBytes(hLen);
  const H = createHash(hash).update(Buffer.alloc(8)).update(mHash).update(salt).digest();
  const db = Buffer.concat([Buffer.alloc(emLen - 2 * hLen - 2), Buffer.from([1]), salt]);
  const mask = mgf1(hash, H, db.length);
  for (let i = 0; i < db.length; i++) db[i]! ^= mask[i]!;
  db[0]! &= 0xff >> (8 * emLen - emBits);
  return Buffer.concat([db, H, Buffer.from([0xbc])]);
}

/** EMSA-PSS-VERIFY (RFC 8017 §9.1.2), any salt length. */
function pssVerify(hash: Hash, mHash: Buffer, em: Buffer, emBits: number): boolean {
  const hLen = mHash.length;
  const emLen = Math.ceil(emBits / 8);
  if (em.length !== emLen || emLen < hLen + 2 || em[emLen - 1] !== 0xbc) return false;
  const db = Buffer.from(em.subarray(0, emLen - hLen - 1));
  const H = em.subarray(emLen - hLen - 1, emLen - 1);
  const top = 0xff >> (8 * emLen - emBits);
  if ((db[0]! & ~top) !== 0) return false;
  const mask = mgf1(hash, H, db.length);
  for (let i = 0; i < db.length; i++) db[i]! ^= mask[i]!;
  db[0]! &= top;
  const one = db.indexOf(1);
  if (one < 0 || db.subarray(0, one).some((x) => x !== 0)) return false;
  const salt = db.subarray(one + 1);
  const H2 = createHash(hash).update(Buffer.alloc(8)).update(mHash).update(salt).digest();
  return timingSafeEqual(H, H2);
}

/** The raw RSA public operation m = s^e mod n, left-padded to the modulus length. */
function rsaPublicRaw(pub: KeyObject, sig: Uint8Array): Buffer | undefined {
  const k = modBits(pub) / 8;
  if (sig.length !== k) return undefined;
  try {
    const m = publicDecrypt({ key: pub, padding: constants.RSA_NO_PADDING }, sig);
    return m.length === k ? m : Buffer.concat([Buffer.alloc(k - m.length), m]);
  } catch {
    return undefined;
  }
}

/** Signs a message (RAW: hashed here; DIGEST: the caller's hash) with a private key. */
export function signWith(priv: KeyObject, alg: SigningInfo, message: Uint8Array, digest: boolean, curve?: string): Buffer {
  if (!digest) {
    if (alg.scheme === 'ed25519') return sign(null, message, priv);
    if (alg.scheme === 'pss') return sign(alg.hash, message, { key: priv, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: alg.digest });
    if (alg.scheme === 'pkcs1') return sign(alg.hash, message, { key: priv, padding: constants.RSA_PKCS1_PADDING });
    return sign(alg.hash, message, { key: priv, dsaEncoding: 'der' });
  }
  const d = Buffer.from(message);
  if (alg.scheme === 'pkcs1') return privateEncrypt({ key: priv, padding: constants.RSA_PKCS1_PADDING }, Buffer.concat([DIGEST_INFO[alg.hash], d]));
  if (alg.scheme === 'pss') return privateEncrypt({ key: priv, padding: constants.RSA_NO_PADDING }, pssEncode(alg.hash, d, modBits(priv) - 1));
  if (alg.scheme === 'ecdsa') return signDigest(curve as Parameters<typeof signDigest>[0], priv, d);
  throw new Error('no DIGEST signing for this scheme');
}

/** Whether a signature is valid; malformed signatures are simply invalid. */
export function verifyWith(pub: KeyObject, alg: SigningInfo, message: Uint8Array, digest: boolean, signature: Uint8Array, curve?: string): boolean {
  try {
    if (!digest) {
      if (alg.scheme === 'ed25519') return verify(null, message, pub, signature);
      if (alg.scheme === 'pss') return verify(alg.hash, message, { key: pub, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_AUTO }, signature);
      if (alg.scheme === 'pkcs1') return verify(alg.hash, message, { key: pub, padding: constants.RSA_PKCS1_PADDING }, signature);
      return verify(alg.hash, message, { key: pub, dsaEncoding: 'der' }, signature);
    }
    const d = Buffer.from(message);
    if (alg.scheme === 'ecdsa') return verifyDigest(curve as Parameters<typeof verifyDigest>[0], pub, d, signature);
    const em = rsaPublicRaw(pub, signature);
    if (!em) return false;
    if (alg.scheme === 'pss') {
      const emBits = modBits(pub) - 1;
      return pssVerify(alg.hash, d, em.subarray(em.length - Math.ceil(emBits / 8)), emBits);
    }
    if (alg.scheme === 'pkcs1') {
      const t = Buffer.concat([DIGEST_INFO[alg.hash], d]);
      const want = Buffer.concat([Buffer.from([0, 1]), Buffer.alloc(em.length - t.length - 3, 0xff), Buffer.from([0]), t]);
      return want.length === em.length && timingSafeEqual(want, em);
    }
    return false;
  } catch {
    return false;
  }
}

export const signingInfo = (alg: string): SigningInfo | undefined => SIGNING[alg as keyof typeof SIGNING];

const oaep = (key: KeyObject, alg: EncryptionAlgorithmSpec) => ({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: OAEP_HASH[alg]! });

/** RSAES-OAEP encryption with the public half of a private key (the raw ciphertext, as AWS returns it). */
export const rsaEncrypt = (priv: KeyObject, alg: EncryptionAlgorithmSpec, plaintext: Uint8Array): Buffer => publicEncrypt(oaep(createPublicKey(priv), alg), plaintext);

/** RSAES-OAEP decryption; undefined when the ciphertext does not decrypt. */
export function rsaDecrypt(priv: KeyObject, alg: EncryptionAlgorithmSpec, ciphertext: Uint8Array): Buffer | undefined {
  if (ciphertext.length !== modBits(priv) / 8) return undefined;
  try {
    return privateDecrypt(oaep(priv, alg), ciphertext);
  } catch {
    return undefined;
  }
}
