/**
 * Retention of the event log: events older than `days` are deleted in batches (one short
 * transaction each, the event loop free between them), at start and then every `intervalMs`,
 * while the server keeps serving.
 */
import type { EventLog } from './event-log.js';

export const DEFAULT_RETENTION_DAYS = 90;
const DAY_MS = 24 * 3600 * 1000;

export interface RetentionOptions {
  readonly days: number;
  readonly now: () => number;
  readonly onError: (err: unknown) => void;
  /** Default 10 minutes. */
  readonly intervalMs?: number;
  /** Default 5000 events per transaction. */
  readonly batch?: number;
}

const turn = () => new Promise((r) => setImmediate(r));

/**
 * One pass: deletes every event older than the retention, batch by batch, then sweeps their index
 * entries (when any was deleted), `batch` index keys at a time; returns how many events.
 */
export async function rollOff(log: EventLog, days: number, now: number, batch = 5000): Promise<number> {
  const cutoff = now - days * DAY_MS;
  let total = 0;
  for (;;) {
    const n = await log.deleteOlderThan(cutoff, batch);
    total += n;
    if (n < batch) break;
    await turn();
  }
  if (total > 0) while (!(await log.sweepIndex(cutoff, batch))) await turn();
  return total;
}

/** Starts the periodic roll-off; the returned function stops it and resolves when a running pass ends. */
export function startRetention(log: EventLog, opts: RetentionOptions): () => Promise<void> {
  if (!(opts.days > 0)) throw new RangeError('event retention must be a positive number of days');
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const pass = () => {
    if (stopped) return;
    running = rollOff(log, opts.days, opts.now(), opts.batch).catch(opts.onError);
  };
  pass();
  const timer = setInterval(pass, opts.intervalMs ?? 10 * 60 * 1000);
  timer.unref();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await running;
  };
}
