import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { after, describe, it } from 'node:test';
import { CHUNK } from './blob-cipher.js';
import { WriterThreads } from './blob-writer-thread.js';
import { BodyHasher } from './body-hasher.js';
import type { ChecksumAlgorithm } from '../../shared/checksums.js';

const dir = mkdtempSync(join(tmpdir(), 'rampart-writer-threads-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const one = new WriterThreads(1);
const two = new WriterThreads(2);
const KEY = randomBytes(32);
const ALGORITHMS: ChecksumAlgorithm[] = ['CRC64NVME', 'SHA256'];
let n = 0;

/** Writes `pieces` through `threads` into a new file; its path and the job's digests. */
async function written(threads: WriterThreads, pieces: readonly Buffer[]) {
  const path = join(dir, `body-${n++}`);
  const job = threads.start({ path, key: Buffer.from(KEY), blobId: 'the-blob', algorithms: ALGORITHMS })!;
  await pipeline(Readable.from(pieces), job);
  assert.equal(await job.created, true);
  return { path, digests: job.digests! };
}

describe('writer threads: each upload on one thread, a second thread for concurrent uploads', () => {
  it('uploads one at a time run on one thread, whatever the pool may start', async () => {
    for (const size of [0, 1, CHUNK - 1, CHUNK + 1, 5 * CHUNK + 77]) {
      const body = randomBytes(size);
      const pieces = [body.subarray(0, size >> 2), body.subarray(size >> 2, size >> 1), body.subarray(size >> 1)];
      const a = await written(one, pieces);
      const b = await written(two, pieces);
      const here = new BodyHasher(ALGORITHMS);
      here.update(body);
      const expected = here.digests();
      assert.deepEqual(a.digests, expected, `pool of one, ${size} bytes`);
      assert.deepEqual(b.digests, expected, `pool of two, ${size} bytes`);
      assert.deepEqual(readFileSync(b.path), readFileSync(a.path), `${size} bytes`);
    }
    assert.equal(two.started, 1, 'no upload overlapped another: one thread');
  });

  it('an upload cut short is let go by its thread: its file is gone once the job has closed', async () => {
    const path = join(dir, 'cut-short');
    const job = two.start({ path, key: Buffer.from(KEY), blobId: 'cut', algorithms: [] })!;
    const source = new Readable({
      read() {
        this.push(randomBytes(3 * CHUNK));
        this.destroy(new Error('client went away'));
      },
    });
    await assert.rejects(pipeline(source, job), /client went away/);
    if (!job.closed) await new Promise((resolve) => job.once('close', resolve));
    assert.equal(existsSync(path), false);
  });

  it('a file that cannot be created fails the job with the reason, and `created` says so', async () => {
    const job = two.start({ path: join(dir, 'no-such-folder', 'x'), key: Buffer.from(KEY), blobId: 'x', algorithms: [] })!;
    await assert.rejects(pipeline(Readable.from([randomBytes(1000)]), job), /object body write failed: ENOENT/);
    assert.equal(await job.created, false);
  });

  it('many uploads at once start the second thread, share the ring and all come out whole', async () => {
    const bodies = Array.from({ length: 24 }, (_, i) => randomBytes(150_000 + i * 3_001));
    for (const pool of [one, two]) {
      const results = await Promise.all(bodies.map((b) => written(pool, [b.subarray(0, 40_000), b.subarray(40_000)])));
      for (const [i, r] of results.entries()) {
        const h = new BodyHasher(ALGORITHMS);
        h.update(bodies[i]!);
        assert.deepEqual(r.digests, h.digests());
      }
    }
    assert.equal(one.started, 1);
    assert.equal(two.started, 2);
  });

  it('a thread that dies fails the uploads in progress, and the next upload starts afresh', async () => {
    const pool = new WriterThreads(2);
    const path = join(dir, 'dying');
    const job = pool.start({ path, key: Buffer.from(KEY), blobId: 'dying', algorithms: [] })!;
    let sent = 0;
    const endless = new Readable({
      read() {
        this.push(randomBytes(CHUNK));
        if (++sent === 3) void pool.stop();
      },
    });
    await assert.rejects(pipeline(endless, job), /the object writer thread exited/);
    assert.equal(pool.started, 0);
    const after = await written(pool, [randomBytes(70_000)]);
    assert.equal(after.digests.bytes, 70_000);
    assert.equal(pool.started, 1);
    await pool.stop();
  });
});
