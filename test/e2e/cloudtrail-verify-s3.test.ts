/**
 * `rampart audit verify` over the trail's S3 bucket (src/dataplane/trail/s3-reader.ts, read as the
 * bucket owner's root through the gateway's internal client), run as a child process on the data
 * dir of a server that keeps running: a trail delivered by the runtime verifies clean; then files
 * tampered with THROUGH S3 (a log file deleted, a log file re-put with one byte of a record changed,
 * a digest deleted) are each reported with their own message; a bucket policy that denies the
 * owner's root reading is reported as an error, not a crash. Small intervals and direct tick()
 * calls stand in for the 10 s timer, 5 minutes and one hour.
 */
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { gunzipSync, gzipSync } from 'node:zlib';
import { CloudTrailClient, CreateTrailCommand, StartLoggingCommand } from '@aws-sdk/client-cloudtrail';
import { CreateUserCommand, GetUserCommand, IAMClient } from '@aws-sdk/client-iam';
import { CreateBucketCommand, DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command, PutBucketPolicyCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { cloudTrailBucketPolicy } from '../../src/dataplane/trail/bucket-policy.js';
import { startTestServer, type TestServer } from '../helpers/rampart.js';
import { runCli } from '../helpers/spawn-cli.js';

const BUCKET = 'trail-verify-s3';
const TRAIL = 'verified';
// Long enough that the calls and ticks between two digests fit in one interval on a busy machine.
const DIGEST_MS = 5000;

interface Digest {
  readonly logFiles: readonly { readonly s3Object: string }[];
}

describe('rampart audit verify over the S3 bucket', () => {
  let s: TestServer;
  let s3: S3Client;
  let iam: IAMClient;
  const client = <C>(Ctor: new (cfg: object) => C) => new Ctor({ endpoint: s.url, region: 'us-east-1', credentials: s.credentials, maxAttempts: 1, forcePathStyle: true });
  const keys = async (prefix: string): Promise<string[]> => ((await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix }))).Contents ?? []).map((o) => o.Key!);
  const bytes = async (key: string): Promise<Buffer> => Buffer.from(await (await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }))).Body!.transformToByteArray());
  const digestOf = async (key: string): Promise<Digest> => JSON.parse(gunzipSync(await bytes(key)).toString()) as Digest;
  const verify = () => runCli(['audit', 'verify', '--trail', TRAIL, '--data-dir', s.dataDir]);
  const arn = () => `arn:aws:cloudtrail:us-east-1:${s.accountId}:trail/${TRAIL}`;
  /** The findings printed on stderr (validate-logs separates them with a blank line). */
  const findings = (stderr: string): string[] => stderr.split('\n\n').filter((l) => l !== '').sort();

  before(async () => {
    // The timer stays out of the way (an hour); the test ticks the scheduler itself.
    s = await startTestServer({ trailDelivery: { tickMs: 3_600_000, logIntervalMs: 1, digestIntervalMs: DIGEST_MS } });
    s3 = client(S3Client);
    iam = client(IAMClient);
  });
  after(async () => {
    await s?.close();
  });

  /** Calls that the next tick delivers in one log file. */
  const logFile = async (user: string): Promise<void> => {
    await iam.send(new CreateUserCommand({ UserName: user }));
    await iam.send(new GetUserCommand({ UserName: user }));
    await s.runtime.trailDelivery!.tick();
  };

  it('verifies the delivered bucket clean while the server runs, then reports each tampering made through S3', async () => {
    const scheduler = s.runtime.trailDelivery;
    assert.ok(scheduler, 'the runtime records events, so it delivers');
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    await s3.send(new PutBucketPolicyCommand({ Bucket: BUCKET, Policy: cloudTrailBucketPolicy({ bucket: BUCKET, accountId: s.accountId, region: 'us-east-1', trailName: TRAIL }) }));
    await client(CloudTrailClient).send(new CreateTrailCommand({ Name: TRAIL, S3BucketName: BUCKET, EnableLogFileValidation: true }));
    await client(CloudTrailClient).send(new StartLoggingCommand({ Name: TRAIL }));

    // Two digests, the second one listing at least two log files.
    await logFile('first-user');
    await sleep(DIGEST_MS + 100);
    await scheduler.tick();
    await logFile('second-user');
    await logFile('third-user');
    await sleep(DIGEST_MS + 100);
    await scheduler.tick();
    const digests = (await keys(`AWSLogs/${s.accountId}/CloudTrail-Digest/`)).sort();
    assert.equal(digests.length, 2, digests.join(', '));
    const [older, newer] = digests as [string, string];
    const listed = (await digestOf(newer)).logFiles.map((f) => f.s3Object);
    assert.ok(listed.length >= 2, listed.join(', '));

    const clean = verify();
    assert.equal(clean.status, 0, clean.stderr + clean.stdout);
    assert.equal(clean.stderr, '');
    assert.match(clean.stdout, new RegExp(`^Validating log files for trail ${arn().replace(/[/.]/g, '\\$&')} between `));
    assert.match(clean.stdout, /\n\n2\/2 digest files valid\n(\d+)\/\1 log files valid\n$/);

    // A log file deleted, and another one put again with one byte of its first record changed.
    const [deleted, edited] = listed as [string, string];
    await s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: deleted }));
    const json = gunzipSync(await bytes(edited)).toString();
    const at = json.indexOf('"eventID":"') + '"eventID":"'.length;
    assert.ok(at > 20, 'the log file has records');
    const changed = json.slice(0, at) + (json[at] === '0' ? '1' : '0') + json.slice(at + 1);
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: edited, Body: gzipSync(changed) }));
    const logs = verify();
    assert.equal(logs.status, 1, logs.stderr + logs.stdout);
    const url = (k: string) => `s3://${BUCKET}/${k}`;
    const logFindings = [
      `Log file\t${url(deleted)}\tINVALID: not found`,
      `Log file\t${url(edited)}\tINVALID: hash value doesn't match`,
      `Record 1 of log file\t${url(edited)}\tINVALID: modified (hash value doesn't match)`,
    ];
    assert.deepEqual(findings(logs.stderr), [...logFindings].sort());
    assert.match(logs.stdout, /\n2\/2 digest files valid\n\d+\/\d+ log files valid, 2\/\d+ log files INVALID\n$/);

    // The older digest deleted: reported, and the newer one (and its log files) still checked.
    await s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: older }));
    const digest = verify();
    assert.equal(digest.status, 1, digest.stderr + digest.stdout);
    assert.deepEqual(findings(digest.stderr), [`Digest file\t${url(older)}\tINVALID: not found`, ...logFindings].sort());
    assert.match(digest.stdout, /\n1\/2 digest files valid, 1\/2 digest files INVALID\n/);
  });

  it('reports a bucket policy that denies the owner reading as an error naming the S3 refusal', async () => {
    const policy = JSON.parse(cloudTrailBucketPolicy({ bucket: BUCKET, accountId: s.accountId, region: 'us-east-1', trailName: TRAIL })) as { Statement: object[] };
    policy.Statement.push({ Sid: 'NoReading', Effect: 'Deny', Principal: { AWS: `arn:aws:iam::${s.accountId}:root` }, Action: ['s3:ListBucket', 's3:GetObject'], Resource: [`arn:aws:s3:::${BUCKET}`, `arn:aws:s3:::${BUCKET}/*`] });
    await s3.send(new PutBucketPolicyCommand({ Bucket: BUCKET, Policy: JSON.stringify(policy) }));
    const denied = verify();
    assert.equal(denied.status, 1, denied.stderr + denied.stdout);
    assert.equal(denied.stdout, '');
    assert.match(denied.stderr, new RegExp(`^rampart: cannot verify trail ${arn().replace(/[/.]/g, '\\$&')}: cannot list s3://${BUCKET}/AWSLogs/${s.accountId}/CloudTrail-Digest/us-east-1/ \\(ListObjectsV2\\): AccessDenied: `));
    assert.doesNotMatch(denied.stderr, /\n\s+at /, 'no stack trace');
  });
});
