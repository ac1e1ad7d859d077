/**
 * The SQLite event log's writer: a worker thread with its own connection, so that the inserts of
 * every request's event (the row and its indexed attributes) never run on the event loop. One batch
 * at a time (group commit), each in one transaction; the event loop only posts the batch and
 * awaits its commit. Where no worker can start, the batch is written on the event loop.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { indexedAttributes, type EventEntry } from './event-log.js';

/** One event as the writer inserts it: the row and its (code, value) attributes. */
export type WriterRow = readonly [eventId: string, account: string, region: string, eventTime: number, mgmt: 0 | 1, record: string, attrs: readonly (readonly [number, string])[]];

export const INSERT_EVENT = 'INSERT INTO events (event_id, account, region, event_time, mgmt, record) VALUES (?, ?, ?, ?, ?, ?)';
export const INSERT_ATTR = 'INSERT OR IGNORE INTO event_attrs (seq, k, v, account, region, event_time) VALUES (?, ?, ?, ?, ?, ?)';
// Events are appended in time order (nearly): the oldest are the first rows, found without an index of their own.
export const OLD_EVENTS = 'SELECT seq FROM events WHERE event_time < ? ORDER BY seq LIMIT ?';
export const DELETE_ATTRS = 'DELETE FROM event_attrs WHERE seq = ?';
export const DELETE_EVENT = 'DELETE FROM events WHERE seq = ?';

export const toRow = (e: EventEntry): WriterRow => {
  const mgmt = e.management === false ? 0 : 1;
  return [e.eventId, e.accountId, e.region, e.eventTime, mgmt, e.record, mgmt ? indexedAttributes(e) : []];
};

const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path);
db.pragma('busy_timeout = 5000');
db.pragma('synchronous = ' + workerData.synchronous);
const insertEvent = db.prepare(workerData.insertEvent);
const insertAttr = db.prepare(workerData.insertAttr);
const oldEvents = db.prepare(workerData.oldEvents);
const deleteAttrs = db.prepare(workerData.deleteAttrs);
const deleteEvent = db.prepare(workerData.deleteEvent);
const roll = db.transaction((cutoff, batch) => {
  const seqs = oldEvents.all(cutoff, batch).map((r) => r.seq);
  for (const s of seqs) { deleteAttrs.run(s); deleteEvent.run(s); }
  return seqs.length;
});
const write = db.transaction((rows) => {
  for (const [id, account, region, time, mgmt, record, attrs] of rows) {
    const seq = insertEvent.run(id, account, region, time, mgmt, record).lastInsertRowid;
    for (const [k, v] of attrs) insertAttr.run(seq, k, v, account, region, time);
  }
});
parentPort.on('message', (m) => {
  if (m.close) { db.close(); parentPort.postMessage({ closed: true }); return; }
  try {
    if (m.del) parentPort.postMessage({ id: m.id, n: roll(m.del.cutoff, m.del.batch) });
    else { write(m.rows); parentPort.postMessage({ id: m.id }); }
  }
  catch (e) { parentPort.postMessage({ id: m.id, error: String(e && e.message || e) }); }
});
`;

export interface EventWriter {
  write(rows: readonly WriterRow[]): Promise<void>;
  /** Deletes at most `batch` events older than `cutoff`; resolves with how many. */
  deleteOlderThan(cutoff: number, batch: number): Promise<number>;
  close(): Promise<void>;
}

/** The writer on the event loop (no worker): the same transaction on the given connection. */
export function inlineWriter(db: BetterSqlite3.Database): EventWriter {
  const insertEvent = db.prepare(INSERT_EVENT);
  const insertAttr = db.prepare(INSERT_ATTR);
  const tx = db.transaction((rows: readonly WriterRow[]) => {
    for (const [id, account, region, time, mgmt, record, attrs] of rows) {
      const seq = insertEvent.run(id, account, region, time, mgmt, record).lastInsertRowid;
      for (const [k, v] of attrs) insertAttr.run(seq, k, v, account, region, time);
    }
  });
  const oldEvents = db.prepare<[number, number], { seq: number }>(OLD_EVENTS);
  const deleteAttrs = db.prepare(DELETE_ATTRS);
  const deleteEvent = db.prepare(DELETE_EVENT);
  const roll = db.transaction((cutoff: number, batch: number) => {
    const seqs = oldEvents.all(cutoff, batch).map((r) => r.seq);
    for (const seq of seqs) {
      deleteAttrs.run(seq);
      deleteEvent.run(seq);
    }
    return seqs.length;
  });
  return {
    write: (rows) => {
      tx(rows);
      return Promise.resolve();
    },
    deleteOlderThan: (cutoff, batch) => Promise.resolve(roll(cutoff, batch)),
    close: () => Promise.resolve(),
  };
}

/** A writer thread on the database at `path`, or undefined when none can start. */
export function workerWriter(path: string, synchronous: 'NORMAL' | 'FULL'): EventWriter | undefined {
  let w: Worker;
  try {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    w = new Worker(WORKER, { eval: true, workerData: { driver, path, synchronous, insertEvent: INSERT_EVENT, insertAttr: INSERT_ATTR, oldEvents: OLD_EVENTS, deleteAttrs: DELETE_ATTRS, deleteEvent: DELETE_EVENT } });
  } catch {
    return undefined;
  }
  let next = 0;
  const pending = new Map<number, { resolve: (n: number) => void; reject: (e: Error) => void }>();
  let onClosed: (() => void) | undefined;
  const fail = (e: Error) => {
    for (const p of pending.values()) p.reject(e);
    pending.clear();
  };
  w.on('message', (m: { id?: number; n?: number; error?: string; closed?: boolean }) => {
    if (m.closed) return onClosed?.();
    const p = pending.get(m.id!);
    pending.delete(m.id!);
    if (pending.size === 0) w.unref();
    if (m.error === undefined) p?.resolve(m.n ?? 0);
    else p?.reject(new Error(`event log: ${m.error}`));
  });
  w.on('error', fail);
  w.on('exit', () => fail(new Error('event log: the writer thread exited')));
  w.unref();
  const send = (message: object): Promise<number> => {
    const id = next++;
    return new Promise<number>((resolve, reject) => {
      pending.set(id, { resolve, reject });
      w.ref();
      w.postMessage({ id, ...message });
    });
  };
  return {
    write: (rows) => send({ rows }).then(() => undefined),
    deleteOlderThan: (cutoff, batch) => send({ del: { cutoff, batch } }),
    async close() {
      await new Promise<void>((resolve) => {
        onClosed = resolve;
        w.ref();
        w.postMessage({ close: true });
      });
      await w.terminate();
    },
  };
}
