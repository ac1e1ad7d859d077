import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isAwsError, type AwsError } from '../shared/aws-error.js';
import { sha256Hex } from './canonical-request.js';
import { finishPayload, planPayload, type PayloadContext } from './payload-verifier.js';
import { RequestHeaders } from './request-headers.js';
import { hmacSha256 } from './signing-key-cache.js';

const BODY = Buffer.from('123456789');
const KEY = Buffer.alloc(32, 7);
const SIGNING = { signingKey: KEY, amzDate: '20240101T000000Z', scope: '20240101/us-east-1/s3/aws4_request', seedSignature: 'a'.repeat(64) };

function ctx(headers: string[], over: Partial<PayloadContext> = {}): PayloadContext {
  return { family: 's3', presigned: false, allowUnsignedPayload: true, headers: RequestHeaders.fromRaw(headers), body: BODY, ...over };
}

function thrown(fn: () => unknown): AwsError {
  try {
    fn();
  } catch (e) {
    assert.ok(isAwsError(e), String(e));
    return e;
  }
  assert.fail('expected an AwsError');
}

test('outside S3 the canonical request carries the hash of the body received, whatever is claimed', () => {
  for (const claim of ['UNSIGNED-PAYLOAD', 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD', '0'.repeat(64)]) {
    const plan = planPayload(ctx(['x-amz-content-sha256', claim], { family: 'query', allowUnsignedPayload: false }));
    assert.deepEqual(plan, { mode: 'hash', payloadHash: sha256Hex(BODY) });
  }
  assert.deepEqual(planPayload(ctx([], { family: 'json', allowUnsignedPayload: true })), { mode: 'hash', payloadHash: sha256Hex(BODY) });
});

test('S3 payload claims', () => {
  assert.deepEqual(planPayload(ctx([], { presigned: true })), { mode: 'unsigned', payloadHash: 'UNSIGNED-PAYLOAD' });
  assert.deepEqual(planPayload(ctx([], { presigned: true, presignContentSha256: sha256Hex(BODY) })).mode, 'hash');
  assert.deepEqual(planPayload(ctx(['x-amz-content-sha256', 'UNSIGNED-PAYLOAD'])), { mode: 'unsigned', payloadHash: 'UNSIGNED-PAYLOAD' });
  assert.equal(planPayload(ctx(['x-amz-content-sha256', 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER'])).mode, 'streaming-signed-trailer');
  assert.equal(planPayload(ctx(['x-amz-content-sha256', 'STREAMING-UNSIGNED-PAYLOAD-TRAILER'])).mode, 'streaming-unsigned-trailer');
  const missing = thrown(() => planPayload(ctx([])));
  assert.deepEqual([missing.code, missing.message], ['InvalidRequest', 'Missing required header for this request: x-amz-content-sha256']);
  const bad = thrown(() => planPayload(ctx(['x-amz-content-sha256', 'e3b0'])));
  assert.equal(bad.code, 'InvalidArgument');
  assert.match(bad.message, /^x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-UNSIGNED-PAYLOAD-TRAILER, /);
  assert.deepEqual(bad.fields, { ArgumentName: 'x-amz-content-sha256', ArgumentValue: 'e3b0' });
  assert.equal(thrown(() => planPayload(ctx(['x-amz-content-sha256', 'STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD']))).code, 'InvalidRequest');
  for (const inherited of ['__proto__', 'constructor', 'toString']) {
    assert.equal(thrown(() => planPayload(ctx(['x-amz-content-sha256', inherited]))).code, 'InvalidArgument', inherited);
  }
});

test('a claimed hash must be the hash of the body', () => {
  const right = ctx(['x-amz-content-sha256', sha256Hex(BODY).toUpperCase()]);
  assert.equal(finishPayload(planPayload(right), right, SIGNING, 'AKID'), BODY);
  const wrong = ctx(['x-amz-content-sha256', sha256Hex('987654321')]);
  const e = thrown(() => finishPayload(planPayload(wrong), wrong, SIGNING, 'AKID'));
  assert.deepEqual([e.code, e.httpStatus, e.message, e.fields], [
    'XAmzContentSHA256Mismatch',
    400,
    "The provided 'x-amz-content-sha256' header does not match what was computed.",
    { ClientComputedContentSHA256: sha256Hex('987654321'), S3ComputedContentSHA256: sha256Hex(BODY) },
  ]);
  const other = ctx(['x-amz-content-sha256', sha256Hex('987654321')], { family: 'json' });
  assert.equal(thrown(() => finishPayload(planPayload(other), other, SIGNING, 'AKID')).code, 'InvalidSignatureException');
});

const TRAILER = ['x-amz-content-sha256', 'STREAMING-UNSIGNED-PAYLOAD-TRAILER', 'x-amz-decoded-content-length', '9', 'x-amz-trailer', 'x-amz-checksum-crc32'];
const chunked = (trailer: string) => Buffer.from(`9\r\n123456789\r\n0\r\n${trailer}\r\n\r\n`);

test('unsigned chunks: decoded length and trailing checksum', () => {
  const ok = ctx(TRAILER, { body: chunked('x-amz-checksum-crc32:y/Q5Jg==') });
  assert.equal(finishPayload(planPayload(ok), ok, SIGNING, 'AKID').toString(), '123456789');
  const cases: [string[], Buffer, string, string][] = [
    [TRAILER, chunked('x-amz-checksum-crc32:AAAAAA=='), 'BadDigest', 'The CRC32 you specified did not match the calculated checksum.'],
    [TRAILER, chunked('x-amz-checksum-crc32:y/Q5Jg'), 'InvalidRequest', 'Value for x-amz-checksum-crc32 trailing header is invalid.'],
    [TRAILER, chunked('x-amz-checksum-sha1:y/Q5Jg=='), 'MalformedTrailerError', 'The request contained trailing data that was not well-formed or did not conform to our published schema.'],
    [TRAILER, Buffer.from('9\r\n123456789\r\n0\r\n\r\n'), 'MalformedTrailerError', 'The request contained trailing data that was not well-formed or did not conform to our published schema.'],
    [TRAILER.slice(0, 4), chunked('x-amz-checksum-crc32:y/Q5Jg=='), 'MalformedTrailerError', 'The request contained trailing data that was not well-formed or did not conform to our published schema.'],
    [[...TRAILER.slice(0, 4), 'x-amz-trailer', 'x-amz-checksum-md5'], chunked('x-amz-checksum-md5:x'), 'InvalidRequest', 'Checksum algorithm provided is unsupported. Please try again with any of the valid types: [CRC32, CRC32C, CRC64NVME, SHA1, SHA256]'],
    [[...TRAILER.slice(0, 2), 'x-amz-decoded-content-length', '8', ...TRAILER.slice(4)], chunked('x-amz-checksum-crc32:y/Q5Jg=='), 'IncompleteBody', 'The request body terminated unexpectedly'],
    [[...TRAILER.slice(0, 2), ...TRAILER.slice(4)], chunked('x-amz-checksum-crc32:y/Q5Jg=='), 'MissingContentLength', 'You must provide the Content-Length HTTP header.'],
  ];
  for (const [headers, body, code, message] of cases) {
    const c = ctx(headers, { body });
    const e = thrown(() => finishPayload(planPayload(c), c, SIGNING, 'AKID'));
    assert.deepEqual([e.code, e.message], [code, message]);
  }
});

test('signed chunks: a bad chunk signature is a SignatureDoesNotMatch naming the chunk string to sign', () => {
  const headers = ['x-amz-content-sha256', 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD', 'x-amz-decoded-content-length', '9'];
  const sts = (prev: string, data: string) => `AWS4-HMAC-SHA256-PAYLOAD\n${SIGNING.amzDate}\n${SIGNING.scope}\n${prev}\n${sha256Hex('')}\n${sha256Hex(data)}`;
  const first = hmacSha256(KEY, sts(SIGNING.seedSignature, '123456789')).toString('hex');
  const last = hmacSha256(KEY, sts(first, '')).toString('hex');
  const good = ctx(headers, { body: Buffer.from(`9;chunk-signature=${first}\r\n123456789\r\n0;chunk-signature=${last}\r\n\r\n`) });
  assert.equal(finishPayload(planPayload(good), good, SIGNING, 'AKID').toString(), '123456789');
  const bad = ctx(headers, { body: Buffer.from(`9;chunk-signature=${first}\r\n123456780\r\n0;chunk-signature=${last}\r\n\r\n`) });
  const e = thrown(() => finishPayload(planPayload(bad), bad, SIGNING, 'AKID'));
  assert.equal(e.code, 'SignatureDoesNotMatch');
  assert.match(String(e.fields['StringToSign']), /^AWS4-HMAC-SHA256-PAYLOAD\n/);
  assert.equal(e.fields['AWSAccessKeyId'], 'AKID');
  const s1 = hmacSha256(KEY, sts(SIGNING.seedSignature, '1')).toString('hex');
  const s2 = hmacSha256(KEY, sts(s1, '123456789')).toString('hex');
  const s3 = hmacSha256(KEY, sts(s2, '')).toString('hex');
  const small = ctx([...headers.slice(0, 3), '10'], { body: Buffer.from(`1;chunk-signature=${s1}\r\n1\r\n9;chunk-signature=${s2}\r\n123456789\r\n0;chunk-signature=${s3}\r\n\r\n`) });
  const tooSmall = thrown(() => finishPayload(planPayload(small), small, SIGNING, 'AKID'));
  assert.deepEqual([tooSmall.code, tooSmall.httpStatus, tooSmall.fields], ['InvalidChunkSizeError', 403, { Chunk: '1', BadChunkSize: '1' }]);
});
