/**
 * S3 buckets through the AWS SDK v3: create (names, regions, global namespace), head, list (pages),
 * locate, delete (BucketNotEmpty), tags, ACLs disabled and the fixed bucket settings, and listings
 * of more than 1000 keys.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  GetBucketAclCommand,
  GetBucketEncryptionCommand,
  GetBucketLocationCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketVersioningCommand,
  GetObjectAclCommand,
  GetBucketTaggingCommand,
  HeadBucketCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  PutBucketTaggingCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { s3Client, s3Failure } from './s3-support.js';
import { startTestServer, type TestServer } from '../helpers/rampart.js';
import type { Creds } from './authz-support.js';

let s: TestServer;
const s3 = (creds: Creds = s.credentials, region = 'us-east-1') => s3Client(s, creds, region);
const fail = s3Failure;

before(async () => {
  s = await startTestServer();
});
after(() => s.close());

describe('S3 buckets', () => {
  it('creates, heads, lists, locates and deletes buckets; names are global', async () => {
    const c = s3();
    const out = await c.send(new CreateBucketCommand({ Bucket: 'b-one' }));
    assert.equal(out.Location, '/b-one');
    // HeadBucket: no body, yet labelled application/xml (as S3 answers), with the bucket's region.
    const headers: Record<string, string>[] = [];
    const h = s3();
    h.middlewareStack.add((next) => async (args) => {
      const r = await next(args);
      headers.push((r.response as { headers: Record<string, string> }).headers);
      return r;
    }, { step: 'deserialize' });
    assert.equal((await h.send(new HeadBucketCommand({ Bucket: 'b-one' }))).BucketRegion, 'us-east-1');
    assert.equal(headers[0]?.['content-type'], 'application/xml');
    assert.equal(headers[0]?.['x-amz-bucket-region'], 'us-east-1');
    assert.equal((await c.send(new GetBucketLocationCommand({ Bucket: 'b-one' }))).LocationConstraint, undefined);
    await c.send(new CreateBucketCommand({ Bucket: 'b-eu', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }));
    assert.equal((await c.send(new GetBucketLocationCommand({ Bucket: 'b-eu' }))).LocationConstraint, 'eu-west-1');
    const again = await fail(s3(s.credentials, 'eu-west-1').send(new CreateBucketCommand({ Bucket: 'b-eu', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } })));
    assert.equal(again.name, 'BucketAlreadyOwnedByYou');
    assert.equal(again.$metadata.httpStatusCode, 409);
    const list = await c.send(new ListBucketsCommand({}));
    assert.deepEqual(list.Buckets?.map((b) => b.Name), ['b-eu', 'b-one']);
    const page = await c.send(new ListBucketsCommand({ MaxBuckets: 1 }));
    assert.deepEqual(page.Buckets?.map((b) => b.Name), ['b-eu']);
    const next = await c.send(new ListBucketsCommand({ MaxBuckets: 1, ContinuationToken: page.ContinuationToken! }));
    assert.deepEqual(next.Buckets?.map((b) => b.Name), ['b-one']);
    assert.deepEqual((await c.send(new ListBucketsCommand({ Prefix: 'b-o' }))).Buckets?.map((b) => b.Name), ['b-one']);
    // A bucket of another region is addressed in its region (signed for us-east-1: 301 PermanentRedirect).
    assert.equal((await fail(c.send(new DeleteBucketCommand({ Bucket: 'b-eu' })))).name, 'PermanentRedirect');
    await s3(s.credentials, 'eu-west-1').send(new DeleteBucketCommand({ Bucket: 'b-eu' }));
    assert.equal((await fail(c.send(new HeadBucketCommand({ Bucket: 'b-eu' })))).$metadata.httpStatusCode, 404);
    assert.equal((await fail(c.send(new DeleteBucketCommand({ Bucket: 'b-eu' })))).name, 'NoSuchBucket');
  });

  it('refuses invalid names and location constraints as S3 does', async () => {
    for (const name of ['AWSDOC-EXAMPLE-BUCKET', 'ab', 'bad_name', '192.168.5.4', 'a..b', 'xn--x', 'x'.repeat(64)]) {
      const e = await fail(s3().send(new CreateBucketCommand({ Bucket: name })));
      assert.equal(e.name, 'InvalidBucketName', name);
      assert.equal(e.$metadata.httpStatusCode, 400);
    }
    const east = await fail(s3().send(new CreateBucketCommand({ Bucket: 'loc-1', CreateBucketConfiguration: { LocationConstraint: 'us-east-1' as never } })));
    assert.equal(east.name, 'InvalidLocationConstraint');
    assert.equal((await fail(s3().send(new CreateBucketCommand({ Bucket: 'loc-1', CreateBucketConfiguration: { LocationConstraint: 'mars-north-1' as never } })))).name, 'InvalidLocationConstraint');
    // (The v3 SDK adds the client's region as LocationConstraint itself: the CLI test sends none.)
    const e = await fail(s3(s.credentials, 'eu-west-1').send(new CreateBucketCommand({ Bucket: 'loc-2', CreateBucketConfiguration: { LocationConstraint: 'ap-south-1' } })));
    assert.equal(e.name, 'IllegalLocationConstraintException');
    assert.equal(e.message, 'The ap-south-1 location constraint is incompatible for the region specific endpoint this request was sent to.');
  });

  it('ACLs are disabled (Object Ownership: bucket owner enforced), as on new AWS buckets', async () => {
    const e = await fail(s3().send(new CreateBucketCommand({ Bucket: 'acl-bucket', ACL: 'public-read' })));
    assert.equal(e.name, 'InvalidBucketAclWithObjectOwnership');
    await s3().send(new CreateBucketCommand({ Bucket: 'acl-bucket' }));
    const p = await fail(s3().send(new PutObjectCommand({ Bucket: 'acl-bucket', Key: 'k', Body: 'x', ACL: 'public-read' })));
    assert.equal(p.name, 'AccessControlListNotSupported');
    assert.equal(p.message, 'The bucket does not allow ACLs');
    await s3().send(new PutObjectCommand({ Bucket: 'acl-bucket', Key: 'k', Body: 'x', ACL: 'bucket-owner-full-control' }));
    const acl = await s3().send(new GetBucketAclCommand({ Bucket: 'acl-bucket' }));
    assert.deepEqual(acl.Grants?.map((g) => [g.Grantee?.Type, g.Grantee?.ID, g.Permission]), [['CanonicalUser', acl.Owner?.ID, 'FULL_CONTROL']]);
    assert.equal((await s3().send(new GetObjectAclCommand({ Bucket: 'acl-bucket', Key: 'k' }))).Owner?.ID, acl.Owner?.ID);
    const enc = await s3().send(new GetBucketEncryptionCommand({ Bucket: 'acl-bucket' }));
    assert.equal(enc.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm, 'AES256');
    assert.equal((await s3().send(new GetBucketOwnershipControlsCommand({ Bucket: 'acl-bucket' }))).OwnershipControls?.Rules?.[0]?.ObjectOwnership, 'BucketOwnerEnforced');
    assert.equal((await s3().send(new GetBucketVersioningCommand({ Bucket: 'acl-bucket' }))).Status, undefined);
  });

  it('lists more than 1000 keys in pages (bounded), with delimiter roll-up across pages', async () => {
    await s3().send(new CreateBucketCommand({ Bucket: 'many-keys' }));
    // Rows written straight to the store (listing reads rows only): 2500 keys, 1200 of them under p/.
    const rec = (key: string) => ({ bucket: 'many-keys', key, size: 1, md5: 'd41d8cd98f00b204e9800998ecf8427e', lastModified: Date.now(), blob: { id: 'none', sealedKey: 'none' }, contentType: 'x', metadata: {}, checksums: {}, tags: [], owner: s.accountId });
    const keys = [...Array.from({ length: 1200 }, (_, i) => `p/${String(i).padStart(5, '0')}`), ...Array.from({ length: 1300 }, (_, i) => `q${String(i).padStart(5, '0')}`)];
    await s.runtime.store.transaction(async (tx) => {
      for (const k of keys) await tx.put('s3.objects', { kind: 'global' }, `many-keys/${k}`, rec(k));
    });
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await s3().send(new ListObjectsV2Command({ Bucket: 'many-keys', ...(token ? { ContinuationToken: token } : {}) }));
      seen.push(...(page.Contents ?? []).map((o) => o.Key!));
      assert.ok((page.KeyCount ?? 0) <= 1000);
      token = page.NextContinuationToken;
      pages++;
    } while (token);
    assert.equal(pages, 3);
    assert.deepEqual(seen, keys);
    const rolled = await s3().send(new ListObjectsV2Command({ Bucket: 'many-keys', Delimiter: '/', MaxKeys: 5 }));
    assert.deepEqual(rolled.CommonPrefixes?.map((p) => p.Prefix), ['p/']);
    assert.deepEqual(rolled.Contents?.map((o) => o.Key), ['q00000', 'q00001', 'q00002', 'q00003']);
    assert.equal(rolled.IsTruncated, true);
  });

  it('tags a bucket and refuses to delete a bucket that is not empty', async () => {
    const c = s3();
    await c.send(new CreateBucketCommand({ Bucket: 'b-tags' }));
    const none = await fail(c.send(new GetBucketTaggingCommand({ Bucket: 'b-tags' })));
    assert.equal(none.name, 'NoSuchTagSet');
    assert.equal((none as unknown as { BucketName?: string }).BucketName, 'b-tags', 'the error names the bucket');
    const put = await c.send(new PutBucketTaggingCommand({ Bucket: 'b-tags', Tagging: { TagSet: [{ Key: 'team', Value: 'cafe' }] } }));
    assert.equal(put.$metadata.httpStatusCode, 204, 'S3 answers 204 No Content (moto\'s AWS-verified test)');
    const system = await fail(c.send(new PutBucketTaggingCommand({ Bucket: 'b-tags', Tagging: { TagSet: [{ Key: 'aws:sometag', Value: 'nope' }] } })));
    assert.equal(system.name, 'InvalidTag');
    assert.equal(system.message, 'System tags cannot be added/updated by requester');
    assert.deepEqual((await c.send(new GetBucketTaggingCommand({ Bucket: 'b-tags' }))).TagSet, [{ Key: 'team', Value: 'cafe' }]);
    await c.send(new PutObjectCommand({ Bucket: 'b-tags', Key: 'k', Body: 'x' }));
    const e = await fail(c.send(new DeleteBucketCommand({ Bucket: 'b-tags' })));
    assert.equal(e.name, 'BucketNotEmpty');
    assert.equal(e.$metadata.httpStatusCode, 409);
  });
});

