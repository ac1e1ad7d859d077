/**
 * Multi-region trails through the AWS SDK (src/services/cloudtrail, src/gateway/trail-delivery.ts):
 * a multi-region trail created in us-east-1 gets the calls made in eu-west-1 in that region's
 * folders, with that region's digest chain signed by that region's key, and is seen from eu-west-1
 * as a shadow trail (DescribeTrails, ListTrails, GetTrail and GetTrailStatus by ARN) that cannot be
 * changed there (InvalidHomeRegionException); a single-region trail gets its home region only.
 * Small intervals and direct tick() calls stand in for the 10 s timer, 5 minutes and one hour.
 */
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import {
  CloudTrailClient, CreateTrailCommand, DescribeTrailsCommand, GetEventSelectorsCommand, GetTrailCommand, GetTrailStatusCommand, ListPublicKeysCommand,
  ListTrailsCommand, StartLoggingCommand, StopLoggingCommand, UpdateTrailCommand,
} from '@aws-sdk/client-cloudtrail';
import { KMSClient, ListKeysCommand } from '@aws-sdk/client-kms';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, PutBucketPolicyCommand, S3Client } from '@aws-sdk/client-s3';
import { cloudTrailBucketPolicy } from '../../src/dataplane/trail/bucket-policy.js';
import { startTestServer, type TestServer } from '../helpers/rampart.js';

type Rec = Record<string, unknown>;

describe('CloudTrail multi-region trails', () => {
  let s: TestServer;
  let s3: S3Client;
  const client = <C>(Ctor: new (cfg: object) => C, region = 'us-east-1') => new Ctor({ endpoint: s.url, region, credentials: s.credentials, maxAttempts: 1, forcePathStyle: true });
  const failure = async (p: Promise<unknown>): Promise<Error> => p.then(() => assert.fail('expected a failure'), (e: Error) => e);

  before(async () => {
    s = await startTestServer({ trailDelivery: { tickMs: 3_600_000, logIntervalMs: 1, digestIntervalMs: 1500 } });
    s3 = client(S3Client);
  });
  after(async () => {
    await s?.close();
  });

  const keys = async (bucket: string, prefix: string): Promise<string[]> => ((await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }))).Contents ?? []).map((o) => o.Key!);
  const read = async (bucket: string, key: string) => {
    const o = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return { json: JSON.parse(gunzipSync(Buffer.from(await o.Body!.transformToByteArray())).toString()) as Rec, metadata: o.Metadata ?? {} };
  };
  const records = async (bucket: string, prefix: string): Promise<Rec[]> => {
    const out: Rec[] = [];
    for (const k of await keys(bucket, prefix)) out.push(...((await read(bucket, k)).json['Records'] as Rec[]));
    return out;
  };
  const bucketFor = async (bucket: string, trailName: string) => {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    await s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: cloudTrailBucketPolicy({ bucket, accountId: s.accountId, region: 'us-east-1', trailName }) }));
  };

  it('delivers every region\'s events to a multi-region trail, each region in its own folders with its own signed digests', async () => {
    const scheduler = s.runtime.trailDelivery!;
    const ct = client(CloudTrailClient);
    const kmsEu = client(KMSClient, 'eu-west-1');
    await bucketFor('mr-logs', 'everywhere');
    await bucketFor('sr-logs', 'here-only');
    const bad = await failure(ct.send(new CreateTrailCommand({ Name: 'everywhere', S3BucketName: 'mr-logs', IsMultiRegionTrail: true, IncludeGlobalServiceEvents: false })));
    assert.equal(bad.name, 'InvalidParameterCombinationException');
    assert.equal(bad.message, 'Multi-Region trail must include global service events.');
    const created = await ct.send(new CreateTrailCommand({ Name: 'everywhere', S3BucketName: 'mr-logs', IsMultiRegionTrail: true, EnableLogFileValidation: true }));
    assert.equal(created.IsMultiRegionTrail, true);
    await ct.send(new CreateTrailCommand({ Name: 'here-only', S3BucketName: 'sr-logs' }));
    await kmsEu.send(new ListKeysCommand({ Limit: 1 }));
    await sleep(1100);
    await ct.send(new StartLoggingCommand({ Name: 'everywhere' }));
    await ct.send(new StartLoggingCommand({ Name: 'here-only' }));
    await kmsEu.send(new ListKeysCommand({ Limit: 2 }));
    await client(KMSClient).send(new ListKeysCommand({ Limit: 3 }));
    await scheduler.tick();

    const account = s.accountId;
    const euLogs = await keys('mr-logs', `AWSLogs/${account}/CloudTrail/eu-west-1/`);
    assert.equal(euLogs.length, 1, euLogs.join(', '));
    assert.match(euLogs[0]!, new RegExp(`^AWSLogs/${account}/CloudTrail/eu-west-1/\\d{4}/\\d{2}/\\d{2}/${account}_CloudTrail_eu-west-1_\\d{8}T\\d{4}Z_[A-Za-z0-9]{16}\\.json\\.gz$`));
    const eu = (await read('mr-logs', euLogs[0]!)).json['Records'] as Rec[];
    assert.deepEqual(eu.map((r) => [r['eventName'], r['awsRegion'], (r['requestParameters'] as Rec)['limit']]), [['ListKeys', 'eu-west-1', 2]], 'the eu-west-1 call made since logging started, not the one before');
    const us = await records('mr-logs', `AWSLogs/${account}/CloudTrail/us-east-1/`);
    assert.ok(us.every((r) => r['awsRegion'] === 'us-east-1'));
    assert.ok(us.some((r) => r['eventName'] === 'ListKeys' && (r['requestParameters'] as Rec)['limit'] === 3));
    // The single-region trail: its home region only.
    assert.deepEqual(await keys('sr-logs', `AWSLogs/${account}/CloudTrail/eu-west-1/`), []);
    const single = await records('sr-logs', `AWSLogs/${account}/CloudTrail/`);
    assert.ok(single.length > 0 && single.every((r) => r['awsRegion'] === 'us-east-1'), JSON.stringify(single.map((r) => r['awsRegion'])));
    assert.ok(single.some((r) => r['eventName'] === 'ListKeys' && (r['requestParameters'] as Rec)['limit'] === 3));

    // One digest chain per region, named with the source and the home region, signed by that region's key.
    await sleep(1600);
    await scheduler.tick();
    const digests = await keys('mr-logs', `AWSLogs/${account}/CloudTrail-Digest/eu-west-1/`);
    assert.equal(digests.length, 1, digests.join(', '));
    assert.match(digests[0]!, new RegExp(`/${account}_CloudTrail-Digest_eu-west-1_everywhere_us-east-1_\\d{8}T\\d{6}Z\\.json\\.gz$`));
    const digest = await read('mr-logs', digests[0]!);
    assert.deepEqual(digest.json['logFiles'] && (digest.json['logFiles'] as Rec[]).map((f) => f['s3Object']), euLogs);
    assert.match(digest.metadata['signature'] ?? '', /^[0-9a-f]{512}$/);
    const euKeys = (await client(CloudTrailClient, 'eu-west-1').send(new ListPublicKeysCommand({}))).PublicKeyList ?? [];
    const usKeys = (await ct.send(new ListPublicKeysCommand({}))).PublicKeyList ?? [];
    assert.ok(euKeys.some((k) => k.Fingerprint === digest.json['digestPublicKeyFingerprint']), 'signed with eu-west-1\'s key');
    assert.ok(!usKeys.some((k) => k.Fingerprint === digest.json['digestPublicKeyFingerprint']), 'not with us-east-1\'s');
    assert.equal((await keys('mr-logs', `AWSLogs/${account}/CloudTrail-Digest/us-east-1/`)).length, 1);
    assert.deepEqual(await keys('mr-logs', `AWSLogs/${account}/CloudTrail-Digest/us-west-2/`), [], 'no chain for a region without events');
  });

  it('shows the trail as a shadow in the other regions, changeable only in its home region', async () => {
    const ctEu = client(CloudTrailClient, 'eu-west-1');
    const ct = client(CloudTrailClient);
    const arn = `arn:aws:cloudtrail:us-east-1:${s.accountId}:trail/everywhere`;
    const shadows = (await ctEu.send(new DescribeTrailsCommand({}))).trailList ?? [];
    assert.deepEqual(shadows.map((t) => [t.Name, t.TrailARN, t.HomeRegion, t.IsMultiRegionTrail]), [['everywhere', arn, 'us-east-1', true]], 'the single-region trail is not shadowed');
    assert.deepEqual((await ctEu.send(new DescribeTrailsCommand({ includeShadowTrails: false }))).trailList, []);
    assert.deepEqual((await ctEu.send(new DescribeTrailsCommand({ trailNameList: [arn] }))).trailList?.map((t) => t.TrailARN), [arn]);
    assert.deepEqual((await ctEu.send(new DescribeTrailsCommand({ trailNameList: ['everywhere'] }))).trailList, [], 'a name names a trail of this region');
    assert.deepEqual((await ctEu.send(new ListTrailsCommand({}))).Trails, [{ TrailARN: arn, Name: 'everywhere', HomeRegion: 'us-east-1' }]);
    assert.equal((await ct.send(new ListTrailsCommand({}))).Trails?.length, 2, 'the home region lists both, once');
    assert.equal((await ctEu.send(new GetTrailCommand({ Name: arn }))).Trail?.HomeRegion, 'us-east-1');
    assert.equal((await ctEu.send(new GetTrailStatusCommand({ Name: arn }))).IsLogging, true);
    assert.ok((await ctEu.send(new GetEventSelectorsCommand({ TrailName: arn }))).EventSelectors);
    assert.equal((await failure(ctEu.send(new GetTrailStatusCommand({ Name: 'everywhere' })))).name, 'TrailNotFoundException', 'a shadow is read by its ARN');
    assert.equal((await failure(ctEu.send(new GetTrailCommand({ Name: `arn:aws:cloudtrail:us-east-1:${s.accountId}:trail/here-only` })))).name, 'TrailNotFoundException', 'no shadow of a single-region trail');
    for (const Name of [arn, 'everywhere']) {
      assert.equal((await failure(ctEu.send(new UpdateTrailCommand({ Name, S3KeyPrefix: 'x' })))).name, 'InvalidHomeRegionException', Name);
      assert.equal((await failure(ctEu.send(new StopLoggingCommand({ Name })))).name, 'InvalidHomeRegionException', Name);
    }
    assert.equal((await failure(ctEu.send(new CreateTrailCommand({ Name: 'everywhere', S3BucketName: 'mr-logs' })))).name, 'TrailAlreadyExistsException', 'the shadow holds the name');
    assert.equal((await failure(ct.send(new UpdateTrailCommand({ Name: 'everywhere', IncludeGlobalServiceEvents: false })))).name, 'InvalidParameterCombinationException');
  });

  it('stops delivering other regions and removes the shadows when IsMultiRegionTrail is turned off', async () => {
    const scheduler = s.runtime.trailDelivery!;
    const ct = client(CloudTrailClient);
    const ctEu = client(CloudTrailClient, 'eu-west-1');
    const account = s.accountId;
    await scheduler.tick();
    const before = await keys('mr-logs', `AWSLogs/${account}/CloudTrail/eu-west-1/`);
    const updated = await ct.send(new UpdateTrailCommand({ Name: 'everywhere', IsMultiRegionTrail: false }));
    assert.equal(updated.IsMultiRegionTrail, false);
    assert.deepEqual((await ctEu.send(new DescribeTrailsCommand({}))).trailList, []);
    assert.deepEqual((await ctEu.send(new ListTrailsCommand({}))).Trails, []);
    await client(KMSClient, 'eu-west-1').send(new ListKeysCommand({ Limit: 4 }));
    await scheduler.tick();
    assert.deepEqual(await keys('mr-logs', `AWSLogs/${account}/CloudTrail/eu-west-1/`), before);
    // On again: only eu-west-1 calls made from then on are delivered.
    await sleep(1100);
    await ct.send(new UpdateTrailCommand({ Name: 'everywhere', IsMultiRegionTrail: true }));
    await client(KMSClient, 'eu-west-1').send(new ListKeysCommand({ Limit: 5 }));
    await scheduler.tick();
    const now = await keys('mr-logs', `AWSLogs/${account}/CloudTrail/eu-west-1/`);
    const added = now.filter((k) => !before.includes(k));
    const limits = [];
    for (const k of added) limits.push(...((await read('mr-logs', k)).json['Records'] as Rec[]).map((r) => (r['requestParameters'] as Rec)['limit']));
    assert.deepEqual(limits, [5]);
  });
});
