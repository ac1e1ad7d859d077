/**
 * The failure scenarios every SigV4 verifier must get right, on requests signed by
 * @smithy/signature-v4, checked for each protocol family: wrong secret, unknown or inactive key,
 * clock skew, expired presigned URL, expired or missing session token, tampered chunk, bad trailer.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isAwsError, type AwsError } from '../../src/shared/aws-error.js';
import { verifyRequest, type VerifyOptions } from '../../src/auth/sigv4-verifier.js';
import type { ErrorFamily, SignedRequestParts } from '../../src/auth/types.js';
import { makeCredentials, makeResolver, Prng, SERVICES } from '../helpers/sigv4-fixtures.js';
import { signWithSmithy } from '../helpers/sigv4-smithy-sign.js';
import type { RequestSpec } from '../helpers/sigv4-spec-gen.js';

const NOW = Date.UTC(2024, 0, 1, 0, 16);
const creds = makeCredentials(new Prng(7), 2, 1);
const [alice, bob, temp] = creds as [(typeof creds)[number], (typeof creds)[number], (typeof creds)[number]];
const resolver = makeResolver(creds, { expiresAt: NOW + 3_600_000 });
const FAMILIES: ErrorFamily[] = ['query', 'json', 'rest-json', 's3', 'ec2'];
const profileOf = (family: ErrorFamily) => SERVICES.find((s) => s.family === family) ?? assert.fail(family);

function spec(family: ErrorFamily, over: Partial<RequestSpec> = {}): RequestSpec {
  const profile = profileOf(family);
  return {
    id: 'scenario',
    signer: 'smithy',
    profile,
    region: 'us-east-1',
    mode: 'header',
    method: 'POST',
    host: profile.hosts[0] as string,
    rawPath: '/',
    query: [],
    headers: [{ name: 'Host', lines: [profile.hosts[0] as string] }, { name: 'Content-Type', lines: ['application/x-www-form-urlencoded; charset=utf-8'] }],
    body: Buffer.from('Action=GetCallerIdentity&Version=2011-06-15'),
    payload: 'auto',
    checksum: 'CRC32',
    chunkSize: 8192,
    expires: 300,
    cred: alice,
    signedAt: NOW,
    now: NOW,
    useDateHeader: false,
    hoistContentSha: false,
    ...over,
  };
}

const options = (s: RequestSpec, over: Partial<VerifyOptions> = {}): VerifyOptions => ({ resolver, now: s.now, family: s.profile.family, s3Style: s.profile.s3, ...over });

async function rejection(p: Promise<unknown>): Promise<AwsError> {
  try {
    await p;
  } catch (e) {
    assert.ok(isAwsError(e), String(e));
    return e;
  }
  assert.fail('expected an AwsError');
}

async function refused(s: RequestSpec, over: Partial<VerifyOptions> = {}, edit: (r: SignedRequestParts) => SignedRequestParts = (r) => r): Promise<AwsError> {
  const { req } = await signWithSmithy(s);
  return rejection(verifyRequest(edit(req), options(s, over)));
}

const codes = (e: AwsError) => [e.code, e.httpStatus];

test('each family verifies a correctly signed request', async () => {
  for (const family of FAMILIES) {
    const s = spec(family);
    const { req } = await signWithSmithy(s);
    assert.equal((await verifyRequest(req, options(s))).payload.toString(), s.body.toString(), family);
  }
});

test('a wrong secret is a signature mismatch (EC2: AuthFailure, as for an unknown key)', async () => {
  const expected = { query: ['SignatureDoesNotMatch', 403], json: ['InvalidSignatureException', 400], 'rest-json': ['InvalidSignatureException', 403], s3: ['SignatureDoesNotMatch', 403], ec2: ['AuthFailure', 401] };
  for (const family of FAMILIES) {
    const e = await refused(spec(family, { cred: { ...alice, secretAccessKey: bob.secretAccessKey } }));
    assert.deepEqual(codes(e), expected[family], family);
  }
  const query = await refused(spec('query', { cred: { ...alice, secretAccessKey: 'x' } }));
  assert.equal(query.message, 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.');
});

test('an unknown or inactive access key', async () => {
  const expected = { query: ['InvalidClientTokenId', 403], json: ['UnrecognizedClientException', 400], 'rest-json': ['UnrecognizedClientException', 403], s3: ['InvalidAccessKeyId', 403], ec2: ['AuthFailure', 401] };
  for (const family of FAMILIES) {
    const e = await refused(spec(family, { cred: { ...alice, accessKeyId: 'AKIAUNKNOWNKEY000000' } }));
    assert.deepEqual(codes(e), expected[family], family);
  }
  const inactive = makeResolver(creds, { inactive: new Set([alice.accessKeyId]) });
  const e = await refused(spec('query'), { resolver: inactive });
  assert.deepEqual([e.code, e.message], ['InvalidClientTokenId', 'The security token included in the request is invalid.']);
});

test('a request signed 16 minutes ago or 16 minutes ahead', async () => {
  const old = await refused(spec('query', { signedAt: NOW - 16 * 60_000 }));
  assert.deepEqual([...codes(old), old.message], ['SignatureDoesNotMatch', 403, 'Signature expired: 20240101T000000Z is now earlier than 20240101T000100Z (20240101T001600Z - 15 min.)']);
  const ahead = await refused(spec('json', { signedAt: NOW + 16 * 60_000 }));
  assert.deepEqual([...codes(ahead), ahead.message], ['InvalidSignatureException', 400, 'Signature not yet current: 20240101T003200Z is still later than 20240101T003100Z (20240101T001600Z + 15 min.)']);
  const s3 = await refused(spec('s3', { signedAt: NOW - 16 * 60_000 }));
  assert.deepEqual([...codes(s3), s3.message], ['RequestTimeTooSkewed', 403, 'The difference between the request time and the current time is too large.']);
  // UNCONFIRMED AWS TEXT: ec2 RequestExpired and its 400 status are guesses; see src/auth/auth-errors.ts
  assert.deepEqual(codes(await refused(spec('ec2', { signedAt: NOW - 16 * 60_000 }))), ['RequestExpired', 400]);
  assert.deepEqual(codes(await refused(spec('rest-json', { signedAt: NOW + 16 * 60_000 }))), ['InvalidSignatureException', 403]);
});

test('a presigned URL used after its expiry', async () => {
  const s3 = await refused(spec('s3', { mode: 'presigned', method: 'GET', body: Buffer.alloc(0), expires: 60, signedAt: NOW - 61_000 }));
  assert.deepEqual([...codes(s3), s3.message], ['AccessDenied', 403, 'Request has expired']);
  const query = await refused(spec('query', { mode: 'presigned', method: 'GET', body: Buffer.alloc(0), expires: 60, signedAt: NOW - 61_000 }));
  // UNCONFIRMED AWS TEXT: an expired presigned URL outside S3 (AccessDenied 403) is a guess; see src/auth/auth-errors.ts
  assert.deepEqual(codes(query), ['AccessDenied', 403]);
  const tooLong = await refused(spec('query', { mode: 'presigned', method: 'GET', body: Buffer.alloc(0), expires: 600 }), {}, (r) => ({ ...r, rawQuery: r.rawQuery.replace('X-Amz-Expires=600', 'X-Amz-Expires=604801') }));
  assert.deepEqual(codes(tooLong), ['IncompleteSignature', 400]);
});

test('expired temporary credentials', async () => {
  const expired = makeResolver(creds, { expiresAt: NOW - 1 });
  const expected = { query: ['ExpiredToken', 403, 'The security token included in the request is expired'], json: ['ExpiredTokenException', 400, 'The security token included in the request is expired'], s3: ['ExpiredToken', 400, 'The provided token has expired.'] };
  for (const family of ['query', 'json', 's3'] as const) {
    const e = await refused(spec(family, { cred: temp }), { resolver: expired });
    assert.deepEqual([...codes(e), e.message], expected[family], family);
  }
});

test('temporary credentials without their session token, with another one, and a token for a permanent key', async () => {
  const { sessionToken: _dropped, ...withoutToken } = temp;
  const missing = await refused(spec('query', { cred: withoutToken }));
  assert.deepEqual([...codes(missing), missing.message], ['InvalidClientTokenId', 403, 'The security token included in the request is invalid.']);
  assert.deepEqual(codes(await refused(spec('s3', { cred: withoutToken }))), ['InvalidAccessKeyId', 403]);
  const other = await refused(spec('json', { cred: { ...temp, sessionToken: 'another-token' } }));
  assert.deepEqual(codes(other), ['UnrecognizedClientException', 400]);
  assert.deepEqual(codes(await refused(spec('s3', { cred: { ...temp, sessionToken: 'another-token' } }))), ['InvalidToken', 400]);
  assert.deepEqual(codes(await refused(spec('query', { cred: { ...alice, sessionToken: 'a-token' } }))), ['InvalidClientTokenId', 403]);
});

test('a tampered signature or data byte in a middle chunk of a signed aws-chunked body', async () => {
  const s = spec('s3', { method: 'PUT', payload: 'streaming-signed', body: Buffer.alloc(3 * 8192 + 10, 'd') });
  const { req } = await signWithSmithy(s);
  assert.equal((await verifyRequest(req, options(s))).payload.length, 3 * 8192 + 10);
  const text = req.body.toString('latin1');
  const second = text.indexOf(';chunk-signature=', text.indexOf(';chunk-signature=') + 1) + ';chunk-signature='.length;
  const flipped = Buffer.from(req.body);
  flipped[second] = (flipped[second] as number) ^ 1;
  const e = await rejection(verifyRequest({ ...req, body: flipped }, options(s)));
  assert.deepEqual(codes(e), ['SignatureDoesNotMatch', 403]);
  assert.match(String(e.fields['StringToSign']), /^AWS4-HMAC-SHA256-PAYLOAD\n/);
  const data = Buffer.from(req.body);
  data[second + 64 + 2 + 100] = 0x65;
  assert.deepEqual(codes(await rejection(verifyRequest({ ...req, body: data }, options(s)))), ['SignatureDoesNotMatch', 403]);
});

test('a trailing checksum that does not match the payload', async () => {
  for (const payload of ['streaming-unsigned-trailer', 'streaming-signed-trailer'] as const) {
    for (const checksum of ['CRC32', 'CRC32C', 'SHA1', 'SHA256'] as const) {
      const s = spec('s3', { method: 'PUT', payload, checksum, body: Buffer.from('payload with a checksum') });
      const { req } = await signWithSmithy(s);
      await verifyRequest(req, options(s));
      // The same trailer for another payload: for signed trailers the trailer signature still matches.
      const other = await signWithSmithy({ ...s, body: Buffer.from('payload with a checksun') });
      const swapped = Buffer.from(req.body.toString('latin1').replace(/(x-amz-checksum-[a-z0-9]+:)[^\r]+/, other.req.body.toString('latin1').match(/x-amz-checksum-[a-z0-9]+:[^\r]+/)?.[0] ?? ''), 'latin1');
      const e = await rejection(verifyRequest({ ...req, body: swapped }, options(s)));
      if (payload === 'streaming-signed-trailer') assert.equal(e.code, 'SignatureDoesNotMatch');
      else assert.deepEqual([e.code, e.message], ['BadDigest', `The ${checksum} you specified did not match the calculated checksum.`]);
    }
  }
});

test('outside S3 the body is always hashed; UNSIGNED-PAYLOAD only with allowUnsignedPayload', async () => {
  const changed = await refused(spec('query'), {}, (r) => ({ ...r, body: Buffer.from('Action=DeleteUser&Version=2010-05-08') }));
  assert.deepEqual(codes(changed), ['SignatureDoesNotMatch', 403]);
  const unsignedSpec = spec('json', { payload: 'unsigned' });
  const { req: withHeader } = await signWithSmithy(unsignedSpec);
  assert.ok(withHeader.rawHeaders.includes('UNSIGNED-PAYLOAD'));
  assert.deepEqual(codes(await rejection(verifyRequest(withHeader, options(unsignedSpec)))), ['InvalidSignatureException', 400]);
  const accepted = await verifyRequest(withHeader, options(unsignedSpec, { allowUnsignedPayload: true }));
  assert.equal(accepted.payload.toString(), unsignedSpec.body.toString());
});
