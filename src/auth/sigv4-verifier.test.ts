import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { isAwsError, type AwsError } from '../shared/aws-error.js';
import { SigningKeyCache } from './signing-key-cache.js';
import { verifyRequest, type VerifyOptions } from './sigv4-verifier.js';
import type { ResolvedCredential, SignedRequestParts } from './types.js';

const KEY = 'AKIAIOSFODNN7EXAMPLE';
const S3_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const SUITE_SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
const principal = { accountId: '123456789012', arn: 'arn:aws:iam::123456789012:user/alice', userId: 'AIDAEXAMPLE', type: 'user' } as const;
const cred = (accessKeyId: string, secretAccessKey: string, extra: Partial<ResolvedCredential> = {}): ResolvedCredential => ({
  accessKeyId,
  secretAccessKey,
  principal,
  active: true,
  ...extra,
});
const CREDS = new Map([
  [KEY, cred(KEY, S3_SECRET)],
  ['AKIDEXAMPLE', cred('AKIDEXAMPLE', SUITE_SECRET)],
  ['ASIATEMP', cred('ASIATEMP', 'temp-secret', { sessionToken: 'the/token+of=the&key' })],
]);
const resolver = { resolve: (id: string) => CREDS.get(id) };
const T0 = Date.UTC(2013, 4, 24);
const EMPTY = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const s3 = (now = T0): VerifyOptions => ({ resolver, now, family: 's3', s3Style: true });
const req = (method: string, rawPath: string, rawQuery: string, rawHeaders: string[], body = ''): SignedRequestParts => ({
  method,
  rawPath,
  rawQuery,
  rawHeaders,
  body: Buffer.from(body),
});
const auth = (signed: string, sig: string) => `AWS4-HMAC-SHA256 Credential=${KEY}/20130524/us-east-1/s3/aws4_request,SignedHeaders=${signed},Signature=${sig}`;
const GET_OBJECT = req('GET', '/test.txt', '', [
  'Host', 'examplebucket.s3.amazonaws.com', 'Range', 'bytes=0-9', 'x-amz-content-sha256', EMPTY, 'x-amz-date', '20130524T000000Z',
  'Authorization', auth('host;range;x-amz-content-sha256;x-amz-date', 'f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41'),
]);
const PRESIGNED = `X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=${KEY}%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404`;

async function rejection(p: Promise<unknown>): Promise<AwsError> {
  try {
    await p;
  } catch (e) {
    assert.ok(isAwsError(e), String(e));
    return e;
  }
  assert.fail('expected an AwsError');
}

test('the S3 documentation examples verify (GET, PUT with Date, lifecycle, list, presigned)', async () => {
  const examples = [
    GET_OBJECT,
    req('PUT', '/test%24file.text', '', [
      'Host', 'examplebucket.s3.amazonaws.com', 'Date', 'Fri, 24 May 2013 00:00:00 GMT', 'x-amz-date', '20130524T000000Z', 'x-amz-storage-class', 'REDUCED_REDUNDANCY',
      'x-amz-content-sha256', '44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072',
      'Authorization', auth('date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class', '98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd'),
    ], 'Welcome to Amazon S3.'),
    req('GET', '/', 'lifecycle', ['Host', 'examplebucket.s3.amazonaws.com', 'x-amz-content-sha256', EMPTY, 'x-amz-date', '20130524T000000Z', 'Authorization', auth('host;x-amz-content-sha256;x-amz-date', 'fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543')]),
    req('GET', '/', 'max-keys=2&prefix=J', ['Host', 'examplebucket.s3.amazonaws.com', 'x-amz-content-sha256', EMPTY, 'x-amz-date', '20130524T000000Z', 'Authorization', auth('host;x-amz-content-sha256;x-amz-date', '34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7')]),
    req('GET', '/test.txt', PRESIGNED, ['Host', 'examplebucket.s3.amazonaws.com']),
  ];
  for (const example of examples) {
    const result = await verifyRequest(example, s3());
    assert.equal(result.credential?.accessKeyId, KEY);
    assert.deepEqual([result.region, result.signingService, result.signedAt], ['us-east-1', 's3', T0]);
    assert.equal(result.payload.toString(), example.body.toString());
  }
  assert.equal((await verifyRequest(examples[4] as SignedRequestParts, s3())).kind, 'presigned');
  assert.equal((await verifyRequest(GET_OBJECT, s3())).kind, 'header');
});

test('the chunked-upload examples of the S3 documentation verify and decode', async () => {
  const A = 'a'.repeat(66560);
  const body = (sigs: string[], ...trailers: string[]) =>
    [`10000;chunk-signature=${sigs[0]}\r\n${A.slice(0, 65536)}`, `400;chunk-signature=${sigs[1]}\r\n${A.slice(0, 1024)}`, `0;chunk-signature=${sigs[2]}`, ...trailers, '', ''].join('\r\n');
  const common = ['Host', 's3.amazonaws.com', 'x-amz-date', '20130524T000000Z', 'x-amz-storage-class', 'REDUCED_REDUNDANCY', 'Content-Encoding', 'aws-chunked', 'x-amz-decoded-content-length', '66560'];
  const plain = req('PUT', '/examplebucket/chunkObject.txt', '', [
    ...common, 'Content-Length', '66824', 'x-amz-content-sha256', 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
    'Authorization', auth('content-encoding;content-length;host;x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;x-amz-storage-class', '4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9'),
  ], body(['ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648', '0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497', 'b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9']));
  assert.equal((await verifyRequest(plain, s3())).payload.toString(), A);
  const trailed = req('PUT', '/examplebucket/chunkObject.txt', '', [
    ...common, 'x-amz-content-sha256', 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER', 'x-amz-trailer', 'x-amz-checksum-crc32c',
    'Authorization', auth('content-encoding;host;x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;x-amz-storage-class;x-amz-trailer', '106e2a8a18243abcf37539882f36619c00e2dfc72633413f02d3b74544bfeb8e'),
  ], body(['b474d8862b1487a5145d686f57f013e54db672cee1c953b3010fb58501ef5aa2', '1c1344b170168f8e65b41376b44b20fe354e373826ccbbe2c1d40a8cae51e5c7', '2ca2aba2005185cf7159c6277faf83795951dd77a3a99e6e65d5c9f85863f992'],
    'x-amz-checksum-crc32c:sOO8/Q==', 'x-amz-trailer-signature:d81f82fc3505edab99d459891051a732e8730629a2e4a59689829ca17fe2e435'));
  assert.equal((await verifyRequest(trailed, s3())).payload.toString(), A);
});

test('the SigV4 test suite and the IAM ListUsers example verify', async () => {
  const suite = (method: string, query: string, sig: string) =>
    req(method, '/', query, ['Host', 'example.amazonaws.com', 'X-Amz-Date', '20150830T123600Z', 'Authorization', `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=${sig}`]);
  const at = { resolver, now: Date.UTC(2015, 7, 30, 12, 36), family: 'json' } as const;
  await verifyRequest(suite('GET', '', '5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31'), at);
  await verifyRequest(suite('GET', 'Param2=value2&Param1=value1', 'b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500'), at);
  await verifyRequest(suite('POST', '', '5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b'), at);
  await verifyRequest(req('GET', '/', 'Action=ListUsers&Version=2010-05-08', [
    'Host', 'iam.amazonaws.com', 'Content-Type', 'application/x-www-form-urlencoded; charset=utf-8', 'X-Amz-Date', '20150830T123600Z',
    'Authorization', 'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7',
  ]), { ...at, family: 'query' });
});

test('S3 accepts the signature in upper case', async () => {
  const headers = [...GET_OBJECT.rawHeaders];
  headers[9] = (headers[9] as string).replace(/[0-9a-f]{64}$/, (s) => s.toUpperCase());
  await verifyRequest({ ...GET_OBJECT, rawHeaders: headers }, s3());
});

test('requests without any signature', async () => {
  const anonymous = req('GET', '/', '', ['Host', 'h', 'Authorization', '']);
  assert.equal((await verifyRequest(anonymous, { ...s3(), allowAnonymous: true })).kind, 'anonymous');
  // UNCONFIRMED AWS TEXT: ec2 MissingAuthenticationToken and its 401 status are guesses; see src/auth/auth-errors.ts
  for (const [family, code, status] of [['query', 'MissingAuthenticationToken', 403], ['json', 'MissingAuthenticationTokenException', 400], ['rest-json', 'MissingAuthenticationTokenException', 403], ['s3', 'AccessDenied', 403], ['ec2', 'MissingAuthenticationToken', 401]] as const) {
    const e = await rejection(verifyRequest(anonymous, { resolver, now: T0, family }));
    assert.deepEqual([e.code, e.httpStatus], [code, status], family);
  }
  const v2 = await rejection(verifyRequest(req('GET', '/k', 'AWSAccessKeyId=AKID&Signature=x&Expires=1', ['Host', 'h']), { ...s3(), allowAnonymous: true }));
  assert.equal(v2.code, 'InvalidRequest');
  const both = await rejection(verifyRequest({ ...GET_OBJECT, rawQuery: 'X-Amz-Algorithm=AWS4-HMAC-SHA256' }, s3()));
  assert.equal(both.code, 'InvalidArgument');
});

test('S3 signing rules: every x-amz-* header signed, host signed, signed headers present', async () => {
  const extra = await rejection(verifyRequest({ ...GET_OBJECT, rawHeaders: [...GET_OBJECT.rawHeaders, 'X-Amz-Meta-Color', 'red'] }, s3()));
  assert.deepEqual([extra.code, extra.fields], ['AccessDenied', { HeadersNotSigned: 'x-amz-meta-color' }]);
  await verifyRequest({ ...GET_OBJECT, rawHeaders: [...GET_OBJECT.rawHeaders, 'User-Agent', 'unsigned is fine'] }, s3());
  const noHostHeader = await rejection(verifyRequest({ ...GET_OBJECT, rawHeaders: GET_OBJECT.rawHeaders.slice(2) }, s3()));
  assert.equal(noHostHeader.code, 'SignatureDoesNotMatch');
  const noHost = GET_OBJECT.rawHeaders.map((h) => h.replace('SignedHeaders=host;', 'SignedHeaders='));
  const e = await rejection(verifyRequest({ ...GET_OBJECT, rawHeaders: noHost }, s3()));
  assert.deepEqual([e.code, e.fields], ['AccessDenied', { HeadersNotSigned: 'host' }]);
  const missing = GET_OBJECT.rawHeaders.filter((_, i) => i !== 2 && i !== 3);
  assert.equal((await rejection(verifyRequest({ ...GET_OBJECT, rawHeaders: missing }, s3()))).code, 'SignatureDoesNotMatch');
});

test('S3 checks the key and the signature before the time; others check the time first', async () => {
  const late = T0 + 901_000;
  assert.equal((await rejection(verifyRequest(GET_OBJECT, s3(late)))).code, 'RequestTimeTooSkewed');
  const badSig = GET_OBJECT.rawHeaders.map((h) => h.replace(/f0e8bd/, '00e8bd'));
  assert.equal((await rejection(verifyRequest({ ...GET_OBJECT, rawHeaders: badSig }, s3(late)))).code, 'SignatureDoesNotMatch');
  const unknown = GET_OBJECT.rawHeaders.map((h) => h.replace(KEY, 'AKIAUNKNOWN'));
  assert.equal((await rejection(verifyRequest({ ...GET_OBJECT, rawHeaders: unknown }, s3(late)))).code, 'InvalidAccessKeyId');
  const asQuery = await rejection(verifyRequest({ ...GET_OBJECT, rawHeaders: unknown }, { resolver, now: late, family: 'query', s3Style: true }));
  assert.deepEqual([asQuery.code, asQuery.message], ['SignatureDoesNotMatch', 'Signature expired: 20130524T000000Z is now earlier than 20130524T000001Z (20130524T001501Z - 15 min.)']);
});

test('presigned S3 URLs are valid from X-Amz-Date - 15 min to X-Amz-Date + X-Amz-Expires', async () => {
  const url = req('GET', '/test.txt', PRESIGNED, ['Host', 'examplebucket.s3.amazonaws.com']);
  await verifyRequest(url, s3(T0 + 86_400_000));
  await verifyRequest(url, s3(T0 - 900_000));
  const expired = await rejection(verifyRequest(url, s3(T0 + 86_400_001)));
  assert.deepEqual([expired.code, expired.message, expired.fields['X-Amz-Expires']], ['AccessDenied', 'Request has expired', '86400']);
  const early = await rejection(verifyRequest(url, s3(T0 - 901_000)));
  assert.deepEqual([early.code, early.message], ['AccessDenied', 'Request is not yet valid']);
  for (const [expires, message] of [['604801', 'X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be less than 604800 seconds'], ['-1', 'X-Amz-Expires must be non-negative'], ['1h', 'X-Amz-Expires should be a number']]) {
    const e = await rejection(verifyRequest({ ...url, rawQuery: PRESIGNED.replace('X-Amz-Expires=86400', `X-Amz-Expires=${expires}`) }, s3()));
    assert.deepEqual([e.code, e.message], ['AuthorizationQueryParametersError', message]);
  }
});

test('expected region and service, credential date, terminator and shape', async () => {
  const region = await rejection(verifyRequest(GET_OBJECT, { ...s3(), expectedRegion: 'eu-west-1' }));
  assert.deepEqual([region.code, region.fields], ['AuthorizationHeaderMalformed', { Region: 'eu-west-1' }]);
  const service = await rejection(verifyRequest(GET_OBJECT, { ...s3(), family: 'json', expectedService: 'dynamodb' }));
  assert.deepEqual([service.code, service.message], ['InvalidSignatureException', "Credential should be scoped to correct service: 'dynamodb'."]);
  await verifyRequest(GET_OBJECT, { ...s3(), expectedRegion: 'us-east-1', expectedService: 's3' });
  const edit = (from: string, to: string) => ({ ...GET_OBJECT, rawHeaders: GET_OBJECT.rawHeaders.map((h) => h.replace(from, to)) });
  assert.match((await rejection(verifyRequest(edit('/20130524/', '/20130523/'), s3()))).message, /Invalid credential date "20130523"/);
  assert.match((await rejection(verifyRequest(edit('aws4_request', 'aws4_reques'), s3()))).message, /incorrect terminal "aws4_reques"/);
  assert.match((await rejection(verifyRequest(edit('/us-east-1/', '/'), s3()))).message, /the Credential is mal-formed/);
  const date = await rejection(verifyRequest(edit('x-amz-date', 'x-amz-datum'), { ...s3(), family: 'query' }));
  assert.equal(date.code, 'IncompleteSignature');
});

test('S3 path rules differ from the other services', async () => {
  const signer = (uriEscapePath: boolean) =>
    new SignatureV4({ service: 'svc', region: 'us-east-1', credentials: { accessKeyId: KEY, secretAccessKey: S3_SECRET }, sha256: Sha256, uriEscapePath });
  for (const s3Style of [true, false]) {
    const request = new HttpRequest({ method: 'GET', hostname: 'h', path: '/a%20b/./c', headers: { host: 'h' } });
    const signed = await signer(!s3Style).sign(request, { signingDate: new Date(T0) });
    const wire = req('GET', '/a%20b/./c', '', Object.entries(signed.headers).flat());
    await verifyRequest(wire, { resolver, now: T0, family: 'json', s3Style });
    assert.equal((await rejection(verifyRequest(wire, { resolver, now: T0, family: 'json', s3Style: !s3Style }))).code, 'InvalidSignatureException');
  }
});

test('session tokens in presigned URLs, and a caller-provided key cache', async () => {
  const signer = new SignatureV4({ service: 'sts', region: 'us-east-1', credentials: { accessKeyId: 'ASIATEMP', secretAccessKey: 'temp-secret', sessionToken: 'the/token+of=the&key' }, sha256: Sha256 });
  const presigned = await signer.presign(new HttpRequest({ method: 'GET', hostname: 'sts.amazonaws.com', path: '/', query: { Action: 'GetCallerIdentity' }, headers: { host: 'sts.amazonaws.com' } }), { signingDate: new Date(T0), expiresIn: 60 });
  const query = Object.entries(presigned.query ?? {}).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`).join('&');
  const cache = new SigningKeyCache(4);
  const result = await verifyRequest(req('GET', '/', query, ['Host', 'sts.amazonaws.com']), { resolver, now: T0 + 30_000, family: 'query', signingKeyCache: cache });
  assert.deepEqual([result.kind, result.credential?.accessKeyId, cache.size], ['presigned', 'ASIATEMP', 1]);
  const late = await rejection(verifyRequest(req('GET', '/', query, ['Host', 'sts.amazonaws.com']), { resolver, now: T0 + 61_000, family: 'query' }));
  assert.deepEqual([late.code, late.httpStatus], ['AccessDenied', 403]);
  const noToken = query.replace(/X-Amz-Security-Token=[^&]*&?/, '');
  assert.equal((await rejection(verifyRequest(req('GET', '/', noToken, ['Host', 'sts.amazonaws.com']), { resolver, now: T0, family: 'query' }))).code, 'InvalidClientTokenId');
});
