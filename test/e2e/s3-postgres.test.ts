/**
 * S3 on PostgreSQL: metadata in the database, bodies sealed under the data dir (the directory nodes
 * share); the same round trips, conditional create, listing and deletion as on SQLite, and no
 * plaintext on disk.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CreateBucketCommand, DeleteBucketCommand, DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { dropSchema, freshSchema, PG_URL, requirePostgres } from '../helpers/postgres.js';
import { startTestServer, type TestServer } from '../helpers/rampart.js';

const files = (d: string): string[] => readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(d, e.name)) : [join(d, e.name)]));

describe('S3 on PostgreSQL', () => {
  const schema = freshSchema('rampart_s3');
  const env = { ...process.env, RAMPART_MASTER_KEY: 'test-master-key-0123456789abcdef0123456789' };
  let s: TestServer;
  const s3 = () => new S3Client({ endpoint: s.url, region: 'us-east-1', credentials: s.credentials, forcePathStyle: true, maxAttempts: 1 });
  before(async () => {
    await requirePostgres();
    s = await startTestServer({ storage: `${PG_URL}?schema=${schema}`, env });
  });
  after(async () => {
    await s?.close();
    await dropSchema(schema);
  });

  it('round-trips, lists and deletes objects; the data dir holds only sealed bodies', async () => {
    const c = s3();
    await c.send(new CreateBucketCommand({ Bucket: 'pg-bucket' }));
    const marker = 'POSTGRES-PLAINTEXT-MARKER-7731';
    const body = Buffer.from(marker.repeat(1000));
    const put = await c.send(new PutObjectCommand({ Bucket: 'pg-bucket', Key: 'a/b.txt', Body: body, IfNoneMatch: '*' }));
    assert.equal(put.ETag, `"${createHash('md5').update(body).digest('hex')}"`);
    const again = await c.send(new PutObjectCommand({ Bucket: 'pg-bucket', Key: 'a/b.txt', Body: body, IfNoneMatch: '*' })).then(() => undefined, (e: unknown) => e);
    assert.ok(again instanceof S3ServiceException && again.$metadata.httpStatusCode === 412, String(again));
    assert.equal(await (await c.send(new GetObjectCommand({ Bucket: 'pg-bucket', Key: 'a/b.txt' }))).Body!.transformToString(), body.toString());
    assert.deepEqual((await c.send(new ListObjectsV2Command({ Bucket: 'pg-bucket', Delimiter: '/' }))).CommonPrefixes?.map((p) => p.Prefix), ['a/']);
    for (const f of files(s.dataDir)) assert.equal(readFileSync(f).includes(Buffer.from(marker)), false, f);
    await c.send(new DeleteObjectCommand({ Bucket: 'pg-bucket', Key: 'a/b.txt' }));
    await c.send(new DeleteBucketCommand({ Bucket: 'pg-bucket' }));
    assert.equal(files(join(s.dataDir, 's3', 'objects')).filter((f) => !f.includes(`${join('objects', 'tmp')}`)).length, 0);
  });
});
