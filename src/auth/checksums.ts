/**
 * The flexible checksums of S3 (`x-amz-checksum-*`, here as trailers of aws-chunked bodies): CRC32,
 * CRC32C and CRC64NVME (table-driven, reflected) and SHA-1/SHA-256 (node:crypto). Values travel as
 * base64 of the big-endian digest. Check values for "123456789": CRC32 cbf43926, CRC32C e3069283,
 * CRC64NVME ae8b14860a799888. `createChecksum` carries the state across pieces (streamed bodies);
 * `computeChecksum` is the one-shot form.
 */
import { createHash } from 'node:crypto';

/** Algorithms S3 accepts in `x-amz-checksum-*` / `x-amz-trailer`. */
export type ChecksumAlgorithm = 'CRC32' | 'CRC32C' | 'CRC64NVME' | 'SHA1' | 'SHA256';

const DIGEST_BYTES: Readonly<Record<ChecksumAlgorithm, number>> = { CRC32: 4, CRC32C: 4, CRC64NVME: 8, SHA1: 20, SHA256: 32 };

function crc32Table(poly: number): Uint32Array {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ poly : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
}

const CRC32_TABLE = crc32Table(0xedb88320);
const CRC32C_TABLE = crc32Table(0x82f63b78);

function crc32Update(table: Uint32Array, state: number, data: Uint8Array): number {
  let crc = state;
  for (let i = 0; i < data.length; i++) crc = (crc >>> 8) ^ (table[(crc ^ (data[i] as number)) & 0xff] as number);
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

/** CRC-64/NVME table split in 32-bit halves, so the hot loop needs no BigInt. */
const [CRC64_HI, CRC64_LO] = (() => {
  const poly = 0x9a6c9329ac4bc9b5n;
  const hi = new Uint32Array(256);
  const lo = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = BigInt(n);
    for (let k = 0; k < 8; k++) c = c & 1n ? (c >> 1n) ^ poly : c >> 1n;
    hi[n] = Number(c >> 32n);
    lo[n] = Number(c & 0xffffffffn);
  }
  return [hi, lo];
})();

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

class Crc64NvmeChecksum implements IncrementalChecksum {
  private hi = 0xffffffff;
  private lo = 0xffffffff;
  update(data: Uint8Array): void {
    let { hi, lo } = this;
    for (let i = 0; i < data.length; i++) {
      const idx = (lo ^ (data[i] as number)) & 0xff;
      lo = (((lo >>> 8) | (hi << 24)) ^ (CRC64_LO[idx] as number)) >>> 0;
      hi = ((hi >>> 8) ^ (CRC64_HI[idx] as number)) >>> 0;
    }
    this.hi = hi;
    this.lo = lo;
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
      return new Crc32Checksum(CRC32_TABLE);
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
