import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { openStore } from '../../../storage/open-store.js';
import type { Store } from '../../../storage/types.js';
import { BlobStore } from '../blob-store.js';
import { buckets, GLOBAL, objectKey, objects } from '../store.js';
import { DAY_MS } from './rules.js';
import { S3Scheduler } from './scheduler.js';

describe('S3 scheduler', () => {
  let dir: string;
  let store: Store;
  let blobs: BlobStore;
  const T = Date.UTC(2026, 0, 1, 12);
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rampart-s3-sched-'));
    store = await openStore({ kind: 'sqlite', dataDir: dir });
    blobs = new BlobStore(join(dir, 'objects'), store.sealer);
    await buckets.put(store, GLOBAL, 'sched', { name: 'sched', accountId: '111122223333', region: 'us-east-1', createdAt: T, lifecycle: [{ id: 'r', enabled: true, prefix: '', tags: [], filterForm: 'none', expirationDays: 1 }] });
    const blob = await blobs.write(Readable.from([Buffer.from('body')]));
    await objects.put(store, GLOBAL, objectKey('sched', 'k'), { bucket: 'sched', key: 'k', size: 4, md5: '', lastModified: T, blob, contentType: 'binary/octet-stream', metadata: {}, checksums: {}, tags: [], owner: '111122223333' });
  });
  after(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('acts only under its lease, at the midnight after last-modified + days, and removes the body', async () => {
    let now = T + DAY_MS;
    const a = new S3Scheduler(store, blobs, { now: () => now, holderId: 'a' });
    const b = new S3Scheduler(store, blobs, { now: () => now, holderId: 'b' });
    assert.equal((await a.tick())?.expired, 0, 'not before the next midnight');
    assert.equal(await b.tick(), undefined, 'another node holds the lease');
    now = Date.UTC(2026, 0, 3);
    const rec = (await objects.get(store, GLOBAL, objectKey('sched', 'k')))!;
    assert.equal((await a.tick())?.expired, 1);
    assert.equal(await objects.get(store, GLOBAL, objectKey('sched', 'k')), undefined);
    assert.equal(await blobs.exists(rec.blob), false);
    await a.stop();
    assert.equal((await b.tick())?.expired, 0, 'the lease is released on stop');
    await b.stop();
  });
});
