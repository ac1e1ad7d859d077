/**
 * Versioning together with main's S3 access and encryption features, through the AWS SDK v3: object
 * ACLs by version id, DeleteObjects region redirects (the handler authorizes it, not the chain),
 * SSE-KMS versions, composite multipart checksums in GetObjectAttributes, VersionId on every write.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteObjectsCommand,
  DeletePublicAccessBlockCommand,
  GetObjectAclCommand,
  GetObjectAttributesCommand,
  GetObjectCommand,
  PutBucketVersioningCommand,
  PutObjectAclCommand,
  PutObjectCommand,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { s3Client, s3Failure } from './s3-support.js';
import { startTestServer, type TestServer } from '../helpers/rampart.js';

let s: TestServer;
const s3 = () => s3Client(s, s.credentials);
const AUTHENTICATED = 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers';

before(async () => {
  s = await startTestServer();
});
after(() => s.close());

describe('S3 versioning with ACLs, SSE and checksums', () => {
  it('GetObjectAcl reads the ACL of the version named; PutObjectAcl on a noncurrent version changes that version only', async () => {
    await s3().send(new CreateBucketCommand({ Bucket: 'va-acl', ObjectOwnership: 'BucketOwnerPreferred' }));
    await s3().send(new DeletePublicAccessBlockCommand({ Bucket: 'va-acl' }));
    await s3().send(new PutBucketVersioningCommand({ Bucket: 'va-acl', VersioningConfiguration: { Status: 'Enabled' } }));
    const v1 = (await s3().send(new PutObjectCommand({ Bucket: 'va-acl', Key: 'k', Body: 'one' }))).VersionId!;
    await s3().send(new PutObjectAclCommand({ Bucket: 'va-acl', Key: 'k', ACL: 'authenticated-read' }));
    const v2 = (await s3().send(new PutObjectCommand({ Bucket: 'va-acl', Key: 'k', Body: 'two' }))).VersionId!;
    assert.notEqual(v1, v2);
    const groups = (g: { Grants?: { Grantee?: { URI?: string } }[] }) => (g.Grants ?? []).map((x) => x.Grantee?.URI).filter(Boolean);
    assert.deepEqual(groups(await s3().send(new GetObjectAclCommand({ Bucket: 'va-acl', Key: 'k', VersionId: v1 }))), [AUTHENTICATED]);
    assert.deepEqual(groups(await s3().send(new GetObjectAclCommand({ Bucket: 'va-acl', Key: 'k' }))), []);
    assert.deepEqual(groups(await s3().send(new GetObjectAclCommand({ Bucket: 'va-acl', Key: 'k', VersionId: v2 }))), []);
    await s3().send(new PutObjectAclCommand({ Bucket: 'va-acl', Key: 'k', VersionId: v1, ACL: 'private' }));
    assert.deepEqual(groups(await s3().send(new GetObjectAclCommand({ Bucket: 'va-acl', Key: 'k', VersionId: v1 }))), []);
    await s3().send(new PutObjectAclCommand({ Bucket: 'va-acl', Key: 'k', VersionId: v2, ACL: 'authenticated-read' }));
    assert.deepEqual(groups(await s3().send(new GetObjectAclCommand({ Bucket: 'va-acl', Key: 'k' }))), [AUTHENTICATED]);
    const missing = await s3Failure(s3().send(new GetObjectAclCommand({ Bucket: 'va-acl', Key: 'k', VersionId: 'x'.repeat(32) })));
    assert.equal(missing.name, 'NoSuchVersion');
  });

  it('DeleteObjects signed for another region than the bucket is 301 PermanentRedirect', async () => {
    const eu = s3Client(s, s.credentials, 'eu-west-1');
    await eu.send(new CreateBucketCommand({ Bucket: 'va-eu', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }));
    await eu.send(new PutObjectCommand({ Bucket: 'va-eu', Key: 'k', Body: 'x' }));
    const e = await s3Failure(s3().send(new DeleteObjectsCommand({ Bucket: 'va-eu', Delete: { Objects: [{ Key: 'k' }] } })));
    assert.deepEqual([e.name, e.$metadata.httpStatusCode], ['PermanentRedirect', 301]);
    assert.deepEqual((await eu.send(new DeleteObjectsCommand({ Bucket: 'va-eu', Delete: { Objects: [{ Key: 'k' }] } }))).Deleted?.map((d) => d.Key), ['k']);
  });

  it('SSE-KMS versions keep their own keys; a composite multipart checksum is reported with its parts', async () => {
    await s3().send(new CreateBucketCommand({ Bucket: 'va-sse' }));
    await s3().send(new PutBucketVersioningCommand({ Bucket: 'va-sse', VersioningConfiguration: { Status: 'Enabled' } }));
    const first = await s3().send(new PutObjectCommand({ Bucket: 'va-sse', Key: 'k', Body: 'secret one', ServerSideEncryption: 'aws:kms' }));
    assert.equal(first.ServerSideEncryption, 'aws:kms');
    assert.ok(first.VersionId && first.SSEKMSKeyId?.startsWith('arn:aws:kms:'));
    await s3().send(new PutObjectCommand({ Bucket: 'va-sse', Key: 'k', Body: 'plain two' }));
    const old = await s3().send(new GetObjectCommand({ Bucket: 'va-sse', Key: 'k', VersionId: first.VersionId }));
    assert.equal(await old.Body!.transformToString(), 'secret one');
    assert.equal(old.ServerSideEncryption, 'aws:kms');

    const up = await s3().send(new CreateMultipartUploadCommand({ Bucket: 'va-sse', Key: 'mp', ChecksumAlgorithm: 'CRC32' }));
    const part = await s3().send(new UploadPartCommand({ Bucket: 'va-sse', Key: 'mp', UploadId: up.UploadId, PartNumber: 1, Body: 'part body', ChecksumAlgorithm: 'CRC32' }));
    const done = await s3().send(
      new CompleteMultipartUploadCommand({ Bucket: 'va-sse', Key: 'mp', UploadId: up.UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag, ChecksumCRC32: part.ChecksumCRC32 }] } }),
    );
    assert.ok(done.VersionId);
    assert.equal(done.ChecksumType, 'COMPOSITE');
    const attrs = await s3().send(new GetObjectAttributesCommand({ Bucket: 'va-sse', Key: 'mp', VersionId: done.VersionId, ObjectAttributes: ['Checksum', 'ObjectParts'] }));
    assert.equal(attrs.Checksum?.ChecksumType, 'COMPOSITE');
    assert.equal(attrs.Checksum?.ChecksumCRC32, done.ChecksumCRC32);
    assert.equal(attrs.ObjectParts?.Parts?.[0]?.ChecksumCRC32, part.ChecksumCRC32);
  });
});
