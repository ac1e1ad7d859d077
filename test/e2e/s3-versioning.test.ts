/**
 * S3 versioning through the AWS SDK v3: Enabled / Suspended, version ids newest first, the `null`
 * version, delete markers (x-amz-delete-marker, 404 / 405), reads, copies and tags by version id,
 * ListObjectVersions (prefix, delimiter, markers, paging), DeleteObjects with version ids and per-key
 * errors, s3:GetObjectVersion / s3:VersionId in policies, and attack cases (forged ids, ids of another
 * key or bucket, huge max-keys).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  GetObjectAclCommand,
  GetObjectAttributesCommand,
  UploadPartCommand,
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetBucketVersioningCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  ListObjectVersionsCommand,
  ListObjectsV2Command,
  PutBucketVersioningCommand,
  PutObjectCommand,
  PutObjectTaggingCommand,
} from '@aws-sdk/client-s3';
import { s3Client, s3Failure } from './s3-support.js';
import { awsEnv, startTestServer, type TestServer } from '../helpers/rampart.js';
import { allow, doc, run, userWithKey, type Creds } from './authz-support.js';
import { pythonWithBoto3 } from '../helpers/python.js';

let s: TestServer;
const s3 = (creds: Creds = s.credentials) => s3Client(s, creds);
const fail = s3Failure;
const text = async (p: Promise<{ Body?: { transformToString(): Promise<string> } }>) => (await p).Body!.transformToString();
const status = (e: { $metadata: { httpStatusCode?: number } }) => e.$metadata.httpStatusCode;
const put = async (Bucket: string, Key: string, Body: string) => (await s3().send(new PutObjectCommand({ Bucket, Key, Body }))).VersionId;
const enable = (Bucket: string, Status: 'Enabled' | 'Suspended' = 'Enabled') => s3().send(new PutBucketVersioningCommand({ Bucket, VersioningConfiguration: { Status } }));

before(async () => {
  s = await startTestServer();
});
after(() => s.close());

describe('S3 versioning', () => {
  it('reports no status until configured, then Enabled and Suspended; bad input is refused', async () => {
    await s3().send(new CreateBucketCommand({ Bucket: 'ver-status' }));
    assert.equal((await s3().send(new GetBucketVersioningCommand({ Bucket: 'ver-status' }))).Status, undefined);
    await enable('ver-status');
    assert.equal((await s3().send(new GetBucketVersioningCommand({ Bucket: 'ver-status' }))).Status, 'Enabled');
    await enable('ver-status', 'Suspended');
    assert.equal((await s3().send(new GetBucketVersioningCommand({ Bucket: 'ver-status' }))).Status, 'Suspended');
    const bad = await fail(s3().send(new PutBucketVersioningCommand({ Bucket: 'ver-status', VersioningConfiguration: { Status: 'On' as never } })));
    assert.equal(bad.name, 'MalformedXML');
    const mfa = await fail(s3().send(new PutBucketVersioningCommand({ Bucket: 'ver-status', VersioningConfiguration: { Status: 'Enabled', MFADelete: 'Enabled' } })));
    assert.equal(mfa.name, 'NotImplemented');
    assert.equal((await fail(s3().send(new GetBucketVersioningCommand({ Bucket: 'ver-nope' })))).name, 'NoSuchBucket');
  });

  it('keeps every version, newest first; reads by id; a delete adds a marker (404 with x-amz-delete-marker, 405 by its id)', async () => {
    await s3().send(new CreateBucketCommand({ Bucket: 'ver-a' }));
    const v0 = await put('ver-a', 'doc.txt', 'before versioning');
    assert.equal(v0, undefined);
    await enable('ver-a');
    const v1 = await put('ver-a', 'doc.txt', 'one');
    const v2 = await put('ver-a', 'doc.txt', 'two');
    assert.match(v1!, /^[0-9A-Za-z]{32}$/);
    assert.ok(v2! < v1!, 'newer ids sort first');
    assert.equal(await text(s3().send(new GetObjectCommand({ Bucket: 'ver-a', Key: 'doc.txt' }))), 'two');
    assert.equal(await text(s3().send(new GetObjectCommand({ Bucket: 'ver-a', Key: 'doc.txt', VersionId: v1 }))), 'one');
    assert.equal(await text(s3().send(new GetObjectCommand({ Bucket: 'ver-a', Key: 'doc.txt', VersionId: 'null' }))), 'before versioning');
    const head = await s3().send(new HeadObjectCommand({ Bucket: 'ver-a', Key: 'doc.txt', VersionId: v1 }));
    assert.equal(head.VersionId, v1);
    assert.equal(head.ContentLength, 3);

    const del = await s3().send(new DeleteObjectCommand({ Bucket: 'ver-a', Key: 'doc.txt' }));
    assert.equal(del.DeleteMarker, true);
    assert.match(del.VersionId!, /^[0-9A-Za-z]{32}$/);
    const gone = await fail(s3().send(new GetObjectCommand({ Bucket: 'ver-a', Key: 'doc.txt' })));
    assert.equal(gone.name, 'NoSuchKey');
    assert.equal(gone.$response?.headers['x-amz-delete-marker'], 'true');
    assert.equal(gone.$response?.headers['x-amz-version-id'], del.VersionId);
    const byId = await fail(s3().send(new GetObjectCommand({ Bucket: 'ver-a', Key: 'doc.txt', VersionId: del.VersionId })));
    assert.equal(status(byId), 405);
    assert.equal(byId.$response?.headers['x-amz-delete-marker'], 'true');
    assert.equal((await s3().send(new ListObjectsV2Command({ Bucket: 'ver-a' }))).KeyCount, 0);
    // Older versions are still there.
    assert.equal(await text(s3().send(new GetObjectCommand({ Bucket: 'ver-a', Key: 'doc.txt', VersionId: v2 }))), 'two');

    // Deleting the marker by its id brings the latest version back.
    const undo = await s3().send(new DeleteObjectCommand({ Bucket: 'ver-a', Key: 'doc.txt', VersionId: del.VersionId }));
    assert.equal(undo.DeleteMarker, true);
    assert.equal(undo.VersionId, del.VersionId);
    assert.equal(await text(s3().send(new GetObjectCommand({ Bucket: 'ver-a', Key: 'doc.txt' }))), 'two');
    // Deleting the current version for good promotes the previous one.
    await s3().send(new DeleteObjectCommand({ Bucket: 'ver-a', Key: 'doc.txt', VersionId: v2 }));
    const now = await s3().send(new GetObjectCommand({ Bucket: 'ver-a', Key: 'doc.txt' }));
    assert.equal(now.VersionId, v1);
    assert.equal(await now.Body!.transformToString(), 'one');
    assert.equal((await fail(s3().send(new GetObjectCommand({ Bucket: 'ver-a', Key: 'doc.txt', VersionId: v2 })))).name, 'NoSuchVersion');
    // A bucket with versions left is not empty.
    assert.equal((await fail(s3().send(new DeleteBucketCommand({ Bucket: 'ver-a' })))).name, 'BucketNotEmpty');
  });

  it('Suspended writes and deletes the null version, keeping the others', async () => {
    await s3().send(new CreateBucketCommand({ Bucket: 'ver-s' }));
    await enable('ver-s');
    const v1 = await put('ver-s', 'k', 'kept');
    await enable('ver-s', 'Suspended');
    assert.equal(await put('ver-s', 'k', 'null one'), 'null');
    assert.equal(await put('ver-s', 'k', 'null two'), 'null');
    const list = await s3().send(new ListObjectVersionsCommand({ Bucket: 'ver-s' }));
    assert.deepEqual(list.Versions?.map((v) => [v.VersionId, v.IsLatest]), [['null', true], [v1, false]]);
    const del = await s3().send(new DeleteObjectCommand({ Bucket: 'ver-s', Key: 'k' }));
    assert.equal(del.DeleteMarker, true);
    assert.equal(del.VersionId, 'null');
    const after = await s3().send(new ListObjectVersionsCommand({ Bucket: 'ver-s' }));
    assert.deepEqual(after.Versions?.map((v) => v.VersionId), [v1]);
    assert.deepEqual(after.DeleteMarkers?.map((m) => [m.VersionId, m.IsLatest]), [['null', true]]);
  });

  it('ListObjectVersions: prefix, delimiter, IsLatest, delete markers, paging by key and version markers', async () => {
    await s3().send(new CreateBucketCommand({ Bucket: 'ver-list' }));
    await enable('ver-list');
    const a1 = await put('ver-list', 'a', '1');
    const a2 = await put('ver-list', 'a', '2');
    const b1 = await put('ver-list', 'b', '1');
    const bm = (await s3().send(new DeleteObjectCommand({ Bucket: 'ver-list', Key: 'b' }))).VersionId;
    await put('ver-list', 'dir/x', 'x');
    await put('ver-list', 'dir/y', 'y');
    const full = await s3().send(new ListObjectVersionsCommand({ Bucket: 'ver-list', Delimiter: '/' }));
    assert.deepEqual(full.Versions?.map((v) => [v.Key, v.VersionId, v.IsLatest]), [['a', a2, true], ['a', a1, false], ['b', b1, false]]);
    assert.deepEqual(full.DeleteMarkers?.map((m) => [m.Key, m.VersionId, m.IsLatest]), [['b', bm, true]]);
    assert.deepEqual(full.CommonPrefixes?.map((p) => p.Prefix), ['dir/']);
    assert.equal(full.IsTruncated, false);

    const seen: string[] = [];
    let KeyMarker: string | undefined;
    let VersionIdMarker: string | undefined;
    for (let i = 0; i < 10; i++) {
      const p = await s3().send(new ListObjectVersionsCommand({ Bucket: 'ver-list', MaxKeys: 2, KeyMarker, VersionIdMarker }));
      for (const v of [...(p.Versions ?? []), ...(p.DeleteMarkers ?? [])]) seen.push(`${v.Key}@${v.VersionId}`);
      if (!p.IsTruncated) break;
      KeyMarker = p.NextKeyMarker;
      VersionIdMarker = p.NextVersionIdMarker;
    }
    assert.equal(seen.length, 6);
    assert.equal(new Set(seen).size, 6);
    const under = await s3().send(new ListObjectVersionsCommand({ Bucket: 'ver-list', Prefix: 'dir/' }));
    assert.deepEqual(under.Versions?.map((v) => v.Key), ['dir/x', 'dir/y']);
    // Huge max-keys is capped; a version-id marker needs a key marker; a forged one is refused.
    assert.equal((await s3().send(new ListObjectVersionsCommand({ Bucket: 'ver-list', MaxKeys: 2 ** 31 - 1 }))).MaxKeys, 1000);
    assert.equal((await fail(s3().send(new ListObjectVersionsCommand({ Bucket: 'ver-list', VersionIdMarker: a1 })))).name, 'InvalidArgument');
    assert.equal((await fail(s3().send(new ListObjectVersionsCommand({ Bucket: 'ver-list', KeyMarker: 'a', VersionIdMarker: '../../etc' })))).name, 'InvalidArgument');
  });

  it('DeleteObjects with version ids answers per key; tags and copies by version id', async () => {
    await s3().send(new CreateBucketCommand({ Bucket: 'ver-d' }));
    await enable('ver-d');
    const v1 = await put('ver-d', 'k', 'old');
    const v2 = await put('ver-d', 'k', 'new');
    await s3().send(new PutObjectTaggingCommand({ Bucket: 'ver-d', Key: 'k', VersionId: v1, Tagging: { TagSet: [{ Key: 'era', Value: 'old' }] } }));
    assert.deepEqual((await s3().send(new GetObjectTaggingCommand({ Bucket: 'ver-d', Key: 'k', VersionId: v1 }))).TagSet, [{ Key: 'era', Value: 'old' }]);
    assert.deepEqual((await s3().send(new GetObjectTaggingCommand({ Bucket: 'ver-d', Key: 'k' }))).TagSet, []);
    assert.equal((await s3().send(new GetObjectAclCommand({ Bucket: 'ver-d', Key: 'k', VersionId: v1 }))).Grants?.[0]?.Permission, 'FULL_CONTROL');
    const copy = await s3().send(new CopyObjectCommand({ Bucket: 'ver-d', Key: 'k', CopySource: `ver-d/k?versionId=${v1}` }));
    assert.equal(copy.CopySourceVersionId, v1);
    assert.equal(await text(s3().send(new GetObjectCommand({ Bucket: 'ver-d', Key: 'k' }))), 'old');

    const r = await s3().send(new DeleteObjectsCommand({ Bucket: 'ver-d', Delete: { Objects: [{ Key: 'k', VersionId: v2 }, { Key: 'k', VersionId: 'not-an-id' }, { Key: 'other' }] } }));
    assert.deepEqual(r.Deleted?.map((d) => [d.Key, d.VersionId, d.DeleteMarker ?? false]), [['k', v2, false], ['other', undefined, true]]);
    assert.deepEqual(r.Errors?.map((e) => [e.Key, e.Code]), [['k', 'InvalidArgument']]);
    assert.equal((await fail(s3().send(new GetObjectCommand({ Bucket: 'ver-d', Key: 'k', VersionId: v2 })))).name, 'NoSuchVersion');
  });

  it('attacks: malformed ids are InvalidArgument, ids of another key or bucket are NoSuchVersion; never 5xx', async () => {
    await s3().send(new CreateBucketCommand({ Bucket: 'ver-x' }));
    await s3().send(new CreateBucketCommand({ Bucket: 'ver-y' }));
    await enable('ver-x');
    await enable('ver-y');
    const mine = await put('ver-x', 'mine', 'secret');
    await put('ver-y', 'mine', 'other');
    await put('ver-x', 'yours', 'y');
    for (const VersionId of ['', 'x'.repeat(5000), '../../../objects', 'null\u0000', `${mine!.slice(0, 31)}!`]) {
      const e = await fail(s3().send(new GetObjectCommand({ Bucket: 'ver-x', Key: 'mine', VersionId })));
      assert.ok(status(e)! < 500, `${VersionId.slice(0, 20)}: ${e.name}`);
    }
    assert.equal((await fail(s3().send(new GetObjectCommand({ Bucket: 'ver-x', Key: 'mine', VersionId: 'abc' })))).name, 'InvalidArgument');
    assert.equal((await fail(s3().send(new GetObjectCommand({ Bucket: 'ver-x', Key: 'yours', VersionId: mine })))).name, 'NoSuchVersion');
    assert.equal((await fail(s3().send(new GetObjectCommand({ Bucket: 'ver-y', Key: 'mine', VersionId: mine })))).name, 'NoSuchVersion');
    assert.equal((await fail(s3().send(new CopyObjectCommand({ Bucket: 'ver-y', Key: 'stolen', CopySource: `ver-y/yours?versionId=${mine}` })))).name, 'NoSuchVersion');
    assert.equal((await fail(s3().send(new CopyObjectCommand({ Bucket: 'ver-y', Key: 'stolen', CopySource: `ver-y/mine?versionId=${mine}` })))).name, 'NoSuchVersion');
    // Deleting a version id of another key deletes nothing.
    await s3().send(new DeleteObjectCommand({ Bucket: 'ver-x', Key: 'yours', VersionId: mine }));
    assert.equal(await text(s3().send(new GetObjectCommand({ Bucket: 'ver-x', Key: 'mine', VersionId: mine }))), 'secret');
  });

  it('s3:GetObjectVersion and s3:VersionId decide reads of old versions; DeleteObjects denies per key', async () => {
    await s3().send(new CreateBucketCommand({ Bucket: 'ver-authz' }));
    await enable('ver-authz');
    const v1 = await put('ver-authz', 'r', 'first');
    const v2 = await put('ver-authz', 'r', 'second');
    const reader = await userWithKey(s, 'ver-reader', {
      policy: doc(allow('s3:GetObject', 'arn:aws:s3:::ver-authz/*'), allow('s3:GetObjectVersion', 'arn:aws:s3:::ver-authz/*', { StringEquals: { 's3:VersionId': v1 } }), allow('s3:DeleteObject', 'arn:aws:s3:::ver-authz/tmp/*')),
    });
    assert.equal(await text(s3(reader).send(new GetObjectCommand({ Bucket: 'ver-authz', Key: 'r' }))), 'second');
    assert.equal(await text(s3(reader).send(new GetObjectCommand({ Bucket: 'ver-authz', Key: 'r', VersionId: v1 }))), 'first');
    assert.equal((await fail(s3(reader).send(new GetObjectCommand({ Bucket: 'ver-authz', Key: 'r', VersionId: v2 })))).name, 'AccessDenied');
    const r = await s3(reader).send(new DeleteObjectsCommand({ Bucket: 'ver-authz', Delete: { Objects: [{ Key: 'tmp/a' }, { Key: 'r' }, { Key: 'tmp/b', VersionId: v1 }] } }));
    assert.deepEqual(r.Deleted?.map((d) => d.Key), ['tmp/a']);
    assert.deepEqual(r.Errors?.map((e) => [e.Key, e.Code]), [['r', 'AccessDenied'], ['tmp/b', 'AccessDenied']]);
    assert.equal(await text(s3().send(new GetObjectCommand({ Bucket: 'ver-authz', Key: 'r' }))), 'second');
  });

  it('GetObjectAttributes and GetObject/HeadObject by partNumber', async () => {
    await s3().send(new CreateBucketCommand({ Bucket: 'ver-attrs' }));
    await enable('ver-attrs');
    const single = await s3().send(new PutObjectCommand({ Bucket: 'ver-attrs', Key: 'one', Body: 'hello', ChecksumAlgorithm: 'SHA256' }));
    const a = await s3().send(new GetObjectAttributesCommand({ Bucket: 'ver-attrs', Key: 'one', ObjectAttributes: ['ETag', 'Checksum', 'ObjectSize', 'StorageClass', 'ObjectParts'] }));
    assert.equal(a.ETag, single.ETag!.replace(/"/g, ''));
    assert.equal(a.ObjectSize, 5);
    assert.equal(a.StorageClass, 'STANDARD');
    assert.equal(a.Checksum?.ChecksumSHA256, single.ChecksumSHA256);
    assert.equal(a.ObjectParts, undefined);
    assert.equal(a.VersionId, single.VersionId);
    // An attribute outside the model's enum is refused by the protocol layer (400) before the handler.
    assert.equal(status(await fail(s3().send(new GetObjectAttributesCommand({ Bucket: 'ver-attrs', Key: 'one', ObjectAttributes: ['Body' as never] })))), 400);

    const up = await s3().send(new CreateMultipartUploadCommand({ Bucket: 'ver-attrs', Key: 'multi' }));
    const p1 = Buffer.alloc(5 * 1024 * 1024, 1);
    const p2 = Buffer.from('tail part');
    const e1 = (await s3().send(new UploadPartCommand({ Bucket: 'ver-attrs', Key: 'multi', UploadId: up.UploadId, PartNumber: 1, Body: p1 }))).ETag;
    const e2 = (await s3().send(new UploadPartCommand({ Bucket: 'ver-attrs', Key: 'multi', UploadId: up.UploadId, PartNumber: 2, Body: p2 }))).ETag;
    const done = await s3().send(new CompleteMultipartUploadCommand({ Bucket: 'ver-attrs', Key: 'multi', UploadId: up.UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: e1 }, { PartNumber: 2, ETag: e2 }] } }));
    assert.match(done.VersionId!, /^[0-9A-Za-z]{32}$/);
    const m = await s3().send(new GetObjectAttributesCommand({ Bucket: 'ver-attrs', Key: 'multi', ObjectAttributes: ['ObjectParts'], MaxParts: 1 }));
    assert.equal(m.ObjectParts?.TotalPartsCount, 2);
    assert.equal(m.ObjectParts?.IsTruncated, true);
    assert.deepEqual(m.ObjectParts?.Parts?.map((p) => [p.PartNumber, p.Size]), [[1, p1.length]]);
    const part2 = await s3().send(new GetObjectCommand({ Bucket: 'ver-attrs', Key: 'multi', PartNumber: 2 }));
    assert.equal(await part2.Body!.transformToString(), 'tail part');
    assert.equal(part2.PartsCount, 2);
    assert.equal(part2.ContentRange, `bytes ${p1.length}-${p1.length + p2.length - 1}/${p1.length + p2.length}`);
    const head1 = await s3().send(new HeadObjectCommand({ Bucket: 'ver-attrs', Key: 'multi', PartNumber: 1 }));
    assert.equal(head1.ContentLength, p1.length);
    assert.equal(await text(s3().send(new GetObjectCommand({ Bucket: 'ver-attrs', Key: 'one', PartNumber: 1 }))), 'hello');
    assert.equal(status(await fail(s3().send(new GetObjectCommand({ Bucket: 'ver-attrs', Key: 'one', PartNumber: 2 })))), 416);
    assert.equal((await fail(s3().send(new GetObjectCommand({ Bucket: 'ver-attrs', Key: 'multi', PartNumber: 10001 })))).name, 'InvalidArgument');
    assert.equal((await fail(s3().send(new GetObjectCommand({ Bucket: 'ver-attrs', Key: 'multi', PartNumber: 1, Range: 'bytes=0-1' })))).name, 'InvalidRequest');
  });

  it('boto3: versioning, versions, delete markers, lifecycle and object attributes', async () => {
    const script = `
import boto3, sys, json
c = boto3.client('s3', endpoint_url=sys.argv[1], region_name='us-east-1', aws_access_key_id=sys.argv[2], aws_secret_access_key=sys.argv[3])
c.create_bucket(Bucket='ver-boto')
c.put_bucket_versioning(Bucket='ver-boto', VersioningConfiguration={'Status': 'Enabled'})
v1 = c.put_object(Bucket='ver-boto', Key='k', Body=b'one')['VersionId']
v2 = c.put_object(Bucket='ver-boto', Key='k', Body=b'two')['VersionId']
marker = c.delete_object(Bucket='ver-boto', Key='k')
old = c.get_object(Bucket='ver-boto', Key='k', VersionId=v1)['Body'].read().decode()
lov = c.list_object_versions(Bucket='ver-boto')
try:
    c.get_object(Bucket='ver-boto', Key='k')
    gone = 'found'
except c.exceptions.NoSuchKey as e:
    gone = e.response['ResponseMetadata']['HTTPHeaders'].get('x-amz-delete-marker')
c.put_bucket_lifecycle_configuration(Bucket='ver-boto', LifecycleConfiguration={'Rules': [{'ID': 'nc', 'Filter': {'Prefix': ''}, 'Status': 'Enabled', 'NoncurrentVersionExpiration': {'NoncurrentDays': 30}}]})
rules = c.get_bucket_lifecycle_configuration(Bucket='ver-boto')['Rules']
attrs = c.get_object_attributes(Bucket='ver-boto', Key='k', VersionId=v2, ObjectAttributes=['ETag', 'ObjectSize'])
print(json.dumps({'status': c.get_bucket_versioning(Bucket='ver-boto')['Status'], 'marker': marker.get('DeleteMarker'), 'old': old, 'gone': gone,
  'versions': [[v['VersionId'], v['IsLatest']] for v in lov.get('Versions', [])], 'markers': len(lov.get('DeleteMarkers', [])),
  'rules': rules, 'size': attrs['ObjectSize'], 'v1': v1, 'v2': v2}))
`;
    const py = await run(pythonWithBoto3(), ['-c', script, s.url, s.credentials.accessKeyId, s.credentials.secretAccessKey], { ...awsEnv(s), AWS_MAX_ATTEMPTS: '1' });
    assert.equal(py.status, 0, py.stderr);
    const out = JSON.parse(py.stdout) as { status: string; marker: boolean; old: string; gone: string; versions: [string, boolean][]; markers: number; rules: unknown[]; size: number; v1: string; v2: string };
    assert.equal(out.status, 'Enabled');
    assert.equal(out.marker, true);
    assert.equal(out.old, 'one');
    assert.equal(out.gone, 'true');
    assert.deepEqual(out.versions, [[out.v2, false], [out.v1, false]]);
    assert.equal(out.markers, 1);
    assert.deepEqual(out.rules, [{ ID: 'nc', Filter: { Prefix: '' }, Status: 'Enabled', NoncurrentVersionExpiration: { NoncurrentDays: 30 } }]);
    assert.equal(out.size, 3);
  });
});
