/**
 * S3 over the HTTPS listener: the course's "deny unless aws:SecureTransport" bucket policy refuses
 * uploads and reads over HTTP and accepts them over HTTPS (SDK with the local CA; AWS CLI with
 * AWS_CA_BUNDLE), byte-exact.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { Agent } from 'node:https';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CreateBucketCommand, GetObjectCommand, PutBucketPolicyCommand, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { awsEnv, startTestServer, type TestServer } from '../helpers/rampart.js';
import { run } from './authz-support.js';

let s: TestServer;
before(async () => {
  s = await startTestServer({ httpsPort: 0 });
});
after(() => s.close());

describe('S3 with aws:SecureTransport', () => {
  it('a bucket policy denying non-TLS requests refuses HTTP and accepts HTTPS', async () => {
    const ca = readFileSync(s.runtime.caPath!, 'utf8');
    const overHttp = new S3Client({ endpoint: s.url, region: 'us-east-1', credentials: s.credentials, forcePathStyle: true, maxAttempts: 1 });
    const overHttps = new S3Client({ endpoint: s.runtime.httpsUrl, region: 'us-east-1', credentials: s.credentials, forcePathStyle: true, maxAttempts: 1, requestHandler: { httpsAgent: new Agent({ ca }) } });
    await overHttps.send(new CreateBucketCommand({ Bucket: 'tls-only' }));
    const policy = {
      Version: '2012-10-17',
      Statement: [{ Sid: 'DenyInsecure', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: ['arn:aws:s3:::tls-only', 'arn:aws:s3:::tls-only/*'], Condition: { Bool: { 'aws:SecureTransport': 'false' } } }],
    };
    await overHttps.send(new PutBucketPolicyCommand({ Bucket: 'tls-only', Policy: JSON.stringify(policy) }));
    const denied = await overHttp.send(new PutObjectCommand({ Bucket: 'tls-only', Key: 'a', Body: 'x' })).then(() => undefined, (e: unknown) => e);
    assert.ok(denied instanceof S3ServiceException);
    assert.equal(denied.name, 'AccessDenied');
    assert.equal(denied.$metadata.httpStatusCode, 403);
    await overHttps.send(new PutObjectCommand({ Bucket: 'tls-only', Key: 'a', Body: 'over TLS' }));
    assert.equal(await (await overHttps.send(new GetObjectCommand({ Bucket: 'tls-only', Key: 'a' }))).Body!.transformToString(), 'over TLS');
    const readDenied = await overHttp.send(new GetObjectCommand({ Bucket: 'tls-only', Key: 'a' })).then(() => undefined, (e: unknown) => e);
    assert.equal((readDenied as S3ServiceException).name, 'AccessDenied');

    const file = join(s.dataDir, 'cli-upload.bin');
    writeFileSync(file, Buffer.from([0, 1, 2, 255, 254]));
    const env = { ...awsEnv(s), AWS_CA_BUNDLE: s.runtime.caPath! };
    const cp = await run('aws', ['--endpoint-url', s.runtime.httpsUrl!, 's3', 'cp', file, 's3://tls-only/cli.bin'], env);
    assert.equal(cp.status, 0, cp.stderr);
    const back = join(s.dataDir, 'cli-back.bin');
    const down = await run('aws', ['--endpoint-url', s.runtime.httpsUrl!, 's3', 'cp', 's3://tls-only/cli.bin', back], env);
    assert.equal(down.status, 0, down.stderr);
    assert.deepEqual(readFileSync(back), Buffer.from([0, 1, 2, 255, 254]));
    const plain = await run('aws', ['--endpoint-url', s.url, 's3', 'cp', 's3://tls-only/cli.bin', back], awsEnv(s));
    assert.notEqual(plain.status, 0);
    assert.match(plain.stderr, /403|Forbidden|AccessDenied/);
  });
});
