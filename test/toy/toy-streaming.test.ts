/**
 * Streaming uploads through the chain, in-process: a 1 GiB aws-chunked upload (signed chunks,
 * generated as it is sent, never held) to the toy service's PutThing, whose handler counts the
 * bytes. Memory stays bounded, and a wrong chunk signature fails the request cleanly: AWS's error,
 * nothing stored, and the upload stops being read.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { RequestHeaders } from '../../src/auth/index.js';
import { bootstrapDefaultAccount, type BootstrapResult } from '../../src/authz/bootstrap-account.js';
import { RingAuditSink } from '../../src/gateway/audit-sinks.js';
import { composeGateway, type Gateway } from '../../src/gateway/compose.js';
import type { GatewayRequest } from '../../src/gateway/http-types.js';
import { openStore } from '../../src/storage/open-store.js';
import type { Store } from '../../src/storage/types.js';
import { jsonOf } from '../helpers/in-process.js';
import { signStreamingUpload } from '../helpers/sigv4-streaming-sign.js';
import { toyService } from './toy-service.js';

const GIB = 1024 ** 3;
const MIB = 1024 ** 2;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

let dir: string;
let store: Store;
let g: Gateway;
let A: BootstrapResult;

/** A signed aws-chunked PutThing of `length` bytes, as the chain's request, and its generator. */
async function upload(name: string, length: number, badChunkSignature?: number) {
  const up = await signStreamingUpload({
    payload: 'streaming-signed',
    length,
    chunkSize: MIB,
    ...(badChunkSignature !== undefined ? { badChunkSignature } : {}),
    target: { service: 'toy', region: 'us-east-1', host: 'localhost:4566', path: `/things/${name}`, credentials: A, now: Date.now() },
  });
  const headerIndex = RequestHeaders.fromRaw(up.req.rawHeaders);
  const body = up.body();
  const req: GatewayRequest = {
    method: 'PUT',
    rawPath: up.req.rawPath,
    rawQuery: '',
    rawHeaders: up.req.rawHeaders,
    headers: headerIndex.toRecord(),
    headerIndex,
    body: { readAll: () => Promise.reject(new Error('a streaming upload is never read whole')), stream: () => body },
    sourceIp: '127.0.0.1',
    receivedAt: up.now,
  };
  return { req, produced: up.produced, body };
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rampart-toy-stream-'));
  store = await openStore({ kind: 'sqlite', dataDir: dir });
  A = await bootstrapDefaultAccount(store, { now: Date.now() });
  g = composeGateway({ store, account: A, audit: new RingAuditSink(), log: () => {}, services: [toyService] });
});
after(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('streaming uploads through the chain', () => {
  it('1 GiB of signed aws-chunked data reaches the handler in bounded memory (RSS grows by under 80 MB)', async () => {
    gc();
    const up = await upload('big', GIB);
    // The baseline holds every service's code and data (it grows as services are added); the stream must add little to it.
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    const t0 = performance.now();
    try {
      const res = await g.chain(up.req);
      assert.equal(res.status, 200, String(res.body));
      assert.deepEqual(jsonOf(res), { Name: 'big', Bytes: GIB, Owner: A.accountId });
    } finally {
      clearInterval(sampler);
    }
    const seconds = (performance.now() - t0) / 1000;
    console.log(`1 GiB through the chain in ${seconds.toFixed(1)} s (${(1024 / seconds).toFixed(0)} MiB/s), RSS ${(baseline / MIB).toFixed(0)} MB before, peak ${(peak / MIB).toFixed(0)} MB`);
    assert.ok(peak - baseline < 80 * MIB, `RSS grew from ${(baseline / MIB).toFixed(0)} MB to ${(peak / MIB).toFixed(0)} MB`);
  });

  it('a wrong chunk signature fails with SignatureDoesNotMatch, stores nothing and stops reading', async () => {
    const up = await upload('broken', 64 * MIB, 5);
    const res = await g.chain(up.req);
    assert.equal(res.status, 403, String(res.body));
    assert.equal(res.headers['x-amzn-errortype']?.split(':')[0] ?? jsonOf(res)['__type'], 'InvalidSignatureException');
    // Chunks after the sixth are not read on (at most what stream buffers hold ahead).
    assert.ok(up.produced() < 16 * MIB, `${up.produced()} bytes generated`);
    assert.equal(await store.get('toy.things', { kind: 'account', accountId: A.accountId }, 'broken'), undefined);
  });
});
