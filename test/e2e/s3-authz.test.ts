/**
 * S3 authorization as AWS evaluates it: the cashier who may only list one bucket, a bucket policy
 * that denies unencrypted uploads (s3:x-amz-server-side-encryption), s3:prefix and object tag
 * conditions, cross-account access that needs both the bucket policy and the caller's identity
 * policy, AccessDenied in S3's XML with AWS's message, NoSuchBucket for a bucket that does not exist.
 */
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import {
  CreateBucketCommand,
  DeleteBucketPolicyCommand,
  DeletePublicAccessBlockCommand,
  GetBucketPolicyCommand,
  GetBucketPolicyStatusCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutBucketPolicyCommand,
  PutObjectCommand,
  CopyObjectCommand,
} from '@aws-sdk/client-s3';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { createAccount, type RootCredentials } from '../../src/authz/bootstrap-account.js';
import { s3Client, s3Failure } from './s3-support.js';
import { startTestServer, type TestServer } from '../helpers/rampart.js';
import { allow, doc, userWithKey, type Creds } from './authz-support.js';

let s: TestServer;
let B: RootCredentials;
const s3 = (creds: Creds = s.credentials) => s3Client(s, creds);
const fail = s3Failure;

before(async () => {
  s = await startTestServer();
  B = await createAccount(s.runtime.store, { now: Date.now() });
  await s3().send(new CreateBucketCommand({ Bucket: 'awsdoc-example-bucket' }));
  await s3().send(new PutObjectCommand({ Bucket: 'awsdoc-example-bucket', Key: 'receipts/1.txt', Body: 'coffee 3.50' }));
});
after(() => s.close());

describe('S3 authorization', () => {
  it('the cashier may list the bucket and nothing else (AWS message in S3 XML)', async () => {
    const cashier = await userWithKey(s, 'cashier', { policy: doc(allow('s3:ListBucket', 'arn:aws:s3:::awsdoc-example-bucket')) });
    const list = await s3(cashier).send(new ListObjectsV2Command({ Bucket: 'awsdoc-example-bucket' }));
    assert.deepEqual(list.Contents?.map((o) => o.Key), ['receipts/1.txt']);
    const get = await fail(s3(cashier).send(new GetObjectCommand({ Bucket: 'awsdoc-example-bucket', Key: 'receipts/1.txt' })));
    assert.equal(get.name, 'AccessDenied');
    assert.equal(get.$metadata.httpStatusCode, 403);
    assert.equal(get.message, `User: arn:aws:iam::${s.accountId}:user/cashier is not authorized to perform: s3:GetObject on resource: "arn:aws:s3:::awsdoc-example-bucket/receipts/1.txt" because no identity-based policy allows the s3:GetObject action`);
    const put = await fail(s3(cashier).send(new PutObjectCommand({ Bucket: 'awsdoc-example-bucket', Key: 'x', Body: 'x' })));
    assert.equal(put.name, 'AccessDenied');
    assert.equal((await fail(s3(cashier).send(new CreateBucketCommand({ Bucket: 'cashier-own' })))).name, 'AccessDenied');
    // The course's ARN in capitals names another bucket: ARNs match case-sensitively.
    const upper = await userWithKey(s, 'cashier2', { policy: doc(allow('s3:ListBucket', 'arn:aws:s3:::AWSDOC-EXAMPLE-BUCKET')) });
    assert.equal((await fail(s3(upper).send(new ListObjectsV2Command({ Bucket: 'awsdoc-example-bucket' })))).name, 'AccessDenied');
    // A bucket that does not exist is NoSuchBucket, whoever asks.
    assert.equal((await fail(s3(cashier).send(new ListObjectsV2Command({ Bucket: 'no-such-bucket-x' })))).name, 'NoSuchBucket');
  });

  it('s3:prefix conditions scope what a user may list', async () => {
    const u = await userWithKey(s, 'prefixed', { policy: doc(allow('s3:ListBucket', 'arn:aws:s3:::awsdoc-example-bucket', { StringLike: { 's3:prefix': 'receipts/*' } })) });
    await s3(u).send(new ListObjectsV2Command({ Bucket: 'awsdoc-example-bucket', Prefix: 'receipts/' }));
    assert.equal((await fail(s3(u).send(new ListObjectsV2Command({ Bucket: 'awsdoc-example-bucket', Prefix: 'other/' })))).name, 'AccessDenied');
    assert.equal((await fail(s3(u).send(new ListObjectsV2Command({ Bucket: 'awsdoc-example-bucket' })))).name, 'AccessDenied');
  });

  it('a bucket policy denies unencrypted uploads (s3:x-amz-server-side-encryption)', async () => {
    await s3().send(new CreateBucketCommand({ Bucket: 'enc-only' }));
    const policy = doc({ Sid: 'DenyUnencrypted', Effect: 'Deny', Principal: '*', Action: 's3:PutObject', Resource: 'arn:aws:s3:::enc-only/*', Condition: { StringNotEquals: { 's3:x-amz-server-side-encryption': 'AES256' } } });
    await s3().send(new PutBucketPolicyCommand({ Bucket: 'enc-only', Policy: policy }));
    assert.equal((await s3().send(new GetBucketPolicyCommand({ Bucket: 'enc-only' }))).Policy, policy);
    assert.equal((await s3().send(new GetBucketPolicyStatusCommand({ Bucket: 'enc-only' }))).PolicyStatus?.IsPublic, false);
    const e = await fail(s3().send(new PutObjectCommand({ Bucket: 'enc-only', Key: 'plain', Body: 'x' })));
    assert.equal(e.name, 'AccessDenied');
    assert.match(e.message, /with an explicit deny in a resource-based policy/);
    const ok = await s3().send(new PutObjectCommand({ Bucket: 'enc-only', Key: 'sealed', Body: 'x', ServerSideEncryption: 'AES256' }));
    assert.equal(ok.ServerSideEncryption, 'AES256');
    await s3().send(new DeleteBucketPolicyCommand({ Bucket: 'enc-only' }));
    await s3().send(new PutObjectCommand({ Bucket: 'enc-only', Key: 'plain', Body: 'x' }));
  });

  it('a policy that denies everything cannot lock the owner root out of the bucket policy', async () => {
    await s3().send(new CreateBucketCommand({ Bucket: 'locked' }));
    await s3().send(new PutBucketPolicyCommand({ Bucket: 'locked', Policy: doc({ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: ['arn:aws:s3:::locked', 'arn:aws:s3:::locked/*'] }) }));
    assert.equal((await fail(s3().send(new ListObjectsV2Command({ Bucket: 'locked' })))).name, 'AccessDenied');
    await s3().send(new GetBucketPolicyCommand({ Bucket: 'locked' }));
    await s3().send(new DeleteBucketPolicyCommand({ Bucket: 'locked' }));
    await s3().send(new ListObjectsV2Command({ Bucket: 'locked' }));
  });

  it('aws:SecureTransport is false over HTTP; x-amz-expected-bucket-owner must name the owner', async () => {
    await s3().send(new CreateBucketCommand({ Bucket: 'tls-only' }));
    await s3().send(new PutObjectCommand({ Bucket: 'tls-only', Key: 'k', Body: 'x' }));
    await s3().send(new PutBucketPolicyCommand({ Bucket: 'tls-only', Policy: doc({ Effect: 'Deny', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::tls-only/*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }) }));
    const e = await fail(s3().send(new GetObjectCommand({ Bucket: 'tls-only', Key: 'k' })));
    assert.equal(e.name, 'AccessDenied');
    assert.equal((await fail(s3().send(new ListObjectsV2Command({ Bucket: 'awsdoc-example-bucket', ExpectedBucketOwner: '111122223333' })))).$metadata.httpStatusCode, 403);
    await s3().send(new ListObjectsV2Command({ Bucket: 'awsdoc-example-bucket', ExpectedBucketOwner: s.accountId }));
  });

  it('refuses malformed bucket policies with S3 texts', async () => {
    const bad = await fail(s3().send(new PutBucketPolicyCommand({ Bucket: 'enc-only', Policy: doc({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::other-bucket/*' }) })));
    assert.equal(bad.name, 'MalformedPolicy');
    assert.equal(bad.message, 'Policy has invalid resource');
    const json = await fail(s3().send(new PutBucketPolicyCommand({ Bucket: 'enc-only', Policy: 'nope' })));
    assert.equal(json.message, "Policies must be valid JSON and the first byte must be '{'");
  });

  it('object tag conditions: s3:ExistingObjectTag and s3:RequestObjectTag', async () => {
    await s3().send(new PutObjectCommand({ Bucket: 'awsdoc-example-bucket', Key: 'public/menu.txt', Body: 'menu', Tagging: 'class=public' }));
    const reader = await userWithKey(s, 'tag-reader', {
      policy: doc(allow('s3:GetObject', 'arn:aws:s3:::awsdoc-example-bucket/*', { StringEquals: { 's3:ExistingObjectTag/class': 'public' } }), allow('s3:PutObject', 'arn:aws:s3:::awsdoc-example-bucket/*', { StringEquals: { 's3:RequestObjectTag/class': 'draft' } })),
    });
    assert.equal(await (await s3(reader).send(new GetObjectCommand({ Bucket: 'awsdoc-example-bucket', Key: 'public/menu.txt' }))).Body!.transformToString(), 'menu');
    assert.equal((await fail(s3(reader).send(new GetObjectCommand({ Bucket: 'awsdoc-example-bucket', Key: 'receipts/1.txt' })))).name, 'AccessDenied');
    await s3(reader).send(new PutObjectCommand({ Bucket: 'awsdoc-example-bucket', Key: 'drafts/a', Body: 'a', Tagging: 'class=draft' }));
    assert.equal((await fail(s3(reader).send(new PutObjectCommand({ Bucket: 'awsdoc-example-bucket', Key: 'drafts/b', Body: 'b' })))).name, 'AccessDenied');
  });

  it('cross-account access needs both the bucket policy and the caller identity policy', async () => {
    await s3().send(new CreateBucketCommand({ Bucket: 'shared-receipts' }));
    await s3().send(new PutObjectCommand({ Bucket: 'shared-receipts', Key: 'r.txt', Body: 'shared' }));
    const bRoot: Creds = { accessKeyId: B.accessKeyId, secretAccessKey: B.secretAccessKey };
    // No bucket policy yet: B's root is denied.
    assert.equal((await fail(s3(bRoot).send(new GetObjectCommand({ Bucket: 'shared-receipts', Key: 'r.txt' })))).name, 'AccessDenied');
    await s3().send(new PutBucketPolicyCommand({ Bucket: 'shared-receipts', Policy: doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${B.accountId}:root` }, Action: ['s3:GetObject', 's3:ListBucket'], Resource: ['arn:aws:s3:::shared-receipts', 'arn:aws:s3:::shared-receipts/*'] }) }));
    assert.equal(await (await s3(bRoot).send(new GetObjectCommand({ Bucket: 'shared-receipts', Key: 'r.txt' }))).Body!.transformToString(), 'shared');
    assert.equal((await fail(s3(bRoot).send(new PutObjectCommand({ Bucket: 'shared-receipts', Key: 'w', Body: 'w' })))).name, 'AccessDenied');
    // A user of B needs its own identity policy too.
    const bIam = new IAMClient({ endpoint: s.url, region: 'us-east-1', credentials: bRoot, maxAttempts: 1 });
    const users: Creds[] = [];
    for (const name of ['with-policy', 'without']) {
      await bIam.send(new CreateUserCommand({ UserName: name }));
      if (name === 'with-policy') await bIam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'p', PolicyDocument: doc(allow('s3:GetObject', 'arn:aws:s3:::shared-receipts/*')) }));
      const k = (await bIam.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey!;
      users.push({ accessKeyId: k.AccessKeyId!, secretAccessKey: k.SecretAccessKey! });
    }
    assert.equal(await (await s3(users[0]).send(new GetObjectCommand({ Bucket: 'shared-receipts', Key: 'r.txt' }))).Body!.transformToString(), 'shared');
    assert.equal((await fail(s3(users[1]).send(new GetObjectCommand({ Bucket: 'shared-receipts', Key: 'r.txt' })))).name, 'AccessDenied');
    // B may not read or change A's bucket policy, whatever the policy grants.
    assert.equal((await fail(s3(bRoot).send(new GetBucketPolicyCommand({ Bucket: 'shared-receipts' })))).$metadata.httpStatusCode, 403);
    // CopyObject needs s3:GetObject on the source as well: B copies into its own bucket.
    await s3(bRoot).send(new CreateBucketCommand({ Bucket: 'b-own-bucket' }));
    await s3(bRoot).send(new CopyObjectCommand({ Bucket: 'b-own-bucket', Key: 'copy', CopySource: 'shared-receipts/r.txt' }));
    assert.equal((await fail(s3(bRoot).send(new CopyObjectCommand({ Bucket: 'b-own-bucket', Key: 'copy2', CopySource: 'awsdoc-example-bucket/receipts/1.txt' })))).name, 'AccessDenied');
  });

  it('a missing key is NoSuchKey only to callers who may list the bucket (AccessDenied otherwise)', async () => {
    const getter = await userWithKey(s, 'getter', { policy: doc(allow('s3:GetObject', 'arn:aws:s3:::awsdoc-example-bucket/*')) });
    const lister = await userWithKey(s, 'lister', { policy: doc(allow('s3:GetObject', 'arn:aws:s3:::awsdoc-example-bucket/*'), allow('s3:ListBucket', 'arn:aws:s3:::awsdoc-example-bucket')) });
    const e1 = await fail(s3(getter).send(new GetObjectCommand({ Bucket: 'awsdoc-example-bucket', Key: 'nothing-here' })));
    assert.equal(e1.name, 'AccessDenied');
    assert.equal(e1.$metadata.httpStatusCode, 403);
    const e2 = await fail(s3(lister).send(new GetObjectCommand({ Bucket: 'awsdoc-example-bucket', Key: 'nothing-here' })));
    assert.equal(e2.name, 'NoSuchKey');
    assert.equal(e2.$metadata.httpStatusCode, 404);
  });

  it('unsigned requests are the anonymous principal: only a public bucket policy lets them read', async () => {
    await s3().send(new CreateBucketCommand({ Bucket: 'public-menu' }));
    await s3().send(new PutObjectCommand({ Bucket: 'public-menu', Key: 'menu.txt', Body: 'espresso 2.00' }));
    const port = Number(new URL(s.url).port);
    const anonymous = (host: string, path: string) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port, path, headers: { host } }, (res) => {
          let body = '';
          res.on('data', (d: Buffer) => (body += d.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        });
        req.on('error', reject);
        req.end();
      });
    const denied = await anonymous(`s3.localhost:${port}`, '/public-menu/menu.txt');
    assert.equal(denied.status, 403);
    assert.match(denied.body, /<Code>AccessDenied<\/Code>/);
    // New buckets block public policies (AWS since April 2023): the owner turns Block Public Access off first.
    await s3().send(new DeletePublicAccessBlockCommand({ Bucket: 'public-menu' }));
    await s3().send(new PutBucketPolicyCommand({ Bucket: 'public-menu', Policy: doc({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::public-menu/*' }) }));
    assert.equal((await s3().send(new GetBucketPolicyStatusCommand({ Bucket: 'public-menu' }))).PolicyStatus?.IsPublic, true);
    assert.deepEqual(await anonymous(`s3.localhost:${port}`, '/public-menu/menu.txt'), { status: 200, body: 'espresso 2.00' });
    assert.deepEqual(await anonymous(`public-menu.s3.localhost:${port}`, '/menu.txt'), { status: 200, body: 'espresso 2.00' });
    // The policy grants reading objects, not listing the bucket.
    assert.equal((await anonymous(`s3.localhost:${port}`, '/public-menu')).status, 403);
  });

  it('the bucket namespace is global: another account gets BucketAlreadyExists', async () => {
    const e = await fail(s3({ accessKeyId: B.accessKeyId, secretAccessKey: B.secretAccessKey }).send(new CreateBucketCommand({ Bucket: 'awsdoc-example-bucket' })));
    assert.equal(e.name, 'BucketAlreadyExists');
    assert.equal(e.$metadata.httpStatusCode, 409);
  });
});
