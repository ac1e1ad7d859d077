import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { runEventLogConformance } from '../../src/storage/event-log/event-log-conformance.js';
import { EVENTS_DB_FILE, openSqliteEventLog } from '../../src/storage/event-log/sqlite-event-log.js';
import { rollOff } from '../../src/storage/event-log/retention.js';

for (const writerThread of [true, false]) {
  runEventLogConformance(writerThread ? 'sqlite' : 'sqlite, writing on the event loop', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rampart-events-'));
    const log = openSqliteEventLog({ dataDir: dir, writerThread });
    return Promise.resolve({
      log,
      cleanup: async () => {
        await log.close();
        rmSync(dir, { recursive: true, force: true });
      },
    });
  });
}

describe('sqlite event log: its index on disk', () => {
  it('sweeps the index entries of the events retention deleted', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rampart-events-'));
    try {
      const log = openSqliteEventLog({ dataDir: dir });
      const T0 = Date.UTC(2026, 0, 1);
      await log.append(Array.from({ length: 20 }, (_, i) => ({ eventId: `e-${i}`, eventTime: T0 + i * 1000, accountId: '111122223333', region: i % 2 ? 'us-east-1' : 'eu-west-1', record: '{}', attributes: [['EventName', `Op${i % 3}`], ['Username', 'alice']] as const })));
      assert.equal(await rollOff(log, 1, T0 + 86_400_000 + 10_500, 3), 11);
      await log.close();
      const db = new Database(join(dir, EVENTS_DB_FILE), { readonly: true });
      const rows = db.prepare('SELECT event_time FROM event_index').all() as { event_time: number }[];
      db.close();
      assert.equal(rows.length, 18, '2 entries for each of the 9 events kept');
      assert.ok(rows.every((r) => r.event_time >= T0 + 11_000));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('moves the attribute rows of a store written by an earlier version (event_attrs) into the index', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rampart-events-'));
    try {
      const old = new Database(join(dir, EVENTS_DB_FILE));
      old.exec(`CREATE TABLE events (seq INTEGER PRIMARY KEY, event_id TEXT NOT NULL UNIQUE, account TEXT NOT NULL, region TEXT NOT NULL, event_time INTEGER NOT NULL, mgmt INTEGER NOT NULL, record TEXT NOT NULL);
        CREATE TABLE event_attrs (seq INTEGER NOT NULL, k INTEGER NOT NULL, v TEXT NOT NULL, account TEXT NOT NULL, region TEXT NOT NULL, event_time INTEGER NOT NULL, PRIMARY KEY (seq, k, v)) WITHOUT ROWID;
        INSERT INTO events VALUES (1, 'old-1', '111122223333', 'us-east-1', 1000, 1, '{"old":1}');
        INSERT INTO event_attrs VALUES (1, 3, 'alice', '111122223333', 'us-east-1', 1000);`);
      old.close();
      const log = openSqliteEventLog({ dataDir: dir });
      const p = await log.lookup({ accountId: '111122223333', region: 'us-east-1', attribute: { key: 'Username', value: 'alice' }, startTime: 0, endTime: 10_000, limit: 10 });
      assert.deepEqual(p.events.map((e) => e.eventId), ['old-1']);
      await log.close();
      const db = new Database(join(dir, EVENTS_DB_FILE), { readonly: true });
      assert.equal((db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'event_attrs'").get() as { n: number }).n, 0);
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
