/**
 * S3 objects through the AWS SDK v3 (path-style and a virtual-hosted request): bodies byte-exact
 * with ETag = MD5, checksums, ranges and conditions, copies, listings, tags, bad input answered with
 * S3's codes (never 5xx, nothing half-written visible), and a data dir that holds no plaintext.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  CopyObjectCommand,
  CreateBucketCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  ListObjectsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  PutObjectTaggingCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { s3Client, s3Failure } from './s3-support.js';
import { crc64nvme } from '../../src/shared/checksums.js';
import { startTestServer, type TestServer } from '../helpers/rampart.js';
import type { Creds } from './authz-support.js';

let s: TestServer;
const s3 = (creds: Creds = s.credentials, region = 'us-east-1') => s3Client(s, creds, region);
const fail = s3Failure;
const md5 = (b: Buffer) => createHash('md5').update(b).digest('hex');
const files = (d: string): string[] => readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(d, e.name)) : [join(d, e.name)]));

before(async () => {
  s = await startTestServer();
});
after(() => s.close());

describe('S3 objects', () => {
  before(async () => {
    await s3().send(new CreateBucketCommand({ Bucket: 'objs' }));
  });

  it('round-trips bodies byte-exact with ETag = MD5, metadata, content headers and SSE AES256', async () => {
    const body = randomBytes(300_000);
    const put = await s3().send(new PutObjectCommand({ Bucket: 'objs', Key: 'dir/a.bin', Body: body, ContentType: 'application/x-test', Metadata: { owner: 'cashier' }, CacheControl: 'no-cache' }));
    assert.equal(put.ETag, `"${md5(body)}"`);
    assert.equal(put.ServerSideEncryption, 'AES256');
    const got = await s3().send(new GetObjectCommand({ Bucket: 'objs', Key: 'dir/a.bin' }));
    assert.deepEqual(Buffer.from(await got.Body!.transformToByteArray()), body);
    assert.equal(got.ETag, put.ETag);
    assert.equal(got.ContentType, 'application/x-test');
    assert.equal(got.ContentLength, body.length);
    assert.equal(got.CacheControl, 'no-cache');
    assert.deepEqual(got.Metadata, { owner: 'cashier' });
    assert.equal(got.ServerSideEncryption, 'AES256');
    const head = await s3().send(new HeadObjectCommand({ Bucket: 'objs', Key: 'dir/a.bin' }));
    assert.equal(head.ContentLength, body.length);
    assert.equal(head.ETag, put.ETag);
  });

  it('adds the default CRC64NVME checksum to an object uploaded without one, as S3 does', async () => {
    // The SDK sends no checksum when told to compute them only where required.
    const plain = new S3Client({ endpoint: s.url, region: 'us-east-1', credentials: s.credentials, forcePathStyle: true, maxAttempts: 1, requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' });
    const body = randomBytes(200_001);
    const expected = crc64nvme(body).toString('base64');
    const put = await plain.send(new PutObjectCommand({ Bucket: 'objs', Key: 'default-sum', Body: body }));
    assert.equal(put.ChecksumCRC64NVME, expected);
    assert.equal(put.ChecksumCRC32, undefined);
    const head = await plain.send(new HeadObjectCommand({ Bucket: 'objs', Key: 'default-sum', ChecksumMode: 'ENABLED' }));
    assert.equal(head.ChecksumCRC64NVME, expected);
    assert.equal(head.ChecksumType, 'FULL_OBJECT');
    // A copy of it is a new object: it keeps the algorithm.
    const copy = await plain.send(new CopyObjectCommand({ Bucket: 'objs', Key: 'default-sum-copy', CopySource: 'objs/default-sum' }));
    assert.equal(copy.CopyObjectResult?.ChecksumCRC64NVME, expected);
    // An upload that names its own checksum gets that one only.
    const sha = await plain.send(new PutObjectCommand({ Bucket: 'objs', Key: 'own-sum', Body: body, ChecksumAlgorithm: 'SHA256' }));
    assert.equal(sha.ChecksumCRC64NVME, undefined);
    assert.equal(sha.ChecksumSHA256, createHash('sha256').update(body).digest('base64'));
  });

  it('checks and returns flexible checksums and Content-MD5', async () => {
    for (const alg of ['CRC32', 'CRC32C', 'SHA1', 'SHA256', 'CRC64NVME'] as const) {
      const put = await s3().send(new PutObjectCommand({ Bucket: 'objs', Key: `sum-${alg}`, Body: 'hello checksums', ChecksumAlgorithm: alg }));
      const member = `Checksum${alg}` as const;
      assert.ok(put[member], alg);
      const got = await s3().send(new GetObjectCommand({ Bucket: 'objs', Key: `sum-${alg}`, ChecksumMode: 'ENABLED' }));
      assert.equal(got[member], put[member]);
      await got.Body!.transformToString();
    }
    const bad = await fail(s3().send(new PutObjectCommand({ Bucket: 'objs', Key: 'md5-bad', Body: 'abc', ContentMD5: Buffer.alloc(16).toString('base64') })));
    assert.equal(bad.name, 'BadDigest');
    const invalid = await fail(s3().send(new PutObjectCommand({ Bucket: 'objs', Key: 'md5-bad', Body: 'abc', ContentMD5: 'nope' })));
    assert.equal(invalid.name, 'InvalidDigest');
    const crc = await fail(s3().send(new PutObjectCommand({ Bucket: 'objs', Key: 'md5-bad', Body: 'abc', ChecksumCRC32: 'AAAAAA==' })));
    assert.equal(crc.name, 'BadDigest');
    assert.equal((await fail(s3().send(new HeadObjectCommand({ Bucket: 'objs', Key: 'md5-bad' })))).$metadata.httpStatusCode, 404);
  });

  it('serves ranges (206) and conditions (304/412) as S3 does', async () => {
    const body = Buffer.from('0123456789abcdefghij');
    const put = await s3().send(new PutObjectCommand({ Bucket: 'objs', Key: 'range', Body: body }));
    const r = await s3().send(new GetObjectCommand({ Bucket: 'objs', Key: 'range', Range: 'bytes=5-9' }));
    assert.equal(r.$metadata.httpStatusCode, 206);
    assert.equal(r.ContentRange, 'bytes 5-9/20');
    assert.equal(await r.Body!.transformToString(), '56789');
    const tail = await s3().send(new GetObjectCommand({ Bucket: 'objs', Key: 'range', Range: 'bytes=-3' }));
    assert.equal(await tail.Body!.transformToString(), 'hij');
    const e = await fail(s3().send(new GetObjectCommand({ Bucket: 'objs', Key: 'range', Range: 'bytes=20-' })));
    assert.equal(e.name, 'InvalidRange');
    assert.equal(e.$metadata.httpStatusCode, 416);
    const nm = await fail(s3().send(new GetObjectCommand({ Bucket: 'objs', Key: 'range', IfNoneMatch: put.ETag })));
    assert.equal(nm.$metadata.httpStatusCode, 304);
    const pf = await fail(s3().send(new GetObjectCommand({ Bucket: 'objs', Key: 'range', IfMatch: '"0000"' })));
    assert.equal(pf.name, 'PreconditionFailed');
    assert.equal(pf.$metadata.httpStatusCode, 412);
    const ims = await fail(s3().send(new GetObjectCommand({ Bucket: 'objs', Key: 'range', IfModifiedSince: new Date(Date.now() + 60_000) })));
    assert.equal(ims.$metadata.httpStatusCode, 304);
    const ius = await fail(s3().send(new HeadObjectCommand({ Bucket: 'objs', Key: 'range', IfUnmodifiedSince: new Date(Date.now() - 3_600_000) })));
    assert.equal(ius.$metadata.httpStatusCode, 412);
    const ok = await s3().send(new GetObjectCommand({ Bucket: 'objs', Key: 'range', IfMatch: put.ETag }));
    assert.equal(await ok.Body!.transformToString(), body.toString());
  });

  it('copies with COPY and REPLACE metadata directives', async () => {
    await s3().send(new PutObjectCommand({ Bucket: 'objs', Key: 'src', Body: 'copy me', ContentType: 'text/plain', Metadata: { a: '1' } }));
    const c1 = await s3().send(new CopyObjectCommand({ Bucket: 'objs', Key: 'dst1', CopySource: 'objs/src' }));
    assert.equal(c1.CopyObjectResult?.ETag, `"${md5(Buffer.from('copy me'))}"`);
    const g1 = await s3().send(new GetObjectCommand({ Bucket: 'objs', Key: 'dst1' }));
    assert.equal(await g1.Body!.transformToString(), 'copy me');
    assert.deepEqual(g1.Metadata, { a: '1' });
    assert.equal(g1.ContentType, 'text/plain');
    await s3().send(new CopyObjectCommand({ Bucket: 'objs', Key: 'dst2', CopySource: '/objs/src', MetadataDirective: 'REPLACE', Metadata: { b: '2' }, ContentType: 'text/x' }));
    const g2 = await s3().send(new HeadObjectCommand({ Bucket: 'objs', Key: 'dst2' }));
    assert.deepEqual(g2.Metadata, { b: '2' });
    assert.equal(g2.ContentType, 'text/x');
    assert.equal((await fail(s3().send(new CopyObjectCommand({ Bucket: 'objs', Key: 'src', CopySource: 'objs/src' })))).name, 'InvalidRequest');
    assert.equal((await fail(s3().send(new CopyObjectCommand({ Bucket: 'objs', Key: 'x', CopySource: 'objs/missing' })))).name, 'NoSuchKey');
  });

  it('never copies a website redirect location: the one in the request applies, whatever the directive', async () => {
    await s3().send(new PutObjectCommand({ Bucket: 'objs', Key: 'page', Body: 'p', WebsiteRedirectLocation: '/elsewhere.html' }));
    await s3().send(new CopyObjectCommand({ Bucket: 'objs', Key: 'page-copy', CopySource: 'objs/page' }));
    assert.equal((await s3().send(new HeadObjectCommand({ Bucket: 'objs', Key: 'page-copy' }))).WebsiteRedirectLocation, undefined);
    await s3().send(new CopyObjectCommand({ Bucket: 'objs', Key: 'page-copy', CopySource: 'objs/page', WebsiteRedirectLocation: '/new.html' }));
    assert.equal((await s3().send(new HeadObjectCommand({ Bucket: 'objs', Key: 'page-copy' }))).WebsiteRedirectLocation, '/new.html');
    // A copy onto itself that only sets a redirect is a change, not an error.
    await s3().send(new CopyObjectCommand({ Bucket: 'objs', Key: 'page', CopySource: 'objs/page', WebsiteRedirectLocation: '/third.html' }));
    assert.equal((await s3().send(new HeadObjectCommand({ Bucket: 'objs', Key: 'page' }))).WebsiteRedirectLocation, '/third.html');
  });

  it('lists with prefix, delimiter, pages, start-after, fetch-owner and url encoding (v2 and v1)', async () => {
    const c = s3();
    await c.send(new CreateBucketCommand({ Bucket: 'listing' }));
    const keys = ['a/1', 'a/2', 'b/1', 'c', 'd e+f', 'é/x'];
    for (const k of keys) await c.send(new PutObjectCommand({ Bucket: 'listing', Key: k, Body: k }));
    const all = await c.send(new ListObjectsV2Command({ Bucket: 'listing' }));
    assert.deepEqual(all.Contents?.map((o) => o.Key), keys);
    assert.equal(all.KeyCount, 6);
    const d = await c.send(new ListObjectsV2Command({ Bucket: 'listing', Delimiter: '/' }));
    assert.deepEqual(d.CommonPrefixes?.map((p) => p.Prefix), ['a/', 'b/', 'é/']);
    assert.deepEqual(d.Contents?.map((o) => o.Key), ['c', 'd e+f']);
    const p1 = await c.send(new ListObjectsV2Command({ Bucket: 'listing', MaxKeys: 2, Delimiter: '/' }));
    assert.equal(p1.IsTruncated, true);
    assert.deepEqual([...(p1.CommonPrefixes ?? []).map((p) => p.Prefix)], ['a/', 'b/']);
    const p2 = await c.send(new ListObjectsV2Command({ Bucket: 'listing', MaxKeys: 2, Delimiter: '/', ContinuationToken: p1.NextContinuationToken! }));
    assert.deepEqual(p2.Contents?.map((o) => o.Key), ['c', 'd e+f']);
    const sa = await c.send(new ListObjectsV2Command({ Bucket: 'listing', StartAfter: 'b/1', Prefix: '', FetchOwner: true }));
    assert.deepEqual(sa.Contents?.map((o) => o.Key), ['c', 'd e+f', 'é/x']);
    assert.match(sa.Contents![0]!.Owner!.ID!, /^[0-9a-f]{64}$/);
    const enc = await c.send(new ListObjectsV2Command({ Bucket: 'listing', EncodingType: 'url', Prefix: 'd' }));
    // The v3 SDK hands url-encoded keys back as sent.
    assert.deepEqual(enc.Contents?.map((o) => o.Key), ['d%20e%2Bf']);
    const v1 = await c.send(new ListObjectsCommand({ Bucket: 'listing', Marker: 'a/2', MaxKeys: 2, Delimiter: '/' }));
    assert.deepEqual(v1.Contents?.map((o) => o.Key), ['c']);
    assert.deepEqual(v1.CommonPrefixes?.map((p) => p.Prefix), ['b/']);
    assert.equal(v1.IsTruncated, true);
    assert.equal(v1.NextMarker, 'c');
    assert.equal((await fail(c.send(new ListObjectsV2Command({ Bucket: 'listing', ContinuationToken: 'forged' })))).name, 'InvalidArgument');
    assert.equal((await fail(c.send(new ListObjectsV2Command({ Bucket: 'no-such-bucket-here' })))).name, 'NoSuchBucket');
  });

  it('tags objects, deletes one and many (Quiet), and deleting removes the file', async () => {
    const c = s3();
    await c.send(new PutObjectCommand({ Bucket: 'objs', Key: 't1', Body: 'x', Tagging: 'a=1&b=two%20words' }));
    assert.deepEqual((await c.send(new GetObjectTaggingCommand({ Bucket: 'objs', Key: 't1' }))).TagSet, [{ Key: 'a', Value: '1' }, { Key: 'b', Value: 'two words' }]);
    await c.send(new PutObjectTaggingCommand({ Bucket: 'objs', Key: 't1', Tagging: { TagSet: [{ Key: 'c', Value: '3' }] } }));
    assert.deepEqual((await c.send(new GetObjectTaggingCommand({ Bucket: 'objs', Key: 't1' }))).TagSet, [{ Key: 'c', Value: '3' }]);
    const tooMany = Array.from({ length: 11 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
    // As AWS answers (moto's AWS-verified tagging tests): more than 10 is BadRequest, a key prefixed aws: InvalidTag.
    const many = await fail(c.send(new PutObjectTaggingCommand({ Bucket: 'objs', Key: 't1', Tagging: { TagSet: tooMany } })));
    assert.equal(many.name, 'BadRequest');
    assert.equal(many.message, 'Object tags cannot be greater than 10');
    const system = await fail(c.send(new PutObjectTaggingCommand({ Bucket: 'objs', Key: 't1', Tagging: { TagSet: [{ Key: 'aws:item1', Value: 'foo' }] } })));
    assert.equal(system.name, 'InvalidTag');
    // A control character in a key or value is refused (it would reach s3:ExistingObjectTag/<key>).
    for (const tag of [{ Key: 'a\u0000', Value: '1' }, { Key: 'a', Value: 'x\r\ny' }]) {
      assert.equal((await fail(c.send(new PutObjectTaggingCommand({ Bucket: 'objs', Key: 't1', Tagging: { TagSet: [tag] } })))).name, 'InvalidTag', JSON.stringify(tag));
    }
    assert.equal((await fail(c.send(new PutObjectCommand({ Bucket: 'objs', Key: 't2', Body: 'x', Tagging: 'aws:foo=bar' })))).message, 'Your TagKey cannot be prefixed with aws:');
    const missing = await fail(c.send(new PutObjectTaggingCommand({ Bucket: 'objs', Key: 'never-written', Tagging: { TagSet: [{ Key: 'a', Value: 'b' }] } })));
    assert.equal(missing.name, 'NoSuchKey');
    assert.equal((missing as unknown as { Key?: string }).Key, 'never-written', 'the error names the key');
    const before = files(join(s.dataDir, 's3')).length;
    // A conditional delete: another ETag is 412 (Condition If-Match), an unknown key NoSuchKey, the ETag deletes.
    const stale = await fail(c.send(new DeleteObjectCommand({ Bucket: 'objs', Key: 't1', IfMatch: '"0123456789abcdef0123456789abcdef"' })));
    assert.equal(stale.$metadata.httpStatusCode, 412);
    assert.equal((stale as unknown as { Condition?: string }).Condition, 'If-Match');
    assert.equal((await fail(c.send(new DeleteObjectCommand({ Bucket: 'objs', Key: 'unknown', IfMatch: 'test' })))).name, 'NoSuchKey');
    const etag = (await c.send(new HeadObjectCommand({ Bucket: 'objs', Key: 't1' }))).ETag!;
    await c.send(new DeleteObjectCommand({ Bucket: 'objs', Key: 't1', IfMatch: etag }));
    assert.equal(files(join(s.dataDir, 's3')).length, before - 1);
    await c.send(new DeleteObjectCommand({ Bucket: 'objs', Key: 't1' }));
    for (const k of ['m1', 'm2']) await c.send(new PutObjectCommand({ Bucket: 'objs', Key: k, Body: k }));
    const out = await c.send(new DeleteObjectsCommand({ Bucket: 'objs', Delete: { Objects: [{ Key: 'm1' }, { Key: 'm2' }, { Key: 'never' }] } }));
    assert.deepEqual(out.Deleted?.map((d) => d.Key).sort(), ['m1', 'm2', 'never']);
    const quiet = await c.send(new DeleteObjectsCommand({ Bucket: 'objs', Delete: { Objects: [{ Key: 'dst1' }], Quiet: true } }));
    assert.equal(quiet.Deleted, undefined);
    assert.equal((await fail(c.send(new HeadObjectCommand({ Bucket: 'objs', Key: 'dst1' })))).$metadata.httpStatusCode, 404);
  });

  it('refuses keys over 1024 bytes, and serves a 1024-byte key', async () => {
    const e = await fail(s3().send(new PutObjectCommand({ Bucket: 'objs', Key: 'k'.repeat(1025), Body: 'x' })));
    assert.equal(e.name, 'KeyTooLongError');
    assert.equal(e.$metadata.httpStatusCode, 400);
    await s3().send(new PutObjectCommand({ Bucket: 'objs', Key: 'é'.repeat(512), Body: 'x' }));
    assert.equal((await fail(s3().send(new PutObjectCommand({ Bucket: 'objs', Key: 'é'.repeat(512) + 'x', Body: 'x' })))).name, 'KeyTooLongError');
  });

  it('answers keys, markers and tokens it cannot store with 4xx, never 5xx', async () => {
    const c = s3();
    const nul = await fail(c.send(new PutObjectCommand({ Bucket: 'objs', Key: 'a\u0000b', Body: 'x' })));
    assert.equal(nul.$metadata.httpStatusCode, 400);
    assert.equal((await fail(c.send(new GetObjectCommand({ Bucket: 'objs', Key: 'a\u0000b' })))).$metadata.httpStatusCode, 400);
    assert.equal((await fail(c.send(new ListObjectsV2Command({ Bucket: 'objs', StartAfter: 'a\u0000' })))).$metadata.httpStatusCode, 400);
    assert.equal((await c.send(new ListObjectsV2Command({ Bucket: 'objs', Prefix: 'a\u0000' }))).KeyCount, 0);
    const forged = Buffer.from('\u0000', 'utf8').toString('base64url');
    assert.equal((await fail(c.send(new ListBucketsCommand({ ContinuationToken: forged })))).$metadata.httpStatusCode, 400);
    assert.equal((await fail(c.send(new HeadBucketCommand({ Bucket: 'no%00such' })))).$metadata.httpStatusCode, 404);
  });

  it('answers a virtual-hosted request (BUCKET.localhost:PORT/key)', async () => {
    await s3().send(new PutObjectCommand({ Bucket: 'objs', Key: 'vh/key.txt', Body: 'virtual' }));
    const port = new URL(s.url).port;
    const c = new S3Client({ endpoint: `http://localhost:${port}`, region: 'us-east-1', credentials: s.credentials, forcePathStyle: false, maxAttempts: 1 });
    // The SDK puts the bucket in the host; name resolution of objs.localhost is not needed: the request goes to 127.0.0.1.
    c.middlewareStack.add((next) => async (args) => {
      const r = args.request as { hostname: string; headers: Record<string, string> };
      r.headers['host'] = `${r.hostname}:${port}`;
      r.hostname = '127.0.0.1';
      return next(args);
    }, { step: 'finalizeRequest', priority: 'low' });
    const got = await c.send(new GetObjectCommand({ Bucket: 'objs', Key: 'vh/key.txt' }));
    assert.equal(await got.Body!.transformToString(), 'virtual');
  });

  it('never answers 5xx to a body shorter than its Content-Length, and leaves nothing visible', async () => {
    const port = Number(new URL(s.url).port);
    const status = await new Promise<number | string>((resolve) => {
      const req = request({ host: '127.0.0.1', port, method: 'PUT', path: '/objs/short', headers: { 'content-length': '100', 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } }, (res) => resolve(res.statusCode ?? 0));
      req.on('error', (e) => resolve(String(e)));
      req.write('only 17 bytes....');
      setTimeout(() => req.destroy(), 200);
    });
    assert.ok(typeof status === 'string' || status < 500, String(status));
    assert.equal((await fail(s3().send(new HeadObjectCommand({ Bucket: 'objs', Key: 'short' })))).$metadata.httpStatusCode, 404);
  });

  it('answers malformed DeleteObjects XML with MalformedXML, never 5xx', async () => {
    await s3().send(new PutObjectCommand({ Bucket: 'objs', Key: 'keep-me', Body: 'x' }));
    for (const garbage of ['<Delete><Object><Key>keep-me</Key></Object>', 'not xml at all', '<Delete></Delete>', `<Delete>${'<Object><Key>k</Key></Object>'.repeat(1001)}</Delete>`]) {
      const c = s3();
      // Swap the body the SDK built before it is signed.
      c.middlewareStack.add((next) => async (args) => {
        const r = args.request as { body: unknown; headers: Record<string, string> };
        r.body = garbage;
        r.headers['content-length'] = String(Buffer.byteLength(garbage));
        delete r.headers['content-md5'];
        r.headers['x-amz-content-sha256'] = createHash('sha256').update(garbage).digest('hex');
        for (const h of Object.keys(r.headers)) if (h.startsWith('x-amz-checksum-') || h === 'x-amz-sdk-checksum-algorithm') delete r.headers[h];
        return next(args);
      }, { step: 'build', priority: 'low' });
      const e = await fail(c.send(new DeleteObjectsCommand({ Bucket: 'objs', Delete: { Objects: [{ Key: 'keep-me' }] } })));
      assert.equal(e.$metadata.httpStatusCode, 400, `${garbage.slice(0, 40)}: ${e.name} ${e.message}`);
      assert.equal(e.name, 'MalformedXML', garbage.slice(0, 40));
    }
    await s3().send(new HeadObjectCommand({ Bucket: 'objs', Key: 'keep-me' }));
  });

  it('keeps no plaintext in the data dir', async () => {
    const marker = 'PLAINTEXT-MARKER-the-cashier-receipts-4242';
    await s3().send(new PutObjectCommand({ Bucket: 'objs', Key: 'secret.txt', Body: marker.repeat(100) }));
    for (const f of files(s.dataDir)) assert.equal(readFileSync(f).includes(Buffer.from(marker)), false, f);
    const got = await s3().send(new GetObjectCommand({ Bucket: 'objs', Key: 'secret.txt' }));
    assert.equal(await got.Body!.transformToString(), marker.repeat(100));
  });
});
