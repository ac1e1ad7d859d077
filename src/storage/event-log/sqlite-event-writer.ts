/**
 * The SQLite event log's writer: a worker thread with its own connection, so that the inserts of
 * every request's event (the row and its indexed attributes) never run on the event loop. One batch
 * at a time (group commit), each in one transaction; the event loop only posts the batch and
 * awaits its commit. Where no worker can start, the batch is written on the event loop.
 *
 * What it costs per event is what recording costs a request (bench/cloudtrail.ts): event ids are
 * time-ordered (their unique index grows at its end), the attribute index is one WITHOUT ROWID table
 * keyed by an (account, region) number, written with one statement per event, and retention deletes
 * the events only: their index entries, invisible once the event is gone (lookups join the events),
 * are swept later key by key (`sweepIndex`).
 */
import type BetterSqlite3 from 'better-sqlite3';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { indexedAttributes, type EventEntry } from './event-log.js';

/** One event as the writer inserts it: the row and its (code, value) attributes. */
export type WriterRow = readonly [eventId: string, account: string, region: string, eventTime: number, mgmt: 0 | 1, record: string, attrs: readonly (readonly [number, string])[]];

export const toRow = (e: EventEntry): WriterRow => {
  const mgmt = e.management === false ? 0 : 1;
  return [e.eventId, e.accountId, e.region, e.eventTime, mgmt, e.record, mgmt ? indexedAttributes(e) : []];
};

/** What the writer does on its connection, whichever thread runs it. */
interface WriterOps {
  write(rows: readonly WriterRow[]): void;
  /** Deletes at most `batch` events older than `cutoff`; how many. */
  roll(cutoff: number, batch: number): number;
  /** Removes index entries older than `cutoff` under at most `maxKeys` keys; true once every key is done. */
  sweep(cutoff: number, maxKeys: number): boolean;
}

/**
 * The writer's statements, as the body of a function of `db` (a better-sqlite3 connection)
 * returning its WriterOps: source text, because the worker thread runs it from `eval` (no module
 * loader there) and the event loop's fallback runs the very same code.
 */
const OPS_SOURCE = `
const insertEvent = db.prepare('INSERT INTO events (event_id, account, region, event_time, mgmt, record) VALUES (?, ?, ?, ?, ?, ?)');
const addScope = db.prepare('INSERT OR IGNORE INTO event_scopes (account, region) VALUES (?, ?)');
const findScope = db.prepare('SELECT id FROM event_scopes WHERE account = ? AND region = ?');
// Events are appended in time order (nearly): the oldest are the first rows, found without an index of their own.
const oldEvents = db.prepare('SELECT seq FROM events WHERE event_time < ? ORDER BY seq LIMIT ?');
const deleteEvent = db.prepare('DELETE FROM events WHERE seq = ?');
const nextKey = db.prepare('SELECT scope, k, v FROM event_index WHERE (scope, k, v) > (?, ?, ?) ORDER BY scope, k, v LIMIT 1');
const deleteOld = db.prepare('DELETE FROM event_index WHERE scope = ? AND k = ? AND v = ? AND event_time < ?');
const scopes = new Map();
const scopeOf = (account, region) => {
  const key = account + '\\u0000' + region;
  let id = scopes.get(key);
  if (id === undefined) {
    addScope.run(account, region);
    id = findScope.get(account, region).id;
    if (scopes.size > 10000) scopes.clear();
    scopes.set(key, id);
  }
  return id;
};
// One INSERT per event for its attributes, prepared per number of attributes.
const inserts = [];
const insertIndex = (n) => inserts[n] ??= db.prepare('INSERT OR IGNORE INTO event_index (scope, k, v, event_time, seq) VALUES ' + Array(n).fill('(?, ?, ?, ?, ?)').join(', '));
const write = db.transaction((rows) => {
  for (const [id, account, region, time, mgmt, record, attrs] of rows) {
    const seq = insertEvent.run(id, account, region, time, mgmt, record).lastInsertRowid;
    if (attrs.length === 0) continue;
    const scope = scopeOf(account, region);
    const args = [];
    for (const [k, v] of attrs) args.push(scope, k, v, time, seq);
    insertIndex(attrs.length).run(args);
  }
});
const roll = db.transaction((cutoff, batch) => {
  const seqs = oldEvents.all(cutoff, batch).map((r) => r.seq);
  for (const s of seqs) deleteEvent.run(s);
  return seqs.length;
});
let cursor = [-1, -1, ''];
const sweep = db.transaction((cutoff, maxKeys) => {
  for (let i = 0; i < maxKeys; i++) {
    const key = nextKey.get(cursor[0], cursor[1], cursor[2]);
    if (!key) { cursor = [-1, -1, '']; return true; }
    deleteOld.run(key.scope, key.k, key.v, cutoff);
    cursor = [key.scope, key.k, key.v];
  }
  return false;
});
return { write, roll, sweep };
`;

const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path);
db.pragma('busy_timeout = 5000');
db.pragma('synchronous = ' + workerData.synchronous);
const ops = (function (db) { ${OPS_SOURCE} })(db);
parentPort.on('message', (m) => {
  if (m.close) { db.close(); parentPort.postMessage({ closed: true }); return; }
  try {
    if (m.del) parentPort.postMessage({ id: m.id, n: ops.roll(m.del.cutoff, m.del.batch) });
    else if (m.sweep) parentPort.postMessage({ id: m.id, n: ops.sweep(m.sweep.cutoff, m.sweep.maxKeys) ? 1 : 0 });
    else { ops.write(m.rows); parentPort.postMessage({ id: m.id }); }
  }
  catch (e) { parentPort.postMessage({ id: m.id, error: String(e && e.message || e) }); }
});
`;

export interface EventWriter {
  write(rows: readonly WriterRow[]): Promise<void>;
  /** Deletes at most `batch` events older than `cutoff`; resolves with how many. */
  deleteOlderThan(cutoff: number, batch: number): Promise<number>;
  /** Sweeps the index entries of deleted events under at most `maxKeys` keys; true when done. */
  sweepIndex(cutoff: number, maxKeys: number): Promise<boolean>;
  close(): Promise<void>;
}

/** The writer on the event loop (no worker): the same statements on the given connection. */
export function inlineWriter(db: BetterSqlite3.Database): EventWriter {
  const ops = new Function('db', OPS_SOURCE)(db) as WriterOps;
  return {
    write: (rows) => Promise.resolve(ops.write(rows)),
    deleteOlderThan: (cutoff, batch) => Promise.resolve(ops.roll(cutoff, batch)),
    sweepIndex: (cutoff, maxKeys) => Promise.resolve(ops.sweep(cutoff, maxKeys)),
    close: () => Promise.resolve(),
  };
}

/** A writer thread on the database at `path`, or undefined when none can start. */
export function workerWriter(path: string, synchronous: 'NORMAL' | 'FULL'): EventWriter | undefined {
  let w: Worker;
  try {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    w = new Worker(WORKER, { eval: true, workerData: { driver, path, synchronous } });
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
    sweepIndex: (cutoff, maxKeys) => send({ sweep: { cutoff, maxKeys } }).then((n) => n === 1),
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
