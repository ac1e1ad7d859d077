import assert from 'node:assert/strict';
import { Readable, Writable } from 'node:stream';
import { test } from 'node:test';
import fc from 'fast-check';
import { isAwsError, type AwsError } from '../shared/aws-error.js';
import { verifyRequest, type VerifyOptions } from './sigv4-verifier.js';
import { verifyRequestStreaming, type StreamingAuthResult } from './streaming-verifier.js';
import type { SignedRequestParts } from './types.js';

/** The chunked-upload examples of the S3 docs (as in sigv4-verifier.test.ts). */
const KEY = 'AKIAIOSFODNN7EXAMPLE';
const principal = { accountId: '123456789012', arn: 'arn:aws:iam::123456789012:user/alice', userId: 'AIDAEXAMPLE', type: 'user' } as const;
const resolver = { resolve: (id: string) => (id === KEY ? { accessKeyId: KEY, secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', principal, active: true } : undefined) };
const s3: VerifyOptions = { resolver, now: Date.UTC(2013, 4, 24), family: 's3' };
const A = 'a'.repeat(66560);
const auth = (signed: string, sig: string) => `AWS4-HMAC-SHA256 Credential=${KEY}/20130524/us-east-1/s3/aws4_request,SignedHeaders=${signed},Signature=${sig}`;
const body = (sigs: string[], ...trailers: string[]) =>
  Buffer.from([`10000;chunk-signature=${sigs[0]}\r\n${A.slice(0, 65536)}`, `400;chunk-signature=${sigs[1]}\r\n${A.slice(0, 1024)}`, `0;chunk-signature=${sigs[2]}`, ...trailers, '', ''].join('\r\n'));
const common = ['Host', 's3.amazonaws.com', 'x-amz-date', '20130524T000000Z', 'x-amz-storage-class', 'REDUCED_REDUNDANCY', 'Content-Encoding', 'aws-chunked', 'x-amz-decoded-content-length', '66560'];
const PLAIN_SIGS = ['ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648', '0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497', 'b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9'];
const TRAILED_SIGS = ['b474d8862b1487a5145d686f57f013e54db672cee1c953b3010fb58501ef5aa2', '1c1344b170168f8e65b41376b44b20fe354e373826ccbbe2c1d40a8cae51e5c7', '2ca2aba2005185cf7159c6277faf83795951dd77a3a99e6e65d5c9f85863f992'];
const TRAILER = ['x-amz-checksum-crc32c:sOO8/Q==', 'x-amz-trailer-signature:d81f82fc3505edab99d459891051a732e8730629a2e4a59689829ca17fe2e435'];
const PLAIN: SignedRequestParts = {
  method: 'PUT',
  rawPath: '/examplebucket/chunkObject.txt',
  rawQuery: '',
  rawHeaders: [...common, 'Content-Length', '66824', 'x-amz-content-sha256', 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
    'Authorization', auth('content-encoding;content-length;host;x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;x-amz-storage-class', '4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9')],
  body: body(PLAIN_SIGS),
};
const TRAILED: SignedRequestParts = {
  ...PLAIN,
  rawHeaders: [...common, 'x-amz-content-sha256', 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER', 'x-amz-trailer', 'x-amz-checksum-crc32c',
    'Authorization', auth('content-encoding;host;x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;x-amz-storage-class;x-amz-trailer', '106e2a8a18243abcf37539882f36619c00e2dfc72633413f02d3b74544bfeb8e')],
  body: body(TRAILED_SIGS, ...TRAILER),
};

/** `data` as a stream cut at `cuts`. */
function sourceOf(data: Buffer, cuts: readonly number[] = []): Readable {
  const points = [...new Set(cuts.map((c) => c % (data.length + 1)))].sort((a, b) => a - b);
  const slices = [...points, data.length].map((to, i, all) => data.subarray(i === 0 ? 0 : all[i - 1], to));
  return Readable.from(slices, { objectMode: false });
}

/** Reads the payload to its end: the bytes, or the error it failed with. */
async function drain(payload: Readable): Promise<{ data: Buffer; error?: unknown }> {
  const parts: Buffer[] = [];
  try {
    for await (const piece of payload) parts.push(piece as Buffer);
    return { data: Buffer.concat(parts) };
  } catch (error) {
    return { data: Buffer.concat(parts), error };
  }
}

async function wholeError(req: SignedRequestParts, opts: VerifyOptions): Promise<AwsError> {
  try {
    await verifyRequest(req, opts);
  } catch (e) {
    assert.ok(isAwsError(e), String(e));
    return e;
  }
  assert.fail('expected an AwsError');
}

const view = (e: AwsError) => ({ code: e.code, httpStatus: e.httpStatus, message: e.message, fields: e.fields });
const withoutPayload = ({ payload: _payload, ...rest }: StreamingAuthResult | Awaited<ReturnType<typeof verifyRequest>>) => rest;

test('the chunked-upload examples of the S3 docs verify while streaming, in any slicing', async () => {
  for (const req of [PLAIN, TRAILED]) {
    const whole = await verifyRequest(req, s3);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat(), { maxLength: 30 }), async (cuts) => {
        const result = await verifyRequestStreaming(req, s3, sourceOf(req.body, cuts));
        assert.deepEqual(withoutPayload(result), withoutPayload(whole));
        const out = await drain(result.payload);
        assert.equal(out.error, undefined);
        assert.equal(out.data.toString(), A);
      }),
      { numRuns: 25 },
    );
  }
});

test('a payload failure is the AwsError verifyRequest throws for the same body', async () => {
  const flip = (b: Buffer, at: number) => Buffer.from(b).fill(b[at] === 0x61 ? 0x62 : 0x61, at, at + 1);
  const cases: [string, SignedRequestParts][] = [
    ['middle chunk signature', { ...PLAIN, body: body([PLAIN_SIGS[0] as string, (PLAIN_SIGS[1] as string).replace(/^0/, '1'), PLAIN_SIGS[2] as string]) }],
    ['data byte of the first chunk', { ...PLAIN, body: flip(PLAIN.body, 100) }],
    ['truncated', { ...PLAIN, body: PLAIN.body.subarray(0, PLAIN.body.length - 2) }],
    ['padded', { ...PLAIN, body: Buffer.concat([PLAIN.body, Buffer.from('x')]) }],
    ['bad chunk size', { ...PLAIN, body: Buffer.from(PLAIN.body.toString('latin1').replace('400;', '401;'), 'latin1') }],
    ['trailer signature', { ...TRAILED, body: body(TRAILED_SIGS, TRAILER[0] as string, (TRAILER[1] as string).replace('d81f', 'd82f')) }],
    ['trailer missing', { ...TRAILED, body: body(TRAILED_SIGS) }],
  ];
  for (const [name, req] of cases) {
    const expected = await wholeError(req, s3);
    for (const cuts of [[], [1, 7, 65000, 66000, 66600], Array.from({ length: 300 }, (_, i) => i * 223)]) {
      const result = await verifyRequestStreaming(req, s3, sourceOf(req.body, cuts));
      const { error } = await drain(result.payload);
      assert.ok(isAwsError(error), `${name}: ${String(error)}`);
      assert.deepEqual(view(error), view(expected), name);
    }
  }
});

test('a bad first-chunk signature fails before any data of the second chunk is emitted', async () => {
  const req = { ...PLAIN, body: body([(PLAIN_SIGS[0] as string).replace(/^a/, 'b'), PLAIN_SIGS[1] as string, PLAIN_SIGS[2] as string]) };
  const result = await verifyRequestStreaming(req, s3, sourceOf(req.body, [100, 65600, 65700]));
  const out = await drain(result.payload);
  assert.equal((out.error as AwsError).code, 'SignatureDoesNotMatch');
  assert.ok(out.data.length <= 65536, `${out.data.length} bytes emitted`);
});

test('failures known before the body reject the call and leave the source untouched', async () => {
  const source = sourceOf(PLAIN.body);
  const wrongKey = { ...PLAIN, rawHeaders: PLAIN.rawHeaders.map((h) => h.replace(KEY, 'AKIAUNKNOWNKEY000000')) };
  const e = await verifyRequestStreaming(wrongKey, s3, source).then(() => assert.fail('accepted'), (err: unknown) => err);
  assert.ok(isAwsError(e));
  assert.equal(e.code, 'InvalidAccessKeyId');
  assert.equal(source.readableFlowing, null);
  assert.equal(source.readableLength, 0);
  const late = { ...s3, now: s3.now + 3_600_000 };
  assert.deepEqual(view(await verifyRequestStreaming(PLAIN, late, source).then(() => assert.fail('accepted'), (err: AwsError) => err)), view(await wholeError(PLAIN, late)));
});

test('after a payload failure the source is unpiped and paused, not destroyed', async () => {
  const req = { ...PLAIN, body: body([(PLAIN_SIGS[0] as string).replace(/^a/, 'b'), PLAIN_SIGS[1] as string, PLAIN_SIGS[2] as string]) };
  const source = sourceOf(req.body, [65000, 65600, 65700, 66000]);
  const result = await verifyRequestStreaming(req, s3, source);
  await drain(result.payload);
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(source.destroyed, false);
  assert.equal(source.readableFlowing, false);
  let rest = 0;
  for await (const piece of source) rest += (piece as Buffer).length;
  assert.ok(rest > 0, 'the rest of the body can still be drained');
});

test('an error or an early close of the source fails the payload', async () => {
  const broken = new Readable({ read() {} });
  const result = await verifyRequestStreaming(PLAIN, s3, broken);
  broken.push(PLAIN.body.subarray(0, 1000));
  setImmediate(() => broken.destroy(new Error('socket hang up')));
  const out = await drain(result.payload);
  assert.equal((out.error as Error).message, 'socket hang up');
  const closed = new Readable({ read() {} });
  const early = await verifyRequestStreaming(PLAIN, s3, closed);
  closed.push(PLAIN.body.subarray(0, 1000));
  setImmediate(() => closed.destroy());
  assert.match(String((await drain(early.payload)).error), /closed before its end/);
});

test('streaming is refused (a programming error) where unsigned payloads are not honoured', async () => {
  const json: VerifyOptions = { ...s3, family: 'json' };
  await assert.rejects(verifyRequestStreaming(PLAIN, json, sourceOf(PLAIN.body)), (e: unknown) => e instanceof Error && !isAwsError(e));
  await assert.rejects(verifyRequestStreaming(PLAIN, { ...s3, allowUnsignedPayload: false }, sourceOf(PLAIN.body)), (e: unknown) => !isAwsError(e));
  const noClaim = { ...PLAIN, rawHeaders: ['Host', 'h', 'x-amz-date', '20130524T000000Z', 'Authorization', auth('host;x-amz-date', '0'.repeat(64)).replace('/s3/', '/kms/')] };
  const e = await verifyRequestStreaming(noClaim, { ...json, allowUnsignedPayload: true }, sourceOf(Buffer.alloc(0))).then(() => assert.fail('accepted'), (err: unknown) => err);
  assert.ok(isAwsError(e), String(e));
  assert.deepEqual([e.code, e.message], ['InvalidRequest', 'Missing required header for this request: x-amz-content-sha256']);
});

test('an anonymous request gets its source back as the payload', async () => {
  const source = sourceOf(Buffer.from('hello'));
  const result = await verifyRequestStreaming({ method: 'PUT', rawPath: '/b/k', rawQuery: '', rawHeaders: ['Host', 'h'] }, { ...s3, allowAnonymous: true }, source);
  assert.deepEqual([result.kind, result.payload], ['anonymous', source]);
});

test('a slow consumer pauses the source: back-pressure reaches it', async () => {
  const presigned = `X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=${KEY}%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404`;
  const req = { method: 'GET', rawPath: '/test.txt', rawQuery: presigned, rawHeaders: ['Host', 'examplebucket.s3.amazonaws.com'] };
  const total = 512 * 1024;
  let pulled = 0;
  const source = new Readable({
    read() {
      const size = Math.min(1024, total - pulled);
      pulled += size;
      this.push(size > 0 ? Buffer.alloc(size, 'z') : null);
    },
  });
  const result = await verifyRequestStreaming(req, s3, source);
  assert.equal(result.kind, 'presigned');
  let consumed = 0;
  let worst = 0;
  await new Promise<void>((resolve, reject) => {
    const slow = new Writable({
      highWaterMark: 1024,
      write(chunk: Buffer, _encoding, callback) {
        consumed += chunk.length;
        worst = Math.max(worst, pulled - consumed);
        setTimeout(callback, 1);
      },
    });
    result.payload.pipe(slow).on('finish', resolve).on('error', reject);
    result.payload.on('error', reject);
  });
  assert.equal(consumed, total);
  assert.ok(worst < 96 * 1024, `the source ran ${worst} bytes ahead of the consumer`);
});
