/**
 * For tests only: a self-signed X.509 certificate made with `node:crypto` alone (a hand-written
 * DER encoding of RFC 5280's TBSCertificate, signed with SHA-256 and RSA), so that unit tests
 * anywhere in `src/` and the end-to-end tests can stand up a real signing IdP with a fresh key
 * without a development dependency.
 */
import { generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { bits, integer, name, oid, pem, seq, time, tlv } from '../der.js';

/** sha256WithRSAEncryption (1.2.840.113549.1.1.11) with NULL parameters. */
const SHA256_RSA = seq(oid('1.2.840.113549.1.1.11'), Buffer.from('0500', 'hex'));
const CN = '2.5.4.3';

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
    tlv(0xa0, integer(Buffer.from([2]))),
    integer(serial),
    SHA256_RSA,
    name([[CN, cn]]),
    seq(time(new Date(now - 86_400_000)), time(new Date(now + 10 * 365 * 86_400_000))),
    name([[CN, cn]]),
    publicKey.export({ type: 'spki', format: 'der' }),
  );
  const signature = sign('sha256', tbs, privateKey);
  const der = seq(tbs, SHA256_RSA, bits(signature));
  const b64 = der.toString('base64');
  const certificatePem = pem('CERTIFICATE', der);
  return { privateKey, privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, certificatePem, certificateBase64: b64 };
}
