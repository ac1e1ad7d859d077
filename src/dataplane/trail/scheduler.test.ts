import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { openStore } from '../../storage/open-store.js';
import type { Store } from '../../storage/types.js';
import { directoryTarget } from './delivery-target.js';
import { digestFolder, logFolder } from './names.js';
import { DeliveryScheduler, type EventSource, type TrailDelivery } from './scheduler.js';
import { currentSigner, listPublicKeys, PUBLISHED_KEY_TABLE, SIGNING_KEY_TABLE } from './signing-keys.js';
import { verifyTrail } from './verify.js';
import { eventLogSource } from './event-source.js';
import { getState } from './delivery-state.js';

const A = '444455556666';
const R = 'ap-southeast-2';
const T0 = Date.UTC(2026, 5, 1);
const H = 3_600_000;
let dir: string;
let store: Store;
let other: Store;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rampart-trail-sched-'));
  store = await openStore({ kind: 'sqlite', dataDir: dir });
  other = await openStore({ kind: 'sqlite', dataDir: dir });
});
after(async () => {
  await store.close();
  await other.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('signing keys', () => {
  it('are sealed at rest, rotated, and listed with their validity', async () => {
    const a = await currentSigner(store, A, R, T0, 10 * H);
    assert.equal((await currentSigner(store, A, R, T0 + H, 10 * H)).fingerprint, a.fingerprint);
    const b = await currentSigner(store, A, R, T0 + 11 * H, 10 * H);
    assert.notEqual(b.fingerprint, a.fingerprint);
    const rows = await store.list(SIGNING_KEY_TABLE, { kind: 'region', accountId: A, region: R });
    assert.equal(rows.length, 2);
    const der = a.privateKey.export({ format: 'der', type: 'pkcs8' });
    for (const r of rows) {
      const v = r.value as { privateKey: string };
      assert.match(v.privateKey, /^rs2:/);
      assert.ok(!JSON.stringify(r.value).includes(der.toString('base64').slice(40, 80)), 'no private key material in clear');
    }
    const all = await listPublicKeys(store, A, R, T0, T0 + 20 * H);
    assert.deepEqual(all.map((k) => [k.fingerprint, k.validFrom, k.validTo]), [[a.fingerprint, T0, T0 + 11 * H], [b.fingerprint, T0 + 11 * H, undefined]]);
    assert.deepEqual((await listPublicKeys(store, A, R, T0 + 12 * H, T0 + 13 * H)).map((k) => k.fingerprint), [b.fingerprint]);
    assert.deepEqual(await listPublicKeys(store, A, 'us-west-2', 0, T0 + 20 * H), [], 'one key set per account and region');
    // Published for the CloudTrail service's ListPublicKeys.
    const pub = await store.list(PUBLISHED_KEY_TABLE, { kind: 'region', accountId: A, region: R });
    assert.deepEqual(
      pub.map((p) => p.value).sort((x, y) => (x as { validityStartTime: number }).validityStartTime - (y as { validityStartTime: number }).validityStartTime),
      all.map((k) => ({ value: k.value.toString('base64'), fingerprint: k.fingerprint, validityStartTime: k.validFrom, ...(k.validTo !== undefined ? { validityEndTime: k.validTo } : {}) })),
    );
  });
});

describe('delivery scheduler', () => {
  it('one node delivers (lease); without log file validation no digest is written', async () => {
    const trail: TrailDelivery = { accountId: A, region: 'eu-north-1', homeRegion: 'eu-north-1', trailName: 'lease-test', bucket: 'lease-bucket', logFileValidation: true };
    const plain: TrailDelivery = { ...trail, trailName: 'no-validation', bucket: 'plain-bucket', logFileValidation: false };
    let seq = 0;
    const source: EventSource = {
      async after(_a, _r, cursor, limit) {
        const recs = [];
        for (let s = cursor + 1; s <= seq && recs.length < limit; s++) recs.push({ eventTime: new Date(T0).toISOString(), eventName: `E${s}` });
        return { records: recs, next: cursor + recs.length };
      },
    };
    let now = T0;
    const root = join(dir, 'cloudtrail');
    const opts = { source, trails: async () => [trail, plain], targetFor: (b: string) => directoryTarget(root, b), now: () => now };
    const first = new DeliveryScheduler({ ...opts, store, holderId: 'node-a' });
    const second = new DeliveryScheduler({ ...opts, store: other, holderId: 'node-b' });
    await first.tick();
    for (let m = 1; m <= 13; m++) {
      now = T0 + m * 5 * 60_000;
      seq += 2;
      await second.tick();
      await first.tick();
    }
    const files = directoryTarget(root, 'lease-bucket');
    const logs = await files.list(logFolder(trail));
    assert.equal(logs.length, 13, 'one log file per pass, none twice');
    assert.equal((await files.list(digestFolder(trail))).length, 1);
    const plainFiles = directoryTarget(root, 'plain-bucket');
    assert.equal((await plainFiles.list(logFolder(plain))).length, 13);
    assert.equal((await plainFiles.list(digestFolder(plain))).length, 0);
    await first.stop();
    // Node A gave the lease up: node B carries on from the stored cursor (no event twice).
    now += 5 * 60_000;
    seq += 1;
    await second.tick();
    const all = await files.list(logFolder(trail));
    assert.equal(all.length, 14);
    const names: string[] = [];
    for (const k of all) names.push(...(JSON.parse(gunzipSync((await files.get(k))!.body).toString()) as { Records: { eventName: string }[] }).Records.map((r) => r.eventName));
    assert.deepEqual(names.sort(), Array.from({ length: seq }, (_, i) => `E${i + 1}`).sort(), 'every event delivered exactly once');
    await second.stop();
  });

  it('turning log file validation off ends the digest chain; turned on again, a new chain starts (a gap, not an error)', async () => {
    let validation = true;
    const trail = (): TrailDelivery => ({ accountId: A, region: 'sa-east-1', homeRegion: 'sa-east-1', trailName: 'toggle', bucket: 'toggle-bucket', logFileValidation: validation });
    const source: EventSource = { after: async (_a, _r, cursor) => ({ records: [], next: cursor }) };
    let now = T0;
    const root = join(dir, 'cloudtrail');
    const s = new DeliveryScheduler({ store, source, trails: async () => [trail()], targetFor: (b) => directoryTarget(root, b), now: () => now, holderId: 'toggle' });
    const run = async (until: number) => {
      for (; now <= until; now += 10 * 60_000) await s.tick();
    };
    await run(T0 + 1.5 * H);
    validation = false;
    await run(T0 + 4 * H);
    validation = true;
    await run(T0 + 6 * H);
    await s.stop();
    const files = directoryTarget(root, 'toggle-bucket');
    const digests = await files.list(digestFolder(trail()));
    const docs = await Promise.all(digests.map(async (k) => JSON.parse(gunzipSync((await files.get(k))!.body).toString()) as { previousDigestSignature: string | null }));
    assert.deepEqual(docs.map((d) => d.previousDigestSignature === null), [true, true, false]);
    const r = await verifyTrail({ loc: trail(), files, publicKeys: await listPublicKeys(store, A, 'sa-east-1', 0, T0 + 7 * H), start: T0, end: T0 + 7 * H });
    assert.equal(r.validDigests, 3);
    assert.equal(r.invalidDigests, 0);
    assert.deepEqual(r.findings.map((f) => f.kind), ['gap']);
  });

  it('the event log adapter leaves out what the trail does not select; the cursor still moves past it', async () => {
    const log = { events: [] as { seq: number; record: string }[], async after(_a: string, _r: string, seq: number, limit: number) { return this.events.filter((e) => e.seq > seq).slice(0, limit); } };
    for (let i = 1; i <= 7; i++) log.events.push({ seq: i * 10, record: JSON.stringify({ eventTime: new Date(T0).toISOString(), eventName: i % 2 ? `Get${i}` : `Put${i}` }) });
    const trail: TrailDelivery = { accountId: A, region: 'ca-central-1', homeRegion: 'ca-central-1', trailName: 'writes-only', bucket: 'writes-bucket', logFileValidation: false };
    const source = eventLogSource(log, (r) => !String(r['eventName']).startsWith('Get'));
    const root = join(dir, 'cloudtrail');
    const s = new DeliveryScheduler({ store, source, trails: async () => [trail], targetFor: (b) => directoryTarget(root, b), now: () => T0, recordsPerFile: 2, holderId: 'sel' });
    await s.tick();
    await s.stop();
    const files = directoryTarget(root, 'writes-bucket');
    const names: string[] = [];
    for (const k of await files.list(logFolder(trail))) names.push(...(JSON.parse(gunzipSync((await files.get(k))!.body).toString()) as { Records: { eventName: string }[] }).Records.map((r) => r.eventName));
    assert.deepEqual(names.sort(), ['Put2', 'Put4', 'Put6']);
    assert.equal((await getState(store, trail))?.cursor, 70);
  });

  it('an organization trail delivers each account from its own events, in its own folders, with its own digest chain signed by the owner\'s key', async () => {
    const M = '777788889999';
    const base: TrailDelivery = { accountId: A, region: 'eu-west-3', homeRegion: 'eu-west-3', trailName: 'org-trail', bucket: 'org-bucket', logFileValidation: true, organizationId: 'o-abcdefghij' };
    const own: TrailDelivery = { ...base, sourceAccountId: A };
    const member: TrailDelivery = { ...base, sourceAccountId: M };
    const asked: string[] = [];
    const source: EventSource = {
      async after(account, _r, cursor) {
        asked.push(account);
        // Each account has one event (seq 1) of its own.
        return cursor >= 1 ? { records: [], next: cursor } : { records: [{ eventTime: new Date(T0).toISOString(), eventName: `Call-${account}`, recipientAccountId: account }], next: 1 };
      },
    };
    let now = T0;
    const root = join(dir, 'cloudtrail');
    const s = new DeliveryScheduler({ store, source, trails: async () => [own, member], targetFor: (b) => directoryTarget(root, b), now: () => now, holderId: 'org' });
    await s.tick();
    now += H + 1000;
    await s.tick();
    await s.stop();
    assert.deepEqual([...new Set(asked)].sort(), [A, M].sort(), 'each delivery reads its own account\'s events');
    const files = directoryTarget(root, 'org-bucket');
    for (const [loc, account] of [[own, A], [member, M]] as const) {
      const logs = await files.list(logFolder(loc));
      assert.equal(logs.length, 1);
      assert.ok(logs[0]!.startsWith(`AWSLogs/o-abcdefghij/${account}/CloudTrail/eu-west-3/`), logs[0]);
      const body = JSON.parse(gunzipSync((await files.get(logs[0]!))!.body).toString()) as { Records: { eventName: string }[] };
      assert.deepEqual(body.Records.map((r) => r.eventName), [`Call-${account}`]);
      const digests = await files.list(digestFolder(loc));
      assert.equal(digests.length, 1);
      const d = JSON.parse(gunzipSync((await files.get(digests[0]!))!.body).toString()) as { awsAccountId: string; logFiles: { s3Object: string }[] };
      assert.equal(d.awsAccountId, account);
      assert.deepEqual(d.logFiles.map((f) => f.s3Object), logs);
      // Signed with the trail owner's key (the management account's ListPublicKeys).
      const r = await verifyTrail({ loc, files, publicKeys: await listPublicKeys(store, A, 'eu-west-3', 0, now), start: T0, end: now });
      assert.deepEqual([r.validDigests, r.invalidDigests, r.validLogs, r.invalidLogs], [1, 0, 1, 0]);
    }
    assert.notEqual((await getState(store, own))?.cursor, undefined);
    const stateKeys = (await store.list('cloudtrail.delivery-state', { kind: 'global' })).map((x) => x.key).filter((k) => k.includes('org-trail'));
    assert.deepEqual(stateKeys.sort(), [`${A}/eu-west-3/org-trail@${A}`, `${A}/eu-west-3/org-trail@${M}`].sort());
  });
});
