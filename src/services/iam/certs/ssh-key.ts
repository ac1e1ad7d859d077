/**
 * SSH public keys as UploadSSHPublicKey takes them: "The public key must be encoded in ssh-rsa
 * format or PEM format. The minimum bit-length of the public key is 2048 bits." The OpenSSH form is
 * `ssh-rsa <base64 blob> [comment]`, the blob being RFC 4253's `string "ssh-rsa", mpint e, mpint n`;
 * the PEM form an RSA SubjectPublicKeyInfo (`PUBLIC KEY`) or PKCS#1 (`RSA PUBLIC KEY`) block. The
 * fingerprint is the MD5 of the blob in colon-separated hex (`ssh-keygen -l -E md5`), as IAM shows
 * it. Pure functions on node:crypto.
 */
import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import { singlePem, toPem } from './pem.js';

/** The smallest RSA modulus IAM accepts. */
export const MIN_RSA_BITS = 2048;
/** The largest RSA modulus accepted (OpenSSH's own limit), which bounds the work of one upload. */
export const MAX_RSA_BITS = 16384;

/** An accepted key, in both encodings. */
export interface SshPublicKey {
  /** `ssh-rsa <base64 blob>` (no comment). */
  readonly ssh: string;
  /** SubjectPublicKeyInfo PEM. */
  readonly pem: string;
  /** `xx:xx:...` MD5 of the blob. */
  readonly fingerprint: string;
  readonly bits: number;
}

/** Why a key was refused: not ssh-rsa/PEM RSA at all, or an RSA key IAM does not accept. */
export type SshKeyResult = { readonly ok: true; readonly key: SshPublicKey } | { readonly ok: false; readonly reason: 'encoding' | 'invalid' | 'too-short' };

/** Reads one SSH wire `string` at `at`: [bytes, next offset] or undefined. */
function readString(buf: Buffer, at: number): [Buffer, number] | undefined {
  if (at + 4 > buf.length) return undefined;
  const len = buf.readUInt32BE(at);
  if (at + 4 + len > buf.length) return undefined;
  return [buf.subarray(at + 4, at + 4 + len), at + 4 + len];
}

/** A positive mpint's magnitude (no sign byte), or undefined for a negative or non-minimal one. */
function positiveMpint(b: Buffer): Buffer | undefined {
  if (b.length === 0 || (b[0]! & 0x80) !== 0) return undefined;
  if (b[0] === 0 && (b.length === 1 || (b[1]! & 0x80) === 0)) return undefined;
  return b[0] === 0 ? b.subarray(1) : b;
}

function wireString(b: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(b.length);
  return Buffer.concat([len, b]);
}

function mpint(magnitude: Buffer): Buffer {
  return wireString((magnitude[0]! & 0x80) !== 0 ? Buffer.concat([Buffer.from([0]), magnitude]) : magnitude);
}

/** The RSA key of an `ssh-rsa` blob, or undefined. */
function rsaFromBlob(blob: Buffer): KeyObject | undefined {
  const type = readString(blob, 0);
  if (!type || type[0].toString('latin1') !== 'ssh-rsa') return undefined;
  const e = readString(blob, type[1]);
  const n = e && readString(blob, e[1]);
  if (!e || !n || n[1] !== blob.length) return undefined;
  const eMag = positiveMpint(e[0]);
  const nMag = positiveMpint(n[0]);
  if (!eMag || !nMag || eMag.length > 8 || nMag.length > MAX_RSA_BITS / 8) return undefined;
  try {
    return createPublicKey({ key: { kty: 'RSA', n: nMag.toString('base64url'), e: eMag.toString('base64url') }, format: 'jwk' });
  } catch {
    return undefined;
  }
}

/** The `ssh-rsa` blob of an RSA key. */
function blobOf(key: KeyObject): Buffer {
  const jwk = key.export({ format: 'jwk' });
  return Buffer.concat([wireString(Buffer.from('ssh-rsa')), mpint(Buffer.from(jwk.e!, 'base64url')), mpint(Buffer.from(jwk.n!, 'base64url'))]);
}

function accept(key: KeyObject): SshKeyResult {
  if (key.asymmetricKeyType !== 'rsa') return { ok: false, reason: 'encoding' };
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  const e = key.asymmetricKeyDetails?.publicExponent ?? 0n;
  if (bits > MAX_RSA_BITS || e < 3n || e % 2n === 0n) return { ok: false, reason: 'invalid' };
  if (bits < MIN_RSA_BITS) return { ok: false, reason: 'too-short' };
  const blob = blobOf(key);
  const md5 = createHash('md5').update(blob).digest('hex');
  return {
    ok: true,
    key: { ssh: `ssh-rsa ${blob.toString('base64')}`, pem: toPem('PUBLIC KEY', key.export({ type: 'spki', format: 'der' })), fingerprint: md5.match(/../g)!.join(':'), bits },
  };
}

/** Parses an SSHPublicKeyBody. */
export function parseSshPublicKey(body: string): SshKeyResult {
  const text = body.trim();
  if (text.startsWith('-----BEGIN')) {
    const block = singlePem(text, ['PUBLIC KEY', 'RSA PUBLIC KEY']);
    if (!block) return { ok: false, reason: 'encoding' };
    try {
      return accept(createPublicKey({ key: block.der, format: 'der', type: block.label === 'PUBLIC KEY' ? 'spki' : 'pkcs1' }));
    } catch {
      return { ok: false, reason: 'invalid' };
    }
  }
  // `ssh-rsa AAAA... optional comment`: the type, one base64 word, then anything.
  const m = /^(\S+)[ \t]+([A-Za-z0-9+/]+={0,2})(?:[ \t].*)?$/s.exec(text);
  if (!m || m[1] !== 'ssh-rsa') return { ok: false, reason: 'encoding' };
  const blob = Buffer.from(m[2]!, 'base64');
  if (blob.toString('base64') !== m[2]) return { ok: false, reason: 'invalid' };
  const key = rsaFromBlob(blob);
  return key ? accept(key) : { ok: false, reason: 'invalid' };
}
