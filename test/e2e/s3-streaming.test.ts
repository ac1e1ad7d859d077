/**
 * S3 uploads and downloads stream: 256 MiB put and got with the SDK over HTTP (generated as it is
 * sent, hashed as it is read) with RSS bounded and the MD5 intact; a signed aws-chunked upload with a
 * wrong chunk signature mid-way, through the in-process chain, stores nothing.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { startTestServer } from '../helpers/rampart.js';
import { after, before, describe, it } from 'node:test';
import { RequestHeaders } from '../../src/auth/index.js';
import { bootstrapDefaultAccount, type BootstrapResult } from '../../src/authz/bootstrap-account.js';
import { RingAuditSink } from '../../src/gateway/audit-sinks.js';
import { composeGateway, type Gateway } from '../../src/gateway/compose.js';
import type { GatewayRequest } from '../../src/gateway/http-types.js';
import { openStore } from '../../src/storage/open-store.js';
import type { Store } from '../../src/storage/types.js';
import { signStreamingUpload, uploadData } from '../helpers/sigv4-streaming-sign.js';

const MIB = 1024 ** 2;
let dir: string;
let store: Store;
let g: Gateway;
let A: BootstrapResult;

async function chainRequest(method: string, path: string, length: number, badChunkSignature?: number): Promise<{ req: GatewayRequest; produced: () => number }> {
  const up = await signStreamingUpload({
    payload: method === 'PUT' ? 'streaming-signed' : 'unsigned',
    length,
    chunkSize: MIB,
    ...(badChunkSignature !== undefined ? { badChunkSignature } : {}),
    target: { service: 's3', region: 'us-east-1', host: 'localhost:4566', path, credentials: A, now: Date.now() },
  });
  const headerIndex = RequestHeaders.fromRaw(up.req.rawHeaders);
  const body = up.body();
  return {
    req: { method, rawPath: up.req.rawPath, rawQuery: '', rawHeaders: up.req.rawHeaders, headers: headerIndex.toRecord(), headerIndex, body: { readAll: async () => { const parts: Buffer[] = []; for await (const c of body) parts.push(c as Buffer); return Buffer.concat(parts); }, stream: () => body }, sourceIp: '127.0.0.1', receivedAt: up.now },
    produced: up.produced,
  };
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rampart-s3-stream-'));
  store = await openStore({ kind: 'sqlite', dataDir: dir });
  A = await bootstrapDefaultAccount(store, { now: Date.now() });
  g = composeGateway({ store, account: A, audit: new RingAuditSink(), log: () => {}, dataDir: dir });
  const mk = await chainRequest('PUT', '/big-bucket', 0);
  const res = await g.chain(mk.req);
  assert.equal(res.status, 200, String(res.body));
});
after(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('S3 streaming', () => {
  it('256 MiB up and down through HTTP with the SDK: bounded memory, MD5 intact', async () => {
    const size = (process.env['S3_STREAM_MIB'] ? Number(process.env['S3_STREAM_MIB']) : 256) * MIB;
    const server = await startTestServer();
    try {
      const c = new S3Client({ endpoint: server.url, region: 'us-east-1', credentials: server.credentials, forcePathStyle: true, maxAttempts: 1 });
      await c.send(new CreateBucketCommand({ Bucket: 'big' }));
      const expected = createHash('md5');
      for (let o = 0; o < size; o += MIB) expected.update(uploadData(o, Math.min(MIB, size - o)));
      const md5 = expected.digest('hex');
      global.gc?.();
      const start = process.memoryUsage().rss;
      let peak = start;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
      try {
        let offset = 0;
        const source = new Readable({
          read() {
            if (offset >= size) return void this.push(null);
            const n = Math.min(MIB, size - offset);
            this.push(uploadData(offset, n));
            offset += n;
          },
        });
        const put = await c.send(new PutObjectCommand({ Bucket: 'big', Key: 'big.bin', Body: source, ContentLength: size }));
        assert.equal(put.ETag, `"${md5}"`);
        const got = await c.send(new GetObjectCommand({ Bucket: 'big', Key: 'big.bin' }));
        assert.equal(got.ContentLength, size);
        const h = createHash('md5');
        for await (const chunk of got.Body as Readable) h.update(chunk as Buffer);
        assert.equal(h.digest('hex'), md5);
      } finally {
        clearInterval(sampler);
      }
      assert.ok(peak - start < 150 * MIB, `RSS grew by ${((peak - start) / MIB).toFixed(0)} MB`);
    } finally {
      await server.close();
    }
  });

  it('a wrong chunk signature mid-upload fails with SignatureDoesNotMatch and leaves no object nor file', async () => {
    const files = (d: string): string[] => (existsSync(d) ? readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(d, e.name)) : [join(d, e.name)])) : []);
    const before = files(join(dir, 's3')).length;
    const up = await chainRequest('PUT', '/big-bucket/broken.bin', 32 * MIB, 5);
    const res = await g.chain(up.req);
    assert.equal(res.status, 403, String(res.body));
    assert.match(String(res.body), /SignatureDoesNotMatch/);
    assert.equal(files(join(dir, 's3')).length, before);
    assert.equal(await store.get('s3.objects', { kind: 'global' }, 'big-bucket/broken.bin'), undefined);
  });
});
