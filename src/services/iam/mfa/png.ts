/**
 * A minimal PNG writer (RFC 2083 / PNG 1.2) for bilevel images: 1-bit greyscale, no interlace,
 * filter 0 on every scanline, zlib deflate from node:zlib, CRC-32 computed here.
 */
import { deflateSync } from 'node:zlib';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** CRC-32 (ISO 3309, as PNG chunks use). */
export function crc32(data: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of data) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** A PNG of `dark[y][x]` modules, each `scale` pixels wide, with a light border of `border` modules. */
export function bilevelPng(dark: readonly (readonly boolean[])[], scale = 4, border = 4): Buffer {
  const modules = dark.length + 2 * border;
  const width = modules * scale;
  const rowBytes = Math.ceil(width / 8);
  const raw = Buffer.alloc((rowBytes + 1) * width);
  for (let py = 0; py < width; py++) {
    const my = Math.floor(py / scale) - border;
    const line = (rowBytes + 1) * py;
    raw[line] = 0;
    for (let px = 0; px < width; px++) {
      const mx = Math.floor(px / scale) - border;
      const isDark = dark[my]?.[mx] === true;
      // 1-bit greyscale: 1 is white, 0 is black.
      if (!isDark) raw[line + 1 + (px >>> 3)]! |= 0x80 >>> (px & 7);
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(width, 4);
  ihdr[8] = 1; // bit depth
  ihdr[9] = 0; // greyscale
  return Buffer.concat([SIGNATURE, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}
