import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ChunkedPayloadError, decodeAwsChunked, type ChunkFailure, type ChunkSigning } from './chunked-payload.js';
import { deriveSigningKey } from './signing-key-cache.js';

/** The chunked-upload examples of the S3 docs (sigv4-streaming, sigv4-streaming-trailers). */
const KEY = deriveSigningKey('wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', '20130524', 'us-east-1', 's3');
const A = 'a'.repeat(66560);
const SCOPE = '20130524/us-east-1/s3/aws4_request';
const signing = (seedSignature: string): ChunkSigning => ({ signingKey: KEY, amzDate: '20130524T000000Z', scope: SCOPE, seedSignature });
const PLAIN = ['ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648', '0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497', 'b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9'];
const TRAILED = ['b474d8862b1487a5145d686f57f013e54db672cee1c953b3010fb58501ef5aa2', '1c1344b170168f8e65b41376b44b20fe354e373826ccbbe2c1d40a8cae51e5c7', '2ca2aba2005185cf7159c6277faf83795951dd77a3a99e6e65d5c9f85863f992'];
const TRAILER = ['x-amz-checksum-crc32c:sOO8/Q==', 'x-amz-trailer-signature:d81f82fc3505edab99d459891051a732e8730629a2e4a59689829ca17fe2e435'];

function body(sigs: readonly string[], ...trailers: string[]): Buffer {
  const parts = [`10000;chunk-signature=${sigs[0]}\r\n${A.slice(0, 65536)}`, `400;chunk-signature=${sigs[1]}\r\n${A.slice(0, 1024)}`, `0;chunk-signature=${sigs[2]}`];
  return Buffer.from([...parts, ...trailers, '', ''].join('\r\n'));
}

function failure(fn: () => unknown): ChunkFailure {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof ChunkedPayloadError, String(e));
    return e.failure;
  }
  assert.fail('expected a ChunkedPayloadError');
}

const signed = { signing: signing('4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9'), trailerSigned: false, minChunkSize: 8192 };
const trailed = { signing: signing('106e2a8a18243abcf37539882f36619c00e2dfc72633413f02d3b74544bfeb8e'), trailerSigned: true, minChunkSize: 8192 };

test('decodes and verifies the signed-chunks example of the S3 docs', () => {
  const out = decodeAwsChunked(body(PLAIN), signed);
  assert.equal(out.payload.toString(), A);
  assert.deepEqual(out.trailers, []);
});

test('decodes and verifies the signed-trailer example of the S3 docs', () => {
  const out = decodeAwsChunked(body(TRAILED, ...TRAILER), trailed);
  assert.equal(out.payload.length, 66560);
  assert.deepEqual(out.trailers, [['x-amz-checksum-crc32c', 'sOO8/Q==']]);
});

test('a changed signature or data byte in any chunk is refused', () => {
  const middle = [PLAIN[0] as string, (PLAIN[1] as string).replace(/^0/, '1'), PLAIN[2] as string];
  const f = failure(() => decodeAwsChunked(body(middle), signed));
  assert.equal(f.kind, 'chunk-signature');
  assert.match(f.kind === 'chunk-signature' ? f.stringToSign : '', /^AWS4-HMAC-SHA256-PAYLOAD\n20130524T000000Z\n20130524\/us-east-1\/s3\/aws4_request\nad80c730/);
  const data = body(PLAIN);
  data[66000] = 0x62; // inside the second (1 KiB) chunk
  assert.equal(failure(() => decodeAwsChunked(data, signed)).kind, 'chunk-signature');
  const last = [PLAIN[0] as string, PLAIN[1] as string, '0'.repeat(64)];
  assert.equal(failure(() => decodeAwsChunked(body(last), signed)).kind, 'chunk-signature');
  assert.equal(failure(() => decodeAwsChunked(body(PLAIN), { ...signed, signing: signing('0'.repeat(64)) })).kind, 'chunk-signature');
});

test('trailer signatures and trailer framing are checked', () => {
  const badSig = [TRAILER[0] as string, (TRAILER[1] as string).replace('d81f', 'd82f')];
  assert.equal(failure(() => decodeAwsChunked(body(TRAILED, ...badSig), trailed)).kind, 'trailer-signature');
  const badValue = ['x-amz-checksum-crc32c:sOO8/Q=x', TRAILER[1] as string];
  assert.equal(failure(() => decodeAwsChunked(body(TRAILED, ...badValue), trailed)).kind, 'trailer-signature');
  assert.equal(failure(() => decodeAwsChunked(body(TRAILED, TRAILER[0] as string), trailed)).kind, 'malformed-trailer');
  assert.equal(failure(() => decodeAwsChunked(body(TRAILED, 'no-colon', TRAILER[1] as string), trailed)).kind, 'malformed-trailer');
  assert.equal(failure(() => decodeAwsChunked(body(PLAIN, TRAILER[1] as string), signed)).kind, 'malformed-trailer');
});

test('truncated, padded or mis-framed bodies are incomplete', () => {
  const full = body(PLAIN);
  for (const broken of [
    full.subarray(0, full.lastIndexOf('0;chunk-signature=')),
    full.subarray(0, full.length - 2),
    Buffer.concat([full, Buffer.from('x')]),
    Buffer.from(full.toString('latin1').replace('400;', '401;'), 'latin1'),
    Buffer.from(full.toString('latin1').replace('400;', 'zz;'), 'latin1'),
    Buffer.from(full.toString('latin1').replace('400;chunk-signature', '400;chunk-signatur'), 'latin1'),
    Buffer.alloc(0),
  ]) {
    assert.equal(failure(() => decodeAwsChunked(broken, signed)).kind, 'incomplete-body');
  }
});

test('every chunk but the last must hold at least the minimum size', () => {
  const unsigned = { trailerSigned: false, minChunkSize: 8192 };
  const small = Buffer.from('64\r\n' + 'x'.repeat(100) + '\r\n5\r\nhello\r\n0\r\n\r\n');
  assert.deepEqual(failure(() => decodeAwsChunked(small, unsigned)), { kind: 'chunk-too-small', chunk: 1, size: 100 });
  assert.equal(decodeAwsChunked(small, { ...unsigned, minChunkSize: 1 }).payload.toString(), 'x'.repeat(100) + 'hello');
});

test('unsigned chunks with trailers, and the bare ending of @smithy without trailers', () => {
  const unsigned = { trailerSigned: false, minChunkSize: 8192 };
  const out = decodeAwsChunked(Buffer.from('5;ext=1\r\nhello\r\n0\r\nX-Amz-Checksum-CRC32 : NhCmhg==\r\n\r\n'), unsigned);
  assert.deepEqual([out.payload.toString(), out.trailers], ['hello', [['x-amz-checksum-crc32', 'NhCmhg==']]]);
  assert.equal(decodeAwsChunked(Buffer.from('5\r\nhello\r\n0\r\n'), unsigned).payload.toString(), 'hello');
  assert.equal(decodeAwsChunked(Buffer.from('0\r\n\r\n'), unsigned).payload.length, 0);
  assert.equal(failure(() => decodeAwsChunked(Buffer.from('5\r\nhello\r\n0\r\nx-amz-checksum-crc32:NhCmhg==\r\n'), unsigned)).kind, 'incomplete-body');
  assert.equal(failure(() => decodeAwsChunked(Buffer.from('5;chunk-signature=ab\r\nhello\r\n0\r\n\r\n'), signed)).kind, 'incomplete-body');
});
