/**
 * S3 encryption at rest beyond SSE-S3 (issue #20): SSE-KMS through KMS as the caller (kms:GenerateDataKey
 * to write, kms:Decrypt to read, AWS's AccessDenied naming the KMS action and key, KMS.DisabledException),
 * default encryption (Put/Get/DeleteBucketEncryption, S3 Bucket Keys), the course's "deny unencrypted
 * uploads" bucket policy, SSE-C over the HTTPS listener only (its key never stored), no plaintext in the
 * data directory, multipart SSE-KMS, boto3, and the attack cases (another account's key, a managed alias
 * of another service, forged contexts, a wrong SSE-C key or MD5).
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { Agent } from 'node:https';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  DeletePublicAccessBlockCommand,
  CreateMultipartUploadCommand,
  DeleteBucketEncryptionCommand,
  GetBucketEncryptionCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutBucketEncryptionCommand,
  PutBucketPolicyCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { CreateAliasCommand, CreateKeyCommand, DescribeKeyCommand, DisableKeyCommand, EnableKeyCommand } from '@aws-sdk/client-kms';
import { createAccount } from '../../src/authz/bootstrap-account.js';
import { pythonWithBoto3 } from '../helpers/python.js';
import { awsEnv, startTestServer, type TestServer } from '../helpers/rampart.js';
import { allow, doc, run, userWithKey } from './authz-support.js';
import { kmsClient } from './kms-support.js';
import { s3Client, s3Failure } from './s3-support.js';

let s: TestServer;
let root: S3Client;
let tls: S3Client;
let keyArn: string;
const secret = (label: string) => Buffer.from(`PLAINTEXT-MARKER-${label}-${randomBytes(8).toString('hex')}`);

/** Every file under `dir` (bounded: the test's own data directory). */
function files(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...files(p));
    else out.push(p);
  }
  return out;
}
/** An unsigned GET (the anonymous principal), addressed to S3 by its host. */
function anonymous(path: string): Promise<{ status: number; body: string }> {
  const port = Number(new URL(s.url).port);
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { host: `s3.localhost:${port}` } }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}
const dataDirHolds = (needle: Buffer) => files(s.dataDir).some((f) => readFileSync(f).includes(needle));

before(async () => {
  s = await startTestServer({ httpsPort: 0 });
  root = s3Client(s);
  const ca = readFileSync(s.runtime.caPath!, 'utf8');
  tls = new S3Client({ endpoint: s.runtime.httpsUrl, region: 'us-east-1', credentials: s.credentials, forcePathStyle: true, maxAttempts: 1, requestHandler: { httpsAgent: new Agent({ ca }) } });
  keyArn = (await kmsClient(s).send(new CreateKeyCommand({ Description: 's3 objects' }))).KeyMetadata!.Arn!;
  await kmsClient(s).send(new CreateAliasCommand({ AliasName: 'alias/objects', TargetKeyId: keyArn }));
  await root.send(new CreateBucketCommand({ Bucket: 'sse-kms' }));
});
after(() => s.close());

describe('SSE-KMS', () => {
  it('encrypts under the named key (alias resolved to the key ARN); reads need kms:Decrypt on that key', async () => {
    const body = secret('kms');
    const put = await root.send(new PutObjectCommand({ Bucket: 'sse-kms', Key: 'doc', Body: body, ServerSideEncryption: 'aws:kms', SSEKMSKeyId: 'alias/objects' }));
    assert.equal(put.ServerSideEncryption, 'aws:kms');
    assert.equal(put.SSEKMSKeyId, keyArn);
    const got = await root.send(new GetObjectCommand({ Bucket: 'sse-kms', Key: 'doc' }));
    assert.equal(got.ServerSideEncryption, 'aws:kms');
    assert.equal(got.SSEKMSKeyId, keyArn);
    assert.deepEqual(Buffer.from(await got.Body!.transformToByteArray()), body);
    assert.equal(dataDirHolds(body), false);
    // An SSE-KMS object's ETag is not the MD5 of its data (AWS); it is stable and serves If-Match.
    assert.notEqual(put.ETag, `"${createHash('md5').update(body).digest('hex')}"`);
    assert.match(put.ETag!, /^"[0-9a-f]{32}"$/);
    assert.equal(got.ETag, put.ETag);
    assert.equal((await root.send(new HeadObjectCommand({ Bucket: 'sse-kms', Key: 'doc', IfMatch: put.ETag }))).ETag, put.ETag);

    const noKms = await userWithKey(s, 'reader-no-kms', { policy: doc(allow('s3:GetObject', 'arn:aws:s3:::sse-kms/*')) });
    const denied = await s3Failure(s3Client(s, noKms).send(new GetObjectCommand({ Bucket: 'sse-kms', Key: 'doc' })));
    assert.equal(denied.name, 'AccessDenied');
    assert.equal(denied.$metadata.httpStatusCode, 403);
    assert.match(denied.message, new RegExp(`^User: arn:aws:iam::${s.accountId}:user/reader-no-kms is not authorized to perform: kms:Decrypt on resource: ${keyArn}`));
    // HeadObject does not call KMS.
    assert.equal((await s3Client(s, noKms).send(new HeadObjectCommand({ Bucket: 'sse-kms', Key: 'doc' }))).SSEKMSKeyId, keyArn);

    const withKms = await userWithKey(s, 'reader-kms', { policy: doc(allow('s3:GetObject', 'arn:aws:s3:::sse-kms/*'), allow('kms:Decrypt', keyArn)) });
    const read = await s3Client(s, withKms).send(new GetObjectCommand({ Bucket: 'sse-kms', Key: 'doc' }));
    assert.deepEqual(Buffer.from(await read.Body!.transformToByteArray()), body);
  });

  it('a writer without kms:GenerateDataKey is refused and nothing is written; the default is the aws/s3 managed key', async () => {
    const writer = await userWithKey(s, 'writer-no-kms', { policy: doc(allow(['s3:PutObject', 's3:GetObject', 's3:ListBucket'], ['arn:aws:s3:::sse-kms', 'arn:aws:s3:::sse-kms/*'])) });
    const c = s3Client(s, writer);
    const e = await s3Failure(c.send(new PutObjectCommand({ Bucket: 'sse-kms', Key: 'refused', Body: 'x', ServerSideEncryption: 'aws:kms', SSEKMSKeyId: keyArn })));
    assert.equal(e.name, 'AccessDenied');
    assert.match(e.message, new RegExp(`is not authorized to perform: kms:GenerateDataKey on resource: ${keyArn}`));
    assert.equal((await s3Failure(c.send(new HeadObjectCommand({ Bucket: 'sse-kms', Key: 'refused' })))).$metadata.httpStatusCode, 404);
    // aws/s3: its key policy allows the account's principals through S3 (kms:ViaService), no IAM kms permission needed.
    const managed = await c.send(new PutObjectCommand({ Bucket: 'sse-kms', Key: 'managed', Body: 'm', ServerSideEncryption: 'aws:kms' }));
    const awsS3 = (await kmsClient(s).send(new DescribeKeyCommand({ KeyId: 'alias/aws/s3' }))).KeyMetadata!;
    assert.equal(awsS3.KeyManager, 'AWS');
    assert.equal(managed.SSEKMSKeyId, awsS3.Arn);
    assert.equal(await (await c.send(new GetObjectCommand({ Bucket: 'sse-kms', Key: 'managed' }))).Body!.transformToString(), 'm');
  });

  it('multipart: CreateMultipartUpload needs kms:GenerateDataKey, UploadPart kms:Decrypt', async () => {
    const genOnly = await userWithKey(s, 'mpu-generate-only', { policy: doc(allow('s3:PutObject', 'arn:aws:s3:::sse-kms/*'), allow('kms:GenerateDataKey', keyArn)) });
    const c = s3Client(s, genOnly);
    const up = await c.send(new CreateMultipartUploadCommand({ Bucket: 'sse-kms', Key: 'mpu-denied', ServerSideEncryption: 'aws:kms', SSEKMSKeyId: keyArn }));
    assert.equal(up.SSEKMSKeyId, keyArn);
    const e = await s3Failure(c.send(new UploadPartCommand({ Bucket: 'sse-kms', Key: 'mpu-denied', UploadId: up.UploadId, PartNumber: 1, Body: 'part' })));
    assert.equal(e.name, 'AccessDenied');
    assert.match(e.message, new RegExp(`kms:Decrypt on resource: ${keyArn}`));
    const noGen = await userWithKey(s, 'mpu-no-kms', { policy: doc(allow('s3:PutObject', 'arn:aws:s3:::sse-kms/*')) });
    assert.match((await s3Failure(s3Client(s, noGen).send(new CreateMultipartUploadCommand({ Bucket: 'sse-kms', Key: 'mpu-denied', ServerSideEncryption: 'aws:kms', SSEKMSKeyId: keyArn })))).message, /kms:GenerateDataKey/);
  });

  it('a disabled key answers KMS.DisabledException on writes and reads', async () => {
    const k = (await kmsClient(s).send(new CreateKeyCommand({}))).KeyMetadata!.Arn!;
    await root.send(new PutObjectCommand({ Bucket: 'sse-kms', Key: 'soon-disabled', Body: 'd', ServerSideEncryption: 'aws:kms', SSEKMSKeyId: k }));
    await kmsClient(s).send(new DisableKeyCommand({ KeyId: k }));
    const w = await s3Failure(root.send(new PutObjectCommand({ Bucket: 'sse-kms', Key: 'x', Body: 'd', ServerSideEncryption: 'aws:kms', SSEKMSKeyId: k })));
    assert.equal(w.name, 'KMS.DisabledException');
    assert.equal(w.$metadata.httpStatusCode, 400);
    const r = await s3Failure(root.send(new GetObjectCommand({ Bucket: 'sse-kms', Key: 'soon-disabled' })));
    assert.equal(r.name, 'KMS.DisabledException');
    await kmsClient(s).send(new EnableKeyCommand({ KeyId: k }));
    assert.equal(await (await root.send(new GetObjectCommand({ Bucket: 'sse-kms', Key: 'soon-disabled' }))).Body!.transformToString(), 'd');
  });

  it('copies and multipart uploads keep SSE-KMS; the context given is returned', async () => {
    const context = Buffer.from(JSON.stringify({ project: 'rampart' })).toString('base64');
    const put = await root.send(new PutObjectCommand({ Bucket: 'sse-kms', Key: 'ctx', Body: 'c', ServerSideEncryption: 'aws:kms', SSEKMSKeyId: keyArn, SSEKMSEncryptionContext: context }));
    assert.deepEqual(JSON.parse(Buffer.from(put.SSEKMSEncryptionContext!, 'base64').toString()), { project: 'rampart', 'aws:s3:arn': 'arn:aws:s3:::sse-kms/ctx' });
    const copy = await root.send(new CopyObjectCommand({ Bucket: 'sse-kms', Key: 'ctx-copy', CopySource: 'sse-kms/ctx', ServerSideEncryption: 'aws:kms', SSEKMSKeyId: keyArn }));
    assert.equal(copy.ServerSideEncryption, 'aws:kms');
    assert.equal(await (await root.send(new GetObjectCommand({ Bucket: 'sse-kms', Key: 'ctx-copy' }))).Body!.transformToString(), 'c');
    // Copied without headers: the destination bucket's default (SSE-S3).
    const plainCopy = await root.send(new CopyObjectCommand({ Bucket: 'sse-kms', Key: 'ctx-s3', CopySource: 'sse-kms/ctx' }));
    assert.equal(plainCopy.ServerSideEncryption, 'AES256');

    const part1 = Buffer.concat([secret('part1'), randomBytes(5 * 1024 * 1024)]);
    const part2 = secret('part2');
    const up = await root.send(new CreateMultipartUploadCommand({ Bucket: 'sse-kms', Key: 'big', ServerSideEncryption: 'aws:kms', SSEKMSKeyId: keyArn }));
    assert.equal(up.SSEKMSKeyId, keyArn);
    const p1 = await root.send(new UploadPartCommand({ Bucket: 'sse-kms', Key: 'big', UploadId: up.UploadId, PartNumber: 1, Body: part1 }));
    assert.equal(p1.ServerSideEncryption, 'aws:kms');
    const p2 = await root.send(new UploadPartCommand({ Bucket: 'sse-kms', Key: 'big', UploadId: up.UploadId, PartNumber: 2, Body: part2 }));
    const done = await root.send(new CompleteMultipartUploadCommand({ Bucket: 'sse-kms', Key: 'big', UploadId: up.UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: p1.ETag }, { PartNumber: 2, ETag: p2.ETag }] } }));
    assert.equal(done.SSEKMSKeyId, keyArn);
    const got = Buffer.from(await (await root.send(new GetObjectCommand({ Bucket: 'sse-kms', Key: 'big' }))).Body!.transformToByteArray());
    assert.equal(createHash('md5').update(got).digest('hex'), createHash('md5').update(Buffer.concat([part1, part2])).digest('hex'));
    assert.equal(dataDirHolds(part2), false);
  });
});

describe('Default encryption and bucket policies', () => {
  it('Put/Get/DeleteBucketEncryption: uploads without headers get the default, with an S3 Bucket Key', async () => {
    await root.send(new CreateBucketCommand({ Bucket: 'sse-default' }));
    const fresh = await root.send(new GetBucketEncryptionCommand({ Bucket: 'sse-default' }));
    assert.deepEqual(fresh.ServerSideEncryptionConfiguration!.Rules![0], { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: false, BlockedEncryptionTypes: { EncryptionType: ['SSE-C'] } });
    await root.send(new PutBucketEncryptionCommand({ Bucket: 'sse-default', ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: keyArn }, BucketKeyEnabled: true }] } }));
    const rule = (await root.send(new GetBucketEncryptionCommand({ Bucket: 'sse-default' }))).ServerSideEncryptionConfiguration!.Rules![0]!;
    assert.equal(rule.ApplyServerSideEncryptionByDefault!.SSEAlgorithm, 'aws:kms');
    assert.equal(rule.ApplyServerSideEncryptionByDefault!.KMSMasterKeyID, keyArn);
    assert.equal(rule.BucketKeyEnabled, true);
    for (const k of ['a', 'b', 'c']) {
      const put = await root.send(new PutObjectCommand({ Bucket: 'sse-default', Key: k, Body: `body ${k}` }));
      assert.equal(put.ServerSideEncryption, 'aws:kms');
      assert.equal(put.SSEKMSKeyId, keyArn);
      assert.equal(put.BucketKeyEnabled, true);
    }
    const got = await root.send(new GetObjectCommand({ Bucket: 'sse-default', Key: 'b' }));
    assert.equal(got.BucketKeyEnabled, true);
    assert.equal(await got.Body!.transformToString(), 'body b');
    const noBucketKey = await root.send(new PutObjectCommand({ Bucket: 'sse-default', Key: 'd', Body: 'd', BucketKeyEnabled: false }));
    assert.equal(noBucketKey.BucketKeyEnabled, undefined);
    const invalid = await s3Failure(root.send(new PutBucketEncryptionCommand({ Bucket: 'sse-default', ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256', KMSMasterKeyID: keyArn } }] } })));
    assert.equal(invalid.name, 'InvalidArgument');
    await root.send(new DeleteBucketEncryptionCommand({ Bucket: 'sse-default' }));
    assert.equal((await root.send(new PutObjectCommand({ Bucket: 'sse-default', Key: 'e', Body: 'e' }))).ServerSideEncryption, 'AES256');
  });

  it("the course's bucket policy denying uploads without s3:x-amz-server-side-encryption aws:kms", async () => {
    await root.send(new CreateBucketCommand({ Bucket: 'kms-only' }));
    const policy = {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'DenyIncorrectEncryptionHeader', Effect: 'Deny', Principal: '*', Action: 's3:PutObject', Resource: 'arn:aws:s3:::kms-only/*', Condition: { StringNotEquals: { 's3:x-amz-server-side-encryption': 'aws:kms' } } },
        { Sid: 'DenyOtherKeys', Effect: 'Deny', Principal: '*', Action: 's3:PutObject', Resource: 'arn:aws:s3:::kms-only/*', Condition: { StringNotEqualsIfExists: { 's3:x-amz-server-side-encryption-aws-kms-key-id': keyArn } } },
      ],
    };
    await root.send(new PutBucketPolicyCommand({ Bucket: 'kms-only', Policy: JSON.stringify(policy) }));
    for (const extra of [{}, { ServerSideEncryption: 'AES256' as const }, { ServerSideEncryption: 'aws:kms' as const, SSEKMSKeyId: 'alias/objects' }]) {
      const e = await s3Failure(root.send(new PutObjectCommand({ Bucket: 'kms-only', Key: 'k', Body: 'x', ...extra })));
      assert.equal(e.name, 'AccessDenied');
    }
    const ok = await root.send(new PutObjectCommand({ Bucket: 'kms-only', Key: 'k', Body: 'x', ServerSideEncryption: 'aws:kms', SSEKMSKeyId: keyArn }));
    assert.equal(ok.SSEKMSKeyId, keyArn);
  });
});

describe('SSE-C', () => {
  const key = randomBytes(32);
  const sseC = (k: Buffer = key) => ({ SSECustomerAlgorithm: 'AES256', SSECustomerKey: k.toString('base64'), SSECustomerKeyMD5: createHash('md5').update(k).digest('base64') });

  it('is blocked on new buckets; once allowed, round-trips over HTTPS with the key, never stored', async () => {
    await tls.send(new CreateBucketCommand({ Bucket: 'sse-c' }));
    const body = secret('ssec');
    const blocked = await s3Failure(tls.send(new PutObjectCommand({ Bucket: 'sse-c', Key: 'o', Body: body, ...sseC() })));
    assert.equal(blocked.name, 'AccessDenied');
    await tls.send(new PutBucketEncryptionCommand({ Bucket: 'sse-c', ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BlockedEncryptionTypes: { EncryptionType: ['NONE'] } }] } }));
    const put = await tls.send(new PutObjectCommand({ Bucket: 'sse-c', Key: 'o', Body: body, ...sseC() }));
    assert.equal(put.SSECustomerAlgorithm, 'AES256');
    assert.equal(put.SSECustomerKeyMD5, sseC().SSECustomerKeyMD5);
    assert.equal(put.ServerSideEncryption, undefined);
    const got = await tls.send(new GetObjectCommand({ Bucket: 'sse-c', Key: 'o', ...sseC() }));
    assert.deepEqual(Buffer.from(await got.Body!.transformToByteArray()), body);
    assert.equal((await tls.send(new HeadObjectCommand({ Bucket: 'sse-c', Key: 'o', ...sseC() }))).SSECustomerKeyMD5, sseC().SSECustomerKeyMD5);
    assert.equal(dataDirHolds(body), false);
    assert.equal(dataDirHolds(key), false);
    assert.equal(dataDirHolds(Buffer.from(key.toString('base64'))), false);
    // The audit trail records the request parameters with the customer key redacted.
    const trail = JSON.stringify(s.runtime.audit.recent());
    assert.ok(trail.includes('SSECustomerAlgorithm'), 'the SSE-C requests are in the audit trail');
    assert.equal(trail.includes(key.toString('base64')), false);

    const without = await s3Failure(tls.send(new GetObjectCommand({ Bucket: 'sse-c', Key: 'o' })));
    assert.equal(without.name, 'InvalidRequest');
    assert.equal(without.message, 'The object was stored using a form of Server Side Encryption. The correct parameters must be provided to retrieve the object.');
    const wrong = await s3Failure(tls.send(new GetObjectCommand({ Bucket: 'sse-c', Key: 'o', ...sseC(randomBytes(32)) })));
    assert.equal(wrong.name, 'AccessDenied');
    assert.equal(wrong.$metadata.httpStatusCode, 403);
    // (A wrong key MD5 is sent by boto3 below: the SDK v3 recomputes the MD5 from the key.)
    const short = await s3Failure(tls.send(new PutObjectCommand({ Bucket: 'sse-c', Key: 'p', Body: 'x', ...sseC(randomBytes(16)) })));
    assert.equal(short.name, 'InvalidArgument');
    const mixed = await s3Failure(tls.send(new PutObjectCommand({ Bucket: 'sse-c', Key: 'p', Body: 'x', ServerSideEncryption: 'aws:kms', ...sseC() })));
    assert.equal(mixed.name, 'InvalidArgument');
    // A copy needs the source's key in the copy-source headers.
    const copySrc = { CopySourceSSECustomerAlgorithm: 'AES256', CopySourceSSECustomerKey: key.toString('base64'), CopySourceSSECustomerKeyMD5: sseC().SSECustomerKeyMD5 };
    assert.equal((await s3Failure(tls.send(new CopyObjectCommand({ Bucket: 'sse-c', Key: 'copy', CopySource: 'sse-c/o' })))).name, 'InvalidRequest');
    const copy = await tls.send(new CopyObjectCommand({ Bucket: 'sse-c', Key: 'copy', CopySource: 'sse-c/o', ...copySrc }));
    assert.equal(copy.ServerSideEncryption, 'AES256');
    assert.deepEqual(Buffer.from(await (await tls.send(new GetObjectCommand({ Bucket: 'sse-c', Key: 'copy' }))).Body!.transformToByteArray()), body);
  });

  it('multipart SSE-C: every part and the completion need the key', async () => {
    const up = await tls.send(new CreateMultipartUploadCommand({ Bucket: 'sse-c', Key: 'mpu', ...sseC() }));
    assert.equal(up.SSECustomerKeyMD5, sseC().SSECustomerKeyMD5);
    assert.equal((await s3Failure(tls.send(new UploadPartCommand({ Bucket: 'sse-c', Key: 'mpu', UploadId: up.UploadId, PartNumber: 1, Body: 'p' })))).name, 'InvalidRequest');
    assert.equal((await s3Failure(tls.send(new UploadPartCommand({ Bucket: 'sse-c', Key: 'mpu', UploadId: up.UploadId, PartNumber: 1, Body: 'p', ...sseC(randomBytes(32)) })))).name, 'AccessDenied');
    const body = secret('mpu-ssec');
    const p1 = await tls.send(new UploadPartCommand({ Bucket: 'sse-c', Key: 'mpu', UploadId: up.UploadId, PartNumber: 1, Body: body, ...sseC() }));
    await tls.send(new CompleteMultipartUploadCommand({ Bucket: 'sse-c', Key: 'mpu', UploadId: up.UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: p1.ETag }] }, ...sseC() }));
    assert.deepEqual(Buffer.from(await (await tls.send(new GetObjectCommand({ Bucket: 'sse-c', Key: 'mpu', ...sseC() }))).Body!.transformToByteArray()), body);
    assert.equal(dataDirHolds(body), false);
  });

  it('is refused over plain HTTP', async () => {
    const e = await s3Failure(root.send(new PutObjectCommand({ Bucket: 'sse-c', Key: 'http', Body: 'x', ...sseC() })));
    assert.equal(e.name, 'InvalidRequest');
    assert.equal(e.$metadata.httpStatusCode, 400);
    assert.equal(e.message, 'Requests specifying Server Side Encryption with Customer provided keys must be made over a secure connection.');
    assert.equal((await s3Failure(root.send(new GetObjectCommand({ Bucket: 'sse-c', Key: 'o', ...sseC() })))).name, 'InvalidRequest');
  });
});

describe('SSE attacks', () => {
  it("another account's key without a grant, a managed alias of another service, forged or malformed contexts", async () => {
    const B = await createAccount(s.runtime.store, { now: Date.now() });
    const foreign = (await kmsClient(s, B).send(new CreateKeyCommand({}))).KeyMetadata!.Arn!;
    const e1 = await s3Failure(root.send(new PutObjectCommand({ Bucket: 'sse-kms', Key: 'foreign', Body: 'x', ServerSideEncryption: 'aws:kms', SSEKMSKeyId: foreign })));
    assert.equal(e1.name, 'AccessDenied');
    assert.match(e1.message, /kms:GenerateDataKey/);
    // An alias name of another account's key does not resolve across accounts.
    await kmsClient(s, B).send(new CreateAliasCommand({ AliasName: 'alias/theirs', TargetKeyId: foreign }));
    const e2 = await s3Failure(root.send(new PutObjectCommand({ Bucket: 'sse-kms', Key: 'foreign', Body: 'x', ServerSideEncryption: 'aws:kms', SSEKMSKeyId: 'alias/theirs' })));
    assert.equal(e2.name, 'KMS.NotFoundException');
    // Their alias by ARN reaches their key, whose policy does not let this account use it.
    const e2b = await s3Failure(root.send(new PutObjectCommand({ Bucket: 'sse-kms', Key: 'foreign', Body: 'x', ServerSideEncryption: 'aws:kms', SSEKMSKeyId: `arn:aws:kms:us-east-1:${B.accountId}:alias/theirs` })));
    assert.equal(e2b.$metadata.httpStatusCode, 403);
    // Our key's ARN in another Region names nothing there.
    const e2c = await s3Failure(root.send(new PutObjectCommand({ Bucket: 'sse-kms', Key: 'foreign', Body: 'x', ServerSideEncryption: 'aws:kms', SSEKMSKeyId: keyArn.replace('us-east-1', 'eu-west-1') })));
    assert.equal(e2c.$metadata.httpStatusCode, 400);
    assert.match(e2c.name, /^KMS\./);
    // EBS's managed key serves only EC2 (kms:ViaService): S3 cannot use it.
    const e3 = await s3Failure(root.send(new PutObjectCommand({ Bucket: 'sse-kms', Key: 'foreign', Body: 'x', ServerSideEncryption: 'aws:kms', SSEKMSKeyId: 'alias/aws/ebs' })));
    assert.equal(e3.name, 'AccessDenied');
    assert.equal((await s3Failure(root.send(new HeadObjectCommand({ Bucket: 'sse-kms', Key: 'foreign' })))).$metadata.httpStatusCode, 404);
    // A context naming another object's ARN, or not JSON.
    const forged = Buffer.from(JSON.stringify({ 'aws:s3:arn': 'arn:aws:s3:::sse-kms/doc' })).toString('base64');
    assert.equal((await s3Failure(root.send(new PutObjectCommand({ Bucket: 'sse-kms', Key: 'forged', Body: 'x', ServerSideEncryption: 'aws:kms', SSEKMSKeyId: keyArn, SSEKMSEncryptionContext: forged })))).name, 'InvalidArgument');
    assert.equal((await s3Failure(root.send(new PutObjectCommand({ Bucket: 'sse-kms', Key: 'forged', Body: 'x', ServerSideEncryption: 'aws:kms', SSEKMSEncryptionContext: 'bm90IGpzb24=' })))).name, 'InvalidArgument');
    assert.equal((await s3Failure(root.send(new PutObjectCommand({ Bucket: 'sse-kms', Key: 'forged', Body: 'x', ServerSideEncryption: 'aws:kms', SSEKMSKeyId: 'alias/a b' })))).$metadata.httpStatusCode, 400);
    assert.equal((await s3Failure(root.send(new PutObjectCommand({ Bucket: 'sse-kms', Key: 'forged', Body: 'x', ServerSideEncryption: 'aws:kms:other' as never })))).$metadata.httpStatusCode, 400);
    assert.equal((await s3Failure(root.send(new PutObjectCommand({ Bucket: 'sse-kms', Key: 'forged', Body: 'x', SSEKMSKeyId: keyArn })))).name, 'InvalidArgument');
  });
});

describe('SSE-KMS and anonymous reads', () => {
  it('a bucket policy making objects public does not open SSE-KMS objects to anonymous callers', async () => {
    await root.send(new CreateBucketCommand({ Bucket: 'sse-public' }));
    const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::sse-public/*' }] };
    await root.send(new DeletePublicAccessBlockCommand({ Bucket: 'sse-public' }));
    await root.send(new PutBucketPolicyCommand({ Bucket: 'sse-public', Policy: JSON.stringify(policy) }));
    await root.send(new PutObjectCommand({ Bucket: 'sse-public', Key: 'plain', Body: 'public' }));
    await root.send(new PutObjectCommand({ Bucket: 'sse-public', Key: 'kms', Body: 'secret', ServerSideEncryption: 'aws:kms', SSEKMSKeyId: keyArn }));
    assert.deepEqual(await anonymous('/sse-public/plain'), { status: 200, body: 'public' });
    const denied = await anonymous('/sse-public/kms');
    assert.equal(denied.status, 403);
    assert.match(denied.body, /<Code>AccessDenied<\/Code>/);
    assert.equal(denied.body.includes('secret'), false);
  });
});

describe('SSE with boto3', () => {
  it('SSE-KMS put/get/head and default encryption through boto3', async () => {
    const script = `
import boto3, sys, json
c = boto3.client('s3', endpoint_url=sys.argv[1], region_name='us-east-1', aws_access_key_id=sys.argv[2], aws_secret_access_key=sys.argv[3], config=boto3.session.Config(s3={'addressing_style': 'path'}))
c.create_bucket(Bucket='boto-sse')
p = c.put_object(Bucket='boto-sse', Key='k', Body=b'from boto', ServerSideEncryption='aws:kms', SSEKMSKeyId=sys.argv[4])
g = c.get_object(Bucket='boto-sse', Key='k')
c.put_bucket_encryption(Bucket='boto-sse', ServerSideEncryptionConfiguration={'Rules': [{'ApplyServerSideEncryptionByDefault': {'SSEAlgorithm': 'aws:kms', 'KMSMasterKeyID': sys.argv[4]}, 'BucketKeyEnabled': True}]})
d = c.put_object(Bucket='boto-sse', Key='d', Body=b'default')
h = c.head_object(Bucket='boto-sse', Key='d')
r = c.get_bucket_encryption(Bucket='boto-sse')['ServerSideEncryptionConfiguration']['Rules'][0]
print(json.dumps([p['ServerSideEncryption'], p['SSEKMSKeyId'], g['Body'].read().decode(), d['BucketKeyEnabled'], h['SSEKMSKeyId'], r['ApplyServerSideEncryptionByDefault']['SSEAlgorithm']]))
`;
    const py = await run(pythonWithBoto3(), ['-c', script, s.url, s.credentials.accessKeyId, s.credentials.secretAccessKey, keyArn], { ...awsEnv(s), AWS_MAX_ATTEMPTS: '1' });
    assert.equal(py.status, 0, py.stderr);
    assert.deepEqual(JSON.parse(py.stdout), ['aws:kms', keyArn, 'from boto', true, keyArn, 'aws:kms']);
  });

  it('SSE-C over HTTPS with boto3: the right key reads, a wrong key MD5 is InvalidArgument', async () => {
    const script = `
import boto3, sys, json, os, base64, hashlib
from botocore.exceptions import ClientError
c = boto3.client('s3', endpoint_url=sys.argv[1], region_name='us-east-1', aws_access_key_id=sys.argv[2], aws_secret_access_key=sys.argv[3], verify=sys.argv[4], config=boto3.session.Config(s3={'addressing_style': 'path'}))
key = os.urandom(16).hex()
c.put_object(Bucket='sse-c', Key='boto', Body=b'ssec boto', SSECustomerAlgorithm='AES256', SSECustomerKey=key)
body = c.get_object(Bucket='sse-c', Key='boto', SSECustomerAlgorithm='AES256', SSECustomerKey=key)['Body'].read().decode()
try:
    # With an explicit MD5 boto3 sends the key as given (base64 it ourselves).
    c.get_object(Bucket='sse-c', Key='boto', SSECustomerAlgorithm='AES256', SSECustomerKey=base64.b64encode(key.encode()).decode(), SSECustomerKeyMD5=base64.b64encode(hashlib.md5(b'other').digest()).decode())
    err = None
except ClientError as e:
    err = [e.response['Error']['Code'], e.response['Error']['Message']]
print(json.dumps([body, err]))
`;
    const py = await run(pythonWithBoto3(), ['-c', script, s.runtime.httpsUrl!, s.credentials.accessKeyId, s.credentials.secretAccessKey, s.runtime.caPath!], { ...awsEnv(s), AWS_MAX_ATTEMPTS: '1' });
    assert.equal(py.status, 0, py.stderr);
    assert.deepEqual(JSON.parse(py.stdout), ['ssec boto', ['InvalidArgument', 'The calculated MD5 hash of the key did not match the hash that was provided.']]);
  });
});
