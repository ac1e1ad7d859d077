/**
 * For tests only: a self-signed X.509 certificate made with `node:crypto` alone (a hand-written
 * DER encoding of RFC 5280's TBSCertificate, signed with SHA-256 and RSA), so that unit tests
 * anywhere in `src/` and the end-to-end tests can stand up a real signing IdP with a fresh key
 * without a development dependency.
 */
import { generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';

function len(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v >>= 8) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function tlv(tag: number, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content);
  return Buffer.concat([Buffer.from([tag]), len(body.length), body]);
}

const seq = (...c: Buffer[]) => tlv(0x30, ...c);
/** sha256WithRSAEncryption (1.2.840.113549.1.1.11) with NULL parameters. */
const SHA256_RSA = seq(Buffer.from('06092a864886f70d01010b', 'hex'), Buffer.from('0500', 'hex'));
/** commonName (2.5.4.3). */
const CN = Buffer.from('0603550403', 'hex');

function name(cn: string): Buffer {
  return seq(tlv(0x31, seq(CN, tlv(0x0c, Buffer.from(cn, 'utf8')))));
}

/** UTCTime before 2050, GeneralizedTime from 2050 (RFC 5280 4.1.2.5). */
function time(d: Date): Buffer {
  const iso = d.toISOString().replace(/[-:T]/g, '').slice(0, 14) + 'Z';
  return d.getUTCFullYear() < 2050 ? tlv(0x17, Buffer.from(iso.slice(2), 'ascii')) : tlv(0x18, Buffer.from(iso, 'ascii'));
}

/** A certificate and the key that signs with it. */
export interface TestSigningIdentity {
  readonly privateKey: KeyObject;
  /** PEM private key (PKCS#8). */
  readonly privateKeyPem: string;
  /** PEM certificate. */
  readonly certificatePem: string;
  /** The certificate's DER as base64 (what metadata's X509Certificate holds). */
  readonly certificateBase64: string;
}

/** A fresh RSA key (2048 bits unless told) and a self-signed certificate for `cn`, valid from yesterday for ten years. */
export function selfSignedIdentity(cn = 'idp.example.test', modulusLength = 2048): TestSigningIdentity {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength });
  const serial = randomBytes(8);
  serial[0] = serial[0]! & 0x7f;
  const now = Date.now();
  const tbs = seq(
    tlv(0xa0, tlv(0x02, Buffer.from([2]))),
    tlv(0x02, serial),
    SHA256_RSA,
    name(cn),
    seq(time(new Date(now - 86_400_000)), time(new Date(now + 10 * 365 * 86_400_000))),
    name(cn),
    publicKey.export({ type: 'spki', format: 'der' }),
  );
  const signature = sign('sha256', tbs, privateKey);
  const der = seq(tbs, SHA256_RSA, tlv(0x03, Buffer.from([0]), signature));
  const b64 = der.toString('base64');
  const certificatePem = `-----BEGIN CERTIFICATE-----\n${b64.replace(/(.{64})/g, '$1\n').replace(/\n$/, '')}\n-----END CERTIFICATE-----\n`;
  return { privateKey, privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, certificatePem, certificateBase64: b64 };
}
