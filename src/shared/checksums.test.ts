import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { crc32 as zlibCrc32 } from 'node:zlib';
import { checksumAlgorithmOfHeader, computeChecksum, crc32, crc32c, createChecksum, isWellFormedChecksum } from './checksums.js';

const CHECK = Buffer.from('123456789');

test('check values of "123456789" (CRC catalogue; S3 flexible-checksum docs)', () => {
  assert.equal(computeChecksum('CRC32', CHECK).toString('hex'), 'cbf43926');
  assert.equal(computeChecksum('CRC32C', CHECK).toString('hex'), 'e3069283');
  assert.equal(computeChecksum('CRC64NVME', CHECK).toString('hex'), 'ae8b14860a799888');
  assert.equal(computeChecksum('SHA1', CHECK).toString('hex'), 'f7c3bc1d808e04732adf679965ccc34ca7ae3441');
  assert.equal(computeChecksum('SHA256', CHECK).toString('hex'), '15e2b0d3c33891ebb0f1ef609ec419420c20e320ce94c65fbc8c3312448eb225');
  assert.equal(computeChecksum('CRC32', CHECK).toString('base64'), 'y/Q5Jg==');
  assert.equal(computeChecksum('CRC32C', CHECK).toString('base64'), '4waSgw==');
});

test('CRC32C of 66560 "a" is the value of the AWS streaming-trailer example', () => {
  assert.equal(computeChecksum('CRC32C', Buffer.alloc(66560, 'a')).toString('base64'), 'sOO8/Q==');
});

test('the table-driven CRC32 agrees with zlib on random data', () => {
  for (let i = 0; i < 50; i++) {
    const data = randomBytes(i * 37);
    assert.equal(crc32(data), zlibCrc32(data));
  }
  assert.equal(crc32c(Buffer.alloc(0)), 0);
});

test('checksum header names and values', () => {
  assert.equal(checksumAlgorithmOfHeader('x-amz-checksum-crc32c'), 'CRC32C');
  assert.equal(checksumAlgorithmOfHeader('X-Amz-Checksum-SHA256'), 'SHA256');
  assert.equal(checksumAlgorithmOfHeader('x-amz-checksum-md5'), undefined);
  assert.equal(checksumAlgorithmOfHeader('x-amz-meta-crc32'), undefined);
  assert.ok(isWellFormedChecksum('CRC32', 'y/Q5Jg=='));
  assert.ok(!isWellFormedChecksum('CRC32', 'y/Q5Jg'), 'no padding');
  assert.ok(!isWellFormedChecksum('CRC32', 'y/Q5Jh=='), 'non-canonical trailing bits');
  assert.ok(!isWellFormedChecksum('CRC32', 'cbf43926'), 'hex');
  assert.ok(!isWellFormedChecksum('SHA1', 'y/Q5Jg=='), 'wrong length');
});

test('incremental checksums fed in pieces equal the one-shot ones, for every algorithm', () => {
  const data = randomBytes(5000);
  for (const algorithm of ['CRC32', 'CRC32C', 'CRC64NVME', 'SHA1', 'SHA256'] as const) {
    for (const cuts of [[], [0], [1, 2, 3], [4999], [17, 1000, 4096], [2500, 2500]]) {
      const checksum = createChecksum(algorithm);
      let from = 0;
      for (const to of [...cuts, data.length]) {
        checksum.update(data.subarray(from, Math.max(from, to)));
        from = Math.max(from, to);
      }
      assert.deepEqual(checksum.digest(), computeChecksum(algorithm, data), `${algorithm} cut at ${cuts.join(',')}`);
    }
    const check = createChecksum(algorithm);
    for (const byte of CHECK) check.update(Uint8Array.of(byte));
    assert.deepEqual(check.digest(), computeChecksum(algorithm, CHECK), `${algorithm} byte by byte`);
  }
  const crc64 = createChecksum('CRC64NVME');
  crc64.update(CHECK.subarray(0, 4));
  crc64.update(CHECK.subarray(4));
  assert.equal(crc64.digest().toString('hex'), 'ae8b14860a799888');
});

/** Bit-at-a-time reflected CRCs (BigInt), independent of the slicing-by-8 tables. */
function referenceCrc(poly: bigint, width: number, data: Uint8Array): bigint {
  const mask = (1n << BigInt(width)) - 1n;
  let crc = mask;
  for (const byte of data) {
    crc ^= BigInt(byte);
    for (let k = 0; k < 8; k++) crc = crc & 1n ? (crc >> 1n) ^ poly : crc >> 1n;
  }
  return crc ^ mask;
}

test('slicing-by-8 CRC32C and CRC64NVME agree with bit-at-a-time CRCs, at every length and alignment', () => {
  const data = randomBytes(300);
  for (let from = 0; from < 9; from++) {
    for (let to = from; to <= data.length; to += 7) {
      const piece = data.subarray(from, to);
      assert.equal(BigInt(crc32c(piece)), referenceCrc(0x82f63b78n, 32, piece), `crc32c ${from}..${to}`);
      assert.equal(computeChecksum('CRC64NVME', piece).readBigUInt64BE(0), referenceCrc(0x9a6c9329ac4bc9b5n, 64, piece), `crc64nvme ${from}..${to}`);
    }
  }
});

test('CRC64NVME by the WebAssembly loop (long pieces) equals the bit-at-a-time CRC, across its 64 KiB input window and in any split', () => {
  const data = randomBytes(3 * 65536 + 1001);
  for (const [from, to] of [[0, 256], [3, 263], [1, 65536 + 5], [7, data.length], [0, 2 * 65536]] as const) {
    const piece = data.subarray(from, to);
    assert.equal(computeChecksum('CRC64NVME', piece).readBigUInt64BE(0), referenceCrc(0x9a6c9329ac4bc9b5n, 64, piece), `${from}..${to}`);
  }
  // Pieces on both sides of the threshold, in one running checksum.
  const whole = computeChecksum('CRC64NVME', data).toString('hex');
  for (const sizes of [[255, 256, 1, 70_000], [65_536, 17, 300], [1, 2, 3, 100_000]]) {
    const c = createChecksum('CRC64NVME');
    let off = 0;
    for (let i = 0; off < data.length; i++) {
      const n = sizes[i % sizes.length]!;
      c.update(data.subarray(off, off + n));
      off += n;
    }
    assert.equal(c.digest().toString('hex'), whole, sizes.join(','));
  }
});

test('CRC32 fed in pieces (zlib where Node has it) equals the table-driven one-shot CRC32', () => {
  const data = randomBytes(100_003);
  const c = createChecksum('CRC32');
  for (let off = 0; off < data.length; off += 7_777) c.update(data.subarray(off, off + 7_777));
  assert.equal(c.digest().readUInt32BE(0), crc32(data));
});
