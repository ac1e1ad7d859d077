/**
 * Account-level Block Public Access (the S3 Control API) through @aws-sdk/client-s3-control and the
 * AWS CLI, enforced by S3 with each bucket's own settings ("the most restrictive combination").
 *
 * The SDKs and the CLI send S3 Control requests to `<account>.<endpoint host>`: against a local
 * endpoint that is `<account>.localhost`, which this test resolves to the loopback address (as
 * RFC 6761 resolvers do): for the SDK with its own lookup, for the CLI (Python) with a
 * `sitecustomize` that does the same in `socket.getaddrinfo`; glibc here does not.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, type RequestOptions } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DeletePublicAccessBlockCommand, GetPublicAccessBlockCommand, PutPublicAccessBlockCommand, S3ControlClient, S3ControlServiceException } from '@aws-sdk/client-s3-control';
import { CreateBucketCommand, DeletePublicAccessBlockCommand as DeleteBucketBlockCommand, GetBucketPolicyStatusCommand, GetPublicAccessBlockCommand as GetBucketBlockCommand, PutBucketPolicyCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { createAccount, type RootCredentials } from '../../src/authz/bootstrap-account.js';
import { allow, doc, run, userWithKey, type Creds } from './authz-support.js';
import { anonymousGetStatus, s3Client, s3Failure } from './s3-support.js';
import { awsEnv, startTestServer, type TestServer } from '../helpers/rampart.js';

let s: TestServer;
let B: RootCredentials;
let port: number;

/** `*.localhost` is the loopback address. */
const lookup: RequestOptions['lookup'] = (_host, opts, cb) => {
  if ((opts as { all?: boolean }).all) (cb as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address: '127.0.0.1', family: 4 }]);
  else (cb as (e: null, a: string, f: number) => void)(null, '127.0.0.1', 4);
};

const control = (creds: Creds = s.credentials) =>
  new S3ControlClient({ endpoint: `http://localhost:${port}`, region: 'us-east-1', credentials: creds, maxAttempts: 1, requestHandler: new NodeHttpHandler({ httpAgent: new Agent({ lookup }) }) });
const s3 = (creds: Creds = s.credentials) => s3Client(s, creds);

async function controlFailure(p: Promise<unknown>): Promise<S3ControlServiceException> {
  const e = await p.then(() => undefined, (x: unknown) => x);
  if (!(e instanceof S3ControlServiceException)) throw new Error(`expected an S3 Control error, got ${e === undefined ? 'success' : String(e)}`);
  return e;
}

const ALL_OFF = { BlockPublicAcls: false, IgnorePublicAcls: false, BlockPublicPolicy: false, RestrictPublicBuckets: false };
const publicRead = (bucket: string) => doc({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${bucket}/*` });

const anonymousGet = (path: string): Promise<number> => anonymousGetStatus(port, path);

/** A bucket without bucket-level Block Public Access. */
async function openBucket(name: string): Promise<void> {
  await s3().send(new CreateBucketCommand({ Bucket: name }));
  await s3().send(new DeleteBucketBlockCommand({ Bucket: name }));
}

before(async () => {
  s = await startTestServer();
  port = Number(new URL(s.url).port);
  B = await createAccount(s.runtime.store, { now: Date.now() });
});
after(() => s.close());

describe('S3 account-level Block Public Access (S3 Control)', () => {
  it('the AWS CLI puts, gets and deletes it too (aws s3control)', async () => {
    const shim = mkdtempSync(join(tmpdir(), 'rampart-localhost-'));
    writeFileSync(
      join(shim, 'sitecustomize.py'),
      ['import socket', '_resolve = socket.getaddrinfo', 'def _loopback(host, *args, **kwargs):', "    if isinstance(host, str) and host.endswith('.localhost'):", "        host = '127.0.0.1'", '    return _resolve(host, *args, **kwargs)', 'socket.getaddrinfo = _loopback', ''].join('\n'),
    );
    const env = { ...awsEnv(s), AWS_MAX_ATTEMPTS: '1', PYTHONPATH: shim };
    const cli = (...args: string[]) => run('aws', ['s3control', ...args, '--account-id', s.accountId, '--endpoint-url', `http://localhost:${port}`, '--region', 'us-east-1'], env);
    try {
      const none = await cli('get-public-access-block');
      assert.notEqual(none.status, 0);
      assert.match(none.stderr, /NoSuchPublicAccessBlockConfiguration/);
      const put = await cli('put-public-access-block', '--public-access-block-configuration', 'BlockPublicAcls=true,IgnorePublicAcls=false,BlockPublicPolicy=true,RestrictPublicBuckets=false');
      assert.equal(put.status, 0, put.stderr);
      const got = await cli('get-public-access-block');
      assert.equal(got.status, 0, got.stderr);
      assert.deepEqual(JSON.parse(got.stdout).PublicAccessBlockConfiguration, { BlockPublicAcls: true, IgnorePublicAcls: false, BlockPublicPolicy: true, RestrictPublicBuckets: false });
      // Enforced: a public bucket policy is now refused, for buckets of this account.
      await openBucket('acct-bpa-cli');
      const refused = await s3Failure(s3().send(new PutBucketPolicyCommand({ Bucket: 'acct-bpa-cli', Policy: publicRead('acct-bpa-cli') })));
      assert.equal(refused.name, 'AccessDenied');
      const del = await cli('delete-public-access-block');
      assert.equal(del.status, 0, del.stderr);
      assert.match((await cli('get-public-access-block')).stderr, /NoSuchPublicAccessBlockConfiguration/);
    } finally {
      rmSync(shim, { recursive: true, force: true });
    }
  });

  it('puts, gets and deletes the account configuration; none is NoSuchPublicAccessBlockConfiguration 404', async () => {
    const c = control();
    const none = await controlFailure(c.send(new GetPublicAccessBlockCommand({ AccountId: s.accountId })));
    assert.deepEqual([none.name, none.$metadata.httpStatusCode, none.message], ['NoSuchPublicAccessBlockConfiguration', 404, 'The public access block configuration was not found']);
    await c.send(new PutPublicAccessBlockCommand({ AccountId: s.accountId, PublicAccessBlockConfiguration: { BlockPublicPolicy: true, IgnorePublicAcls: true } }));
    const got = await c.send(new GetPublicAccessBlockCommand({ AccountId: s.accountId }));
    assert.deepEqual(got.PublicAccessBlockConfiguration, { BlockPublicAcls: false, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: false });
    await c.send(new DeletePublicAccessBlockCommand({ AccountId: s.accountId }));
    assert.equal((await controlFailure(c.send(new GetPublicAccessBlockCommand({ AccountId: s.accountId })))).name, 'NoSuchPublicAccessBlockConfiguration');
    // Deleting again succeeds; S3 buckets are still served (both sign as `s3`).
    await c.send(new DeletePublicAccessBlockCommand({ AccountId: s.accountId }));
    await s3().send(new CreateBucketCommand({ Bucket: 'acct-bpa-plain' }));
  });

  it('BlockPublicPolicy of the account refuses a public bucket policy on a bucket with no bucket-level setting', async () => {
    await openBucket('acct-bpa-policy');
    await control().send(new PutPublicAccessBlockCommand({ AccountId: s.accountId, PublicAccessBlockConfiguration: { ...ALL_OFF, BlockPublicPolicy: true } }));
    // The bucket's own configuration is still none (GetPublicAccessBlock answers the bucket level only).
    assert.equal((await s3Failure(s3().send(new GetBucketBlockCommand({ Bucket: 'acct-bpa-policy' })))).name, 'NoSuchPublicAccessBlockConfiguration');
    const e = await s3Failure(s3().send(new PutBucketPolicyCommand({ Bucket: 'acct-bpa-policy', Policy: publicRead('acct-bpa-policy') })));
    assert.deepEqual([e.name, e.$metadata.httpStatusCode], ['AccessDenied', 403]);
    assert.match(e.message, /because public policies are blocked by the BlockPublicPolicy block public access setting\.$/);
    // Off again: the same policy is stored.
    await control().send(new DeletePublicAccessBlockCommand({ AccountId: s.accountId }));
    await s3().send(new PutBucketPolicyCommand({ Bucket: 'acct-bpa-policy', Policy: publicRead('acct-bpa-policy') }));
  });

  it('RestrictPublicBuckets of the account makes a public policy set before grant nothing to anonymous and other accounts', async () => {
    await openBucket('acct-bpa-restrict');
    await s3().send(new PutObjectCommand({ Bucket: 'acct-bpa-restrict', Key: 'menu.txt', Body: 'espresso' }));
    await s3().send(new PutBucketPolicyCommand({ Bucket: 'acct-bpa-restrict', Policy: publicRead('acct-bpa-restrict') }));
    assert.equal(await anonymousGet('/acct-bpa-restrict/menu.txt'), 200);
    await control().send(new PutPublicAccessBlockCommand({ AccountId: s.accountId, PublicAccessBlockConfiguration: { ...ALL_OFF, RestrictPublicBuckets: true } }));
    assert.equal(await anonymousGet('/acct-bpa-restrict/menu.txt'), 403);
    const other = { accessKeyId: B.accessKeyId, secretAccessKey: B.secretAccessKey };
    const { GetObjectCommand } = await import('@aws-sdk/client-s3');
    assert.equal((await s3Failure(s3(other).send(new GetObjectCommand({ Bucket: 'acct-bpa-restrict', Key: 'menu.txt' })))).name, 'AccessDenied');
    // The policy itself is still public (GetBucketPolicyStatus reads the policy).
    assert.equal((await s3().send(new GetBucketPolicyStatusCommand({ Bucket: 'acct-bpa-restrict' }))).PolicyStatus?.IsPublic, true);
    // Another account's setting does not reach this account's buckets.
    await control(other).send(new PutPublicAccessBlockCommand({ AccountId: B.accountId, PublicAccessBlockConfiguration: { ...ALL_OFF, RestrictPublicBuckets: true } }));
    await control().send(new DeletePublicAccessBlockCommand({ AccountId: s.accountId }));
    assert.equal(await anonymousGet('/acct-bpa-restrict/menu.txt'), 200);
  });

  it('needs s3:PutAccountPublicAccessBlock / s3:GetAccountPublicAccessBlock, and the caller\'s own account id', async () => {
    const low = await userWithKey(s, 'acct-bpa-low', { policy: doc(allow(['s3:GetAccountPublicAccessBlock', 's3:PutBucketPublicAccessBlock'])) });
    const denied = await controlFailure(control(low).send(new PutPublicAccessBlockCommand({ AccountId: s.accountId, PublicAccessBlockConfiguration: { BlockPublicPolicy: true } })));
    assert.deepEqual([denied.name, denied.$metadata.httpStatusCode], ['AccessDenied', 403]);
    assert.match(denied.message, /s3:PutAccountPublicAccessBlock/);
    assert.equal((await controlFailure(control(low).send(new DeletePublicAccessBlockCommand({ AccountId: s.accountId })))).name, 'AccessDenied');
    // Reading is allowed to it.
    assert.equal((await controlFailure(control(low).send(new GetPublicAccessBlockCommand({ AccountId: s.accountId })))).name, 'NoSuchPublicAccessBlockConfiguration');
    // Another account's id, even for its root user: AccessDenied "Access Denied"; nothing is written.
    const wrong = await controlFailure(control().send(new PutPublicAccessBlockCommand({ AccountId: B.accountId, PublicAccessBlockConfiguration: { BlockPublicPolicy: false } })));
    assert.deepEqual([wrong.name, wrong.$metadata.httpStatusCode, wrong.message], ['AccessDenied', 403, 'Access Denied']);
    assert.equal((await controlFailure(control().send(new GetPublicAccessBlockCommand({ AccountId: B.accountId })))).name, 'AccessDenied');
    const other = { accessKeyId: B.accessKeyId, secretAccessKey: B.secretAccessKey };
    assert.equal((await control(other).send(new GetPublicAccessBlockCommand({ AccountId: B.accountId }))).PublicAccessBlockConfiguration?.RestrictPublicBuckets, true);
  });
});
