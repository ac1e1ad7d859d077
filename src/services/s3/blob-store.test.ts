import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, describe, it, mock } from 'node:test';
import type { SealContext, SecretSealer } from '../../storage/types.js';
import { CHUNK } from './blob-cipher.js';
import { BlobStore } from './blob-store.js';
import { BodyTap, CHECKSUM_ALGORITHMS } from './object-write.js';

/** A sealer for tests: binds the value to its location, reveals the plaintext only as base64 (enough here). */
const sealer: SecretSealer = {
  seal: (p: string | Buffer, w: SealContext) => `t:${w.key}:${Buffer.from(p).toString('base64')}`,
  open: (s: string, w: SealContext) => {
    const [, k, v] = s.split(':');
    if (k !== w.key) throw new Error('wrong place');
    return Buffer.from(v!, 'base64');
  },
};
const dir = mkdtempSync(join(tmpdir(), 'rampart-blobs-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const collect = async (r: Readable) => {
  const parts: Buffer[] = [];
  for await (const c of r) parts.push(c as Buffer);
  return Buffer.concat(parts);
};
const files = (d: string): string[] => readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(d, e.name)) : [join(d, e.name)]));

for (const writerThread of [true, false]) describe(`sealed object bodies (${writerThread ? 'on the writer thread' : 'on the event loop'})`, () => {
  const blobs = new BlobStore(dir, sealer, { writerThread });
  for (const size of [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK + 17]) {
    it(`round-trips ${size} bytes, whole and by ranges`, async () => {
      const body = randomBytes(size);
      const ref = await blobs.write(Readable.from([body.subarray(0, size >> 1), body.subarray(size >> 1)]));
      assert.deepEqual(await collect(blobs.read(ref, size)), body);
      if (size > 2) {
        for (const [s, e] of [[0, 0], [1, size - 2], [size - 1, size - 1], [CHUNK - 1, Math.min(size - 1, CHUNK + 1)]] as const) {
          if (s > e || e >= size) continue;
          assert.deepEqual(await collect(blobs.read(ref, size, s, e)), body.subarray(s, e + 1), `${s}-${e}`);
        }
      }
    });
  }

  it('stores no plaintext, and a tampered or truncated body fails to read', async () => {
    const text = Buffer.from('the secret receipts of the coffee shop '.repeat(5000));
    const ref = await blobs.write(Readable.from([text]));
    const path = files(dir).find((f) => f.endsWith(ref.id))!;
    const stored = readFileSync(path);
    assert.equal(stored.includes(Buffer.from('secret receipts')), false);
    const flipped = Buffer.from(stored);
    flipped[10] = flipped[10]! ^ 1;
    writeFileSync(path, flipped);
    await assert.rejects(collect(blobs.read(ref, text.length)));
    writeFileSync(path, stored.subarray(0, stored.length - 100));
    await assert.rejects(collect(blobs.read(ref, text.length)));
    // Dropping the whole last chunk: the one before is not final.
    writeFileSync(path, stored.subarray(0, 65552));
    await assert.rejects(collect(blobs.read(ref, 65536)));
  });

  it('sweeps temporary files a crash left behind (only old ones)', async () => {
    const d = mkdtempSync(join(tmpdir(), 'rampart-blobs-sweep-'));
    try {
      mkdirSync(join(d, 'tmp'), { recursive: true });
      writeFileSync(join(d, 'tmp', 'old'), 'x');
      writeFileSync(join(d, 'tmp', 'recent'), 'x');
      const old = new Date(Date.now() - 2 * 24 * 3600 * 1000);
      utimesSync(join(d, 'tmp', 'old'), old, old);
      await new BlobStore(d, sealer, { writerThread }).write(Readable.from([Buffer.from('y')]));
      assert.deepEqual(readdirSync(join(d, 'tmp')), ['recent']);
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });

  it('a failed upload leaves no file behind', async () => {
    const before = files(dir).length;
    const failing = new Readable({ read() { this.push(Buffer.alloc(100_000)); this.destroy(new Error('client went away')); } });
    await assert.rejects(blobs.write(failing), /client went away/);
    assert.equal(files(dir).length, before);
  });
});

describe('the writer thread hashes as the event loop does', () => {
  it('same MD5, checksums and length for bodies cut into chunks of any size', async () => {
    const all = CHECKSUM_ALGORITHMS;
    for (const size of [0, 5, CHUNK, CHUNK * 2 + 3, 300_001]) {
      const body = randomBytes(size);
      const pieces = (): Buffer[] => {
        const out: Buffer[] = [];
        for (let i = 0; i < size; ) {
          const n = 1 + Math.floor(Math.random() * 70_000);
          out.push(body.subarray(i, i + n));
          i += n;
        }
        return out;
      };
      const onThread = new BodyTap(all);
      const here = new BodyTap(all);
      const a = await new BlobStore(dir, sealer, { writerThread: true }).write(Readable.from(pieces()), onThread);
      const b = await new BlobStore(dir, sealer, { writerThread: false }).write(Readable.from(pieces()), here);
      assert.equal(onThread.bytes, size);
      assert.equal(here.bytes, size);
      const expected = here.results(); // once: the hashes are then final
      assert.deepEqual(onThread.results(), expected);
      assert.equal(expected.md5, createHash('md5').update(body).digest('hex'));
      assert.deepEqual(await collect(new BlobStore(dir, sealer).read(a, size)), body);
      assert.deepEqual(await collect(new BlobStore(dir, sealer).read(b, size)), body);
    }
  });
});

describe('the writer thread under many uploads at once', () => {
  it('writes 40 concurrent bodies (more than the ring holds) byte-exact, and a failing one in their midst leaves nothing', async () => {
    const store = new BlobStore(dir, sealer, { writerThread: true });
    const bodies = Array.from({ length: 40 }, (_, i) => randomBytes(200_000 + i * 1_001));
    const before = files(dir).length;
    const failing = new Readable({
      read() {
        this.push(Buffer.alloc(300_000));
        this.destroy(new Error('client went away'));
      },
    });
    const [refs, failed] = await Promise.all([
      Promise.all(bodies.map((b) => store.write(Readable.from([b.subarray(0, 70_000), b.subarray(70_000)]), new BodyTap(['CRC64NVME'])))),
      store.write(failing).then(() => 'written', (e: Error) => e.message),
    ]);
    assert.equal(failed, 'client went away');
    assert.equal(files(dir).length, before + bodies.length);
    for (const [i, ref] of refs.entries()) assert.deepEqual(await collect(store.read(ref, bodies[i]!.length)), bodies[i]);
  });

  it('a body the thread cannot write (its file cannot be created) fails the write with the reason', async () => {
    const d = mkdtempSync(join(tmpdir(), 'rampart-blobs-fail-'));
    try {
      // Both bodies in one folder (a body's folder is named by the second it is written in).
      const now = Date.now();
      mock.method(Date, 'now', () => now);
      const store = new BlobStore(d, sealer, { writerThread: true });
      const first = await store.write(Readable.from([Buffer.from('first')]));
      rmSync(join(d, first.id.slice(0, 2)), { recursive: true });
      await assert.rejects(store.write(Readable.from([randomBytes(500_000)])), /object body write failed: ENOENT/);
      assert.deepEqual(files(d), []);
    } finally {
      mock.restoreAll();
      rmSync(d, { recursive: true, force: true });
    }
  });
});
