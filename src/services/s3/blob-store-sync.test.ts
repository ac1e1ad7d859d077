import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sharedDirSyncs } from './blob-store.js';

/** A fake fsync whose calls are settled by hand. */
function fakeSync() {
  const calls: { dir: string; done: () => void; fail: (e: Error) => void }[] = [];
  const syncOne = (dir: string) => new Promise<void>((done, fail) => void calls.push({ dir, done, fail }));
  return { calls, syncOne };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('BlobStore: shared directory fsyncs', () => {
  it('starts an fsync at once, and every call made while it runs shares the next one', async () => {
    const { calls, syncOne } = fakeSync();
    const sync = sharedDirSyncs(syncOne);
    const settled: string[] = [];
    const first = sync('d').then(() => settled.push('first'));
    const second = sync('d').then(() => settled.push('second'));
    const third = sync('d').then(() => settled.push('third'));
    assert.equal(calls.length, 1, 'the later calls wait for an fsync that starts after them');
    calls[0]!.done();
    await first;
    await tick();
    assert.deepEqual(settled, ['first']);
    assert.equal(calls.length, 2, 'one fsync for the two calls made meanwhile');
    calls[1]!.done();
    await Promise.all([second, third]);
    assert.deepEqual(settled, ['first', 'second', 'third']);
  });

  it('keeps directories apart, and starts afresh once a directory is idle', async () => {
    const { calls, syncOne } = fakeSync();
    const sync = sharedDirSyncs(syncOne);
    const a = sync('a');
    const b = sync('b');
    assert.deepEqual(calls.map((c) => c.dir), ['a', 'b']);
    calls[0]!.done();
    calls[1]!.done();
    await Promise.all([a, b]);
    await tick();
    const again = sync('a');
    assert.equal(calls.length, 3, 'an idle directory gets its own fsync at once');
    calls[2]!.done();
    await again;
  });

  it('still runs the queued fsync when the one before it failed, and passes on its failure', async () => {
    const { calls, syncOne } = fakeSync();
    const sync = sharedDirSyncs(syncOne);
    const first = sync('d');
    const second = sync('d');
    calls[0]!.fail(new Error('EIO'));
    await assert.rejects(first, /EIO/);
    await tick();
    assert.equal(calls.length, 2);
    calls[1]!.done();
    await second;
  });
});
