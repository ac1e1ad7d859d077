/**
 * The streaming verifier end to end on uploads signed by @smithy/signature-v4 whose bodies are
 * generated piece by piece (test/helpers/sigv4-streaming-sign.ts): every payload form, each failure,
 * early failure on a bad chunk signature, and 96 MiB through in bounded memory with its throughput (the 1 GiB run through the gateway's chain is test/toy/toy-streaming.test.ts).
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { isAwsError, type AwsError } from '../../src/shared/aws-error.js';
import { verifyRequestStreaming } from '../../src/auth/streaming-verifier.js';
import { signStreamingUpload, uploadData, type StreamingUpload, type StreamingUploadSpec } from '../helpers/sigv4-streaming-sign.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const MiB = 1 << 20;

/** The SHA-256 of the first `length` bytes of upload data (generated, not held). */
function dataHash(length: number): string {
  const hash = createHash('sha256');
  for (let at = 0; at < length; at += MiB) hash.update(uploadData(at, Math.min(MiB, length - at)));
  return hash.digest('hex');
}

/** Streams an upload through the verifier into a counting (and, unless `onPiece` is given, hashing) sink. */
async function run(upload: StreamingUpload, onPiece?: (bytes: number) => void): Promise<{ bytes: number; sha256: string; error?: AwsError }> {
  const result = await verifyRequestStreaming(upload.req, { resolver: upload.resolver, now: upload.now, family: 's3' }, upload.body());
  assert.equal(result.credential?.accessKeyId, 'AKIASTREAMINGTEST001');
  let bytes = 0;
  const hash = createHash('sha256');
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      if (onPiece) onPiece(bytes);
      else hash.update(chunk);
      callback();
    },
  });
  try {
    await pipeline(result.payload, sink);
    return { bytes, sha256: hash.digest('hex') };
  } catch (e) {
    assert.ok(isAwsError(e), String(e));
    return { bytes, sha256: '', error: e };
  }
}

const upload = (spec: StreamingUploadSpec) => signStreamingUpload(spec);

test('signed aws-chunked uploads of many chunks verify end to end, every payload form', async () => {
  const length = 3 * MiB + 12345;
  const expected = dataHash(length);
  const forms: StreamingUploadSpec[] = [
    { payload: 'streaming-signed', length, chunkSize: 65536 },
    { payload: 'streaming-signed-trailer', length, chunkSize: 8192, checksum: 'CRC32' },
    { payload: 'streaming-signed-trailer', length, chunkSize: 1000000, checksum: 'SHA1' },
    { payload: 'streaming-unsigned-trailer', length, chunkSize: 65536, checksum: 'SHA256' },
    { payload: 'unsigned', length },
    { payload: 'sha256', length },
  ];
  for (const spec of forms) {
    const out = await run(await upload(spec));
    assert.deepEqual([out.error, out.bytes, out.sha256], [undefined, length, expected], JSON.stringify(spec));
  }
  const empty = await run(await upload({ payload: 'streaming-signed-trailer', length: 0 }));
  assert.deepEqual([empty.error, empty.bytes], [undefined, 0]);
});

test('one flipped chunk signature fails with SignatureDoesNotMatch before the following chunks are emitted', async () => {
  const chunkSize = 65536;
  const spec: StreamingUploadSpec = { payload: 'streaming-signed', length: 64 * chunkSize, chunkSize, badChunkSignature: 5 };
  const u = await upload(spec);
  const out = await run(u);
  assert.equal(out.error?.code, 'SignatureDoesNotMatch');
  assert.equal(out.error?.httpStatus, 403);
  assert.match(String(out.error?.fields['StringToSign']), /^AWS4-HMAC-SHA256-PAYLOAD\n/);
  assert.ok(out.bytes <= 6 * chunkSize, `${out.bytes} bytes emitted`);
  assert.ok(u.produced() < 16 * chunkSize, `${u.produced()} bytes generated: the source was not read on`);
  const last = await run(await upload({ ...spec, badChunkSignature: 64 }));
  assert.equal(last.error?.code, 'SignatureDoesNotMatch', 'the final, empty chunk');
});

test('hex x-amz-content-sha256: the right hash passes, another one is XAmzContentSHA256Mismatch at the end', async () => {
  const length = MiB + 1;
  const good = await run(await upload({ payload: 'sha256', length }));
  assert.deepEqual([good.error, good.bytes], [undefined, length]);
  const claimed = createHash('sha256').update('something else').digest('hex');
  const bad = await run(await upload({ payload: 'sha256', length, claimedSha256: claimed }));
  assert.deepEqual([bad.error?.code, bad.error?.httpStatus, bad.error?.fields], [
    'XAmzContentSHA256Mismatch',
    400,
    { ClientComputedContentSHA256: claimed, S3ComputedContentSHA256: dataHash(length) },
  ]);
});

test('UNSIGNED-PAYLOAD passes the body through as is', async () => {
  const out = await run(await upload({ payload: 'unsigned', length: 5 * MiB }));
  assert.deepEqual([out.error, out.bytes, out.sha256], [undefined, 5 * MiB, dataHash(5 * MiB)]);
});

test('trailing checksums: right ones pass, a wrong one is BadDigest', async () => {
  for (const checksum of ['CRC32', 'SHA1', 'SHA256'] as const) {
    for (const payload of ['streaming-signed-trailer', 'streaming-unsigned-trailer'] as const) {
      const spec = { payload, length: 300000, chunkSize: 65536, checksum };
      assert.equal((await run(await upload(spec))).error, undefined, `${payload} ${checksum}`);
      const bad = await run(await upload({ ...spec, badChecksum: true }));
      assert.deepEqual([bad.error?.code, bad.error?.message, bad.bytes], ['BadDigest', `The ${checksum} you specified did not match the calculated checksum.`, 300000]);
    }
  }
});

test('x-amz-decoded-content-length: missing, shorter or longer than the body', async () => {
  const spec: StreamingUploadSpec = { payload: 'streaming-signed', length: 20 * 65536, chunkSize: 65536 };
  const missing = await upload({ ...spec, declaredLength: undefined });
  const e = await verifyRequestStreaming(missing.req, { resolver: missing.resolver, now: missing.now, family: 's3' }, missing.body()).then(
    () => assert.fail('accepted'),
    (err: unknown) => err,
  );
  assert.ok(isAwsError(e));
  assert.deepEqual([e.code, e.httpStatus], ['MissingContentLength', 411]);
  const shorter = await run(await upload({ ...spec, declaredLength: 3 * 65536 + 10 }));
  assert.deepEqual([shorter.error?.code, shorter.bytes], ['IncompleteBody', 3 * 65536], 'refused at the header of the chunk that goes beyond');
  const longer = await run(await upload({ ...spec, declaredLength: 20 * 65536 + 1 }));
  assert.deepEqual([longer.error?.code, longer.bytes], ['IncompleteBody', 20 * 65536]);
});

test('96 MiB signed with a trailing CRC32 stream through in bounded memory', async (t) => {
  const length = 96 * MiB;
  const u = await upload({ payload: 'streaming-signed-trailer', length, chunkSize: MiB, checksum: 'CRC32' });
  const seconds = async (work: () => Promise<unknown>) => {
    const started = process.hrtime.bigint();
    await work();
    return Number(process.hrtime.bigint() - started) / 1e9;
  };
  const generating = await seconds(() => pipeline(u.body(), new Writable({ write: (_chunk, _encoding, callback) => callback() })));
  gc();
  const before = process.memoryUsage().rss;
  let peak = before;
  let nextSample = 0;
  let out: Awaited<ReturnType<typeof run>> | undefined;
  const total = await seconds(async () => {
    out = await run(u, (bytes) => {
      if (bytes < nextSample) return;
      nextSample += 4 * MiB;
      peak = Math.max(peak, process.memoryUsage().rss);
    });
  });
  peak = Math.max(peak, process.memoryUsage().rss);
  assert.deepEqual([out?.error, out?.bytes], [undefined, length]);
  const growth = (peak - before) / MiB;
  const rate = (s: number) => `${(256 / s).toFixed(0)} MiB/s`;
  t.diagnostic(
    `96 MiB, 1 MiB chunks, 96 chunk signatures, CRC32 trailer: ${total.toFixed(2)} s end to end (${rate(total)}); ` +
      `the generator alone ${generating.toFixed(2)} s (${rate(generating)}), so the verifier ~${rate(total - generating)}; peak RSS growth ${growth.toFixed(1)} MiB`,
  );
  assert.ok(growth < 50, `RSS grew by ${growth.toFixed(1)} MiB`);
});
