import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  badExpires,
  badScope,
  clockSkewed,
  headersNotSigned,
  invalidSecurityToken,
  presignExpired,
  presignNotYetValid,
  signatureMismatch,
  unknownAccessKey,
  type ScopeProblem,
} from './verification-failures.js';

const T0 = Date.UTC(2013, 4, 24);

test('credential scope problems: all of them for Coral services, the first for S3', () => {
  const problems: ScopeProblem[] = [
    { kind: 'region', region: 'c', expected: 'us-east-1' },
    { kind: 'service', service: 'd', expected: 'dynamodb' },
    { kind: 'terminator', terminator: 'e' },
    { kind: 'date-mismatch', date: 'b', requestDay: '20130609', requestTime: '20130609T095204Z' },
  ];
  const json = badScope('json', false, problems);
  assert.deepEqual([json.code, json.httpStatus], ['InvalidSignatureException', 400]);
  assert.equal(
    json.message,
    "Credential should be scoped to a valid region, not 'c'. Credential should be scoped to correct service: 'dynamodb'. " +
      "Credential should be scoped with a valid terminator: 'aws4_request', not 'e'. " +
      "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: 'b' != '20130609', from '20130609T095204Z'.",
  );
  const s3 = badScope('s3', false, problems);
  assert.deepEqual([s3.code, s3.message, s3.fields], [
    'AuthorizationHeaderMalformed',
    "The authorization header is malformed; the region 'c' is wrong; expecting 'us-east-1'",
    { Region: 'us-east-1' },
  ]);
  const presigned = badScope('s3', true, [{ kind: 'service', service: 'ec2', expected: 's3' }]);
  assert.deepEqual([presigned.code, presigned.message], [
    'AuthorizationQueryParametersError',
    'Error parsing the X-Amz-Credential parameter; incorrect service "ec2". This endpoint belongs to "s3".',
  ]);
  const date = badScope('s3', false, [{ kind: 'date-mismatch', date: '20130523', requestDay: '20130524', requestTime: '20130524T000000Z' }]);
  assert.equal(date.message, 'The authorization header is malformed; Invalid credential date "20130523". This date is not the same as X-Amz-Date: "20130524".');
  const format = badScope('s3', false, [{ kind: 'date-format', date: '2013052' }]);
  assert.equal(format.message, 'The authorization header is malformed; incorrect date format "2013052". This date in the credential must be in the format "yyyyMMdd".');
  const term = badScope('s3', true, [{ kind: 'terminator', terminator: 'aws4_reques' }]);
  assert.equal(term.message, 'Error parsing the X-Amz-Credential parameter; incorrect terminal "aws4_reques". This endpoint uses "aws4_request".');
});

test('presigned URL time limits', () => {
  assert.equal(badExpires('s3', 'too-large').message, 'X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be less than 604800 seconds');
  assert.equal(badExpires('query', 'negative').message, 'X-Amz-Expires must be non-negative');
  assert.equal(badExpires('s3', 'not-a-number').code, 'AuthorizationQueryParametersError');
  assert.equal(badExpires('query', 'not-a-number').code, 'IncompleteSignature');
  const expired = presignExpired('s3', 60, T0 + 60_000, T0 + 60_001);
  assert.deepEqual([expired.code, expired.httpStatus, expired.message, expired.fields], [
    'AccessDenied',
    403,
    'Request has expired',
    { 'X-Amz-Expires': '60', Expires: '2013-05-24T00:01:00Z', ServerTime: '2013-05-24T00:01:00Z' },
  ]);
  assert.deepEqual(presignExpired('query', 60, T0, T0 + 1).fields, {});
  const early = presignNotYetValid('20130524T001501Z', T0);
  assert.deepEqual([early.code, early.message, early.fields], ['AccessDenied', 'Request is not yet valid', { 'X-Amz-Date': '20130524T001501Z', ServerTime: '2013-05-24T00:00:00Z' }]);
});

test('clock skew carries S3 details', () => {
  const e = clockSkewed('s3', '20130523T234459Z', T0, 'ignored');
  assert.deepEqual(e.fields, { RequestTime: '20130523T234459Z', ServerTime: '2013-05-24T00:00:00Z', MaxAllowedSkewMilliseconds: '900000' });
  assert.equal(clockSkewed('query', 'x', T0, 'Signature expired: ...').message, 'Signature expired: ...');
});

test('signature mismatches tell S3 clients what was signed, never a secret', () => {
  const e = signatureMismatch('s3', { accessKeyId: 'AKID', signatureProvided: 'ab', stringToSign: 'AWS4\nx', canonicalRequest: 'GET\n/' });
  assert.deepEqual(e.fields, {
    AWSAccessKeyId: 'AKID',
    StringToSign: 'AWS4\nx',
    SignatureProvided: 'ab',
    StringToSignBytes: '41 57 53 34 0a 78',
    CanonicalRequest: 'GET\n/',
    CanonicalRequestBytes: '47 45 54 0a 2f',
  });
  assert.deepEqual(signatureMismatch('query', { accessKeyId: 'AKID', signatureProvided: 'ab', stringToSign: 'x' }).fields, {});
});

test('keys, tokens and unsigned headers', () => {
  assert.deepEqual(unknownAccessKey('s3', 'AKIAUNKNOWN').fields, { AWSAccessKeyId: 'AKIAUNKNOWN' });
  assert.deepEqual(invalidSecurityToken('s3', 'x').fields, { 'Token-0': 'x' });
  assert.equal(invalidSecurityToken('json', 'x').code, 'UnrecognizedClientException');
  const s3 = headersNotSigned('s3', ['x-amz-meta-color', 'x-amz-acl']);
  assert.deepEqual([s3.code, s3.message, s3.fields], ['AccessDenied', 'There were headers present in the request which were not signed', { HeadersNotSigned: 'x-amz-meta-color, x-amz-acl' }]);
  assert.equal(headersNotSigned('json', ['host']).message, "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
});
