import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { AwsChunkedDecoder, ChunkedPayloadError, MAX_LINE_BYTES, MAX_TRAILER_BYTES, type ChunkedDecodeOptions, type ChunkFailure, type ChunkSigning } from './chunked-decoder.js';
import { decodeAwsChunked } from './chunked-payload.js';
import { deriveSigningKey } from './signing-key-cache.js';

/** The chunked-upload examples of the S3 docs (sigv4-streaming, sigv4-streaming-trailers), as in chunked-payload.test.ts. */
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

const signed: ChunkedDecodeOptions = { signing: signing('4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9'), trailerSigned: false, minChunkSize: 8192 };
const trailed: ChunkedDecodeOptions = { signing: signing('106e2a8a18243abcf37539882f36619c00e2dfc72633413f02d3b74544bfeb8e'), trailerSigned: true, minChunkSize: 8192 };
const unsigned: ChunkedDecodeOptions = { trailerSigned: false, minChunkSize: 8192 };
const tiny: ChunkedDecodeOptions = { trailerSigned: false, minChunkSize: 1 };
const flip = (b: Buffer, at: number) => {
  const copy = Buffer.from(b);
  copy[at] = (copy[at] as number) ^ 1;
  return copy;
};

/** Well-formed bodies, with their options. */
const GOOD: readonly (readonly [string, Buffer, ChunkedDecodeOptions])[] = [
  ['signed example', body(PLAIN), signed],
  ['signed-trailer example', body(TRAILED, ...TRAILER), trailed],
  ['unsigned with a trailer and an extension', Buffer.from('5;ext=1\r\nhello\r\n0\r\nX-Amz-Checksum-CRC32 : NhCmhg==\r\n\r\n'), unsigned],
  ['bare @smithy ending', Buffer.from('5\r\nhello\r\n0\r\n'), unsigned],
  ['empty body', Buffer.from('0\r\n\r\n'), unsigned],
  ['many small chunks', Buffer.from('3\r\nabc\r\n1\r\nd\r\n2;x=y\r\nef\r\n0\r\na:1\r\nb:2\r\n\r\n'), tiny],
];

/** Broken bodies: every kind of failure (see chunked-payload.test.ts for the whole-body expectations). */
const full = body(PLAIN);
const BROKEN: readonly (readonly [string, Buffer, ChunkedDecodeOptions])[] = [
  ['truncated before the last chunk', full.subarray(0, full.lastIndexOf('0;chunk-signature=')), signed],
  ['truncated final CRLF', full.subarray(0, full.length - 2), signed],
  ['padded', Buffer.concat([full, Buffer.from('x')]), signed],
  ['wrong size', Buffer.from(full.toString('latin1').replace('400;', '401;'), 'latin1'), signed],
  ['non-hex size', Buffer.from(full.toString('latin1').replace('400;', 'zz;'), 'latin1'), signed],
  ['misspelt extension', Buffer.from(full.toString('latin1').replace('400;chunk-signature', '400;chunk-signatur'), 'latin1'), signed],
  ['empty', Buffer.alloc(0), signed],
  ['middle signature', body([PLAIN[0] as string, (PLAIN[1] as string).replace(/^0/, '1'), PLAIN[2] as string]), signed],
  ['data byte', flip(full, 66000), signed],
  ['final signature', body([PLAIN[0] as string, PLAIN[1] as string, '0'.repeat(64)]), signed],
  ['wrong seed', full, { ...signed, signing: signing('0'.repeat(64)) }],
  ['trailer signature', body(TRAILED, TRAILER[0] as string, (TRAILER[1] as string).replace('d81f', 'd82f')), trailed],
  ['trailer value', body(TRAILED, 'x-amz-checksum-crc32c:sOO8/Q=x', TRAILER[1] as string), trailed],
  ['trailer signature missing', body(TRAILED, TRAILER[0] as string), trailed],
  ['trailer without colon', body(TRAILED, 'no-colon', TRAILER[1] as string), trailed],
  ['unexpected trailer signature', body(PLAIN, TRAILER[1] as string), signed],
  ['chunk too small', Buffer.from('64\r\n' + 'x'.repeat(100) + '\r\n5\r\nhello\r\n0\r\n\r\n'), unsigned],
  ['unterminated trailer', Buffer.from('5\r\nhello\r\n0\r\nx-amz-checksum-crc32:NhCmhg==\r\n'), unsigned],
  ['short signature', Buffer.from('5;chunk-signature=ab\r\nhello\r\n0\r\n\r\n'), signed],
  ['data not followed by CRLF', Buffer.from('5\r\nhelloX\r\n0\r\n\r\n'), unsigned],
];

/** Feeds `data` cut at `cuts` (positions, any order, repeats allowed); returns the pieces and the outcome. */
function feed(data: Buffer, options: ChunkedDecodeOptions, cuts: readonly number[]) {
  const pieces: Buffer[] = [];
  const decoder = new AwsChunkedDecoder(options, (p) => pieces.push(Buffer.from(p)));
  const points = [...new Set(cuts.map((c) => c % (data.length + 1)))].sort((a, b) => a - b);
  let from = 0;
  try {
    for (const to of [...points, data.length]) {
      decoder.push(data.subarray(from, to));
      from = to;
    }
    const end = decoder.end();
    return { pieces, end, failure: undefined };
  } catch (e) {
    if (!(e instanceof ChunkedPayloadError)) throw e;
    return { pieces, end: undefined, failure: e.failure };
  }
}

function wholeFailure(data: Buffer, options: ChunkedDecodeOptions): ChunkFailure {
  try {
    decodeAwsChunked(data, options);
  } catch (e) {
    assert.ok(e instanceof ChunkedPayloadError, String(e));
    return e.failure;
  }
  assert.fail('expected a ChunkedPayloadError');
}

const cutsArb = fc.array(fc.nat(), { maxLength: 40 });

test('good bodies in random slicings decode to what decodeAwsChunked decodes', () => {
  for (const [name, data, options] of GOOD) {
    const whole = decodeAwsChunked(data, options);
    fc.assert(
      fc.property(cutsArb, (cuts) => {
        const out = feed(data, options, cuts);
        assert.equal(out.failure, undefined, name);
        assert.deepEqual(Buffer.concat(out.pieces), whole.payload, name);
        assert.deepEqual(out.end?.trailers, whole.trailers, name);
        assert.equal(out.end?.decodedLength, whole.payload.length, name);
      }),
      { numRuns: 60 },
    );
  }
});

test('broken bodies in random slicings fail with the failure of decodeAwsChunked', () => {
  for (const [name, data, options] of BROKEN) {
    const expected = wholeFailure(data, options);
    fc.assert(
      fc.property(cutsArb, (cuts) => {
        assert.deepEqual(feed(data, options, cuts).failure, expected, name);
      }),
      { numRuns: 40 },
    );
  }
  const kinds = new Set(BROKEN.map(([, data, options]) => wholeFailure(data, options).kind));
  assert.deepEqual([...kinds].sort(), ['chunk-signature', 'chunk-too-small', 'incomplete-body', 'malformed-trailer', 'trailer-signature']);
});

test('one byte at a time, every body behaves as when read whole', () => {
  for (const [name, data, options] of [...GOOD, ...BROKEN]) {
    const out = feed(data, options, Array.from({ length: data.length }, (_, i) => i));
    let whole: ChunkFailure | Buffer;
    try {
      whole = decodeAwsChunked(data, options).payload;
    } catch (e) {
      whole = (e as ChunkedPayloadError).failure;
    }
    assert.deepEqual(out.failure ?? Buffer.concat(out.pieces), whole, name);
  }
});

test('data is handed on as it arrives, without waiting for the end of its chunk', () => {
  const data = body(PLAIN);
  let seen = 0;
  const decoder = new AwsChunkedDecoder(signed, (p) => (seen += p.length));
  const headerLength = data.indexOf('\r\n') + 2;
  for (let at = 0; at < headerLength + 65536; at += 1000) {
    const to = Math.min(at + 1000, headerLength + 65536);
    decoder.push(data.subarray(at, to));
    assert.equal(seen, Math.max(0, to - headerLength));
    assert.equal(decoder.decodedLength, seen);
  }
});

test('a wrong chunk signature fails at the end of that chunk, before the next chunk is handed on', () => {
  const data = body([(PLAIN[0] as string).replace(/^a/, 'b'), PLAIN[1] as string, PLAIN[2] as string]);
  const out = feed(data, signed, []);
  assert.equal(out.failure?.kind, 'chunk-signature');
  assert.equal(Buffer.concat(out.pieces).length, 65536);
  const tooSmall = feed(Buffer.from('64\r\n' + 'x'.repeat(100) + '\r\n5\r\nhello\r\n0\r\n\r\n'), unsigned, []);
  assert.deepEqual([tooSmall.failure, Buffer.concat(tooSmall.pieces).toString()], [{ kind: 'chunk-too-small', chunk: 1, size: 100 }, 'x'.repeat(100)]);
});

test('after a failure the decoder keeps failing; bytes after the final CRLF fail at once', () => {
  const decoder = new AwsChunkedDecoder(unsigned, () => undefined);
  assert.throws(() => decoder.push(Buffer.from('zz\r\n')), (e: unknown) => e instanceof ChunkedPayloadError && e.failure.kind === 'incomplete-body');
  assert.throws(() => decoder.push(Buffer.from('0\r\n\r\n')), ChunkedPayloadError);
  assert.throws(() => decoder.end(), ChunkedPayloadError);
  const done = new AwsChunkedDecoder(unsigned, () => undefined);
  done.push(Buffer.from('0\r\n\r\n'));
  assert.throws(() => done.push(Buffer.from('x')), (e: unknown) => e instanceof ChunkedPayloadError && e.failure.kind === 'incomplete-body');
});

test('chunk-size lines and trailers are capped: junk without CRLF fails once past the cap', () => {
  const junk = Buffer.alloc(1 << 20, 'a');
  for (const [start, options, kind] of [[Buffer.alloc(0), unsigned, 'incomplete-body'], [Buffer.from('0\r\n'), unsigned, 'malformed-trailer']] as const) {
    const decoder = new AwsChunkedDecoder(options, () => undefined);
    decoder.push(start);
    let pushed = 0;
    const failure = (() => {
      try {
        for (; pushed < junk.length; pushed += 100) decoder.push(junk.subarray(pushed, pushed + 100));
      } catch (e) {
        return (e as ChunkedPayloadError).failure.kind;
      }
      return 'none';
    })();
    assert.equal(failure, kind);
    assert.ok(pushed <= MAX_LINE_BYTES + 2, `failed after ${pushed} bytes`);
  }
  const longest = `5;${'e'.repeat(MAX_LINE_BYTES - 2)}\r\nhello\r\n0\r\n\r\n`;
  assert.equal(feed(Buffer.from(longest), unsigned, [7, 4000]).end?.decodedLength, 5);
  assert.equal(feed(Buffer.from(longest.replace(';', ';e')), unsigned, []).failure?.kind, 'incomplete-body');
  const manyTrailers = '0\r\n' + 'x-amz-meta-a:b\r\n'.repeat(Math.ceil(MAX_TRAILER_BYTES / 16) + 1) + '\r\n';
  assert.equal(feed(Buffer.from(manyTrailers), unsigned, [100]).failure?.kind, 'malformed-trailer');
});

test('a chunk beyond maxDecodedLength, or of an impossible size, fails at its header', () => {
  const capped = { ...tiny, maxDecodedLength: 7 };
  const over = feed(Buffer.from('5\r\nhello\r\n5\r\nworld\r\n0\r\n\r\n'), capped, []);
  assert.deepEqual([over.failure?.kind, Buffer.concat(over.pieces).toString()], ['incomplete-body', 'hello']);
  assert.equal(feed(Buffer.from('5\r\nhello\r\n2\r\nhi\r\n0\r\n\r\n'), capped, []).end?.decodedLength, 7);
  const huge = feed(Buffer.from('ffffffffffffffff\r\nabc'), unsigned, []);
  assert.deepEqual([huge.failure?.kind, huge.pieces.length], ['incomplete-body', 0]);
});
