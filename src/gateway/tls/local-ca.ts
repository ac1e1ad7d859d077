/**
 * Rampart's local certificate authority for its HTTPS listener: a CA certificate (to hand to
 * clients as AWS_CA_BUNDLE) and a server certificate it signs for the names clients use
 * (localhost, *.localhost for S3's virtual-hosted buckets, 127.0.0.1, ::1 and the listen host).
 * ECDSA P-256 with SHA-256; the private keys never leave tls-material.ts except sealed.
 */
import { createHash, generateKeyPair, randomBytes, sign, type KeyObject } from 'node:crypto';
import { isIP } from 'node:net';
import { promisify } from 'node:util';
import { bits, extension, integer, name, oid, pem, seq, time, tlv, TRUE } from '../../shared/der.js';

const generate = promisify(generateKeyPair);
const ECDSA_SHA256 = seq(oid('1.2.840.10045.4.3.2'));
const DAY = 86_400_000;
const O = '2.5.4.10';
const CN = '2.5.4.3';

export interface IssuedKey {
  readonly certificatePem: string;
  readonly privateKeyPem: string;
}

/** A CA, with what a certificate it issues must name: its subject (DER) and key identifier. */
export interface IssuedCa extends IssuedKey {
  readonly subjectDer: Buffer;
  readonly keyId: Buffer;
}

export const newKey = async (): Promise<{ privateKey: KeyObject; publicKey: KeyObject }> => generate('ec', { namedCurve: 'P-256' });

/** The key identifier of a public key (SHA-1 of its SubjectPublicKeyInfo, RFC 7093 method 4's spirit). */
const keyId = (publicKey: KeyObject): Buffer => createHash('sha1').update(publicKey.export({ type: 'spki', format: 'der' })).digest();

function serial(): Buffer {
  const s = randomBytes(16);
  s[0] = s[0]! & 0x7f;
  return s;
}

function certificate(tbs: Buffer, signer: KeyObject): string {
  return pem('CERTIFICATE', seq(tbs, ECDSA_SHA256, bits(sign('sha256', tbs, signer))));
}

/** A new CA, valid from yesterday for ten years. */
export async function issueCa(now: number): Promise<IssuedCa> {
  const { privateKey, publicKey } = await newKey();
  const subject = name([[O, 'Rampart'], [CN, `Rampart local CA ${randomBytes(4).toString('hex')}`]]);
  const tbs = seq(
    tlv(0xa0, integer(Buffer.from([2]))),
    integer(serial()),
    ECDSA_SHA256,
    subject,
    seq(time(new Date(now - DAY)), time(new Date(now + 3650 * DAY))),
    subject,
    publicKey.export({ type: 'spki', format: 'der' }),
    tlv(0xa3, seq(
      extension('2.5.29.19', true, seq(TRUE)),
      // keyCertSign and cRLSign (bits 5 and 6).
      extension('2.5.29.15', true, tlv(0x03, Buffer.from([1, 0x06]))),
      extension('2.5.29.14', false, tlv(0x04, keyId(publicKey))),
    )),
  );
  return { certificatePem: certificate(tbs, privateKey), privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, subjectDer: subject, keyId: keyId(publicKey) };
}

/** The subjectAltName entries of `names`: IP addresses as iPAddress, the rest as dNSName. */
function altNames(names: readonly string[]): Buffer {
  return seq(
    ...names.map((n) => {
      const v = isIP(n);
      if (v === 4) return tlv(0x87, Buffer.from(n.split('.').map(Number)));
      if (v === 6) return tlv(0x87, ipv6Bytes(n));
      return tlv(0x82, Buffer.from(n, 'ascii'));
    }),
  );
}

function ipv6Bytes(ip: string): Buffer {
  const [head, tail] = ip.includes('::') ? ip.split('::') : [ip, undefined];
  const h = head ? head.split(':') : [];
  const t = tail !== undefined && tail !== '' ? tail.split(':') : [];
  const groups = [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  return Buffer.from(groups.flatMap((g) => [parseInt(g, 16) >> 8, parseInt(g, 16) & 0xff]));
}

/** A server certificate for `names`, signed by the CA, valid from yesterday for `days` days. */
export async function issueServer(ca: { subjectDer: Buffer; keyId: Buffer; privateKey: KeyObject }, names: readonly string[], now: number, days = 825): Promise<IssuedKey> {
  const { privateKey, publicKey } = await newKey();
  const tbs = seq(
    tlv(0xa0, integer(Buffer.from([2]))),
    integer(serial()),
    ECDSA_SHA256,
    ca.subjectDer,
    seq(time(new Date(now - DAY)), time(new Date(now + days * DAY))),
    name([[O, 'Rampart'], [CN, names[0] ?? 'localhost']]),
    publicKey.export({ type: 'spki', format: 'der' }),
    tlv(0xa3, seq(
      extension('2.5.29.19', true, seq()),
      // digitalSignature (bit 0).
      extension('2.5.29.15', true, tlv(0x03, Buffer.from([7, 0x80]))),
      extension('2.5.29.37', false, seq(oid('1.3.6.1.5.5.7.3.1'))),
      extension('2.5.29.17', false, altNames(names)),
      extension('2.5.29.14', false, tlv(0x04, keyId(publicKey))),
      extension('2.5.29.35', false, seq(tlv(0x80, ca.keyId))),
    )),
  );
  return { certificatePem: certificate(tbs, ca.privateKey), privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string };
}
