import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { rollOff, startRetention } from './retention.js';
import { openSqliteEventLog } from './sqlite-event-log.js';

const DAY = 24 * 3600 * 1000;

describe('event retention', () => {
  it('deletes events older than the retention in batches, keeps the others', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rampart-retention-'));
    const log = openSqliteEventLog({ dataDir: dir });
    try {
      const now = Date.UTC(2026, 5, 1);
      const entry = (age: number) => ({ eventId: randomUUID(), eventTime: now - age, accountId: '111111111111', region: 'us-east-1', attributes: [['EventName', 'X']] as const, record: '{}' });
      await log.append([...Array.from({ length: 23 }, (_, i) => entry(91 * DAY + i)), ...Array.from({ length: 5 }, (_, i) => entry(i * DAY))]);
      assert.equal(await rollOff(log, 90, now, 4), 23);
      assert.equal(await log.count(), 5);
      assert.throws(() => startRetention(log, { days: 0, now: () => now, onError: () => {} }), RangeError);
      const stop = startRetention(log, { days: 2, now: () => now, onError: (e) => assert.fail(String(e)) });
      await stop();
      assert.equal(await log.count(), 3, 'ages 0, 1 and exactly 2 days are kept');
    } finally {
      await log.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
