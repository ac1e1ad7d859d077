import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openStore } from '../../storage/open-store.js';
import type { Store } from '../../storage/types.js';
import { dueWork, GLOBAL, scheduleWork } from './due-work.js';
import { acquireLease, currentLease, holdsLease } from '../../storage/lease.js';
import { addMaterial, DAY_MS } from './rotation.js';
import { KmsScheduler } from './scheduler.js';
import { KMS_TABLES, keys, material, regionScope, rotations, type KeyRecord } from './store.js';

const A = '111122223333';
const R = 'us-east-1';
const T0 = Date.UTC(2026, 0, 1);
let dir: string;
let store: Store;
let other: Store;
let n = 0;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rampart-kms-sched-'));
  store = await openStore({ kind: 'sqlite', dataDir: dir });
  // A second connection to the same SQLite file: another node.
  other = await openStore({ kind: 'sqlite', dataDir: dir });
});
after(async () => {
  await store.close();
  await other.close();
  rmSync(dir, { recursive: true, force: true });
});

const id = () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
async function newKey(extra: Partial<KeyRecord> = {}): Promise<KeyRecord> {
  const keyId = id();
  const k: KeyRecord = { id: keyId, accountId: A, region: R, arn: `arn:aws:kms:${R}:${A}:key/${keyId}`, createdAt: T0, description: '', state: 'Enabled', policy: '{}', tags: [], materialVersion: 1, ...extra };
  await store.transaction(async (tx) => {
    await addMaterial(tx, store, k, 1);
    await keys.put(tx, regionScope(A, R), k.id, k);
  });
  return k;
}
const getKey = (k: KeyRecord) => keys.get(store, regionScope(A, R), k.id);
const clock = (t: number) => {
  const c = { t, now: () => c.t };
  return c;
};

describe('KMS scheduler lease', () => {
  it('one holder at a time; another takes it only once it expired; the old holder fails the fencing check', async () => {
    assert.equal(await acquireLease(KMS_TABLES.scheduler, store, 'node-a', T0, 10_000), true);
    assert.equal(await acquireLease(KMS_TABLES.scheduler, other, 'node-b', T0 + 1, 10_000), false);
    assert.equal(await acquireLease(KMS_TABLES.scheduler, store, 'node-a', T0 + 5_000, 10_000), true, 'renewed');
    assert.equal(await acquireLease(KMS_TABLES.scheduler, other, 'node-b', T0 + 14_000, 10_000), false, 'renewal moved the expiry');
    assert.equal(await acquireLease(KMS_TABLES.scheduler, other, 'node-b', T0 + 15_000, 10_000), true, 'expired: taken over');
    assert.equal((await currentLease(KMS_TABLES.scheduler, store))?.holder, 'node-b');
    assert.equal(await holdsLease(KMS_TABLES.scheduler, store, 'node-a', T0 + 15_001), false);
    assert.equal(await holdsLease(KMS_TABLES.scheduler, store, 'node-b', T0 + 15_001), true);
  });
});

describe('KMS scheduler work', () => {
  it('deletes a key at its deletion date, not before; the index row goes with it', async () => {
    const c = clock(T0 + DAY_MS);
    const k = await newKey({ state: 'PendingDeletion', deletionDate: T0 + 7 * DAY_MS, pendingWindowInDays: 7 });
    await scheduleWork(store, { kind: 'deletion', accountId: A, region: R, keyId: k.id, dueAt: k.deletionDate! });
    const s = new KmsScheduler(store, { now: c.now, holderId: 'del' });
    await s.tick();
    assert.ok(await getKey(k), 'not due yet');
    c.t = T0 + 7 * DAY_MS;
    assert.ok((await s.tick()) >= 1);
    assert.equal(await getKey(k), undefined);
    assert.equal((await material.list(store, regionScope(A, R), { prefix: `${k.id}/` })).length, 0);
    assert.equal((await dueWork.list(store, GLOBAL)).filter((r) => r.value.keyId === k.id).length, 0);
    await s.stop();
  });

  it('a stale row (deletion cancelled) changes nothing', async () => {
    const c = clock(T0 + 30 * DAY_MS);
    const k = await newKey({ state: 'Disabled' });
    await scheduleWork(store, { kind: 'deletion', accountId: A, region: R, keyId: k.id, dueAt: T0 + 8 * DAY_MS });
    const s = new KmsScheduler(store, { now: c.now, holderId: 'stale' });
    await s.tick();
    assert.equal((await getKey(k))?.state, 'Disabled');
    await s.stop();
  });

  it('rotates automatically when NextRotationDate passes and schedules the next rotation', async () => {
    const c = clock(T0 + 365 * DAY_MS);
    const k = await newKey({ rotation: { periodDays: 365, nextAt: T0 + 365 * DAY_MS } });
    await scheduleWork(store, { kind: 'rotation', accountId: A, region: R, keyId: k.id, dueAt: T0 + 365 * DAY_MS });
    const s = new KmsScheduler(store, { now: c.now, holderId: 'rot' });
    await s.tick();
    const after = (await getKey(k))!;
    assert.equal(after.materialVersion, 2);
    assert.equal(after.rotation?.nextAt, c.t + 365 * DAY_MS);
    const rows = await rotations.list(store, regionScope(A, R), { prefix: `${k.id}/` });
    assert.deepEqual(rows.map((r) => [r.value.version, r.value.type, r.value.rotatedAt]), [[2, 'AUTOMATIC', c.t]]);
    assert.ok((await dueWork.list(store, GLOBAL)).some((r) => r.value.keyId === k.id && r.value.dueAt === c.t + 365 * DAY_MS));
    await s.stop();
  });

  it('does not rotate a disabled key (looked at again later)', async () => {
    const c = clock(T0 + 400 * DAY_MS);
    const k = await newKey({ state: 'Disabled', rotation: { periodDays: 365, nextAt: T0 + 365 * DAY_MS } });
    await scheduleWork(store, { kind: 'rotation', accountId: A, region: R, keyId: k.id, dueAt: T0 + 365 * DAY_MS });
    const s = new KmsScheduler(store, { now: c.now, holderId: 'dis' });
    await s.tick();
    assert.equal((await getKey(k))!.materialVersion, 1);
    assert.ok((await dueWork.list(store, GLOBAL)).some((r) => r.value.keyId === k.id && r.value.dueAt > c.t));
    await s.stop();
  });

  it('expires imported material at ValidTo: PendingImport, material deleted', async () => {
    const c = clock(T0 + 2 * DAY_MS);
    const k = await newKey({ origin: 'EXTERNAL', expirationModel: 'KEY_MATERIAL_EXPIRES', validTo: T0 + DAY_MS, importedMaterialId: 'x' });
    await scheduleWork(store, { kind: 'expiry', accountId: A, region: R, keyId: k.id, dueAt: T0 + DAY_MS });
    const s = new KmsScheduler(store, { now: c.now, holderId: 'exp' });
    await s.tick();
    const after = (await getKey(k))!;
    assert.equal(after.state, 'PendingImport');
    assert.equal(after.validTo, undefined);
    assert.equal(after.importedMaterialId, 'x');
    assert.equal((await material.list(store, regionScope(A, R), { prefix: `${k.id}/` })).length, 0);
    await s.stop();
  });

  it('a piece of work that fails is postponed and does not hold up the rows after it', async () => {
    const c = clock(T0 + 200 * DAY_MS);
    const bad = await newKey({ rotation: { periodDays: 365, nextAt: T0 + 150 * DAY_MS } });
    await scheduleWork(store, { kind: 'rotation', accountId: A, region: R, keyId: bad.id, dueAt: T0 + 150 * DAY_MS });
    const good = await newKey({ state: 'PendingDeletion', deletionDate: T0 + 160 * DAY_MS });
    await scheduleWork(store, { kind: 'deletion', accountId: A, region: R, keyId: good.id, dueAt: T0 + 160 * DAY_MS });
    // The rotation fails (its new material cannot be sealed); the deletion needs no sealing.
    const sealer = { seal: () => { throw new Error('sealer down'); }, open: store.sealer.open.bind(store.sealer) };
    const failing = new Proxy(store, {
      get(target, p) {
        if (p === 'sealer') return sealer;
        const v: unknown = Reflect.get(target, p);
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
    const logged: string[] = [];
    const s = new KmsScheduler(failing, { now: c.now, holderId: 'fail', log: (m) => logged.push(m) });
    assert.equal(await s.tick(), 2);
    assert.equal(await getKey(good), undefined, 'the row after the failing one was done');
    assert.equal((await getKey(bad))!.materialVersion, 1);
    assert.ok((await dueWork.list(store, GLOBAL)).some((r) => r.value.keyId === bad.id && r.value.dueAt === c.t + 3_600_000), 'postponed an hour');
    assert.match(logged.join('\n'), /rotation of key .* failed/);
    await s.stop();
  });

  it('bounds the work of a tick; two schedulers on one store: only the lease holder acts', async () => {
    const c = clock(T0 + 100 * DAY_MS);
    const ks: KeyRecord[] = [];
    for (let i = 0; i < 5; i++) {
      const k = await newKey({ state: 'PendingDeletion', deletionDate: T0 + 50 * DAY_MS });
      await scheduleWork(store, { kind: 'deletion', accountId: A, region: R, keyId: k.id, dueAt: T0 + 50 * DAY_MS });
      ks.push(k);
    }
    const a = new KmsScheduler(store, { now: c.now, holderId: 'tick-a', batch: 2, leaseMs: 60_000 });
    const b = new KmsScheduler(other, { now: c.now, holderId: 'tick-b', batch: 2, leaseMs: 60_000 });
    // In turn: two SQLite connections of one process would block each other's event loop (PostgreSQL
    // runs them concurrently: test/e2e/kms-lifecycle.test.ts).
    const first = [await a.tick(), await b.tick()];
    assert.equal(first.filter((x) => x > 0).length, 1, `one acted: ${first}`);
    assert.equal(first[0]! + first[1]!, 2, 'at most a batch');
    const actor = first[0]! > 0 ? a : b;
    const idle = actor === a ? b : a;
    assert.equal(await idle.tick(), 0);
    assert.equal(await actor.tick(), 2);
    await actor.tick();
    for (const k of ks) assert.equal(await getKey(k), undefined);
    // The holder stops and gives the lease up: the other node takes over at once.
    await actor.stop();
    const k = await newKey({ state: 'PendingDeletion', deletionDate: T0 });
    await scheduleWork(store, { kind: 'deletion', accountId: A, region: R, keyId: k.id, dueAt: T0 });
    assert.ok((await idle.tick()) >= 1);
    assert.equal(await getKey(k), undefined);
    await idle.stop();
  });
});
