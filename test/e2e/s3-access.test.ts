/**
 * S3 Block Public Access, Object Ownership and ACLs, CORS (issue #20), with the SDK v3, raw HTTP for
 * the browser's unsigned requests, and boto3: new buckets block public policies; a public policy is
 * refused under BlockPublicPolicy (also when hidden behind NotPrincipal or a condition that does not
 * narrow), accepted when it is off; RestrictPublicBuckets ignores a public policy's allows for anyone
 * outside the owner's account; ACL writes are AccessControlListNotSupported under BucketOwnerEnforced;
 * CORS preflights are answered by the first matching rule and refused otherwise.
 */
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import {
  CopyObjectCommand,
  CreateBucketCommand,
  DeleteBucketCorsCommand,
  DeleteBucketOwnershipControlsCommand,
  DeletePublicAccessBlockCommand,
  GetBucketAclCommand,
  GetBucketLocationCommand,
  HeadBucketCommand,
  S3Client,
  GetBucketCorsCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketPolicyStatusCommand,
  GetObjectAclCommand,
  GetObjectCommand,
  GetPublicAccessBlockCommand,
  PutBucketAclCommand,
  PutBucketCorsCommand,
  PutBucketOwnershipControlsCommand,
  PutBucketPolicyCommand,
  PutObjectAclCommand,
  PutObjectCommand,
  PutPublicAccessBlockCommand,
} from '@aws-sdk/client-s3';
import { createAccount, type RootCredentials } from '../../src/authz/bootstrap-account.js';
import { pythonWithBoto3 } from '../helpers/python.js';
import { awsEnv, startTestServer, type TestServer } from '../helpers/rampart.js';
import { doc, run, userWithKey, type Creds } from './authz-support.js';
import { s3Client, s3Failure as fail } from './s3-support.js';

let s: TestServer;
let B: RootCredentials;
let port: number;
const s3 = (creds: Creds = s.credentials) => s3Client(s, creds);
const ALL_OFF = { BlockPublicAcls: false, IgnorePublicAcls: false, BlockPublicPolicy: false, RestrictPublicBuckets: false };
const publicRead = (bucket: string, extra: object = {}) => doc({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${bucket}/*`, ...extra });

/** A raw HTTP request (unsigned, as a browser sends it), headers exactly as given. */
function raw(method: string, path: string, headers: Record<string, string>): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

before(async () => {
  s = await startTestServer();
  port = Number(new URL(s.url).port);
  B = await createAccount(s.runtime.store, { now: Date.now() });
});
after(() => s.close());

describe('S3 Block Public Access', () => {
  it('a new bucket blocks all public access and enforces bucket ownership', async () => {
    await s3().send(new CreateBucketCommand({ Bucket: 'bpa-new' }));
    assert.deepEqual((await s3().send(new GetPublicAccessBlockCommand({ Bucket: 'bpa-new' }))).PublicAccessBlockConfiguration, { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true });
    assert.equal((await s3().send(new GetBucketOwnershipControlsCommand({ Bucket: 'bpa-new' }))).OwnershipControls?.Rules?.[0]?.ObjectOwnership, 'BucketOwnerEnforced');
  });

  it('BlockPublicPolicy refuses public policies (AccessDenied naming the setting), including the disguised ones', async () => {
    const refused = await fail(s3().send(new PutBucketPolicyCommand({ Bucket: 'bpa-new', Policy: publicRead('bpa-new') })));
    assert.equal(refused.name, 'AccessDenied');
    assert.equal(refused.$metadata.httpStatusCode, 403);
    assert.equal(refused.message, `User: arn:aws:iam::${s.accountId}:root is not authorized to perform: s3:PutBucketPolicy on resource: "arn:aws:s3:::bpa-new" because public policies are blocked by the BlockPublicPolicy block public access setting.`);
    const disguised = [
      doc({ Effect: 'Allow', NotPrincipal: { AWS: `arn:aws:iam::${s.accountId}:root` }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::bpa-new/*' }),
      doc({ Effect: 'Allow', Principal: { AWS: ['*'] }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::bpa-new/*' }),
      publicRead('bpa-new', { Condition: { IpAddress: { 'aws:SourceIp': '0.0.0.0/0' } } }),
      publicRead('bpa-new', { Condition: { Bool: { 'aws:SecureTransport': 'true' } } }),
      publicRead('bpa-new', { Condition: { StringNotEquals: { 'aws:SourceAccount': '111122223333' } } }),
      publicRead('bpa-new', { Condition: { StringEqualsIfExists: { 'aws:SourceAccount': '111122223333' } } }),
      publicRead('bpa-new', { Condition: { StringLike: { 'aws:SourceVpc': 'vpc-*' } } }),
    ];
    for (const policy of disguised) assert.equal((await fail(s3().send(new PutBucketPolicyCommand({ Bucket: 'bpa-new', Policy: policy })))).name, 'AccessDenied', policy);
    // Fixed by a narrowing condition: not public, accepted.
    await s3().send(new PutBucketPolicyCommand({ Bucket: 'bpa-new', Policy: publicRead('bpa-new', { Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } } }) }));
    assert.equal((await s3().send(new GetBucketPolicyStatusCommand({ Bucket: 'bpa-new' }))).PolicyStatus?.IsPublic, false);
  });

  it('with BlockPublicPolicy off a public policy is stored; RestrictPublicBuckets then ignores its allows for the public and other accounts', async () => {
    await s3().send(new CreateBucketCommand({ Bucket: 'bpa-restrict' }));
    await s3().send(new PutObjectCommand({ Bucket: 'bpa-restrict', Key: 'menu.txt', Body: 'espresso' }));
    await s3().send(new PutPublicAccessBlockCommand({ Bucket: 'bpa-restrict', PublicAccessBlockConfiguration: { ...ALL_OFF, RestrictPublicBuckets: true } }));
    await s3().send(new PutBucketPolicyCommand({ Bucket: 'bpa-restrict', Policy: publicRead('bpa-restrict') }));
    assert.equal((await s3().send(new GetBucketPolicyStatusCommand({ Bucket: 'bpa-restrict' }))).PolicyStatus?.IsPublic, true);
    const anonymous = () => raw('GET', '/bpa-restrict/menu.txt', { host: `s3.localhost:${port}` });
    assert.equal((await anonymous()).status, 403);
    const other = { accessKeyId: B.accessKeyId, secretAccessKey: B.secretAccessKey };
    assert.equal((await fail(s3(other).send(new GetObjectCommand({ Bucket: 'bpa-restrict', Key: 'menu.txt' })))).name, 'AccessDenied');
    // Nor through CopyObject into a bucket of its own (the handler checks the source as the chain does).
    await s3(other).send(new CreateBucketCommand({ Bucket: 'bpa-thief' }));
    assert.equal((await fail(s3(other).send(new CopyObjectCommand({ Bucket: 'bpa-thief', Key: 'loot.txt', CopySource: 'bpa-restrict/menu.txt' })))).name, 'AccessDenied');
    // A user of the owner's account with no identity policy is still allowed by the policy.
    const local = await userWithKey(s, 'bpa-local');
    assert.equal(await (await s3(local).send(new GetObjectCommand({ Bucket: 'bpa-restrict', Key: 'menu.txt' }))).Body?.transformToString(), 'espresso');
    // Restriction off: the public policy reaches everyone.
    await s3().send(new PutPublicAccessBlockCommand({ Bucket: 'bpa-restrict', PublicAccessBlockConfiguration: ALL_OFF }));
    assert.deepEqual([(await anonymous()).status, (await anonymous()).body], [200, 'espresso']);
    assert.equal(await (await s3(other).send(new GetObjectCommand({ Bucket: 'bpa-restrict', Key: 'menu.txt' }))).Body?.transformToString(), 'espresso');
    // Deleted: no configuration (and nothing blocked).
    await s3().send(new DeletePublicAccessBlockCommand({ Bucket: 'bpa-restrict' }));
    const none = await fail(s3().send(new GetPublicAccessBlockCommand({ Bucket: 'bpa-restrict' })));
    assert.deepEqual([none.name, none.$metadata.httpStatusCode], ['NoSuchPublicAccessBlockConfiguration', 404]);
  });

  it('only an allowed caller changes Block Public Access (s3:PutBucketPublicAccessBlock)', async () => {
    const u = await userWithKey(s, 'bpa-nobody');
    assert.equal((await fail(s3(u).send(new DeletePublicAccessBlockCommand({ Bucket: 'bpa-new' })))).name, 'AccessDenied');
    assert.equal((await fail(s3({ accessKeyId: B.accessKeyId, secretAccessKey: B.secretAccessKey }).send(new PutPublicAccessBlockCommand({ Bucket: 'bpa-new', PublicAccessBlockConfiguration: ALL_OFF })))).name, 'AccessDenied');
  });
});

describe('S3 Object Ownership and ACLs', () => {
  it('under BucketOwnerEnforced every ACL write is AccessControlListNotSupported; reads answer the owner', async () => {
    await s3().send(new CreateBucketCommand({ Bucket: 'acl-enforced' }));
    await s3().send(new PutObjectCommand({ Bucket: 'acl-enforced', Key: 'k', Body: 'x' }));
    for (const call of [
      s3().send(new PutBucketAclCommand({ Bucket: 'acl-enforced', ACL: 'public-read' })),
      s3().send(new PutObjectAclCommand({ Bucket: 'acl-enforced', Key: 'k', ACL: 'public-read' })),
      s3().send(new PutObjectAclCommand({ Bucket: 'acl-enforced', Key: 'k', GrantRead: 'uri="http://acs.amazonaws.com/groups/global/AllUsers"' })),
      s3().send(new PutObjectCommand({ Bucket: 'acl-enforced', Key: 'k2', Body: 'x', ACL: 'authenticated-read' })),
    ]) {
      const e = await fail(call);
      assert.deepEqual([e.name, e.message, e.$metadata.httpStatusCode], ['AccessControlListNotSupported', 'The bucket does not allow ACLs', 400]);
    }
    await s3().send(new PutObjectAclCommand({ Bucket: 'acl-enforced', Key: 'k', ACL: 'bucket-owner-full-control' }));
    const acl = await s3().send(new GetObjectAclCommand({ Bucket: 'acl-enforced', Key: 'k' }));
    assert.deepEqual(acl.Grants?.map((g) => [g.Grantee?.Type, g.Permission]), [['CanonicalUser', 'FULL_CONTROL']]);
  });

  it('ObjectWriter enables ACLs: grants are stored and answered; BlockPublicAcls refuses public ones', async () => {
    await s3().send(new CreateBucketCommand({ Bucket: 'acl-writer', ObjectOwnership: 'ObjectWriter' }));
    assert.equal((await s3().send(new GetBucketOwnershipControlsCommand({ Bucket: 'acl-writer' }))).OwnershipControls?.Rules?.[0]?.ObjectOwnership, 'ObjectWriter');
    assert.equal((await fail(s3().send(new PutBucketAclCommand({ Bucket: 'acl-writer', ACL: 'public-read' })))).name, 'AccessDenied');
    await s3().send(new PutPublicAccessBlockCommand({ Bucket: 'acl-writer', PublicAccessBlockConfiguration: ALL_OFF }));
    await s3().send(new PutBucketAclCommand({ Bucket: 'acl-writer', ACL: 'public-read' }));
    const acl = await s3().send(new GetBucketAclCommand({ Bucket: 'acl-writer' }));
    assert.deepEqual(acl.Grants?.map((g) => [g.Grantee?.Type, g.Grantee?.URI ?? 'owner', g.Permission]), [
      ['CanonicalUser', 'owner', 'FULL_CONTROL'],
      ['Group', 'http://acs.amazonaws.com/groups/global/AllUsers', 'READ'],
    ]);
    // ACLs cannot be disabled while the bucket ACL grants to others.
    assert.equal((await fail(s3().send(new PutBucketOwnershipControlsCommand({ Bucket: 'acl-writer', OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] } })))).name, 'InvalidBucketAclWithObjectOwnership');
    await s3().send(new PutObjectCommand({ Bucket: 'acl-writer', Key: 'o', Body: 'x' }));
    await s3().send(new PutObjectAclCommand({ Bucket: 'acl-writer', Key: 'o', GrantRead: 'uri="http://acs.amazonaws.com/groups/global/AuthenticatedUsers"' }));
    assert.deepEqual((await s3().send(new GetObjectAclCommand({ Bucket: 'acl-writer', Key: 'o' }))).Grants?.map((g) => g.Grantee?.URI ?? g.Grantee?.Type), ['CanonicalUser', 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers']);
    // A new upload of the key starts with the default ACL again.
    await s3().send(new PutObjectCommand({ Bucket: 'acl-writer', Key: 'o', Body: 'y' }));
    assert.equal((await s3().send(new GetObjectAclCommand({ Bucket: 'acl-writer', Key: 'o' }))).Grants?.length, 1);
    const email = await fail(s3().send(new PutObjectAclCommand({ Bucket: 'acl-writer', Key: 'o', GrantRead: 'emailAddress="someone@example.com"' })));
    assert.equal(email.name, 'UnresolvableGrantByEmailAddress');
    const both = await fail(s3().send(new PutBucketAclCommand({ Bucket: 'acl-writer', ACL: 'private', GrantRead: 'uri="http://acs.amazonaws.com/groups/global/AllUsers"' })));
    assert.equal(both.name, 'InvalidRequest');
    // Back to private, then ACLs can be disabled; deleting the controls enables them again.
    await s3().send(new PutBucketAclCommand({ Bucket: 'acl-writer', ACL: 'private' }));
    await s3().send(new PutBucketOwnershipControlsCommand({ Bucket: 'acl-writer', OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] } }));
    assert.equal((await fail(s3().send(new PutBucketAclCommand({ Bucket: 'acl-writer', ACL: 'public-read' })))).name, 'AccessControlListNotSupported');
    await s3().send(new DeleteBucketOwnershipControlsCommand({ Bucket: 'acl-writer' }));
    const gone = await fail(s3().send(new GetBucketOwnershipControlsCommand({ Bucket: 'acl-writer' })));
    assert.deepEqual([gone.name, gone.$metadata.httpStatusCode], ['OwnershipControlsNotFoundError', 404]);
  });
});

describe('S3 ACL grants in authorization', () => {
  it('AllUsers and AuthenticatedUsers grants allow as AWS maps them; IgnorePublicAcls and BucketOwnerEnforced ignore them', async () => {
    await s3().send(new CreateBucketCommand({ Bucket: 'acl-eval', ObjectOwnership: 'BucketOwnerPreferred' }));
    await s3().send(new PutPublicAccessBlockCommand({ Bucket: 'acl-eval', PublicAccessBlockConfiguration: ALL_OFF }));
    await s3().send(new PutObjectCommand({ Bucket: 'acl-eval', Key: 'pub.txt', Body: 'for all' }));
    await s3().send(new PutObjectCommand({ Bucket: 'acl-eval', Key: 'auth.txt', Body: 'for signed' }));
    const anonymous = (path: string) => raw('GET', path, { host: `s3.localhost:${port}` });
    const other = s3({ accessKeyId: B.accessKeyId, secretAccessKey: B.secretAccessKey });
    assert.equal((await anonymous('/acl-eval/pub.txt')).status, 403);
    await s3().send(new PutObjectAclCommand({ Bucket: 'acl-eval', Key: 'pub.txt', ACL: 'public-read' }));
    await s3().send(new PutObjectAclCommand({ Bucket: 'acl-eval', Key: 'auth.txt', ACL: 'authenticated-read' }));
    assert.deepEqual([(await anonymous('/acl-eval/pub.txt')).status, (await anonymous('/acl-eval/pub.txt')).body], [200, 'for all']);
    // READ on one object grants that object only, and not listing.
    assert.equal((await anonymous('/acl-eval/auth.txt')).status, 403);
    assert.equal((await anonymous('/acl-eval')).status, 403);
    assert.equal(await (await other.send(new GetObjectCommand({ Bucket: 'acl-eval', Key: 'auth.txt' }))).Body?.transformToString(), 'for signed');
    // Bucket READ lists.
    await s3().send(new PutBucketAclCommand({ Bucket: 'acl-eval', ACL: 'public-read' }));
    assert.equal((await anonymous('/acl-eval')).status, 200);
    // IgnorePublicAcls: the public grants count for nothing (they stay stored).
    await s3().send(new PutPublicAccessBlockCommand({ Bucket: 'acl-eval', PublicAccessBlockConfiguration: { ...ALL_OFF, IgnorePublicAcls: true } }));
    assert.equal((await anonymous('/acl-eval/pub.txt')).status, 403);
    assert.equal((await anonymous('/acl-eval')).status, 403);
    assert.equal((await fail(other.send(new GetObjectCommand({ Bucket: 'acl-eval', Key: 'auth.txt' })))).name, 'AccessDenied');
    await s3().send(new PutPublicAccessBlockCommand({ Bucket: 'acl-eval', PublicAccessBlockConfiguration: ALL_OFF }));
    assert.equal((await anonymous('/acl-eval/pub.txt')).status, 200);
    // A new upload of the key drops its ACL.
    await s3().send(new PutObjectCommand({ Bucket: 'acl-eval', Key: 'pub.txt', Body: 'replaced' }));
    assert.equal((await anonymous('/acl-eval/pub.txt')).status, 403);
  });
});

describe('S3 CORS', () => {
  const rules = [
    { ID: 'app', AllowedOrigins: ['https://*.example.com'], AllowedMethods: ['GET', 'PUT'], AllowedHeaders: ['content-type', 'x-amz-*'], ExposeHeaders: ['ETag'], MaxAgeSeconds: 600 },
    { AllowedOrigins: ['*'], AllowedMethods: ['GET'] },
  ];
  before(async () => {
    await s3().send(new CreateBucketCommand({ Bucket: 'cors-bucket' }));
    await s3().send(new PutObjectCommand({ Bucket: 'cors-bucket', Key: 'page.html', Body: '<p>hi</p>' }));
  });

  it('PutBucketCors checks the rules as S3 does and GetBucketCors answers them', async () => {
    const bad: [object, string][] = [
      [{ AllowedOrigins: ['*'], AllowedMethods: ['PATCH'] }, 'Found unsupported HTTP method in CORS config. Unsupported method is PATCH'],
      [{ AllowedOrigins: ['https://*.*.example.com'], AllowedMethods: ['GET'] }, 'AllowedOrigin "https://*.*.example.com" can not have more than one wildcard.'],
      [{ AllowedOrigins: ['*'], AllowedMethods: ['GET'], ExposeHeaders: ['*'] }, 'ExposeHeader "*" contains wildcard. We currently do not support wildcard for ExposeHeader.'],
    ];
    for (const [rule, message] of bad) {
      const e = await fail(s3().send(new PutBucketCorsCommand({ Bucket: 'cors-bucket', CORSConfiguration: { CORSRules: [rule as never] } })));
      assert.deepEqual([e.name, e.message], ['InvalidRequest', message]);
    }
    const tooMany = Array.from({ length: 101 }, () => ({ AllowedOrigins: ['*'], AllowedMethods: ['GET'] }));
    assert.equal((await fail(s3().send(new PutBucketCorsCommand({ Bucket: 'cors-bucket', CORSConfiguration: { CORSRules: tooMany } })))).$metadata.httpStatusCode, 400);
    assert.equal((await fail(s3().send(new GetBucketCorsCommand({ Bucket: 'cors-bucket' })))).name, 'NoSuchCORSConfiguration');
    await s3().send(new PutBucketCorsCommand({ Bucket: 'cors-bucket', CORSConfiguration: { CORSRules: rules } }));
    assert.deepEqual((await s3().send(new GetBucketCorsCommand({ Bucket: 'cors-bucket' }))).CORSRules, rules);
  });

  it('a preflight is answered by the first matching rule, unsigned, path-style or virtual-hosted, whatever the header case', async () => {
    const ok = await raw('OPTIONS', '/cors-bucket/page.html', { host: `s3.localhost:${port}`, Origin: 'https://app.example.com', 'Access-Control-Request-Method': 'PUT', 'Access-Control-Request-Headers': 'Content-Type, X-Amz-Meta-Who' });
    assert.equal(ok.status, 200, ok.body);
    assert.equal(ok.headers['access-control-allow-origin'], 'https://app.example.com');
    assert.equal(ok.headers['access-control-allow-methods'], 'GET, PUT');
    assert.equal(ok.headers['access-control-allow-headers'], 'content-type, x-amz-meta-who');
    assert.equal(ok.headers['access-control-max-age'], '600');
    assert.equal(ok.headers['access-control-expose-headers'], 'ETag');
    // Rampart's one endpoint (no S3 host) and a virtual host; header names in other cases.
    const plain = await raw('OPTIONS', '/cors-bucket/page.html', { ORIGIN: 'https://other.test', 'ACCESS-CONTROL-REQUEST-METHOD': 'GET' });
    assert.deepEqual([plain.status, plain.headers['access-control-allow-origin'], plain.headers['access-control-allow-methods']], [200, '*', 'GET']);
    const vhost = await raw('OPTIONS', '/page.html', { host: `cors-bucket.s3.localhost:${port}`, origin: 'https://other.test', 'access-control-request-method': 'GET' });
    assert.equal(vhost.status, 200);
  });

  it('a preflight no rule allows is 403 AccessForbidden; without CORS or Origin it is refused too', async () => {
    const cases: [Record<string, string>, number, RegExp][] = [
      // PUT only from *.example.com; a header no rule allows; a method no rule has.
      [{ origin: 'https://other.test', 'access-control-request-method': 'PUT' }, 403, /CORSResponse: This CORS request is not allowed/],
      [{ origin: 'https://app.example.com', 'access-control-request-method': 'PUT', 'access-control-request-headers': 'authorization' }, 403, /<Code>AccessForbidden<\/Code>/],
      [{ origin: 'https://app.example.com', 'access-control-request-method': 'DELETE' }, 403, /<Method>DELETE<\/Method><ResourceType>OBJECT<\/ResourceType>|<ResourceType>OBJECT/],
      // The wildcard must not match across the scheme: http://evil.com/.example.com is not https://*.example.com.
      [{ origin: 'http://evil.example.com', 'access-control-request-method': 'PUT' }, 403, /not allowed/],
      [{ 'access-control-request-method': 'GET' }, 400, /Origin request header needed/],
    ];
    for (const [headers, status, body] of cases) {
      const r = await raw('OPTIONS', '/cors-bucket/page.html', { host: `s3.localhost:${port}`, ...headers });
      assert.equal(r.status, status, JSON.stringify(headers));
      assert.match(r.body, body);
      assert.equal(r.headers['access-control-allow-origin'], undefined);
    }
    const noCors = await raw('OPTIONS', '/bpa-new', { host: `s3.localhost:${port}`, origin: 'https://app.example.com', 'access-control-request-method': 'GET' });
    assert.equal(noCors.status, 403);
    assert.match(noCors.body, /CORSResponse: CORS is not enabled for this bucket\./);
  });

  it('answered requests with Origin carry the Access-Control headers of the matching rule', async () => {
    await s3().send(new DeletePublicAccessBlockCommand({ Bucket: 'cors-bucket' }));
    await s3().send(new PutBucketPolicyCommand({ Bucket: 'cors-bucket', Policy: publicRead('cors-bucket') }));
    const get = await raw('GET', '/cors-bucket/page.html', { host: `s3.localhost:${port}`, Origin: 'https://app.example.com' });
    assert.deepEqual([get.status, get.body, get.headers['access-control-allow-origin'], get.headers['access-control-expose-headers']], [200, '<p>hi</p>', 'https://app.example.com', 'ETag']);
    const none = await raw('GET', '/cors-bucket/page.html', { host: `s3.localhost:${port}` });
    assert.equal(none.headers['access-control-allow-origin'], undefined);
    await s3().send(new DeleteBucketCorsCommand({ Bucket: 'cors-bucket' }));
    const after = await raw('GET', '/cors-bucket/page.html', { host: `s3.localhost:${port}`, Origin: 'https://app.example.com' });
    assert.deepEqual([after.status, after.headers['access-control-allow-origin']], [200, undefined]);
  });
});

describe('S3 region redirects', () => {
  it('a signed request for a bucket of another region is 301 PermanentRedirect with x-amz-bucket-region; the SDK follows it when asked', async () => {
    const eu = s3Client(s, s.credentials, 'eu-west-1');
    await eu.send(new CreateBucketCommand({ Bucket: 'eu-bucket', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }));
    await eu.send(new PutObjectCommand({ Bucket: 'eu-bucket', Key: 'k', Body: 'bonjour' }));
    const e = await fail(s3().send(new GetObjectCommand({ Bucket: 'eu-bucket', Key: 'k' })));
    assert.deepEqual([e.name, e.$metadata.httpStatusCode, e.$response?.headers['x-amz-bucket-region']], ['PermanentRedirect', 301, 'eu-west-1']);
    const head = await fail(s3().send(new HeadBucketCommand({ Bucket: 'eu-bucket' })));
    assert.equal(head.$metadata.httpStatusCode, 301);
    const following = new S3Client({ endpoint: s.url, region: 'us-east-1', credentials: s.credentials, forcePathStyle: true, maxAttempts: 1, followRegionRedirects: true });
    assert.equal(await (await following.send(new GetObjectCommand({ Bucket: 'eu-bucket', Key: 'k' }))).Body?.transformToString(), 'bonjour');
    assert.equal((await following.send(new HeadBucketCommand({ Bucket: 'eu-bucket' }))).BucketRegion, 'eu-west-1');
    // GetBucketLocation answers from any region; a bucket that does not exist is still NoSuchBucket.
    assert.equal((await s3().send(new GetBucketLocationCommand({ Bucket: 'eu-bucket' }))).LocationConstraint, 'eu-west-1');
    assert.equal((await fail(s3().send(new GetObjectCommand({ Bucket: 'no-such-eu-bucket', Key: 'k' })))).name, 'NoSuchBucket');
  });
});

describe('boto3', () => {
  it('Block Public Access, policy status, ownership and CORS through boto3', async () => {
    const script = `
import boto3, sys, json
from botocore.exceptions import ClientError
c = boto3.client('s3', endpoint_url=sys.argv[1], region_name='us-east-1', aws_access_key_id=sys.argv[2], aws_secret_access_key=sys.argv[3])
c.create_bucket(Bucket='boto-bpa')
out = [c.get_public_access_block(Bucket='boto-bpa')['PublicAccessBlockConfiguration']]
policy = json.dumps({'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Principal': '*', 'Action': 's3:GetObject', 'Resource': 'arn:aws:s3:::boto-bpa/*'}]})
try:
    c.put_bucket_policy(Bucket='boto-bpa', Policy=policy)
    out.append('accepted')
except ClientError as e:
    out.append(e.response['Error']['Code'])
c.delete_public_access_block(Bucket='boto-bpa')
c.put_bucket_policy(Bucket='boto-bpa', Policy=policy)
out.append(c.get_bucket_policy_status(Bucket='boto-bpa')['PolicyStatus']['IsPublic'])
try:
    c.put_bucket_acl(Bucket='boto-bpa', ACL='public-read')
except ClientError as e:
    out.append(e.response['Error']['Code'])
c.put_bucket_cors(Bucket='boto-bpa', CORSConfiguration={'CORSRules': [{'AllowedOrigins': ['https://a.test'], 'AllowedMethods': ['GET']}]})
out.append(c.get_bucket_cors(Bucket='boto-bpa')['CORSRules'][0]['AllowedOrigins'])
print(json.dumps(out))
`;
    const py = await run(pythonWithBoto3(), ['-c', script, s.url, s.credentials.accessKeyId, s.credentials.secretAccessKey], { ...awsEnv(s), AWS_MAX_ATTEMPTS: '1' });
    assert.equal(py.status, 0, py.stderr);
    assert.deepEqual(JSON.parse(py.stdout), [
      { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
      'AccessDenied',
      true,
      'AccessControlListNotSupported',
      ['https://a.test'],
    ]);
  });
});
