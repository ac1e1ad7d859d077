import assert from 'node:assert/strict';
import { test } from 'node:test';
import { authError, plainError, type AuthErrorKind } from './auth-errors.js';
import type { ErrorFamily } from './types.js';

const INVALID = 'The security token included in the request is invalid.';
const MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

/** [family, kind, code, status, message]. Rows marked (guess) are not confirmed by a source. */
const TABLE: [ErrorFamily, AuthErrorKind, string, number, string][] = [
  ['query', 'missing-authentication', 'MissingAuthenticationToken', 403, 'Request is missing Authentication Token'],
  ['query', 'unknown-access-key', 'InvalidClientTokenId', 403, INVALID],
  ['query', 'invalid-security-token', 'InvalidClientTokenId', 403, INVALID],
  ['query', 'expired-security-token', 'ExpiredToken', 403, 'The security token included in the request is expired'],
  ['query', 'signature-mismatch', 'SignatureDoesNotMatch', 403, MISMATCH],
  ['query', 'incomplete-signature', 'IncompleteSignature', 400, 'The request signature does not conform to AWS standards.'],
  ['query', 'presign-expired', 'AccessDenied', 403, 'Request has expired.'], // (guess)
  ['json', 'missing-authentication', 'MissingAuthenticationTokenException', 400, 'Request is missing Authentication Token'],
  ['json', 'unknown-access-key', 'UnrecognizedClientException', 400, INVALID],
  ['json', 'expired-security-token', 'ExpiredTokenException', 400, 'The security token included in the request is expired'],
  ['json', 'signature-mismatch', 'InvalidSignatureException', 400, MISMATCH],
  ['json', 'presign-expired', 'AccessDeniedException', 403, 'Request has expired.'], // (guess)
  ['json', 'clock-skew', 'InvalidSignatureException', 400, MISMATCH],
  // UNCONFIRMED AWS TEXT: API Gateway's text, unconfirmed for every rest-json service; see src/auth/auth-errors.ts
  ['rest-json', 'missing-authentication', 'MissingAuthenticationTokenException', 403, 'Missing Authentication Token'],
  ['rest-json', 'unknown-access-key', 'UnrecognizedClientException', 403, INVALID],
  ['rest-json', 'signature-mismatch', 'InvalidSignatureException', 403, MISMATCH],
  ['rest-json', 'expired-security-token', 'ExpiredTokenException', 403, 'The security token included in the request is expired'],
  ['s3', 'missing-authentication', 'AccessDenied', 403, 'Access Denied'],
  ['s3', 'unknown-access-key', 'InvalidAccessKeyId', 403, 'The AWS Access Key Id you provided does not exist in our records.'],
  ['s3', 'invalid-security-token', 'InvalidToken', 400, 'The provided token is malformed or otherwise invalid.'],
  ['s3', 'expired-security-token', 'ExpiredToken', 400, 'The provided token has expired.'],
  [
    's3',
    'signature-mismatch',
    'SignatureDoesNotMatch',
    403,
    'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
  ],
  ['s3', 'clock-skew', 'RequestTimeTooSkewed', 403, 'The difference between the request time and the current time is too large.'],
  ['s3', 'presign-expired', 'AccessDenied', 403, 'Request has expired'],
  ['ec2', 'unknown-access-key', 'AuthFailure', 401, 'AWS was not able to validate the provided access credentials'],
  ['ec2', 'signature-mismatch', 'AuthFailure', 401, 'AWS was not able to validate the provided access credentials'],
  ['ec2', 'missing-authentication', 'MissingAuthenticationToken', 401, 'The request must contain either a valid (registered) AWS access key ID or X.509 certificate.'], // (guess: status)
  ['ec2', 'clock-skew', 'RequestExpired', 400, 'Request has expired.'], // (guess: status)
  ['ec2', 'expired-security-token', 'ExpiredToken', 400, 'The security token included in the request is expired'], // (guess)
];

test('each failure reads as its family answers it', () => {
  for (const [family, kind, code, status, message] of TABLE) {
    const e = authError(family, kind);
    assert.deepEqual([e.code, e.httpStatus, e.message, e.senderFault], [code, status, message, true], `${family} ${kind}`);
  }
});

test('a detailed text replaces the default only where the family shows details', () => {
  const skew = 'Signature expired: 20240101T000000Z is now earlier than 20240101T000100Z (20240101T001600Z - 15 min.)';
  assert.equal(authError('query', 'clock-skew', { message: skew }).message, skew);
  assert.equal(authError('json', 'clock-skew', { message: skew }).message, skew);
  assert.equal(authError('s3', 'clock-skew', { message: skew }).message, 'The difference between the request time and the current time is too large.');
  // UNCONFIRMED AWS TEXT: EC2 RequestExpired text as remembered, not re-checked; see src/auth/auth-errors.ts
  assert.equal(authError('ec2', 'clock-skew', { message: skew }).message, 'Request has expired.');
  assert.equal(authError('ec2', 'signature-mismatch', { message: 'the canonical request was ...' }).message, 'AWS was not able to validate the provided access credentials');
  assert.equal(authError('query', 'unknown-access-key', { message: 'x' }).message, INVALID);
  assert.deepEqual(authError('s3', 'unknown-access-key', { fields: { AWSAccessKeyId: 'AKID' } }).fields, { AWSAccessKeyId: 'AKID' });
});

test('plainError builds a client error with fields', () => {
  const e = plainError('BadDigest', 'The CRC32 you specified did not match the calculated checksum.', 400, { a: 1 });
  assert.deepEqual([e.code, e.httpStatus, e.senderFault, e.fields], ['BadDigest', 400, true, { a: 1 }]);
});
