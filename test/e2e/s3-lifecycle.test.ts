/**
 * S3 lifecycle through the AWS SDK v3: configurations validated and answered back as written, and
 * carried out with an injected clock: the runtime's scheduler on start (a restart days later), then
 * passes at chosen instants (expiry adds a delete marker on a versioned bucket, noncurrent versions
 * go, a lone delete marker goes, an old upload is aborted; their body files are removed), and the
 * sweep of orphaned body files. Attack cases: 1,001 rules, invalid dates and days, transitions.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteBucketLifecycleCommand,
  GetBucketLifecycleConfigurationCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectVersionsCommand,
  PutBucketLifecycleConfigurationCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  type LifecycleRule,
} from '@aws-sdk/client-s3';
import { s3Client, s3Failure } from './s3-support.js';
import { startTestServer, type TestServer } from '../helpers/rampart.js';
import { BlobStore } from '../../src/services/s3/blob-store.js';
import { runLifecycle, sweepOrphans } from '../../src/services/s3/lifecycle/runner.js';
import { GLOBAL, objectKey, objects } from '../../src/services/s3/store.js';

const DAY = 86_400_000;
const files = (d: string): string[] => readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? (e.name === 'tmp' ? [] : files(join(d, e.name))) : [join(d, e.name)]));

describe('S3 lifecycle configuration', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer();
    await s3Client(s).send(new CreateBucketCommand({ Bucket: 'life-conf' }));
  });
  after(() => s.close());

  it('stores, answers back and deletes a configuration', async () => {
    const s3 = s3Client(s);
    assert.equal((await s3Failure(s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: 'life-conf' })))).name, 'NoSuchLifecycleConfiguration');
    const Rules: LifecycleRule[] = [
      { ID: 'logs', Filter: { Prefix: 'logs/' }, Status: 'Enabled', Expiration: { Days: 30 }, NoncurrentVersionExpiration: { NoncurrentDays: 7, NewerNoncurrentVersions: 2 } },
      { ID: 'tagged', Filter: { And: { Prefix: 'tmp/', Tags: [{ Key: 'class', Value: 'scratch' }] } }, Status: 'Disabled', Expiration: { Date: new Date(Date.UTC(2030, 0, 1)) } },
      { ID: 'uploads', Filter: {}, Status: 'Enabled', AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 } },
    ];
    await s3.send(new PutBucketLifecycleConfigurationCommand({ Bucket: 'life-conf', LifecycleConfiguration: { Rules } }));
    const got = await s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: 'life-conf' }));
    assert.deepEqual(got.Rules, Rules);
    await s3.send(new DeleteBucketLifecycleCommand({ Bucket: 'life-conf' }));
    assert.equal((await s3Failure(s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: 'life-conf' })))).name, 'NoSuchLifecycleConfiguration');
  });

  it('answers x-amz-expiration on PUT, GET and HEAD when a rule expires the object (rule ids never break the header)', async () => {
    const s3 = s3Client(s);
    await s3.send(new CreateBucketCommand({ Bucket: 'life-hdr' }));
    await s3.send(new PutBucketLifecycleConfigurationCommand({ Bucket: 'life-hdr', LifecycleConfiguration: { Rules: [{ ID: 'two "days"\r\nX-Evil: 1 é', Filter: { Prefix: 'tmp/' }, Status: 'Enabled', Expiration: { Days: 2 } }] } }));
    const put = await s3.send(new PutObjectCommand({ Bucket: 'life-hdr', Key: 'tmp/a', Body: 'x' }));
    const head = await s3.send(new HeadObjectCommand({ Bucket: 'life-hdr', Key: 'tmp/a' }));
    const expected = new Date(Math.floor(head.LastModified!.getTime() / DAY) * DAY + 3 * DAY).toUTCString();
    assert.match(head.Expiration!, new RegExp(`^expiry-date="${expected}", rule-id="two%20%22days%22%0D%0AX-Evil%3A%201%20%C3%A9"$`));
    assert.equal(put.Expiration, head.Expiration);
    assert.equal((await s3.send(new GetObjectCommand({ Bucket: 'life-hdr', Key: 'tmp/a' }))).Expiration, head.Expiration);
    await s3.send(new PutObjectCommand({ Bucket: 'life-hdr', Key: 'keep/a', Body: 'x' }));
    assert.equal((await s3.send(new HeadObjectCommand({ Bucket: 'life-hdr', Key: 'keep/a' }))).Expiration, undefined);
  });

  it('refuses 1,001 rules, bad days and dates, duplicate ids and transitions with 4xx/501, never 500', async () => {
    const s3 = s3Client(s);
    const put = (Rules: LifecycleRule[]) => s3Failure(s3.send(new PutBucketLifecycleConfigurationCommand({ Bucket: 'life-conf', LifecycleConfiguration: { Rules } })));
    const many = Array.from({ length: 1001 }, (_, i): LifecycleRule => ({ ID: `r${i}`, Filter: { Prefix: `p${i}/` }, Status: 'Enabled', Expiration: { Days: 1 } }));
    assert.equal((await put(many)).name, 'MalformedXML');
    assert.equal((await put([{ ID: 'a', Filter: {}, Status: 'Enabled', Expiration: { Days: 0 } }])).name, 'InvalidArgument');
    assert.equal((await put([{ ID: 'a', Filter: {}, Status: 'Enabled', Expiration: { Date: new Date(Date.UTC(2030, 0, 1, 12)) } }])).name, 'InvalidArgument');
    assert.equal((await put([{ ID: 'a', Filter: {}, Status: 'Enabled', Expiration: { Days: 1 } }, { ID: 'a', Filter: {}, Status: 'Enabled', Expiration: { Days: 2 } }])).name, 'InvalidArgument');
    const t = await put([{ ID: 'a', Filter: {}, Status: 'Enabled', Transitions: [{ Days: 30, StorageClass: 'GLACIER' }] }]);
    assert.equal(t.name, 'NotImplemented');
    assert.equal(t.$metadata.httpStatusCode, 501);
    assert.equal((await put([{ ID: 'x'.repeat(256), Filter: {}, Status: 'Enabled', Expiration: { Days: 1 } }])).name, 'InvalidArgument');
  });
});

describe('S3 lifecycle execution (injected clock)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'rampart-s3-life-'));
  const objectsDir = join(dataDir, 's3', 'objects');
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it('the runtime scheduler expires objects on start, days later, without any request', async () => {
    const s1 = await startTestServer({ dataDir });
    const c1 = s3Client(s1);
    await c1.send(new CreateBucketCommand({ Bucket: 'life-start' }));
    await c1.send(new PutBucketLifecycleConfigurationCommand({ Bucket: 'life-start', LifecycleConfiguration: { Rules: [{ ID: 'tmp', Filter: { Prefix: 'tmp/' }, Status: 'Enabled', Expiration: { Days: 1 } }] } }));
    await c1.send(new PutObjectCommand({ Bucket: 'life-start', Key: 'tmp/scratch', Body: 'gone soon' }));
    await c1.send(new PutObjectCommand({ Bucket: 'life-start', Key: 'keep/me', Body: 'kept' }));
    const before = files(objectsDir).length;
    await s1.close();

    const s2 = await startTestServer({ dataDir, clock: () => Date.now() + 3 * DAY });
    try {
      // Requests would be signed 3 days off the server's clock: the store is read directly.
      const row = (key: string) => objects.get(s2.runtime.store, GLOBAL, objectKey('life-start', key));
      const deadline = Date.now() + 15_000;
      // The scheduler removes the body's file just after it commits the row's removal: both are waited for.
      while ((await row('tmp/scratch')) || files(objectsDir).length !== before - 1) {
        assert.ok(Date.now() < deadline, `the scheduler did not expire tmp/scratch and remove its body file (${files(objectsDir).length} files, ${before} before)`);
        await new Promise((r) => setTimeout(r, 100));
      }
      assert.ok(await row('keep/me'));
      assert.equal(files(objectsDir).length, before - 1, 'the expired body file is removed');
    } finally {
      await s2.close();
    }
  });

  it('versioned bucket: expiry adds a marker, noncurrent versions and the lone marker go, old uploads are aborted', async () => {
    const s = await startTestServer({ dataDir });
    try {
      const c = s3Client(s);
      const blobs = new BlobStore(objectsDir, s.runtime.store.sealer);
      await c.send(new CreateBucketCommand({ Bucket: 'life-ver' }));
      await c.send(new PutBucketVersioningCommand({ Bucket: 'life-ver', VersioningConfiguration: { Status: 'Enabled' } }));
      await c.send(
        new PutBucketLifecycleConfigurationCommand({
          Bucket: 'life-ver',
          LifecycleConfiguration: {
            Rules: [
              { ID: 'expire', Filter: { Prefix: 'doc' }, Status: 'Enabled', Expiration: { Days: 1 }, NoncurrentVersionExpiration: { NoncurrentDays: 1 }, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 2 } },
              { ID: 'markers', Filter: {}, Status: 'Enabled', Expiration: { ExpiredObjectDeleteMarker: true } },
            ],
          },
        }),
      );
      const v1 = (await c.send(new PutObjectCommand({ Bucket: 'life-ver', Key: 'doc', Body: 'one' }))).VersionId;
      const v2 = (await c.send(new PutObjectCommand({ Bucket: 'life-ver', Key: 'doc', Body: 'two' }))).VersionId;
      await c.send(new PutObjectCommand({ Bucket: 'life-ver', Key: 'other', Body: 'not selected' }));
      await c.send(new CreateMultipartUploadCommand({ Bucket: 'life-ver', Key: 'doc-upload' }));
      const t0 = Date.now();
      const count = files(objectsDir).length;

      // Before the next midnight after a day: nothing happens.
      const early = await runLifecycle(s.runtime.store, blobs, t0 + 1000);
      assert.deepEqual(early, { expired: 0, noncurrentRemoved: 0, markersRemoved: 0, uploadsAborted: 0 });
      // Two days later: the current version expires (a delete marker); v1, noncurrent since v2 was
      // written, is past its day and goes; v2 just became noncurrent and stays; the upload is not yet due.
      const t1 = t0 + 2 * DAY;
      assert.deepEqual(await runLifecycle(s.runtime.store, blobs, t1), { expired: 1, noncurrentRemoved: 1, markersRemoved: 0, uploadsAborted: 0 });
      const mid = await c.send(new ListObjectVersionsCommand({ Bucket: 'life-ver', Prefix: 'doc' }));
      assert.deepEqual(mid.Versions?.map((v) => [v.VersionId, v.IsLatest]), [[v2, false]]);
      assert.equal(mid.DeleteMarkers?.[0]?.IsLatest, true);
      assert.equal(files(objectsDir).length, count - 1, 'v1 loses its body, v2 keeps it');
      assert.ok(v1);
      // Three more days: v2 goes, then the marker left alone, and the upload.
      const r = await runLifecycle(s.runtime.store, blobs, t1 + 3 * DAY);
      assert.deepEqual(r, { expired: 0, noncurrentRemoved: 1, markersRemoved: 1, uploadsAborted: 1 });
      const end = await c.send(new ListObjectVersionsCommand({ Bucket: 'life-ver' }));
      assert.deepEqual(end.Versions?.map((v) => v.Key), ['other']);
      assert.equal(end.DeleteMarkers, undefined);
      assert.equal((await c.send(new ListMultipartUploadsCommand({ Bucket: 'life-ver' }))).Uploads, undefined);
      assert.equal(files(objectsDir).length, count - 2, 'the removed versions lose their body files');
    } finally {
      await s.close();
    }
  });

  it('sweeps body files older than an hour that no row references, and only those', async () => {
    const s = await startTestServer({ dataDir });
    try {
      const blobs = new BlobStore(objectsDir, s.runtime.store.sealer);
      const kept = files(objectsDir);
      mkdirSync(join(objectsDir, 'ab'), { recursive: true });
      const orphan = join(objectsDir, 'ab', 'ab'.padEnd(32, '0'));
      const young = join(objectsDir, 'ab', 'ab'.padEnd(32, '1'));
      writeFileSync(orphan, 'left by a crash');
      writeFileSync(young, 'an upload about to commit');
      const old = new Date(Date.now() - 2 * 3_600_000);
      utimesSync(orphan, old, old);
      for (const f of kept) utimesSync(f, old, old);
      assert.equal(await sweepOrphans(s.runtime.store, blobs, Date.now()), 1);
      assert.deepEqual(files(objectsDir).sort(), [...kept, young].sort());
    } finally {
      await s.close();
    }
  });
});
