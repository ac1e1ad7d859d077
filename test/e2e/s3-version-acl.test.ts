/**
 * Object ACLs per version, through the AWS SDK v3 (and unsigned HTTP for anonymous reads): each
 * version gets its own ACL from its PutObject, PutObjectAcl / GetObjectAcl with a version id act on
 * that version (a noncurrent one too), anonymous reads are decided with the ACL of the version read,
 * s3:PutObjectVersionAcl is needed with a version id, and a deleted version's ACL goes with it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CopyObjectCommand,
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectAclCommand,
  PutBucketVersioningCommand,
  PutObjectAclCommand,
  PutObjectCommand,
  PutPublicAccessBlockCommand,
  type GetObjectAclCommandOutput,
} from '@aws-sdk/client-s3';
import { startTestServer, type TestServer } from '../helpers/rampart.js';
import { allow, doc, userWithKey } from './authz-support.js';
import { anonymousGetStatus, s3Client, s3Failure as fail } from './s3-support.js';

let s: TestServer;
let port: number;
const s3 = () => s3Client(s, s.credentials);
const ALL_USERS = 'http://acs.amazonaws.com/groups/global/AllUsers';
const ALL_OFF = { BlockPublicAcls: false, IgnorePublicAcls: false, BlockPublicPolicy: false, RestrictPublicBuckets: false };
const groups = (o: GetObjectAclCommandOutput) => (o.Grants ?? []).map((g) => g.Grantee?.URI).filter(Boolean);

const anonymous = (path: string): Promise<number> => anonymousGetStatus(port, path);

/** A versioned bucket with ACLs enabled (BucketOwnerPreferred) and Block Public Access off. */
async function aclBucket(name: string): Promise<void> {
  await s3().send(new CreateBucketCommand({ Bucket: name, ObjectOwnership: 'BucketOwnerPreferred' }));
  await s3().send(new PutPublicAccessBlockCommand({ Bucket: name, PublicAccessBlockConfiguration: ALL_OFF }));
  await s3().send(new PutBucketVersioningCommand({ Bucket: name, VersioningConfiguration: { Status: 'Enabled' } }));
}

before(async () => {
  s = await startTestServer();
  port = Number(new URL(s.url).port);
});
after(() => s.close());

describe('S3 object ACLs per version', () => {
  it('each version keeps its own ACL; anonymous reads are decided with the ACL of the version read', async () => {
    await aclBucket('vacl-a');
    const v1 = (await s3().send(new PutObjectCommand({ Bucket: 'vacl-a', Key: 'k', Body: 'one', ACL: 'public-read' }))).VersionId!;
    const v2 = (await s3().send(new PutObjectCommand({ Bucket: 'vacl-a', Key: 'k', Body: 'two', ACL: 'private' }))).VersionId!;
    assert.equal(await anonymous(`/vacl-a/k?versionId=${v1}`), 200);
    assert.equal(await anonymous('/vacl-a/k'), 403);
    assert.equal(await anonymous(`/vacl-a/k?versionId=${v2}`), 403);
    assert.deepEqual(groups(await s3().send(new GetObjectAclCommand({ Bucket: 'vacl-a', Key: 'k', VersionId: v1 }))), [ALL_USERS]);
    assert.deepEqual(groups(await s3().send(new GetObjectAclCommand({ Bucket: 'vacl-a', Key: 'k', VersionId: v2 }))), []);
    assert.deepEqual(groups(await s3().send(new GetObjectAclCommand({ Bucket: 'vacl-a', Key: 'k' }))), []);

    // PutObjectAcl on the noncurrent v1 changes v1 only.
    await s3().send(new PutObjectAclCommand({ Bucket: 'vacl-a', Key: 'k', VersionId: v1, ACL: 'private' }));
    assert.equal(await anonymous(`/vacl-a/k?versionId=${v1}`), 403);
    assert.deepEqual(groups(await s3().send(new GetObjectAclCommand({ Bucket: 'vacl-a', Key: 'k', VersionId: v1 }))), []);
    // ... and on the current version without a version id changes the current one only.
    await s3().send(new PutObjectAclCommand({ Bucket: 'vacl-a', Key: 'k', ACL: 'public-read' }));
    assert.equal(await anonymous('/vacl-a/k'), 200);
    assert.equal(await anonymous(`/vacl-a/k?versionId=${v1}`), 403);

    // An unknown version id.
    const unknown = 'A'.repeat(32);
    for (const p of [
      s3().send(new GetObjectAclCommand({ Bucket: 'vacl-a', Key: 'k', VersionId: unknown })),
      s3().send(new PutObjectAclCommand({ Bucket: 'vacl-a', Key: 'k', VersionId: unknown, ACL: 'private' })),
    ]) {
      const e = await fail(p);
      assert.deepEqual([e.name, e.$metadata.httpStatusCode], ['NoSuchVersion', 404]);
    }

    // Deleting v1 takes its ACL with it.
    await s3().send(new PutObjectAclCommand({ Bucket: 'vacl-a', Key: 'k', VersionId: v1, ACL: 'public-read' }));
    await s3().send(new DeleteObjectCommand({ Bucket: 'vacl-a', Key: 'k', VersionId: v1 }));
    assert.equal((await fail(s3().send(new GetObjectAclCommand({ Bucket: 'vacl-a', Key: 'k', VersionId: v1 })))).name, 'NoSuchVersion');
    // Anonymous may not list the bucket: AccessDenied rather than NoSuchVersion, and no grant of v1 is left.
    assert.equal(await anonymous(`/vacl-a/k?versionId=${v1}`), 403);
  });

  it('a delete marker: GetObjectAcl is NoSuchKey without a version id and 405 with its id; PutObjectAcl is 405 either way', async () => {
    await aclBucket('vacl-m');
    await s3().send(new PutObjectCommand({ Bucket: 'vacl-m', Key: 'k', Body: 'x' }));
    const marker = (await s3().send(new DeleteObjectCommand({ Bucket: 'vacl-m', Key: 'k' }))).VersionId!;
    assert.equal((await fail(s3().send(new GetObjectAclCommand({ Bucket: 'vacl-m', Key: 'k' })))).name, 'NoSuchKey');
    for (const p of [
      s3().send(new GetObjectAclCommand({ Bucket: 'vacl-m', Key: 'k', VersionId: marker })),
      s3().send(new PutObjectAclCommand({ Bucket: 'vacl-m', Key: 'k', VersionId: marker, ACL: 'private' })),
      s3().send(new PutObjectAclCommand({ Bucket: 'vacl-m', Key: 'k', ACL: 'private' })),
    ]) {
      const e = await fail(p);
      assert.deepEqual([e.name, e.$metadata.httpStatusCode], ['MethodNotAllowed', 405]);
    }
  });

  it('a copy starts with the default ACL; BucketOwnerEnforced still refuses ACLs on PutObject', async () => {
    await aclBucket('vacl-c');
    await s3().send(new PutObjectCommand({ Bucket: 'vacl-c', Key: 'src', Body: 'x', ACL: 'public-read' }));
    await s3().send(new CopyObjectCommand({ Bucket: 'vacl-c', Key: 'dst', CopySource: 'vacl-c/src' }));
    assert.deepEqual(groups(await s3().send(new GetObjectAclCommand({ Bucket: 'vacl-c', Key: 'dst' }))), []);
    assert.equal(await anonymous('/vacl-c/src'), 200);
    assert.equal(await anonymous('/vacl-c/dst'), 403);
    await s3().send(new CreateBucketCommand({ Bucket: 'vacl-enforced' }));
    const e = await fail(s3().send(new PutObjectCommand({ Bucket: 'vacl-enforced', Key: 'k', Body: 'x', ACL: 'public-read' })));
    assert.deepEqual([e.name, e.$metadata.httpStatusCode], ['AccessControlListNotSupported', 400]);
    await s3().send(new PutObjectCommand({ Bucket: 'vacl-enforced', Key: 'k', Body: 'x', ACL: 'bucket-owner-full-control' }));
  });

  it('PutObjectAcl with a version id needs s3:PutObjectVersionAcl; GetObjectAcl with one s3:GetObjectVersionAcl', async () => {
    await aclBucket('vacl-p');
    const v1 = (await s3().send(new PutObjectCommand({ Bucket: 'vacl-p', Key: 'k', Body: 'x' }))).VersionId!;
    const arn = 'arn:aws:s3:::vacl-p/k';
    const user = await userWithKey(s, 'acl-writer', { policy: doc(allow(['s3:PutObjectAcl', 's3:GetObjectAcl'], arn)) });
    const mine = s3Client(s, user);
    await mine.send(new PutObjectAclCommand({ Bucket: 'vacl-p', Key: 'k', ACL: 'private' }));
    await mine.send(new GetObjectAclCommand({ Bucket: 'vacl-p', Key: 'k' }));
    const put = await fail(mine.send(new PutObjectAclCommand({ Bucket: 'vacl-p', Key: 'k', VersionId: v1, ACL: 'private' })));
    assert.deepEqual([put.name, put.$metadata.httpStatusCode], ['AccessDenied', 403]);
    assert.match(put.message, /s3:PutObjectVersionAcl/);
    const get = await fail(mine.send(new GetObjectAclCommand({ Bucket: 'vacl-p', Key: 'k', VersionId: v1 })));
    assert.match(get.message, /s3:GetObjectVersionAcl/);
    const both = await userWithKey(s, 'acl-version-writer', { policy: doc(allow(['s3:PutObjectVersionAcl', 's3:GetObjectVersionAcl'], arn)) });
    await s3Client(s, both).send(new PutObjectAclCommand({ Bucket: 'vacl-p', Key: 'k', VersionId: v1, ACL: 'public-read' }));
    assert.deepEqual(groups(await s3Client(s, both).send(new GetObjectAclCommand({ Bucket: 'vacl-p', Key: 'k', VersionId: v1 }))), [ALL_USERS]);
  });
});
