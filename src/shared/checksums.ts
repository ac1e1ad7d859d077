/**
 * The flexible checksums of S3 (`x-amz-checksum-*`, here as trailers of aws-chunked bodies): CRC32,
 * CRC32C and CRC64NVME (table-driven, reflected, slicing-by-8; CRC64NVME's loop in WebAssembly for long pieces) and SHA-1/SHA-256 (node:crypto). Values travel as
 * base64 of the big-endian digest. Check values for "123456789": CRC32 cbf43926, CRC32C e3069283,
 * CRC64NVME ae8b14860a799888. `createChecksum` carries the state across pieces (streamed bodies);
 * `computeChecksum` is the one-shot form.
 */
import { createHash } from 'node:crypto';
import * as zlib from 'node:zlib';
import { crc64Kernel, INPUT_AT, INPUT_BYTES, type Crc64Kernel } from './crc64-wasm.js';

/** Algorithms S3 accepts in `x-amz-checksum-*` / `x-amz-trailer`. */
export type ChecksumAlgorithm = 'CRC32' | 'CRC32C' | 'CRC64NVME' | 'SHA1' | 'SHA256';

const DIGEST_BYTES: Readonly<Record<ChecksumAlgorithm, number>> = { CRC32: 4, CRC32C: 4, CRC64NVME: 8, SHA1: 20, SHA256: 32 };

/**
 * Slicing-by-8 tables of a reflected CRC-32, 8 x 256 entries: the first 256 are the classic byte table,
 * entry k * 256 + n is the CRC of byte n followed by k zero bytes, so 8 bytes take 8 lookups.
 */
function crc32Tables(poly: number): Uint32Array {
  const t = new Uint32Array(8 * 256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ poly : c >>> 1;
    t[n] = c >>> 0;
  }
  for (let k = 1; k < 8; k++) {
    for (let n = 0; n < 256; n++) {
      const prev = t[(k - 1) * 256 + n] as number;
      t[k * 256 + n] = (prev >>> 8) ^ (t[prev & 0xff] as number);
    }
  }
  return t;
}

const CRC32_TABLE = crc32Tables(0xedb88320);
const CRC32C_TABLE = crc32Tables(0x82f63b78);

function crc32Update(t: Uint32Array, state: number, d: Uint8Array): number {
  let crc = state;
  let i = 0;
  for (const whole = d.length - (d.length % 8); i < whole; i += 8) {
    const a = crc ^ ((d[i] as number) | ((d[i + 1] as number) << 8) | ((d[i + 2] as number) << 16) | ((d[i + 3] as number) << 24));
    crc =
      (t[0x700 + (a & 0xff)] as number) ^
      (t[0x600 + ((a >>> 8) & 0xff)] as number) ^
      (t[0x500 + ((a >>> 16) & 0xff)] as number) ^
      (t[0x400 + (a >>> 24)] as number) ^
      (t[0x300 + (d[i + 4] as number)] as number) ^
      (t[0x200 + (d[i + 5] as number)] as number) ^
      (t[0x100 + (d[i + 6] as number)] as number) ^
      (t[d[i + 7] as number] as number);
  }
  for (; i < d.length; i++) crc = (crc >>> 8) ^ (t[(crc ^ (d[i] as number)) & 0xff] as number);
  return crc >>> 0;
}

/** CRC-32 (ISO-HDLC, the zlib one). */
export function crc32(data: Uint8Array): number {
  return (crc32Update(CRC32_TABLE, 0xffffffff, data) ^ 0xffffffff) >>> 0;
}

/** CRC-32C (Castagnoli). */
export function crc32c(data: Uint8Array): number {
  return (crc32Update(CRC32C_TABLE, 0xffffffff, data) ^ 0xffffffff) >>> 0;
}

/** CRC-64/NVME slicing-by-8 tables (as `crc32Tables`) split in 32-bit halves, so the hot loop needs no BigInt. */
const [CRC64_HI, CRC64_LO] = (() => {
  const poly = 0x9a6c9329ac4bc9b5n;
  const hi = new Uint32Array(8 * 256);
  const lo = new Uint32Array(8 * 256);
  for (let n = 0; n < 256; n++) {
    let c = BigInt(n);
    for (let k = 0; k < 8; k++) c = c & 1n ? (c >> 1n) ^ poly : c >> 1n;
    hi[n] = Number(c >> 32n);
    lo[n] = Number(c & 0xffffffffn);
  }
  for (let k = 1; k < 8; k++) {
    for (let n = 0; n < 256; n++) {
      const [h, l] = [hi[(k - 1) * 256 + n] as number, lo[(k - 1) * 256 + n] as number];
      lo[k * 256 + n] = (((l >>> 8) | (h << 24)) ^ (lo[l & 0xff] as number)) >>> 0;
      hi[k * 256 + n] = ((h >>> 8) ^ (hi[l & 0xff] as number)) >>> 0;
    }
  }
  return [hi, lo];
})();

/** The WebAssembly loop (crc64-wasm.ts), for pieces long enough to repay copying them into its memory. */
const CRC64_KERNEL = crc64Kernel(CRC64_HI, CRC64_LO);
const KERNEL_FROM = 256;

/** CRC-64/NVME as 8 big-endian bytes. */
export function crc64nvme(data: Uint8Array): Buffer {
  const c = createChecksum('CRC64NVME');
  c.update(data);
  return c.digest();
}

/** A checksum fed piece by piece: `update` any number of times, then `digest` once. */
export interface IncrementalChecksum {
  update(data: Uint8Array): void;
  /** The big-endian digest bytes of everything passed to `update`. */
  digest(): Buffer;
}

class Crc32Checksum implements IncrementalChecksum {
  private state = 0xffffffff;
  constructor(private readonly table: Uint32Array) {}
  update(data: Uint8Array): void {
    this.state = crc32Update(this.table, this.state, data);
  }
  digest(): Buffer {
    const out = Buffer.alloc(4);
    out.writeUInt32BE((this.state ^ 0xffffffff) >>> 0, 0);
    return out;
  }
}

/** zlib's CRC-32 (native; `zlib.crc32`, Node 20.15 and later), the same CRC as CRC32_TABLE's. */
const ZLIB_CRC32 = (zlib as { crc32?: (data: Uint8Array, value?: number) => number }).crc32;

class ZlibCrc32 implements IncrementalChecksum {
  private value = 0;
  constructor(private readonly crc: (data: Uint8Array, value?: number) => number) {}
  update(data: Uint8Array): void {
    this.value = this.crc(data, this.value);
  }
  digest(): Buffer {
    const out = Buffer.alloc(4);
    out.writeUInt32BE(this.value >>> 0, 0);
    return out;
  }
}

class Crc64NvmeChecksum implements IncrementalChecksum {
  private hi = 0xffffffff;
  private lo = 0xffffffff;
  update(d: Uint8Array): void {
    if (CRC64_KERNEL && d.length >= KERNEL_FROM) return this.updateWasm(CRC64_KERNEL, d);
    let { hi, lo } = this;
    const L = CRC64_LO;
    const H = CRC64_HI;
    let i = 0;
    for (const whole = d.length - (d.length % 8); i < whole; i += 8) {
      const l = lo ^ ((d[i] as number) | ((d[i + 1] as number) << 8) | ((d[i + 2] as number) << 16) | ((d[i + 3] as number) << 24));
      const h = hi ^ ((d[i + 4] as number) | ((d[i + 5] as number) << 8) | ((d[i + 6] as number) << 16) | ((d[i + 7] as number) << 24));
      const b0 = 0x700 + (l & 0xff);
      const b1 = 0x600 + ((l >>> 8) & 0xff);
      const b2 = 0x500 + ((l >>> 16) & 0xff);
      const b3 = 0x400 + (l >>> 24);
      const b4 = 0x300 + (h & 0xff);
      const b5 = 0x200 + ((h >>> 8) & 0xff);
      const b6 = 0x100 + ((h >>> 16) & 0xff);
      const b7 = h >>> 24;
      lo = (L[b0] as number) ^ (L[b1] as number) ^ (L[b2] as number) ^ (L[b3] as number) ^ (L[b4] as number) ^ (L[b5] as number) ^ (L[b6] as number) ^ (L[b7] as number);
      hi = (H[b0] as number) ^ (H[b1] as number) ^ (H[b2] as number) ^ (H[b3] as number) ^ (H[b4] as number) ^ (H[b5] as number) ^ (H[b6] as number) ^ (H[b7] as number);
    }
    for (; i < d.length; i++) {
      const idx = (lo ^ (d[i] as number)) & 0xff;
      lo = (((lo >>> 8) | (hi << 24)) ^ (CRC64_LO[idx] as number)) >>> 0;
      hi = ((hi >>> 8) ^ (CRC64_HI[idx] as number)) >>> 0;
    }
    this.hi = hi >>> 0;
    this.lo = lo >>> 0;
  }
  /** The same as the loop above, by the WebAssembly kernel, a piece of at most INPUT_BYTES at a time. */
  private updateWasm(k: Crc64Kernel, d: Uint8Array): void {
    let state = (BigInt(this.hi) << 32n) | BigInt(this.lo);
    for (let off = 0; off < d.length; off += INPUT_BYTES) {
      const piece = d.subarray(off, off + INPUT_BYTES);
      k.memory.set(piece, INPUT_AT);
      state = k.update(state, INPUT_AT, piece.length);
    }
    state = BigInt.asUintN(64, state);
    this.hi = Number(state >> 32n);
    this.lo = Number(state & 0xffffffffn);
  }

  digest(): Buffer {
    const out = Buffer.alloc(8);
    out.writeUInt32BE((this.hi ^ 0xffffffff) >>> 0, 0);
    out.writeUInt32BE((this.lo ^ 0xffffffff) >>> 0, 4);
    return out;
  }
}

/** A fresh incremental checksum of `algorithm` (CRCs table-driven here, SHA-1/SHA-256 from node:crypto). */
export function createChecksum(algorithm: ChecksumAlgorithm): IncrementalChecksum {
  switch (algorithm) {
    case 'CRC32':
      return ZLIB_CRC32 ? new ZlibCrc32(ZLIB_CRC32) : new Crc32Checksum(CRC32_TABLE);
    case 'CRC32C':
      return new Crc32Checksum(CRC32C_TABLE);
    case 'CRC64NVME':
      return new Crc64NvmeChecksum();
    case 'SHA1':
    case 'SHA256': {
      const hash = createHash(algorithm === 'SHA1' ? 'sha1' : 'sha256');
      return {
        update: (data) => {
          hash.update(data);
        },
        digest: () => hash.digest(),
      };
    }
  }
}

/** The digest bytes of `data` under `algorithm` (one `update` of `createChecksum`). */
export function computeChecksum(algorithm: ChecksumAlgorithm, data: Uint8Array): Buffer {
  const checksum = createChecksum(algorithm);
  checksum.update(data);
  return checksum.digest();
}

/** `x-amz-checksum-crc32c` -> `CRC32C`; undefined for a header that names no supported algorithm. */
export function checksumAlgorithmOfHeader(headerName: string): ChecksumAlgorithm | undefined {
  const m = /^x-amz-checksum-([a-z0-9]+)$/.exec(headerName.toLowerCase());
  const alg = m?.[1]?.toUpperCase();
  return alg !== undefined && alg in DIGEST_BYTES ? (alg as ChecksumAlgorithm) : undefined;
}

/** True when `value` is the canonical base64 of a digest of the algorithm's size. */
export function isWellFormedChecksum(algorithm: ChecksumAlgorithm, value: string): boolean {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(value)) return false;
  const bytes = Buffer.from(value, 'base64');
  return bytes.length === DIGEST_BYTES[algorithm] && bytes.toString('base64') === value;
}
