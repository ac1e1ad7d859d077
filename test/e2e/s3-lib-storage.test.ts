import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { CreateBucketCommand, GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { startTestServer, type TestServer } from '../helpers/rampart.js';
import { s3Client } from './s3-support.js';

const MiB = 1024 * 1024;
const TOTAL = 100 * MiB;
const PART = 8 * MiB;

/** A deterministic 100 MB body, produced in 1 MiB chunks (never whole in memory). */
function* chunks(): Generator<Buffer> {
  for (let i = 0; i < TOTAL / MiB; i++) {
    const c = Buffer.alloc(MiB);
    for (let j = 0; j < MiB; j += 4) c.writeUInt32LE(((i * MiB + j) ^ 0x9e3779b9) >>> 0, j);
    yield c;
  }
}

/** `@aws-sdk/lib-storage` uploads 100 MB in parts, concurrently; the object reads back byte-exact with AWS's ETag. */
describe('S3 multipart upload of 100 MB with @aws-sdk/lib-storage', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  it('round-trips byte-exact, with the multipart ETag and composite CRC32 AWS computes', async () => {
    const s3 = s3Client(server);
    const Bucket = 'lib-storage-100mb';
    await s3.send(new CreateBucketCommand({ Bucket }));

    const sha = createHash('sha256');
    const partMd5s: Buffer[] = [];
    let partBuf: Buffer[] = [];
    let partLen = 0;
    for (const c of chunks()) {
      sha.update(c);
      partBuf.push(c);
      partLen += c.length;
      if (partLen === PART) {
        partMd5s.push(createHash('md5').update(Buffer.concat(partBuf)).digest());
        partBuf = [];
        partLen = 0;
      }
    }
    if (partLen > 0) partMd5s.push(createHash('md5').update(Buffer.concat(partBuf)).digest());
    const expectedEtag = `"${createHash('md5').update(Buffer.concat(partMd5s)).digest('hex')}-${partMd5s.length}"`;
    const expectedSha = sha.digest('hex');

    const upload = new Upload({
      client: s3,
      params: { Bucket, Key: 'big/object.bin', Body: Readable.from(chunks()), ChecksumAlgorithm: 'CRC32' },
      partSize: PART,
      queueSize: 4,
      leavePartsOnError: false,
    });
    const done = await upload.done();
    assert.equal(done.ETag, expectedEtag, 'ETag: MD5 of the parts MD5s, dash, part count');
    assert.match(done.ChecksumCRC32 ?? '', new RegExp(`^[A-Za-z0-9+/]{6}==-${partMd5s.length}$`), 'composite CRC32 with the part count');

    const head = await s3.send(new HeadObjectCommand({ Bucket, Key: 'big/object.bin' }));
    assert.equal(head.ContentLength, TOTAL);
    assert.equal(head.ETag, expectedEtag);

    const got = await s3.send(new GetObjectCommand({ Bucket, Key: 'big/object.bin' }));
    const readSha = createHash('sha256');
    let n = 0;
    for await (const c of got.Body as Readable) {
      readSha.update(c as Buffer);
      n += (c as Buffer).length;
    }
    assert.equal(n, TOTAL);
    assert.equal(readSha.digest('hex'), expectedSha, 'bytes read back equal bytes uploaded');
  });
});
