import * as zlib from 'node:zlib';

/** The CRC-32 of gzip/zlib (polynomial 0xEDB88320), as event-stream messages carry it. */
type Crc32 = (data: Uint8Array, value?: number) => number;

let table: Uint32Array | undefined;

/** Table-driven CRC-32 for Node versions without `zlib.crc32` (added in 20.15 / 22.2). */
function tableCrc32(data: Uint8Array, value = 0): number {
  if (!table) {
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
  }
  let crc = (value ^ 0xffffffff) >>> 0;
  for (let i = 0; i < data.length; i++) crc = table[(crc ^ data[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

const native = (zlib as { crc32?: Crc32 }).crc32;

/** CRC-32 of `data`, continuing from `value` (0 to start): `zlib.crc32` when Node has it. */
export const crc32: Crc32 = typeof native === 'function' ? (data, value = 0) => native(data, value) >>> 0 : tableCrc32;

/** Exposed for tests: the fallback must agree with zlib. */
export const crc32Fallback: Crc32 = tableCrc32;
