import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openStore } from './open-store.js';
import { ReadCache } from './read-cache.js';
import type { Scope, Store } from './types.js';

const scope: Scope = { kind: 'region', accountId: '111122223333', region: 'us-east-1' };
let dir: string;
let store: Store;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rampart-read-cache-'));
  store = await openStore({ kind: 'sqlite', dataDir: dir });
});
after(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('ReadCache', () => {
  it('answers repeated reads of a cached table from memory, others from the store', async () => {
    const c = new ReadCache(store, new Set(['t.cached']));
    await store.put('t.cached', scope, 'k', { v: 1 });
    await store.put('t.other', scope, 'k', { v: 1 });
    assert.deepEqual((await c.get('t.cached', scope, 'k'))?.value, { v: 1 });
    assert.deepEqual((await c.get('t.cached', scope, 'k'))?.value, { v: 1 });
    await c.get('t.other', scope, 'k');
    await c.get('t.other', scope, 'k');
    assert.deepEqual([c.stats.hits, c.stats.misses], [1, 1]);
    c.close();
  });

  it('sees every committed write: put, delete, a transaction, a reset', async () => {
    const c = new ReadCache(store, new Set(['t.cached']));
    await store.put('t.cached', scope, 'w', { v: 1 });
    assert.deepEqual((await c.get('t.cached', scope, 'w'))?.value, { v: 1 });
    await store.put('t.cached', scope, 'w', { v: 2 });
    assert.deepEqual((await c.get('t.cached', scope, 'w'))?.value, { v: 2 });
    await store.transaction(async (tx) => tx.put('t.cached', scope, 'w', { v: 3 }));
    assert.deepEqual((await c.get('t.cached', scope, 'w'))?.value, { v: 3 });
    await store.delete('t.cached', scope, 'w');
    assert.equal(await c.get('t.cached', scope, 'w'), undefined);
    await store.put('t.cached', scope, 'w', { v: 4 });
    await c.get('t.cached', scope, 'w');
    await store.clearAll();
    assert.equal(await c.get('t.cached', scope, 'w'), undefined);
    c.close();
  });

  it('does not keep a value read while the table was being written', async () => {
    const c = new ReadCache(store, new Set(['t.cached']));
    await store.put('t.cached', scope, 'r', { v: 1 });
    const reading = c.get('t.cached', scope, 'r');
    await store.put('t.cached', scope, 'r', { v: 2 });
    await reading;
    assert.deepEqual((await c.get('t.cached', scope, 'r'))?.value, { v: 2 });
    c.close();
  });

  it('hands out frozen values, so a caller cannot change what others read', async () => {
    const c = new ReadCache(store, new Set(['t.cached']));
    await store.put('t.cached', scope, 'f', { tags: [{ k: 'a' }] });
    const v = (await c.get('t.cached', scope, 'f'))!.value as { tags: { k: string }[] };
    assert.throws(() => v.tags.push({ k: 'b' }), TypeError);
    assert.throws(() => {
      v.tags[0]!.k = 'changed';
    }, TypeError);
    c.close();
  });

  it('stays within its bound', async () => {
    const c = new ReadCache(store, new Set(['t.cached']), 2);
    for (const k of ['b1', 'b2', 'b3']) await store.put('t.cached', scope, k, { k });
    for (const k of ['b1', 'b2', 'b3']) await c.get('t.cached', scope, k);
    await c.get('t.cached', scope, 'b1');
    assert.equal(c.stats.hits, 0, 'b1 was dropped when b3 came in');
    c.close();
  });
});
