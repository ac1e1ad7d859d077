/**
 * The QR encoder checked by reading its output back: the PNG is parsed and sampled, the format and
 * version information are compared with ISO/IEC 18004's published values, the data modules are
 * unmasked and read in placement order, each Reed-Solomon block must have zero syndromes, and the
 * byte-mode segment must give back the encoded text.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inflateSync } from 'node:zlib';
import { bilevelPng, crc32 } from './png.js';
import { chooseVersion, dataCodewords, encodeQr, rawDataModules, type QrCode } from './qr-code.js';
import { alignmentPositions, formatBits, functionPatterns, versionBits } from './qr-matrix.js';

// Independent GF(256) arithmetic (log/antilog tables) for the syndrome check.
const EXP: number[] = [];
const LOG: number[] = [];
for (let i = 0, x = 1; i < 255; i++, x = x & 0x80 ? ((x << 1) ^ 0x11d) & 0xff : x << 1) {
  EXP[i] = x;
  LOG[x] = i;
}
const mul = (a: number, b: number) => (a === 0 || b === 0 ? 0 : EXP[(LOG[a]! + LOG[b]!) % 255]!);

/** Format information read from the copy around the top-left finder (bit 14 first). */
function readFormat(m: QrCode['modules']): number {
  const bits: boolean[] = [];
  for (let i = 0; i <= 5; i++) bits[i] = m[i]![8]!;
  bits[6] = m[7]![8]!;
  bits[7] = m[8]![8]!;
  bits[8] = m[8]![7]!;
  for (let i = 9; i < 15; i++) bits[i] = m[8]![14 - i]!;
  return bits.reduce((acc, b, i) => acc | ((b ? 1 : 0) << i), 0);
}

/** Reads the codewords back: unmask, zigzag, de-interleave; checks RS syndromes; returns the data codewords. */
function readData(qr: QrCode, eccPerBlock: number, blocks: number): number[] {
  const { isFunction } = functionPatterns(qr.version);
  const masks = [
    (x: number, y: number) => (x + y) % 2 === 0,
    (_x: number, y: number) => y % 2 === 0,
    (x: number) => x % 3 === 0,
    (x: number, y: number) => (x + y) % 3 === 0,
    (x: number, y: number) => (Math.floor(y / 2) + Math.floor(x / 3)) % 2 === 0,
    (x: number, y: number) => ((x * y) % 2) + ((x * y) % 3) === 0,
    (x: number, y: number) => (((x * y) % 2) + ((x * y) % 3)) % 2 === 0,
    (x: number, y: number) => (((x + y) % 2) + ((x * y) % 3)) % 2 === 0,
  ];
  const bits: number[] = [];
  const n = qr.size;
  let upward = true;
  for (let col = n - 1; col > 0; col -= 2) {
    if (col === 6) col--;
    for (let k = 0; k < n; k++) {
      const y = upward ? n - 1 - k : k;
      for (const x of [col, col - 1]) {
        if (isFunction[y]![x]) continue;
        bits.push((qr.modules[y]![x] !== masks[qr.mask]!(x, y)) ? 1 : 0);
      }
    }
    upward = !upward;
  }
  const total = Math.floor(rawDataModules(qr.version) / 8);
  const words: number[] = [];
  for (let i = 0; i < total * 8; i += 8) words.push(bits.slice(i, i + 8).reduce((a, b) => (a << 1) | b, 0));
  const shortData = Math.floor(total / blocks) - eccPerBlock;
  const longBlocks = total % blocks;
  const dataLens = Array.from({ length: blocks }, (_, i) => shortData + (i >= blocks - longBlocks ? 1 : 0));
  const out: number[][] = dataLens.map(() => []);
  let p = 0;
  for (let i = 0; i < shortData + 1; i++) dataLens.forEach((len, b) => i < len && out[b]!.push(words[p++]!));
  for (let i = 0; i < eccPerBlock; i++) out.forEach((blk) => blk.push(words[p++]!));
  for (const blk of out) {
    for (let r = 0; r < eccPerBlock; r++) {
      const syndrome = blk.reduce((acc, c) => mul(acc, EXP[r]!) ^ c, 0);
      assert.equal(syndrome, 0, `RS syndrome ${r} of a block`);
    }
  }
  return out.flatMap((blk, b) => blk.slice(0, dataLens[b]));
}

/** Parses a bilevel PNG back to module colours. */
function sample(png: Buffer, modules: number, scale: number, border: number): boolean[][] {
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const idat: Buffer[] = [];
  let width = 0;
  for (let off = 8; off < png.length; ) {
    const len = png.readUInt32BE(off);
    const type = png.toString('latin1', off + 4, off + 8);
    const data = png.subarray(off + 8, off + 8 + len);
    assert.equal(png.readUInt32BE(off + 8 + len), crc32(png.subarray(off + 4, off + 8 + len)), `CRC of ${type}`);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      assert.deepEqual([data.readUInt32BE(4), data[8], data[9], data[10], data[11], data[12]], [width, 1, 0, 0, 0, 0]);
    }
    if (type === 'IDAT') idat.push(data);
    off += 12 + len;
  }
  assert.equal(width, (modules + 2 * border) * scale);
  const raw = inflateSync(Buffer.concat(idat));
  const rowBytes = Math.ceil(width / 8) + 1;
  const px = (x: number, y: number) => ((raw[y * rowBytes + 1 + (x >>> 3)]! >>> (7 - (x & 7))) & 1) === 0;
  return Array.from({ length: modules }, (_, my) =>
    Array.from({ length: modules }, (_, mx) => px((mx + border) * scale + 1, (my + border) * scale + 1)),
  );
}

describe('QR code encoder', () => {
  it('uses the standard tables and BCH codes', () => {
    assert.equal(crc32(Buffer.from('123456789')), 0xcbf43926);
    assert.deepEqual([1, 2, 3, 4, 5, 6, 7, 10, 40].map(dataCodewords), [16, 28, 44, 64, 86, 108, 124, 216, 2334]);
    assert.deepEqual(alignmentPositions(2), [6, 18]);
    assert.deepEqual(alignmentPositions(7), [6, 22, 38]);
    assert.deepEqual(alignmentPositions(32), [6, 34, 60, 86, 112, 138]);
    assert.deepEqual(alignmentPositions(40), [6, 30, 58, 86, 114, 142, 170]);
    // ISO/IEC 18004 table C.1 (level M) and table D.1.
    const m = ['101010000010010', '101000100100101', '101111001111100', '101101101001011', '100010111111001', '100000011001110', '100111110010111', '100101010100000'];
    m.forEach((s, mask) => assert.equal(formatBits(mask), parseInt(s, 2)));
    assert.equal(versionBits(7), 0x07c94);
    assert.equal(versionBits(8), 0x085bc);
    assert.equal(versionBits(40), 0x28c69);
    assert.equal(chooseVersion(14), 1);
    assert.equal(chooseVersion(15), 2);
  });

  const ECC: Record<number, [number, number]> = { 1: [10, 1], 9: [22, 5], 10: [26, 5], 13: [22, 9], 26: [28, 23] };
  for (const text of [
    'hello',
    'otpauth://totp/Amazon%20Web%20Services:alice@123456789012?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Amazon%20Web%20Services',
    'x'.repeat(200),
    'ü'.repeat(150),
    'y'.repeat(1000),
  ]) {
    it(`reads back ${text.length} characters`, () => {
      const qr = encodeQr(text);
      assert.equal(qr.size, qr.version * 4 + 17);
      const fmt = readFormat(qr.modules);
      assert.equal(fmt, formatBits(qr.mask), 'format information');
      assert.equal((fmt ^ 0x5412) >>> 13, 0b00, 'error correction level M');
      if (qr.version >= 7) {
        let v = 0;
        for (let i = 17; i >= 0; i--) v = (v << 1) | (qr.modules[Math.floor(i / 3)]![qr.size - 11 + (i % 3)] ? 1 : 0);
        assert.equal(v, versionBits(qr.version), 'version information');
      }
      const [ecc, blocks] = ECC[qr.version] ?? assert.fail(`no test table for version ${qr.version}`);
      const data = readData(qr, ecc, blocks);
      const bits = data.flatMap((w) => [7, 6, 5, 4, 3, 2, 1, 0].map((i) => (w >>> i) & 1));
      const num = (from: number, len: number) => bits.slice(from, from + len).reduce((a, b) => (a << 1) | b, 0);
      assert.equal(num(0, 4), 0b0100, 'byte mode');
      const lenBits = qr.version <= 9 ? 8 : 16;
      const bytes = new TextEncoder().encode(text);
      assert.equal(num(4, lenBits), bytes.length);
      const got = Buffer.from(Array.from({ length: bytes.length }, (_, i) => num(4 + lenBits + 8 * i, 8)));
      assert.equal(got.toString('utf8'), text);
      const png = bilevelPng(qr.modules, 3, 4);
      assert.deepEqual(sample(png, qr.size, 3, 4), qr.modules.map((r) => [...r]));
    });
  }
});
