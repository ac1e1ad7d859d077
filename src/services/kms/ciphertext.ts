/**
 * Rampart's KMS ciphertext blob (symmetric keys), version 1. AWS's blob is opaque to clients; this
 * one names the key and the material version in a clear header that is authenticated as AAD:
 *
 *   offset  size  field
 *   0       1     format version = 0x01, with the high bit (0x80) set when the key id is a
 *                 multi-Region key's `mrk-<32 hex>` (so 0x81); the flag is independent of the version
 *   1       12    account id of the key (ASCII digits)
 *   13      1     length r of the region name
 *   14      r     region (ASCII)
 *   14+r    16    key id (the UUID's 16 bytes; with the mrk flag: the 16 bytes of the 32 hex digits after `mrk-`)
 *   30+r    4     material version (uint32, big-endian)
 *   34+r    12    nonce
 *   46+r    16    AES-GCM tag
 *   62+r    n     AES-256-GCM ciphertext of the plaintext (n = plaintext length)
 *
 * Per-message key = HKDF-SHA256(key material, salt = nonce, info = "rampart kms blob v1"), so no
 * (key, IV) pair repeats even across 2^32 messages of one material version; the nonce is also the
 * GCM IV. AAD = header bytes (offset 0 to 34+r) ‖ the canonical encryption context:
 *   uint32 count, then per pair sorted by key (UTF-8 byte order): uint32 len ‖ key ‖ uint32 len ‖ value
 * (length-prefixed, so {a:"bc"} and {ab:"c"} differ). Any change to the header, context, nonce, tag or
 * ciphertext fails the tag check. The region is the one the blob was made in: for a multi-Region key
 * any key of its set decrypts it (they share the material), see multi-region.ts.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

export const BLOB_VERSION = 1;
/** The version byte's flag of blobs of multi-Region keys (the same layout; the key id field holds an mrk id). */
export const MRK_FLAG = 0x80;
const NONCE = 12;
const TAG = 16;
const INFO = Buffer.from('rampart kms blob v1', 'utf8');

export interface BlobHeader {
  readonly accountId: string;
  readonly region: string;
  readonly keyId: string;
  readonly materialVersion: number;
}

export interface ParsedBlob {
  readonly header: BlobHeader;
  readonly headerBytes: Buffer;
  readonly nonce: Buffer;
  readonly tag: Buffer;
  readonly ciphertext: Buffer;
}

/** The canonical, unambiguous serialization of an encryption context (absent = empty). */
export function canonicalContext(ctx: Readonly<Record<string, string>> | undefined): Buffer {
  const entries = Object.entries(ctx ?? {})
    .map(([k, v]) => [Buffer.from(k, 'utf8'), Buffer.from(v, 'utf8')] as const)
    .sort((a, b) => Buffer.compare(a[0], b[0]));
  const parts: Buffer[] = [u32(entries.length)];
  for (const [k, v] of entries) parts.push(u32(k.length), k, u32(v.length), v);
  return Buffer.concat(parts);
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const MRK = /^mrk-[0-9a-f]{32}$/;

function idBytes(id: string): Buffer {
  if (MRK.test(id)) return Buffer.from(id.slice(4), 'hex');
  if (!UUID.test(id)) throw new Error('key id is not a lower-case UUID or mrk id');
  return Buffer.from(id.replace(/-/g, ''), 'hex');
}

function idString(b: Buffer, mrk: boolean): string {
  const h = b.toString('hex');
  if (mrk) return `mrk-${h}`;
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export function encodeHeader(h: BlobHeader): Buffer {
  if (!/^\d{12}$/.test(h.accountId) || !/^[a-z0-9-]{1,64}$/.test(h.region)) throw new Error('bad blob header');
  const version = BLOB_VERSION | (MRK.test(h.keyId) ? MRK_FLAG : 0);
  return Buffer.concat([Buffer.from([version]), Buffer.from(h.accountId, 'ascii'), Buffer.from([h.region.length]), Buffer.from(h.region, 'ascii'), idBytes(h.keyId), u32(h.materialVersion)]);
}

/** The parts of a blob, or undefined when it is not a version-1 blob (truncated, garbage). */
export function parseBlob(blob: Uint8Array): ParsedBlob | undefined {
  const b = Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength);
  const mrk = ((b[0] ?? 0) & MRK_FLAG) !== 0;
  if (b.length < 14 || ((b[0] ?? 0) & ~MRK_FLAG) !== BLOB_VERSION) return undefined;
  const accountId = b.subarray(1, 13).toString('ascii');
  const r = b[13]!;
  const end = 34 + r;
  if (!/^\d{12}$/.test(accountId) || r === 0 || b.length < end + NONCE + TAG) return undefined;
  const region = b.subarray(14, 14 + r).toString('ascii');
  if (!/^[a-z0-9-]+$/.test(region)) return undefined;
  const header: BlobHeader = { accountId, region, keyId: idString(b.subarray(14 + r, 30 + r), mrk), materialVersion: b.readUInt32BE(30 + r) };
  return { header, headerBytes: b.subarray(0, end), nonce: b.subarray(end, end + NONCE), tag: b.subarray(end + NONCE, end + NONCE + TAG), ciphertext: b.subarray(end + NONCE + TAG) };
}

function messageKey(materialBytes: Buffer, nonce: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', materialBytes, nonce, INFO, 32));
}

/** Encrypts plaintext under one material version of a key, bound to the encryption context. */
export function sealBlob(materialBytes: Buffer, header: BlobHeader, plaintext: Uint8Array, ctx: Readonly<Record<string, string>> | undefined): Buffer {
  const head = encodeHeader(header);
  const nonce = randomBytes(NONCE);
  const c = createCipheriv('aes-256-gcm', messageKey(materialBytes, nonce), nonce, { authTagLength: TAG });
  c.setAAD(Buffer.concat([head, canonicalContext(ctx)]));
  const ct = Buffer.concat([c.update(plaintext), c.final()]);
  return Buffer.concat([head, nonce, c.getAuthTag(), ct]);
}

/** The plaintext of a parsed blob, or undefined when anything was changed or the context differs. */
export function openBlob(materialBytes: Buffer, blob: ParsedBlob, ctx: Readonly<Record<string, string>> | undefined): Buffer | undefined {
  const d = createDecipheriv('aes-256-gcm', messageKey(materialBytes, blob.nonce), blob.nonce, { authTagLength: TAG });
  d.setAAD(Buffer.concat([blob.headerBytes, canonicalContext(ctx)]));
  d.setAuthTag(blob.tag);
  try {
    return Buffer.concat([d.update(blob.ciphertext), d.final()]);
  } catch {
    return undefined;
  }
}
