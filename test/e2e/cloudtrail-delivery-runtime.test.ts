/**
 * CloudTrail delivery as `rampart start` runs it (src/gateway/trail-delivery.ts): a trail created and
 * started through the SDK gets log files of the calls made since logging started (not older ones) in
 * its bucket, written by the runtime's scheduler as cloudtrail.amazonaws.com under the CloudTrail
 * bucket policy, and a signed digest once the digest interval passed; a stopped trail gets nothing.
 * No delivered file holds a secret the calls carried (grepped in every file's text).
 * Small intervals and direct tick() calls stand in for the 10 s timer, 5 minutes and one hour.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { CloudTrailClient, CreateTrailCommand, StartLoggingCommand, StopLoggingCommand } from '@aws-sdk/client-cloudtrail';
import { CreateAccessKeyCommand, CreateLoginProfileCommand, CreateUserCommand, GetUserCommand, IAMClient } from '@aws-sdk/client-iam';
import { CreateKeyCommand, EncryptCommand, GenerateDataKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { GetSessionTokenCommand, STSClient } from '@aws-sdk/client-sts';
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
  const text = async (key: string) => {
    const o = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
    return { text: gunzipSync(Buffer.from(await o.Body!.transformToByteArray())).toString(), metadata: o.Metadata ?? {} };
  };
  const read = async (key: string) => {
    const o = await text(key);
    return { json: JSON.parse(o.text) as Rec, metadata: o.metadata };
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

  it('delivers no secret access key, password, session token, KMS plaintext or data key in any log file', async () => {
    const scheduler = s.runtime.trailDelivery!;
    const iam = client(IAMClient);
    const kms = client(KMSClient);
    await client(CloudTrailClient).send(new StartLoggingCommand({ Name: 'wire' }));
    const secrets: string[] = [];
    await iam.send(new CreateUserCommand({ UserName: 'secret-holder' }));
    secrets.push((await iam.send(new CreateAccessKeyCommand({ UserName: 'secret-holder' }))).AccessKey!.SecretAccessKey!);
    const password = `Correct-Horse-${randomUUID()}-9!`;
    await iam.send(new CreateLoginProfileCommand({ UserName: 'secret-holder', Password: password }));
    secrets.push(password);
    const session = (await client(STSClient).send(new GetSessionTokenCommand({}))).Credentials!;
    secrets.push(session.SecretAccessKey!, session.SessionToken!);
    const keyId = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
    const plaintext = `the plaintext nobody may log ${randomUUID()}`;
    await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from(plaintext) }));
    secrets.push(plaintext, Buffer.from(plaintext).toString('base64'));
    const dataKey = await kms.send(new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: 'AES_256' }));
    secrets.push(Buffer.from(dataKey.Plaintext!).toString('base64'));
    await scheduler.tick();

    const delivered = (await Promise.all((await keys('AWSLogs/')).map(async (k) => (await text(k)).text))).join('\n');
    for (const call of ['CreateAccessKey', 'CreateLoginProfile', 'GetSessionToken', 'Encrypt', 'GenerateDataKey']) assert.ok(delivered.includes(`"eventName":"${call}"`), `${call} was delivered`);
    for (const secret of secrets) assert.equal(delivered.includes(secret), false, `a secret (${secret.length} characters) was delivered`);
    assert.ok(delivered.includes('HIDDEN_DUE_TO_SECURITY_REASONS'));
  });
});
