/** The event log on SQLite: `<dataDir>/events.db`, its own file and WAL beside the item store's. */
import Database from 'better-sqlite3';
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { GroupCommit } from './group-commit.js';
import { inlineWriter, toRow, workerWriter, type EventWriter } from './sqlite-event-writer.js';
import { EVENT_COLUMNS, KEY_CODE, checkedAppend, lookupWindow, page, type EventEntry, type EventLog, type EventPage, type EventQuery, type StoredEvent } from './event-log.js';

/** File name of the event database inside the data directory. */
export const EVENTS_DB_FILE = 'events.db';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  seq INTEGER PRIMARY KEY,
  event_id TEXT NOT NULL UNIQUE,
  account TEXT NOT NULL,
  region TEXT NOT NULL,
  event_time INTEGER NOT NULL,
  mgmt INTEGER NOT NULL,
  record TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS events_by_time ON events(account, region, mgmt, event_time, seq);
CREATE INDEX IF NOT EXISTS events_by_seq ON events(account, region, seq);
CREATE TABLE IF NOT EXISTS event_scopes (
  id INTEGER PRIMARY KEY,
  account TEXT NOT NULL,
  region TEXT NOT NULL,
  UNIQUE (account, region)
);
CREATE TABLE IF NOT EXISTS event_index (
  scope INTEGER NOT NULL,
  k INTEGER NOT NULL,
  v TEXT NOT NULL,
  event_time INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  PRIMARY KEY (scope, k, v, event_time, seq)
) WITHOUT ROWID;
`;

/**
 * Stores written before the attribute index took its present shape (one table keyed by an
 * (account, region) scope number, no second index) have an `event_attrs` table: its rows move over.
 */
const MIGRATE_ATTRS = `
INSERT OR IGNORE INTO event_scopes (account, region) SELECT DISTINCT account, region FROM event_attrs;
INSERT OR IGNORE INTO event_index (scope, k, v, event_time, seq)
  SELECT s.id, a.k, a.v, a.event_time, a.seq FROM event_attrs a JOIN event_scopes s ON s.account = a.account AND s.region = a.region;
DROP TABLE event_attrs;
`;

interface Row {
  seq: number;
  event_id: string;
  account: string;
  region: string;
  event_time: number;
  record: string;
}

const toEvent = (r: Row): StoredEvent => ({ seq: r.seq, eventId: r.event_id, eventTime: r.event_time, accountId: r.account, region: r.region, record: r.record });
const COLS = EVENT_COLUMNS;

export interface SqliteEventLogOptions {
  readonly dataDir: string;
  /** `NORMAL` (default) or `FULL` (fsync on every commit), as the item store. */
  readonly synchronous?: 'NORMAL' | 'FULL';
  /** Write on a worker thread (default true): the inserts then never block the event loop. */
  readonly writerThread?: boolean;
}

/** Opens (creating) the event log in dataDir. */
export function openSqliteEventLog(opts: SqliteEventLogOptions): EventLog {
  mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 });
  const path = join(opts.dataDir, EVENTS_DB_FILE);
  const existed = existsSync(path);
  const db = new Database(path);
  try {
    if (!existed && process.platform !== 'win32') chmodSync(path, 0o600);
    db.pragma('busy_timeout = 5000');
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${opts.synchronous ?? 'NORMAL'}`);
    db.exec(SCHEMA);
    if (db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'event_attrs'").get()) db.transaction(() => db.exec(MIGRATE_ATTRS))();
  } catch (e) {
    db.close();
    throw e;
  }
  const writer = (opts.writerThread !== false ? workerWriter(path, opts.synchronous ?? 'NORMAL') : undefined) ?? inlineWriter(db);
  return new SqliteEventLog(db, writer);
}

class SqliteEventLog implements EventLog {
  readonly backend = 'sqlite' as const;
  private closed = false;
  private readonly group: GroupCommit<EventEntry>;
  private readonly byTime;
  private readonly byAttr;
  private readonly scopeOf;
  private readonly byId;
  private readonly afterSeq;

  constructor(
    private readonly db: Database.Database,
    private readonly writer: EventWriter,
  ) {
    this.byTime = db.prepare<[string, string, number, number, number, number], Row>(
      `SELECT ${COLS} FROM events e WHERE e.account = ? AND e.region = ? AND e.mgmt = 1 AND e.event_time >= ? AND (e.event_time, e.seq) < (?, ?) ORDER BY e.event_time DESC, e.seq DESC LIMIT ?`,
    );
    this.scopeOf = db.prepare<[string, string], { id: number }>('SELECT id FROM event_scopes WHERE account = ? AND region = ?');
    // The join also drops index entries whose event retention has deleted (swept later: sweepIndex).
    this.byAttr = db.prepare<[number, number, string, number, number, number, number], Row>(
      `SELECT ${COLS} FROM event_index a JOIN events e ON e.seq = a.seq WHERE a.scope = ? AND a.k = ? AND a.v = ? AND a.event_time >= ? AND (a.event_time, a.seq) < (?, ?) ORDER BY a.event_time DESC, a.seq DESC LIMIT ?`,
    );
    this.byId = db.prepare<[string, string, string, number, number], Row>(`SELECT ${COLS} FROM events e WHERE e.event_id = ? AND e.account = ? AND e.region = ? AND e.mgmt = 1 AND e.event_time BETWEEN ? AND ?`);
    this.afterSeq = db.prepare<[string, string, number, number], Row>(`SELECT ${COLS} FROM events e WHERE e.account = ? AND e.region = ? AND e.seq > ? ORDER BY e.seq LIMIT ?`);
    // The worker applies batches in the order they are posted: several may be on their way.
    this.group = new GroupCommit((entries) => this.writer.write(entries.map(toRow)), 4);
  }

  append(entries: readonly EventEntry[]): Promise<void> {
    return checkedAppend(this.closed, entries, (e) => this.group.add(e));
  }

  lookup(q: EventQuery): Promise<EventPage> {
    const { limit, endTime, endSeq } = lookupWindow(q);
    let rows: Row[];
    if (q.attribute?.key === 'EventId') {
      const r = this.byId.get(q.attribute.value, q.accountId, q.region, q.startTime, q.endTime);
      rows = r && (r.event_time < endTime || (r.event_time === endTime && r.seq < endSeq)) ? [r] : [];
    } else if (q.attribute) {
      const scope = this.scopeOf.get(q.accountId, q.region);
      rows = scope ? this.byAttr.all(scope.id, KEY_CODE[q.attribute.key], q.attribute.value, q.startTime, endTime, endSeq, limit + 1) : [];
    } else {
      rows = this.byTime.all(q.accountId, q.region, q.startTime, endTime, endSeq, limit + 1);
    }
    return Promise.resolve(page(rows.map(toEvent), limit));
  }

  after(accountId: string, region: string, afterSeq: number, limit: number): Promise<StoredEvent[]> {
    return Promise.resolve(this.afterSeq.all(accountId, region, afterSeq, Math.max(1, Math.floor(limit))).map(toEvent));
  }

  count(accountId?: string, region?: string): Promise<number> {
    const where = accountId === undefined ? '' : region === undefined ? ' WHERE account = ?' : ' WHERE account = ? AND region = ?';
    const args = [accountId, region].filter((a) => a !== undefined);
    return Promise.resolve((this.db.prepare(`SELECT count(*) AS n FROM events${where}`).get(...args) as { n: number }).n);
  }

  deleteOlderThan(cutoff: number, batch: number): Promise<number> {
    // On the writer (thread): deleting never blocks the event loop either.
    return this.writer.deleteOlderThan(cutoff, Math.max(1, Math.floor(batch)));
  }

  sweepIndex(cutoff: number, maxKeys: number): Promise<boolean> {
    return this.writer.sweepIndex(cutoff, Math.max(1, Math.floor(maxKeys)));
  }

  clear(): Promise<void> {
    this.db.exec('DELETE FROM event_index; DELETE FROM events;');
    return Promise.resolve();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.group.drain();
    await this.writer.close();
    this.db.close();
  }
}
