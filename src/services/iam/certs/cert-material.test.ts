/**
 * For tests only (unit and end-to-end): real keys and X.509 certificates made on the spot with
 * node's webcrypto and @peculiar/x509 (a dev dependency, hence the `.test.ts` name; this file holds
 * no tests of its own), and OpenSSH public key text built from a key's JWK in RFC 4253's wire format.
 */
import { createPublicKey, webcrypto, type KeyObject } from 'node:crypto';

type CryptoKeyPair = webcrypto.CryptoKeyPair;
type Algorithm = webcrypto.Algorithm;
type EcdsaParams = webcrypto.EcdsaParams;

// @peculiar/x509 loads tsyringe, which wants a Reflect metadata polyfill (its own dev dependency,
// not installed here): the three functions it calls, over a WeakMap.
const metadata = new WeakMap<object, Map<string, unknown>>();
const R = Reflect as unknown as Record<string, unknown>;
if (typeof R['getMetadata'] !== 'function') {
  const own = (key: string, target: object) => metadata.get(target)?.get(key);
  R['defineMetadata'] = (key: string, value: unknown, target: object) => {
    if (!metadata.has(target)) metadata.set(target, new Map());
    metadata.get(target)!.set(key, value);
  };
  R['getOwnMetadata'] = own;
  R['getMetadata'] = (key: string, target: object): unknown => {
    for (let t: object | null = target; t; t = Object.getPrototypeOf(t) as object | null) if (metadata.get(t)?.has(key)) return own(key, t);
    return undefined;
  };
}
const x509 = await import('@peculiar/x509');
x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

const RSA_ALG = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]) };

/** A key pair usable for certificates. */
export interface TestKeys {
  readonly pair: CryptoKeyPair;
  /** PKCS#8 PEM of the private key. */
  readonly privatePem: string;
  readonly publicKey: KeyObject;
}

function pem(label: string, der: ArrayBuffer): string {
  const b64 = Buffer.from(der).toString('base64');
  return `-----BEGIN ${label}-----\n${b64.match(/.{1,64}/g)!.join('\n')}\n-----END ${label}-----\n`;
}

/** An RSA key pair of `bits` (RSASSA-PKCS1-v1_5, SHA-256). */
export async function rsaKeys(bits = 2048): Promise<TestKeys> {
  const pair = (await webcrypto.subtle.generateKey({ ...RSA_ALG, modulusLength: bits }, true, ['sign', 'verify'])) as CryptoKeyPair;
  return keysOf(pair);
}

/** An ECDSA P-256 key pair. */
export async function ecKeys(): Promise<TestKeys> {
  const pair = (await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify'])) as CryptoKeyPair;
  return keysOf(pair);
}

async function keysOf(pair: CryptoKeyPair): Promise<TestKeys> {
  const privatePem = pem('PRIVATE KEY', await webcrypto.subtle.exportKey('pkcs8', pair.privateKey));
  const spki = Buffer.from(await webcrypto.subtle.exportKey('spki', pair.publicKey));
  return { pair, privatePem, publicKey: createPublicKey({ key: spki, format: 'der', type: 'spki' }) };
}

function signingAlgorithm(keys: TestKeys): Algorithm | EcdsaParams {
  return keys.pair.privateKey.algorithm.name === 'ECDSA' ? ({ name: 'ECDSA', hash: 'SHA-256' } as EcdsaParams) : RSA_ALG;
}

/** Validity of a test certificate. */
export interface Validity {
  readonly notBefore?: Date;
  readonly notAfter?: Date;
}

const DAY = 86_400_000;

/** A self-signed certificate (PEM) for `keys`, valid from yesterday for a year unless told. */
export async function selfSigned(keys: TestKeys, cn = 'rampart.test', v: Validity = {}): Promise<string> {
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    name: `CN=${cn}`,
    keys: keys.pair,
    notBefore: v.notBefore ?? new Date(Date.now() - DAY),
    notAfter: v.notAfter ?? new Date(Date.now() + 365 * DAY),
    signingAlgorithm: signingAlgorithm(keys),
  });
  return cert.toString('pem');
}

/** A certificate for `subject` (CN `cn`) issued by `issuer` (whose certificate's CN is `issuerCn`). */
export async function issuedBy(subject: TestKeys, cn: string, issuer: TestKeys, issuerCn: string): Promise<string> {
  const cert = await x509.X509CertificateGenerator.create({
    subject: `CN=${cn}`,
    issuer: `CN=${issuerCn}`,
    publicKey: subject.pair.publicKey,
    signingKey: issuer.pair.privateKey,
    notBefore: new Date(Date.now() - DAY),
    notAfter: new Date(Date.now() + 365 * DAY),
    signingAlgorithm: signingAlgorithm(issuer),
  });
  return cert.toString('pem');
}

function wireString(b: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(b.length);
  return Buffer.concat([len, b]);
}

function mpint(b64url: string): Buffer {
  const mag = Buffer.from(b64url, 'base64url');
  return wireString(mag[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), mag]) : mag);
}

/** `ssh-rsa AAAA... comment` of an RSA public key (RFC 4253: string "ssh-rsa", mpint e, mpint n). */
export function opensshRsa(key: KeyObject, comment = 'test@rampart'): string {
  const jwk = key.export({ format: 'jwk' });
  const blob = Buffer.concat([wireString(Buffer.from('ssh-rsa')), mpint(jwk.e!), mpint(jwk.n!)]);
  return `ssh-rsa ${blob.toString('base64')} ${comment}`;
}

/** `ssh-ed25519 AAAA...` of an Ed25519 public key (string "ssh-ed25519", string key). */
export function opensshEd25519(key: KeyObject): string {
  const raw = Buffer.from(key.export({ format: 'jwk' }).x!, 'base64url');
  return `ssh-ed25519 ${Buffer.concat([wireString(Buffer.from('ssh-ed25519')), wireString(raw)]).toString('base64')} test@rampart`;
}
