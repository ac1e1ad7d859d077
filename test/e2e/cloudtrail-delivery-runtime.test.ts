/**
 * CloudTrail delivery as `rampart start` runs it (src/gateway/trail-delivery.ts): a trail created and
 * started through the SDK gets log files of the calls made since logging started (not older ones) in
 * its bucket, written by the runtime's scheduler as cloudtrail.amazonaws.com under the CloudTrail
 * bucket policy, and a signed digest once the digest interval passed; a stopped trail gets nothing.
 * Small intervals and direct tick() calls stand in for the 10 s timer, 5 minutes and one hour.
 */
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { CloudTrailClient, CreateTrailCommand, StartLoggingCommand, StopLoggingCommand } from '@aws-sdk/client-cloudtrail';
import { CreateUserCommand, GetUserCommand, IAMClient } from '@aws-sdk/client-iam';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, PutBucketPolicyCommand, S3Client } from '@aws-sdk/client-s3';
import { cloudTrailBucketPolicy } from '../../src/dataplane/trail/bucket-policy.js';
import { startTestServer, type TestServer } from '../helpers/rampart.js';

type Rec = Record<string, unknown>;
const BUCKET = 'trail-wire-logs';

describe('CloudTrail delivery wired into the runtime', () => {
  let s: TestServer;
  const client = <C>(Ctor: new (cfg: object) => C) => new Ctor({ endpoint: s.url, region: 'us-east-1', credentials: s.credentials, maxAttempts: 1, forcePathStyle: true });
  let s3: S3Client;

  before(async () => {
    // The timer stays out of the way (an hour); the test ticks the scheduler itself.
    s = await startTestServer({ trailDelivery: { tickMs: 3_600_000, logIntervalMs: 1, digestIntervalMs: 1500 } });
    s3 = client(S3Client);
  });
  after(async () => {
    await s?.close();
  });

  const keys = async (prefix: string): Promise<string[]> => ((await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix }))).Contents ?? []).map((o) => o.Key!);
  const read = async (key: string) => {
    const o = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
    return { json: JSON.parse(gunzipSync(Buffer.from(await o.Body!.transformToByteArray())).toString()) as Rec, metadata: o.Metadata ?? {} };
  };

  it('delivers the calls made since StartLogging to the bucket, then a signed digest', async () => {
    const scheduler = s.runtime.trailDelivery;
    assert.ok(scheduler, 'the runtime records events, so it delivers');
    const iam = client(IAMClient);
    const ct = client(CloudTrailClient);
    await iam.send(new CreateUserCommand({ UserName: 'before-the-trail' }));
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    await s3.send(new PutBucketPolicyCommand({ Bucket: BUCKET, Policy: cloudTrailBucketPolicy({ bucket: BUCKET, accountId: s.accountId, region: 'us-east-1', trailName: 'wire' }) }));
    await ct.send(new CreateTrailCommand({ Name: 'wire', S3BucketName: BUCKET, EnableLogFileValidation: true }));
    // A trail that is not logging gets nothing.
    await scheduler.tick();
    assert.deepEqual(await keys('AWSLogs/'), []);
    // Event times have second precision: the calls above are a second older than StartLogging.
    await sleep(1100);
    await ct.send(new StartLoggingCommand({ Name: 'wire' }));
    await iam.send(new CreateUserCommand({ UserName: 'delivered-user' }));
    await iam.send(new GetUserCommand({ UserName: 'delivered-user' }));

    await scheduler.tick();
    const logs = await keys(`AWSLogs/${s.accountId}/CloudTrail/us-east-1/`);
    assert.equal(logs.length, 1, `one log file: ${logs.join(', ')}`);
    assert.match(logs[0]!, new RegExp(`^AWSLogs/${s.accountId}/CloudTrail/us-east-1/\\d{4}/\\d{2}/\\d{2}/${s.accountId}_CloudTrail_us-east-1_\\d{8}T\\d{4}Z_[A-Za-z0-9]{16}\\.json\\.gz$`));
    const records = (await read(logs[0]!)).json['Records'] as Rec[];
    const names = records.map((r) => `${String(r['eventSource'])}:${String(r['eventName'])}`);
    assert.ok(names.includes('iam.amazonaws.com:CreateUser'), names.join(', '));
    assert.ok(names.includes('iam.amazonaws.com:GetUser'), names.join(', '));
    assert.ok(names.includes('cloudtrail.amazonaws.com:StartLogging'), names.join(', '));
    const created = records.filter((r) => r['eventName'] === 'CreateUser').map((r) => (r['requestParameters'] as Rec)['userName']);
    assert.deepEqual(created, ['delivered-user'], 'events older than the trail\'s logging are not delivered');
    assert.ok(!names.includes('cloudtrail.amazonaws.com:CreateTrail'), 'CreateTrail came before StartLogging');

    // No digest before the digest interval; one after it, listing the log file and signed.
    assert.deepEqual(await keys(`AWSLogs/${s.accountId}/CloudTrail-Digest/`), []);
    await sleep(1600);
    await scheduler.tick();
    const digests = await keys(`AWSLogs/${s.accountId}/CloudTrail-Digest/us-east-1/`);
    assert.equal(digests.length, 1, digests.join(', '));
    assert.match(digests[0]!, new RegExp(`${s.accountId}_CloudTrail-Digest_us-east-1_wire_us-east-1_\\d{8}T\\d{6}Z\\.json\\.gz$`));
    const digest = await read(digests[0]!);
    assert.equal(digest.json['digestS3Bucket'], BUCKET);
    assert.equal(digest.json['previousDigestSignature'], null, 'first digest of the chain');
    // The test's own S3 reads (ListObjectsV2 is a management event) made a second log file in that tick.
    const listed = (digest.json['logFiles'] as Rec[]).map((f) => f['s3Object']);
    assert.ok(listed.includes(logs[0]), listed.join(', '));
    assert.deepEqual([...listed].sort(), (await keys(`AWSLogs/${s.accountId}/CloudTrail/us-east-1/`)).sort());
    assert.match(digest.metadata['signature'] ?? '', /^[0-9a-f]{512}$/);
    assert.equal(digest.metadata['signature-algorithm'], 'SHA256withRSA');

    // Stopped: the calls after StopLogging are not delivered.
    await ct.send(new StopLoggingCommand({ Name: 'wire' }));
    const before = await keys(`AWSLogs/${s.accountId}/CloudTrail/us-east-1/`);
    await iam.send(new CreateUserCommand({ UserName: 'after-stop' }));
    await scheduler.tick();
    assert.deepEqual(await keys(`AWSLogs/${s.accountId}/CloudTrail/us-east-1/`), before);
  });
});
