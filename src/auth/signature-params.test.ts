import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isAwsError, type AwsError } from '../shared/aws-error.js';
import { parseQuery } from './canonical-request.js';
import { hasPresignParams, isSignatureParam, parseAuthorizationHeader, parseCredentialScope, parsePresignParams, peekSigningInfo } from './signature-params.js';

const SIG = 'f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41';
const CRED = 'AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request';

function thrown(fn: () => unknown): AwsError {
  try {
    fn();
  } catch (e) {
    assert.ok(isAwsError(e), String(e));
    return e;
  }
  assert.fail('expected an AwsError');
}

test('Authorization header components may be separated by commas, spaces or both', () => {
  const forms = [
    `AWS4-HMAC-SHA256 Credential=${CRED}, SignedHeaders=host;x-amz-date, Signature=${SIG}`,
    `AWS4-HMAC-SHA256 Credential=${CRED},SignedHeaders=host;x-amz-date,Signature=${SIG}`,
    `AWS4-HMAC-SHA256 Credential=${CRED} SignedHeaders=host;x-amz-date Signature=${SIG}`,
    `  AWS4-HMAC-SHA256\tSignature=${SIG.toUpperCase()} ,  Credential=${CRED} ,SignedHeaders=Host;X-Amz-Date , Extra=ignored  `,
  ];
  for (const form of forms) {
    assert.deepEqual(parseAuthorizationHeader(form, 'query', true), { credential: CRED, signedHeaders: ['host', 'x-amz-date'], signature: SIG }, form);
  }
});

test('missing Authorization parts get the combined AWS message, or S3 its own', () => {
  const auth = 'AWS4-HMAC-SHA256 Credential=a/b/c/d/e';
  const e = thrown(() => parseAuthorizationHeader(auth, 'query', false));
  assert.equal(e.code, 'IncompleteSignature');
  assert.equal(e.httpStatus, 400);
  assert.equal(
    e.message,
    "Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. " +
      "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=AWS4-HMAC-SHA256 Credential=a/b/c/d/e",
  );
  const json = thrown(() => parseAuthorizationHeader('AWS4-HMAC-SHA256', 'json', true));
  assert.equal(json.code, 'IncompleteSignatureException');
  assert.match(json.message, /^Authorization header requires 'Credential' parameter\. Authorization header requires 'Signature' parameter\./);
  const s3 = thrown(() => parseAuthorizationHeader(auth, 's3', true));
  assert.deepEqual([s3.code, s3.httpStatus, s3.message], [
    'AuthorizationHeaderMalformed',
    400,
    'The authorization header is malformed; the authorization header requires three components: Credential, SignedHeaders, and Signature.',
  ]);
  const noDate = thrown(() => parseAuthorizationHeader(`AWS4-HMAC-SHA256 Credential=${CRED}, SignedHeaders=host, Signature=${SIG}`, 's3', false));
  assert.deepEqual([noDate.code, noDate.httpStatus, noDate.message], ['AccessDenied', 403, 'AWS authentication requires a valid Date or x-amz-date header']);
});

test('malformed, repeated and foreign Authorization headers are refused', () => {
  const noEq = thrown(() => parseAuthorizationHeader(`AWS4-HMAC-SHA256 Credential, SignedHeaders=host, Signature=${SIG}`, 'json', true));
  assert.equal(noEq.message, `'Credential' not a valid key=value pair (missing equal-sign) in Authorization header: 'AWS4-HMAC-SHA256 Credential, SignedHeaders=host, Signature=${SIG}'.`);
  const twice = thrown(() => parseAuthorizationHeader(`AWS4-HMAC-SHA256 Credential=${CRED}, Signature=${SIG}, SignedHeaders=host, Signature=${SIG}`, 's3', true));
  assert.equal(twice.message, `The authorization header is malformed; the authorization component "Signature=${SIG}" is malformed.`);
  const emptyName = thrown(() => parseAuthorizationHeader(`AWS4-HMAC-SHA256 Credential=${CRED}, SignedHeaders=host;;x-amz-date, Signature=${SIG}`, 'query', true));
  assert.equal(emptyName.code, 'IncompleteSignature');
  const ecdsa = thrown(() => parseAuthorizationHeader(`AWS4-ECDSA-P256-SHA256 Credential=${CRED}`, 'query', true));
  assert.equal(ecdsa.message, "Unsupported AWS 'algorithm': 'AWS4-ECDSA-P256-SHA256' (only AWS4-HMAC-SHA256 for now).");
  const basic = thrown(() => parseAuthorizationHeader('Basic ZWxhc3RpYw==', 'query', true));
  assert.match(basic.message, /^Authorization header requires 'Credential' parameter\..* Authorization=Basic ZWxhc3RpYw==$/);
  const bearer = thrown(() => parseAuthorizationHeader('Bearer token', 's3', true));
  assert.deepEqual([bearer.code, bearer.message, bearer.fields], ['InvalidArgument', 'Unsupported Authorization Type', { ArgumentName: 'Authorization', ArgumentValue: 'Bearer token' }]);
  const v2 = thrown(() => parseAuthorizationHeader('AWS AKIAIOSFODNN7EXAMPLE:frJIUN8DYpKDtOLCwo//yllqDzg=', 's3', true));
  assert.deepEqual([v2.code, v2.message], ['InvalidRequest', 'The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.']);
});

test('credential scopes have exactly five parts', () => {
  assert.deepEqual(parseCredentialScope(CRED), { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', date: '20130524', region: 'us-east-1', service: 's3', terminator: 'aws4_request' });
  assert.equal(parseCredentialScope('AKID/20130524/us-east-1/s3'), undefined);
  assert.equal(parseCredentialScope('AKID/20130524/us-east-1/s3/aws4_request/'), undefined);
});

const PRESIGNED = `X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=${encodeURIComponent(CRED)}&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host&X-Amz-Signature=${SIG}`;

test('presigned parameters are read without regard to the case of their names', () => {
  const lowerNames = PRESIGNED.replace(/(^|&)([^=]+)=/g, (_m, sep: string, name: string) => `${sep}${name.toLowerCase()}=`);
  const params = parseQuery(lowerNames.replace('20130524T000000Z', '20130524t000000z') + '&X-AMZ-SECURITY-TOKEN=tok%2B');
  assert.ok(hasPresignParams(params));
  assert.deepEqual(parsePresignParams(params, 's3'), {
    credential: CRED,
    signedHeaders: ['host'],
    signature: SIG,
    amzDate: '20130524t000000z',
    expires: '86400',
    securityToken: 'tok+',
  });
  assert.ok(isSignatureParam(params.find((p) => p.name === 'x-amz-signature') ?? assert.fail()));
  assert.ok(!hasPresignParams(parseQuery('X-Amz-Date=1&a=b')));
});

test('missing, repeated and unknown presign parameters', () => {
  const noExpires = PRESIGNED.replace('&X-Amz-Expires=86400', '');
  assert.equal(parsePresignParams(parseQuery(noExpires), 'query').expires, undefined);
  const s3 = thrown(() => parsePresignParams(parseQuery(noExpires), 's3'));
  assert.deepEqual([s3.code, s3.message], [
    'AuthorizationQueryParametersError',
    'Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.',
  ]);
  const noCred = thrown(() => parsePresignParams(parseQuery(PRESIGNED.replace(/X-Amz-Credential=[^&]*&/, 'X-Amz-Credential=&')), 'query'));
  assert.deepEqual([noCred.code, noCred.message], ['IncompleteSignature', "AWS query-string parameters must include 'X-Amz-Credential'. Re-examine the query-string parameters."]);
  const twice = thrown(() => parsePresignParams(parseQuery(PRESIGNED + '&x-amz-date=20130524T000000Z'), 'json'));
  assert.equal(twice.code, 'IncompleteSignatureException');
  const algo = thrown(() => parsePresignParams(parseQuery(PRESIGNED.replace('AWS4-HMAC-SHA256', 'AWS4-HMAC-SHA1')), 's3'));
  assert.equal(algo.message, 'X-Amz-Algorithm only supports "AWS4-HMAC-SHA256 and AWS4-ECDSA-P256-SHA256"');
});

test('peekSigningInfo reads the scope from the header or the query and never throws', () => {
  const header = ['Host', 'h', 'authorization', `AWS4-HMAC-SHA256 Credential=AKID/20240101/eu-west-1/sts/aws4_request, SignedHeaders=host, Signature=x`];
  assert.deepEqual(peekSigningInfo({ rawHeaders: header, rawQuery: '' }), { accessKeyId: 'AKID', date: '20240101', region: 'eu-west-1', service: 'sts' });
  assert.deepEqual(peekSigningInfo({ rawHeaders: [], rawQuery: PRESIGNED }), { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', date: '20130524', region: 'us-east-1', service: 's3' });
  assert.equal(peekSigningInfo({ rawHeaders: [], rawQuery: 'a=b' }), undefined);
  assert.equal(peekSigningInfo({ rawHeaders: ['Authorization', 'Bearer x'], rawQuery: '' }), undefined);
  assert.equal(peekSigningInfo({ rawHeaders: ['Authorization', 'AWS4-HMAC-SHA256 Credential=a/b/c'], rawQuery: '' }), undefined);
  assert.equal(peekSigningInfo({ rawHeaders: [], rawQuery: 'X-Amz-Credential=%zz&%' }), undefined);
  // Not verified: a well-shaped scope is reported even when its parts are nonsense.
  assert.deepEqual(peekSigningInfo({ rawHeaders: [], rawQuery: 'X-Amz-Credential=%zz/%/x/y/z' }), { accessKeyId: '%zz', date: '%', region: 'x', service: 'y' });
});
