/**
 * S3 multipart upload through the AWS SDK v3 and the AWS CLI (which uploads files over 8 MB in
 * parts): the joined object is byte-exact with S3's multipart ETag, parts are checked (order, ETag,
 * 5 MiB minimum), an aborted upload leaves no file, and ListParts pages.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListPartsCommand,
  ListMultipartUploadsCommand,
  PutObjectCommand,
  UploadPartCommand,
  UploadPartCopyCommand,
} from '@aws-sdk/client-s3';
import { awsEnv, startTestServer, type TestServer } from '../helpers/rampart.js';
import { s3Client, s3Failure } from './s3-support.js';
import { crc64nvme } from '../../src/shared/checksums.js';
import { run } from './authz-support.js';

let s: TestServer;
const s3 = () => s3Client(s);
const fail = s3Failure;
const md5 = (b: Buffer) => createHash('md5').update(b).digest();
const files = (d: string): string[] => readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(d, e.name)) : [join(d, e.name)]));
const MIB = 1024 * 1024;

before(async () => {
  s = await startTestServer({ clock: () => Date.now() });
  await s3().send(new CreateBucketCommand({ Bucket: 'mpu' }));
});
after(() => s.close());

describe('S3 multipart upload', () => {
  it('joins parts byte-exact with the multipart ETag, keeps the upload headers, lists parts', async () => {
    const c = s3();
    const { UploadId } = await c.send(new CreateMultipartUploadCommand({ Bucket: 'mpu', Key: 'big.bin', ContentType: 'application/x-big', Metadata: { m: '1' } }));
    const bodies = [randomBytes(5 * MIB), randomBytes(5 * MIB + 1), randomBytes(1234)];
    const etags: string[] = [];
    for (const [i, b] of bodies.entries()) etags.push((await c.send(new UploadPartCommand({ Bucket: 'mpu', Key: 'big.bin', UploadId, PartNumber: i + 1, Body: b }))).ETag!);
    const listed = await c.send(new ListPartsCommand({ Bucket: 'mpu', Key: 'big.bin', UploadId, MaxParts: 2 }));
    assert.deepEqual(listed.Parts?.map((p) => p.PartNumber), [1, 2]);
    assert.equal(listed.IsTruncated, true);
    const rest = await c.send(new ListPartsCommand({ Bucket: 'mpu', Key: 'big.bin', UploadId, PartNumberMarker: listed.NextPartNumberMarker! }));
    assert.deepEqual(rest.Parts?.map((p) => p.Size), [1234]);
    const out = await c.send(new CompleteMultipartUploadCommand({ Bucket: 'mpu', Key: 'big.bin', UploadId, MultipartUpload: { Parts: etags.map((ETag, i) => ({ ETag, PartNumber: i + 1 })) } }));
    const expected = `"${createHash('md5').update(Buffer.concat(bodies.map(md5))).digest('hex')}-3"`;
    assert.equal(out.ETag, expected);
    // No checksum asked for: S3's default, a full-object CRC64NVME of the whole object.
    assert.equal(out.ChecksumCRC64NVME, crc64nvme(Buffer.concat(bodies)).toString('base64'));
    assert.equal(out.ChecksumType, 'FULL_OBJECT');
    const got = await c.send(new GetObjectCommand({ Bucket: 'mpu', Key: 'big.bin' }));
    assert.deepEqual(Buffer.from(await got.Body!.transformToByteArray()), Buffer.concat(bodies));
    assert.equal(got.ETag, expected);
    assert.equal(got.ContentType, 'application/x-big');
    assert.deepEqual(got.Metadata, { m: '1' });
    const range = await c.send(new GetObjectCommand({ Bucket: 'mpu', Key: 'big.bin', Range: `bytes=${5 * MIB - 2}-${5 * MIB + 1}` }));
    assert.deepEqual(Buffer.from(await range.Body!.transformToByteArray()), Buffer.concat(bodies).subarray(5 * MIB - 2, 5 * MIB + 2));
    assert.equal((await fail(c.send(new ListPartsCommand({ Bucket: 'mpu', Key: 'big.bin', UploadId })))).name, 'NoSuchUpload');
  });

  it('checks the part list: order, ETags, the 5 MiB minimum, part numbers', async () => {
    const c = s3();
    const { UploadId } = await c.send(new CreateMultipartUploadCommand({ Bucket: 'mpu', Key: 'bad' }));
    const e1 = (await c.send(new UploadPartCommand({ Bucket: 'mpu', Key: 'bad', UploadId, PartNumber: 1, Body: 'small' }))).ETag!;
    const e2 = (await c.send(new UploadPartCommand({ Bucket: 'mpu', Key: 'bad', UploadId, PartNumber: 2, Body: 'small too' }))).ETag!;
    const complete = (Parts: { ETag: string; PartNumber: number }[]) => c.send(new CompleteMultipartUploadCommand({ Bucket: 'mpu', Key: 'bad', UploadId, MultipartUpload: { Parts } }));
    assert.equal((await fail(complete([{ ETag: e2, PartNumber: 2 }, { ETag: e1, PartNumber: 1 }]))).name, 'InvalidPartOrder');
    assert.equal((await fail(complete([{ ETag: '"00000000000000000000000000000000"', PartNumber: 1 }]))).name, 'InvalidPart');
    assert.equal((await fail(complete([{ ETag: e1, PartNumber: 1 }, { ETag: e2, PartNumber: 2 }]))).name, 'EntityTooSmall');
    assert.equal((await fail(c.send(new UploadPartCommand({ Bucket: 'mpu', Key: 'bad', UploadId, PartNumber: 10001, Body: 'x' })))).name, 'InvalidArgument');
    assert.equal((await fail(c.send(new UploadPartCommand({ Bucket: 'mpu', Key: 'bad', UploadId, PartNumber: 3, Body: 'x', ChecksumCRC32: 'AAAAAA==' })))).name, 'BadDigest');
    assert.equal((await fail(c.send(new UploadPartCommand({ Bucket: 'mpu', Key: 'bad', UploadId, PartNumber: 3, Body: 'x', ContentMD5: Buffer.alloc(16).toString('base64') })))).name, 'BadDigest');
    const summed = await c.send(new UploadPartCommand({ Bucket: 'mpu', Key: 'bad', UploadId, PartNumber: 3, Body: 'x', ChecksumAlgorithm: 'SHA256' }));
    assert.equal(summed.ChecksumSHA256, createHash('sha256').update('x').digest('base64'));
    assert.equal((await fail(c.send(new UploadPartCommand({ Bucket: 'mpu', Key: 'bad', UploadId: 'no-such-upload', PartNumber: 1, Body: 'x' })))).name, 'NoSuchUpload');
    // A single part may be small.
    await complete([{ ETag: e1, PartNumber: 1 }]);
    assert.equal((await c.send(new HeadObjectCommand({ Bucket: 'mpu', Key: 'bad' }))).ContentLength, 5);
  });

  it('UploadPartCopy copies a source range into a part; ListMultipartUploads lists uploads in progress', async () => {
    const c = s3();
    const source = randomBytes(6 * MIB);
    await c.send(new PutObjectCommand({ Bucket: 'mpu', Key: 'source.bin', Body: source }));
    const { UploadId } = await c.send(new CreateMultipartUploadCommand({ Bucket: 'mpu', Key: 'copied.bin' }));
    const other = await c.send(new CreateMultipartUploadCommand({ Bucket: 'mpu', Key: 'dir/pending.bin' }));
    const listed = await c.send(new ListMultipartUploadsCommand({ Bucket: 'mpu' }));
    assert.deepEqual(listed.Uploads?.map((u) => u.Key), ['copied.bin', 'dir/pending.bin']);
    const grouped = await c.send(new ListMultipartUploadsCommand({ Bucket: 'mpu', Delimiter: '/' }));
    assert.deepEqual(grouped.CommonPrefixes?.map((p) => p.Prefix), ['dir/']);
    const p1 = await c.send(new UploadPartCopyCommand({ Bucket: 'mpu', Key: 'copied.bin', UploadId, PartNumber: 1, CopySource: 'mpu/source.bin', CopySourceRange: `bytes=0-${5 * MIB - 1}` }));
    const p2 = await c.send(new UploadPartCopyCommand({ Bucket: 'mpu', Key: 'copied.bin', UploadId, PartNumber: 2, CopySource: 'mpu/source.bin', CopySourceRange: `bytes=${5 * MIB}-${6 * MIB - 1}` }));
    assert.equal((await fail(c.send(new UploadPartCopyCommand({ Bucket: 'mpu', Key: 'copied.bin', UploadId, PartNumber: 3, CopySource: 'mpu/source.bin', CopySourceRange: `bytes=0-${6 * MIB}` })))).name, 'InvalidArgument');
    await c.send(new CompleteMultipartUploadCommand({ Bucket: 'mpu', Key: 'copied.bin', UploadId, MultipartUpload: { Parts: [{ ETag: p1.CopyPartResult!.ETag!, PartNumber: 1 }, { ETag: p2.CopyPartResult!.ETag!, PartNumber: 2 }] } }));
    const got = await c.send(new GetObjectCommand({ Bucket: 'mpu', Key: 'copied.bin' }));
    assert.deepEqual(Buffer.from(await got.Body!.transformToByteArray()), source);
    await c.send(new AbortMultipartUploadCommand({ Bucket: 'mpu', Key: 'dir/pending.bin', UploadId: other.UploadId }));
    assert.equal((await c.send(new ListMultipartUploadsCommand({ Bucket: 'mpu' }))).Uploads, undefined);
  });

  it('an aborted upload leaves no file behind', async () => {
    const c = s3();
    const before = files(join(s.dataDir, 's3')).length;
    const { UploadId } = await c.send(new CreateMultipartUploadCommand({ Bucket: 'mpu', Key: 'aborted' }));
    await c.send(new UploadPartCommand({ Bucket: 'mpu', Key: 'aborted', UploadId, PartNumber: 1, Body: randomBytes(1000) }));
    assert.equal(files(join(s.dataDir, 's3')).length, before + 1);
    await c.send(new AbortMultipartUploadCommand({ Bucket: 'mpu', Key: 'aborted', UploadId }));
    assert.equal(files(join(s.dataDir, 's3')).length, before);
    assert.equal((await fail(c.send(new HeadObjectCommand({ Bucket: 'mpu', Key: 'aborted' })))).$metadata.httpStatusCode, 404);
  });

  it('computes composite and full-object checksums as S3 does, and checks the parts named at completion', async () => {
    const c = s3();
    const bodies = [randomBytes(5 * MIB), randomBytes(5 * MIB), randomBytes(1234)];
    const sha = (b: Buffer) => createHash('sha256').update(b).digest();
    const upload = async (Key: string, ChecksumAlgorithm: 'SHA256' | 'CRC32', ChecksumType?: 'FULL_OBJECT' | 'COMPOSITE') => {
      const created = await c.send(new CreateMultipartUploadCommand({ Bucket: 'mpu', Key, ChecksumAlgorithm, ...(ChecksumType ? { ChecksumType } : {}) }));
      assert.equal(created.ChecksumAlgorithm, ChecksumAlgorithm);
      const done = [];
      for (const [i, Body] of bodies.entries()) {
        const r = await c.send(new UploadPartCommand({ Bucket: 'mpu', Key, UploadId: created.UploadId, PartNumber: i + 1, Body, ChecksumAlgorithm }));
        done.push({ PartNumber: i + 1, ETag: r.ETag, ChecksumSHA256: r.ChecksumSHA256, ChecksumCRC32: r.ChecksumCRC32 });
      }
      return { UploadId: created.UploadId, done, type: created.ChecksumType };
    };

    // COMPOSITE SHA-256: SHA-256 of the concatenated part digests, then -<count>.
    const comp = await upload('composite', 'SHA256');
    assert.equal(comp.type, 'COMPOSITE', 'the default type of SHA256');
    comp.done.forEach((p, i) => assert.equal(p.ChecksumSHA256, sha(bodies[i]!).toString('base64')));
    const expected = `${sha(Buffer.concat(bodies.map(sha))).toString('base64')}-3`;
    const wrong = comp.done.map((p, i) => (i === 1 ? { ...p, ChecksumSHA256: sha(Buffer.from('x')).toString('base64') } : p));
    assert.equal((await fail(c.send(new CompleteMultipartUploadCommand({ Bucket: 'mpu', Key: 'composite', UploadId: comp.UploadId, MultipartUpload: { Parts: wrong } })))).name, 'InvalidPart');
    const completed = await c.send(new CompleteMultipartUploadCommand({ Bucket: 'mpu', Key: 'composite', UploadId: comp.UploadId, MultipartUpload: { Parts: comp.done } }));
    assert.equal(completed.ChecksumSHA256, expected);
    assert.equal(completed.ChecksumType, 'COMPOSITE');
    const head = await c.send(new HeadObjectCommand({ Bucket: 'mpu', Key: 'composite', ChecksumMode: 'ENABLED' }));
    assert.equal(head.ChecksumSHA256, expected);
    assert.equal(head.ChecksumType, 'COMPOSITE');

    // FULL_OBJECT CRC32: the CRC of the whole object, the same the SDK computes for a single PUT of the same bytes.
    const full = await upload('full-object', 'CRC32', 'FULL_OBJECT');
    const fullDone = await c.send(new CompleteMultipartUploadCommand({ Bucket: 'mpu', Key: 'full-object', UploadId: full.UploadId, MultipartUpload: { Parts: full.done } }));
    const single = await c.send(new PutObjectCommand({ Bucket: 'mpu', Key: 'single', Body: Buffer.concat(bodies), ChecksumAlgorithm: 'CRC32' }));
    assert.ok(single.ChecksumCRC32);
    assert.equal(fullDone.ChecksumCRC32, single.ChecksumCRC32);
    assert.equal(fullDone.ChecksumType, 'FULL_OBJECT');

    // Refused choices and a part of another algorithm.
    assert.equal((await fail(c.send(new CreateMultipartUploadCommand({ Bucket: 'mpu', Key: 'bad', ChecksumAlgorithm: 'SHA256', ChecksumType: 'FULL_OBJECT' })))).name, 'InvalidRequest');
    assert.equal((await fail(c.send(new CreateMultipartUploadCommand({ Bucket: 'mpu', Key: 'bad', ChecksumAlgorithm: 'CRC64NVME', ChecksumType: 'COMPOSITE' })))).name, 'InvalidRequest');
    const other = await c.send(new CreateMultipartUploadCommand({ Bucket: 'mpu', Key: 'mismatch', ChecksumAlgorithm: 'CRC32' }));
    const e = await fail(c.send(new UploadPartCommand({ Bucket: 'mpu', Key: 'mismatch', UploadId: other.UploadId, PartNumber: 1, Body: randomBytes(10), ChecksumAlgorithm: 'SHA256' })));
    assert.equal(e.name, 'InvalidRequest');
    assert.match(e.message, /Checksum Type mismatch occurred, expected checksum Type: crc32, actual checksum Type: sha256/);
  });

  it('aws s3 cp of a 20 MB file uploads in parts and downloads byte-exact', async () => {
    const env = { ...awsEnv(s), AWS_MAX_ATTEMPTS: '1' };
    const body = randomBytes(20 * MIB + 5);
    const file = join(s.dataDir, 'large.bin');
    writeFileSync(file, body);
    const up = await run('aws', ['--endpoint-url', s.url, 's3', 'cp', file, 's3://mpu/large.bin', '--no-progress'], env);
    assert.equal(up.status, 0, up.stderr);
    const head = await s3().send(new HeadObjectCommand({ Bucket: 'mpu', Key: 'large.bin' }));
    assert.match(head.ETag ?? '', /^"[0-9a-f]{32}-3"$/);
    const back = join(s.dataDir, 'large-back.bin');
    const down = await run('aws', ['--endpoint-url', s.url, 's3', 'cp', 's3://mpu/large.bin', back, '--no-progress'], env);
    assert.equal(down.status, 0, down.stderr);
    assert.deepEqual(readFileSync(back), body);
  });
});
