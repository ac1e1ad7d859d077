/** The conformance suite every EventLog backend passes (run by test/storage/event-log.*.test.ts). */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { EventEntry, EventLog, LookupKey } from './event-log.js';

export interface EventLogHarness {
  readonly log: EventLog;
  cleanup(): Promise<void>;
}

const A = '111111111111';
const B = '222222222222';
const R = 'us-east-1';
const T0 = Date.UTC(2026, 0, 1);

function entry(i: number, over: Partial<EventEntry> = {}): EventEntry {
  const eventId = randomUUID();
  return {
    eventId,
    eventTime: T0 + i * 1000,
    accountId: A,
    region: R,
    attributes: [
      ['EventName', i % 2 === 0 ? 'GetUser' : 'CreateUser'],
      ['ReadOnly', i % 2 === 0 ? 'true' : 'false'],
      ['Username', `user${i % 3}`],
      ['EventSource', 'iam.amazonaws.com'],
      ['AccessKeyId', `AKIA${i % 4}`],
      ['ResourceType', 'AWS::IAM::User'],
      ['ResourceName', `r${i}`],
      ['ResourceName', `r${i}`],
    ],
    record: JSON.stringify({ eventID: eventId, i }),
    ...over,
  };
}

const nums = (events: readonly { record: string }[]) => events.map((e) => (JSON.parse(e.record) as { i: number }).i);

export function runEventLogConformance(name: string, make: () => Promise<EventLogHarness>): void {
  describe(`event log conformance (${name})`, () => {
    let h: EventLogHarness;
    beforeEach(async () => {
      h = await make();
    });
    afterEach(async () => {
      await h.cleanup();
    });

    it('appends and looks up newest first within the time range', async () => {
      await h.log.append(Array.from({ length: 10 }, (_, i) => entry(i)));
      const p = await h.log.lookup({ accountId: A, region: R, startTime: T0 + 2000, endTime: T0 + 7000, limit: 50 });
      assert.deepEqual(nums(p.events), [7, 6, 5, 4, 3, 2]);
      assert.equal(p.next, undefined);
      assert.equal(await h.log.count(), 10);
      assert.equal(await h.log.count(A, R), 10);
      assert.equal(await h.log.count(B), 0);
    });

    it('pages with a cursor, without loss or repetition, also with equal event times', async () => {
      await h.log.append(Array.from({ length: 25 }, (_, i) => entry(i, { eventTime: T0 + Math.floor(i / 5) * 1000 })));
      const seen: number[] = [];
      let before;
      for (let n = 0; n < 10; n++) {
        const p = await h.log.lookup({ accountId: A, region: R, startTime: T0, endTime: T0 + 100_000, limit: 7, ...(before ? { before } : {}) });
        seen.push(...nums(p.events));
        if (!p.next) break;
        before = p.next;
      }
      assert.equal(seen.length, 25);
      assert.equal(new Set(seen).size, 25);
      assert.deepEqual(seen.slice(0, 5).sort(), [20, 21, 22, 23, 24]);
    });

    it('looks up by every attribute', async () => {
      const entries = Array.from({ length: 12 }, (_, i) => entry(i));
      await h.log.append(entries);
      const q = (key: LookupKey, value: string) => h.log.lookup({ accountId: A, region: R, attribute: { key, value }, startTime: T0, endTime: T0 + 100_000, limit: 50 }).then((p) => nums(p.events));
      assert.deepEqual(await q('EventName', 'CreateUser'), [11, 9, 7, 5, 3, 1]);
      assert.deepEqual(await q('ReadOnly', 'true'), [10, 8, 6, 4, 2, 0]);
      assert.deepEqual(await q('Username', 'user1'), [10, 7, 4, 1]);
      assert.deepEqual(await q('AccessKeyId', 'AKIA3'), [11, 7, 3]);
      assert.deepEqual(await q('ResourceName', 'r5'), [5]);
      assert.equal((await q('ResourceType', 'AWS::IAM::User')).length, 12);
      assert.equal((await q('EventSource', 'iam.amazonaws.com')).length, 12);
      assert.deepEqual(await q('EventId', entries[4]!.eventId), [4]);
      assert.deepEqual(await q('EventName', 'getuser'), [], 'values match exactly');
      assert.deepEqual(await q('EventId', randomUUID()), []);
    });

    it('keeps accounts and regions apart', async () => {
      await h.log.append([entry(1), entry(2, { accountId: B }), entry(3, { region: 'eu-west-1' })]);
      const p = await h.log.lookup({ accountId: A, region: R, startTime: 0, endTime: T0 + 100_000, limit: 50 });
      assert.deepEqual(nums(p.events), [1]);
      const b = await h.log.lookup({ accountId: A, region: R, attribute: { key: 'EventId', value: (await h.log.after(B, R, 0, 10))[0]!.eventId }, startTime: 0, endTime: T0 + 100_000, limit: 50 });
      assert.deepEqual(b.events, [], 'another account\'s event is not found by its id');
    });

    it('keeps data events for delivery but out of lookups', async () => {
      const d = entry(5, { management: false });
      await h.log.append([entry(4), d]);
      const all = await h.log.lookup({ accountId: A, region: R, startTime: 0, endTime: T0 + 100_000, limit: 50 });
      assert.deepEqual(nums(all.events), [4]);
      const byId = await h.log.lookup({ accountId: A, region: R, attribute: { key: 'EventId', value: d.eventId }, startTime: 0, endTime: T0 + 100_000, limit: 50 });
      assert.deepEqual(byId.events, []);
      const byName = await h.log.lookup({ accountId: A, region: R, attribute: { key: 'ResourceName', value: 'r5' }, startTime: 0, endTime: T0 + 100_000, limit: 50 });
      assert.deepEqual(byName.events, []);
      assert.deepEqual(nums(await h.log.after(A, R, 0, 10)), [4, 5]);
    });

    it('reads in order after a sequence number (delivery)', async () => {
      await h.log.append([entry(0), entry(1)]);
      await h.log.append([entry(2), entry(3, { accountId: B })]);
      const all = await h.log.after(A, R, 0, 100);
      assert.deepEqual(nums(all), [0, 1, 2]);
      assert.ok(all[0]!.seq < all[1]!.seq && all[1]!.seq < all[2]!.seq);
      assert.deepEqual(nums(await h.log.after(A, R, all[0]!.seq, 1)), [1]);
      assert.deepEqual(await h.log.after(A, R, all[2]!.seq, 10), []);
    });

    it('group-commits concurrent appends, each resolving once stored', async () => {
      await Promise.all(Array.from({ length: 50 }, (_, i) => h.log.append([entry(i)])));
      assert.equal(await h.log.count(A, R), 50);
    });

    it('refuses a malformed entry without writing its batch or failing others', async () => {
      const bad = entry(1, { eventTime: -1 });
      const results = await Promise.allSettled([h.log.append([entry(0), bad]), h.log.append([entry(2)])]);
      assert.equal(results[0]!.status, 'rejected');
      assert.equal(results[1]!.status, 'fulfilled');
      assert.equal(await h.log.count(), 1);
      const dup = entry(3);
      await h.log.append([dup]);
      await assert.rejects(h.log.append([{ ...entry(4), eventId: dup.eventId }]));
      assert.equal(await h.log.count(), 2);
    });

    it('stores records verbatim, any Unicode', async () => {
      const record = JSON.stringify({ s: 'é 😀 \u2028 "q" \\ \n', i: 0 });
      await h.log.append([entry(0, { record })]);
      const [e] = await h.log.after(A, R, 0, 1);
      assert.equal(e!.record, record);
    });

    it('deletes older events in batches (retention) and their attributes', async () => {
      await h.log.append(Array.from({ length: 10 }, (_, i) => entry(i)));
      assert.equal(await h.log.deleteOlderThan(T0 + 6000, 4), 4);
      assert.equal(await h.log.deleteOlderThan(T0 + 6000, 4), 2);
      assert.equal(await h.log.deleteOlderThan(T0 + 6000, 4), 0);
      assert.equal(await h.log.count(), 4);
      const getUsers = () => h.log.lookup({ accountId: A, region: R, attribute: { key: 'EventName', value: 'GetUser' }, startTime: 0, endTime: T0 + 100_000, limit: 50 });
      assert.deepEqual(nums((await getUsers()).events), [8, 6]);
      // The index sweep, one key a call, ends, and leaves the lookups as they were.
      let calls = 0;
      while (!(await h.log.sweepIndex(T0 + 6000, 1))) assert.ok(++calls < 100, 'the sweep ends');
      assert.deepEqual(nums((await getUsers()).events), [8, 6]);
      await h.log.clear();
      assert.equal(await h.log.count(), 0);
    });
  });
}
