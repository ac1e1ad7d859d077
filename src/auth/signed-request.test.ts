import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isAwsError, type AwsError } from '../shared/aws-error.js';
import { parseQuery } from './canonical-request.js';
import { RequestHeaders } from './request-headers.js';
import { checkTime, parseSignedRequest, scopeProblems, type ParsedRequest } from './signed-request.js';

const T0 = Date.UTC(2024, 0, 1);
const AUTH = 'AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/sts/aws4_request, SignedHeaders=host;x-amz-date, Signature=' + 'ab'.repeat(32);

function thrown(fn: () => unknown): AwsError {
  try {
    fn();
  } catch (e) {
    assert.ok(isAwsError(e), String(e));
    return e;
  }
  assert.fail('expected an AwsError');
}

test('the request time comes from X-Amz-Date, else from Date', () => {
  const withAmz = parseSignedRequest(RequestHeaders.fromRaw(['X-Amz-Date', ' 20240101T000000Z ', 'Date', 'Tue, 02 Jan 2024 00:00:00 GMT']), [], AUTH, 'query');
  assert.deepEqual([withAmz.amzDate, withAmz.signedAt, withAmz.presigned], ['20240101T000000Z', T0, false]);
  const withDate = parseSignedRequest(RequestHeaders.fromRaw(['Date', 'Mon, 01 Jan 2024 00:00:00 -0000', 'X-Amz-Security-Token', 'tok']), [], AUTH, 'query');
  assert.deepEqual([withDate.amzDate, withDate.signedAt, withDate.token], ['20240101T000000Z', T0, 'tok']);
  assert.equal(thrown(() => parseSignedRequest(RequestHeaders.fromRaw(['Date', 'yesterday']), [], AUTH, 'json')).code, 'IncompleteSignatureException');
});

test('presigned: date, expiry and token come from the query', () => {
  const query = parseQuery('X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKID%2F20240101%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20240101T000000Z&X-Amz-Expires=60&X-Amz-SignedHeaders=host&X-Amz-Signature=ab&X-Amz-Security-Token=t');
  const p = parseSignedRequest(RequestHeaders.fromRaw([]), query, undefined, 's3');
  assert.deepEqual([p.presigned, p.signedAt, p.expires, p.token], [true, T0, 60, 't']);
});

test('scope problems', () => {
  const scope = { accessKeyId: 'AKID', date: '20240101', region: 'us-east-1', service: 'sts', terminator: 'aws4_request' };
  assert.deepEqual(scopeProblems(scope, '20240101T000000Z', {}), []);
  assert.deepEqual(scopeProblems(scope, '20240102T000000Z', { expectedRegion: 'us-east-1', expectedService: 'sts' }).map((p) => p.kind), ['date-mismatch']);
  assert.deepEqual(scopeProblems({ ...scope, date: '2024011', terminator: 'x' }, '20240101T000000Z', { expectedService: 'iam' }).map((p) => p.kind), ['date-format', 'service', 'terminator']);
});

test('time windows of header signatures, S3 and other presigned URLs', () => {
  const base = { params: { credential: '', signedHeaders: [], signature: '' }, amzDate: '20240101T000000Z', signedAt: T0 };
  const header: ParsedRequest = { ...base, presigned: false };
  checkTime(header, 'query', T0 + 900_000);
  assert.equal(thrown(() => checkTime(header, 'query', T0 + 900_001)).code, 'SignatureDoesNotMatch');
  const s3: ParsedRequest = { ...base, presigned: true, expires: 3600 };
  checkTime(s3, 's3', T0 + 3_600_000);
  assert.equal(thrown(() => checkTime(s3, 's3', T0 + 3_600_001)).message, 'Request has expired');
  assert.equal(thrown(() => checkTime(s3, 's3', T0 - 900_001)).message, 'Request is not yet valid');
  assert.equal(thrown(() => checkTime({ ...s3, expires: 0 }, 's3', T0)).message, 'Request has expired');
  // STS-style presigned URLs keep the 15-minute window even with a longer X-Amz-Expires.
  const sts: ParsedRequest = { ...base, presigned: true, expires: 3600 };
  assert.equal(thrown(() => checkTime(sts, 'query', T0 + 900_001)).code, 'SignatureDoesNotMatch');
  assert.equal(thrown(() => checkTime({ ...sts, expires: 60 }, 'query', T0 + 61_000)).code, 'AccessDenied');
  checkTime({ ...base, presigned: true }, 'json', T0 - 900_000);
});
