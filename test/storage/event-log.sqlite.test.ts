import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runEventLogConformance } from '../../src/storage/event-log/event-log-conformance.js';
import { openSqliteEventLog } from '../../src/storage/event-log/sqlite-event-log.js';

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
