/**
 * Rampart's KMS ciphertext blob (symmetric keys), version 2; version 1 blobs still open. AWS's blob
 * is opaque to clients; this one names the key and the material version in a clear header that is
 * authenticated as AAD:
 *
 *   offset  size  field
 *   0       1     format version = 0x02 (0x01: version 1), with the high bit (0x80) set when the key
 *                 id is a multi-Region key's `mrk-<32 hex>` (so 0x82, 0x81); the flag is independent
 *   1       12    account id of the key (ASCII digits)
 *   13      1     length r of the region name
 *   14      r     region (ASCII)
 *   14+r    16    key id (the UUID's 16 bytes; with the mrk flag: the 16 bytes of the 32 hex digits after `mrk-`)
 *   30+r    4     material version (uint32, big-endian)
 *   34+r    16    salt (version 2 only; s = 16, version 1: s = 0)
 *   34+r+s  12    nonce (the AES-GCM IV)
 *   46+r+s  16    AES-GCM tag
 *   62+r+s  n     AES-256-GCM ciphertext of the plaintext (n = plaintext length)
 *
 * The AES key of a blob:
 * - version 2: derived from the key material and the salt by NIST SP 800-108's KDF in counter mode
 *   with HMAC-SHA256, one block: HMAC(material, 0x00000001 ‖ "rampart kms blob v2" ‖ 0x00 ‖ salt ‖
 *   0x00000100). A process picks a random salt and uses its derived key for at most 2^20 messages
 *   (random 96-bit nonces: the chance of a repeated nonce under one derived key stays below 2^-57),
 *   then picks a new salt; so the KDF runs once per 2^20 messages instead of once per message.
 * - version 1: HKDF-SHA256(material, salt = nonce, info = "rampart kms blob v1"), per message.
 * AAD = header bytes (offset 0 to the nonce) ‖ the canonical encryption context:
 *   uint32 count, then per pair sorted by key (UTF-8 byte order): uint32 len ‖ key ‖ uint32 len ‖ value
 * (length-prefixed, so {a:"bc"} and {ab:"c"} differ). Any change to the header, salt, context, nonce,
 * tag or ciphertext fails the tag check. Salts and nonces come from the CSPRNG (random-pool.ts). The
 * region is the one the blob was made in: for a multi-Region key any key of its set decrypts it (they
 * share the material), see multi-region.ts.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync } from 'node:crypto';
import { randomPoolBytes } from '../../shared/random-pool.js';
import { keyIdBytes, keyIdString, MRK_ID } from './key-id.js';

/** The version new blobs are made in. */
export const BLOB_VERSION = 2;
/** The version byte's flag of blobs of multi-Region keys (the same layout; the key id field holds an mrk id). */
export const MRK_FLAG = 0x80;
const NONCE = 12;
const TAG = 16;
const SALT = 16;
const INFO_V1 = Buffer.from('rampart kms blob v1', 'utf8');
const LABEL_V2 = Buffer.concat([Buffer.from([0, 0, 0, 1]), Buffer.from('rampart kms blob v2', 'utf8'), Buffer.from([0])]);
const LENGTH_V2 = Buffer.from([0, 0, 1, 0]);
/** Messages sealed under one salt's derived key before a new salt is picked. */
export const MESSAGES_PER_SALT = 2 ** 20;
/** Derived keys of other salts kept per material (blobs of earlier epochs or other nodes). */
const DERIVED_MAX = 64;

export interface BlobHeader {
  /** The format version (absent when encoding: the current one). */
  readonly version?: number;
  readonly accountId: string;
  readonly region: string;
  readonly keyId: string;
  readonly materialVersion: number;
}

export interface ParsedBlob {
  readonly header: BlobHeader;
  /** The authenticated clear part: the header and, in version 2, the salt. */
  readonly headerBytes: Buffer;
  /** Version 2's salt (absent in version 1). */
  readonly salt?: Buffer;
  readonly nonce: Buffer;
  readonly tag: Buffer;
  readonly ciphertext: Buffer;
}

const EMPTY_CONTEXT = Buffer.from([0, 0, 0, 0]);

/** The canonical, unambiguous serialization of an encryption context (absent = empty). */
export function canonicalContext(ctx: Readonly<Record<string, string>> | undefined): Buffer {
  if (ctx === undefined) return EMPTY_CONTEXT;
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

export function encodeHeader(h: BlobHeader): Buffer {
  if (!/^\d{12}$/.test(h.accountId) || !/^[a-z0-9-]{1,64}$/.test(h.region)) throw new Error('bad blob header');
  const version = (h.version ?? BLOB_VERSION) | (MRK_ID.test(h.keyId) ? MRK_FLAG : 0);
  return Buffer.concat([Buffer.from([version]), Buffer.from(h.accountId, 'ascii'), Buffer.from([h.region.length]), Buffer.from(h.region, 'ascii'), keyIdBytes(h.keyId), u32(h.materialVersion)]);
}

/** The parts of a blob, or undefined when it is not a version 1 or 2 blob (truncated, garbage). */
export function parseBlob(blob: Uint8Array): ParsedBlob | undefined {
  const b = Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength);
  const mrk = ((b[0] ?? 0) & MRK_FLAG) !== 0;
  const version = (b[0] ?? 0) & ~MRK_FLAG;
  if (b.length < 14 || (version !== 1 && version !== 2)) return undefined;
  const accountId = b.subarray(1, 13).toString('ascii');
  const r = b[13]!;
  const end = 34 + r + (version === 2 ? SALT : 0);
  if (!/^\d{12}$/.test(accountId) || r === 0 || b.length < end + NONCE + TAG) return undefined;
  const region = b.subarray(14, 14 + r).toString('ascii');
  if (!/^[a-z0-9-]+$/.test(region)) return undefined;
  const header: BlobHeader = { version, accountId, region, keyId: keyIdString(b.subarray(14 + r, 30 + r), mrk), materialVersion: b.readUInt32BE(30 + r) };
  return {
    header,
    headerBytes: b.subarray(0, end),
    ...(version === 2 ? { salt: b.subarray(34 + r, end) } : {}),
    nonce: b.subarray(end, end + NONCE),
    tag: b.subarray(end + NONCE, end + NONCE + TAG),
    ciphertext: b.subarray(end + NONCE + TAG),
  };
}

const deriveV2 = (material: Buffer, salt: Buffer): Buffer => createHmac('sha256', material).update(LABEL_V2).update(salt).update(LENGTH_V2).digest();

/**
 * One version of a key's material, ready to seal and open blobs: it keeps the material, the current
 * salt's derived key and the derived keys of recently seen salts. Cache one per stored material
 * (deps.ts); `destroy` zeroes what it holds.
 */
export class BlobKey {
  private readonly material: Buffer;
  private salt: Buffer | undefined;
  private key: Buffer | undefined;
  private uses = 0;
  private readonly derived = new Map<string, Buffer>();
  private head: { id: string; bytes: Buffer } | undefined;

  /** Takes its own copy of `material`. */
  constructor(material: Buffer) {
    this.material = Buffer.from(material);
  }

  /** Encrypts plaintext (version 2), bound to the header and the encryption context. */
  seal(header: BlobHeader, plaintext: Uint8Array, ctx: Readonly<Record<string, string>> | undefined): Buffer {
    if (!this.key || !this.salt || this.uses >= MESSAGES_PER_SALT) {
      this.salt = randomPoolBytes(SALT);
      this.key = deriveV2(this.material, this.salt);
      this.uses = 0;
    }
    this.uses++;
    const head = Buffer.concat([this.headerBytes({ ...header, version: 2 }), this.salt]);
    const nonce = randomPoolBytes(NONCE);
    const c = createCipheriv('aes-256-gcm', this.key, nonce, { authTagLength: TAG });
    c.setAAD(Buffer.concat([head, canonicalContext(ctx)]));
    const first = c.update(plaintext);
    const last = c.final();
    return Buffer.concat([head, nonce, c.getAuthTag(), first, last]);
  }

  /** The plaintext of a parsed blob, or undefined when anything was changed or the context differs. */
  open(blob: ParsedBlob, ctx: Readonly<Record<string, string>> | undefined): Buffer | undefined {
    const key = blob.header.version === 1 ? Buffer.from(hkdfSync('sha256', this.material, blob.nonce, INFO_V1, 32)) : this.keyOfSalt(blob.salt!);
    const d = createDecipheriv('aes-256-gcm', key, blob.nonce, { authTagLength: TAG });
    d.setAAD(Buffer.concat([blob.headerBytes, canonicalContext(ctx)]));
    d.setAuthTag(blob.tag);
    try {
      return Buffer.concat([d.update(blob.ciphertext), d.final()]);
    } catch {
      return undefined;
    }
  }

  /** Zeroes the material and every derived key. */
  destroy(): void {
    this.material.fill(0);
    this.key?.fill(0);
    for (const k of this.derived.values()) k.fill(0);
    this.derived.clear();
    this.key = undefined;
  }

  private keyOfSalt(salt: Buffer): Buffer {
    if (this.salt && this.key && salt.equals(this.salt)) return this.key;
    const id = salt.toString('latin1');
    let k = this.derived.get(id);
    if (!k) {
      k = deriveV2(this.material, salt);
      if (this.derived.size >= DERIVED_MAX) {
        const [oldest, old] = this.derived.entries().next().value!;
        old.fill(0);
        this.derived.delete(oldest);
      }
      this.derived.set(id, k);
    }
    return k;
  }

  private headerBytes(h: BlobHeader): Buffer {
    const id = `${h.accountId}/${h.region}/${h.keyId}/${h.materialVersion}`;
    if (this.head?.id !== id) this.head = { id, bytes: encodeHeader(h) };
    return this.head.bytes;
  }
}

/** Encrypts plaintext under one material version of a key, bound to the encryption context. */
export function sealBlob(materialBytes: Buffer, header: BlobHeader, plaintext: Uint8Array, ctx: Readonly<Record<string, string>> | undefined): Buffer {
  const k = new BlobKey(materialBytes);
  try {
    return k.seal(header, plaintext, ctx);
  } finally {
    k.destroy();
  }
}

/** The plaintext of a parsed blob, or undefined when anything was changed or the context differs. */
export function openBlob(materialBytes: Buffer, blob: ParsedBlob, ctx: Readonly<Record<string, string>> | undefined): Buffer | undefined {
  const k = new BlobKey(materialBytes);
  try {
    return k.open(blob, ctx);
  } finally {
    k.destroy();
  }
}
