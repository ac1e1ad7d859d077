/**
 * The KMS scheduler: carries out due work on time (key deletion at DeletionDate, automatic rotation
 * at NextRotationDate, expiry of imported material at ValidTo). All its state is in the store (the
 * due-work index, due-work.ts, and the lease, lease.ts), so it survives restarts: it scans on start
 * and every `intervalMs`, at most `batch` rows per tick. With several nodes on one PostgreSQL store
 * only the lease holder acts, and each piece of work re-checks the lease inside its own transaction
 * (a node that lost the lease mid-tick stops). Every piece of work also re-checks the key, so doing
 * one twice, or a stale row, changes nothing. The lazy checks at access stay as a fallback.
 */
import { randomUUID } from 'node:crypto';
import type { Store, StoreOps } from '../../storage/types.js';
import { dueRows, dueWork, GLOBAL, scheduleWork, type DueWork } from './due-work.js';
import { isExpired, removeMaterial } from './imported-material.js';
import { isDue } from './keys.js';
import { acquireLease, holdsLease, releaseLease } from '../../storage/lease.js';
import { KMS_TABLES } from './store.js';
import { rotate } from './rotation.js';
import { deleteKey } from './multi-region.js';
import { keys, regionScope } from './store.js';

export interface SchedulerTimers {
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

export interface SchedulerOptions {
  /** The clock (epoch ms); tests inject one. */
  readonly now?: () => number;
  /** Time between two ticks (default 5 s). */
  readonly intervalMs?: number;
  /** Rows handled per tick at most (default 100). */
  readonly batch?: number;
  /** How long a lease lasts unless renewed (default 3 intervals, at least 15 s). */
  readonly leaseMs?: number;
  /** This node's id in the lease (default a random UUID). */
  readonly holderId?: string;
  readonly log?: (msg: string, err?: unknown) => void;
  readonly timers?: SchedulerTimers;
}

/** A disabled key is not rotated; its rotation is looked at again this much later (so is work that failed). */
const RETRY_LATER_MS = 3_600_000;

export class KmsScheduler {
  readonly holderId: string;
  private readonly now: () => number;
  private readonly intervalMs: number;
  private readonly batch: number;
  private readonly leaseMs: number;
  private readonly timers: SchedulerTimers;
  private handle: unknown;
  private running: Promise<number> | undefined;
  private stopped = false;

  constructor(private readonly store: Store, private readonly opts: SchedulerOptions = {}) {
    this.now = opts.now ?? Date.now;
    this.intervalMs = opts.intervalMs ?? 5_000;
    this.batch = opts.batch ?? 100;
    this.leaseMs = opts.leaseMs ?? Math.max(15_000, 3 * this.intervalMs);
    this.holderId = opts.holderId ?? randomUUID();
    this.timers = opts.timers ?? { setInterval: (fn, ms) => setInterval(fn, ms).unref(), clearInterval: (h) => clearInterval(h as NodeJS.Timeout) };
  }

  /** Scans now (work that came due while no node ran), then every interval. */
  start(): void {
    if (this.handle !== undefined || this.stopped) return;
    this.handle = this.timers.setInterval(() => void this.tick(), this.intervalMs);
    void this.tick();
  }

  /**
   * One pass: takes or renews the lease, then does the work due (at most `batch` rows). Resolves
   * with the number of rows handled (0 when another node holds the lease). Never rejects; ticks
   * never overlap (a tick asked for while one runs joins it).
   */
  tick(): Promise<number> {
    if (this.stopped) return Promise.resolve(0);
    this.running ??= this.pass()
      .catch((e: unknown) => {
        this.opts.log?.('KMS scheduler: a pass failed (retried at the next tick)', e);
        return 0;
      })
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  /** Stops ticking, waits for a pass under way and gives the lease up. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.handle !== undefined) this.timers.clearInterval(this.handle);
    this.handle = undefined;
    await this.running;
    await releaseLease(KMS_TABLES.scheduler, this.store, this.holderId).catch((e: unknown) => this.opts.log?.('KMS scheduler: releasing the lease failed', e));
  }

  private async pass(): Promise<number> {
    if (!(await acquireLease(KMS_TABLES.scheduler, this.store, this.holderId, this.now(), this.leaseMs))) return 0;
    const rows = await dueRows(this.store, this.now(), this.batch);
    let done = 0;
    for (const row of rows) {
      if (this.stopped) break;
      let kept: boolean;
      try {
        kept = await this.store.transaction(async (tx) => {
          const now = this.now();
          // Fencing: a node that lost the lease (stalled past its expiry) does nothing more.
          if (!(await holdsLease(KMS_TABLES.scheduler, tx, this.holderId, now))) return false;
          await perform(tx, this.store, row.work, now);
          await dueWork.delete(tx, GLOBAL, row.key);
          return true;
        });
      } catch (e) {
        // One piece of work that fails must not hold up the rows after it: it is tried again later.
        this.opts.log?.(`KMS scheduler: ${row.work.kind} of key ${row.work.keyId} failed (retried in an hour)`, e);
        kept = await this.postpone(row.key, row.work);
      }
      if (!kept) break;
      done++;
    }
    return done;
  }

  private postpone(key: string, work: DueWork): Promise<boolean> {
    return this.store.transaction(async (tx) => {
      const now = this.now();
      if (!(await holdsLease(KMS_TABLES.scheduler, tx, this.holderId, now))) return false;
      await dueWork.delete(tx, GLOBAL, key);
      await scheduleWork(tx, { ...work, dueAt: now + RETRY_LATER_MS });
      return true;
    });
  }
}

/** Does one piece of due work (within `ops`, a transaction), if the key still calls for it. */
export async function perform(ops: StoreOps, store: Store, w: DueWork, now: number): Promise<void> {
  const scope = regionScope(w.accountId, w.region);
  const key = await keys.get(ops, scope, w.keyId);
  if (!key) return;
  if (w.kind === 'deletion') {
    if (isDue(key, now)) await deleteKey(ops, key, now);
    return;
  }
  if (w.kind === 'expiry') {
    if (isExpired(key, now)) await removeMaterial(ops, key);
    return;
  }
  // Automatic rotation: only when still enabled and due; a disabled key or one pending deletion is
  // not rotated (AWS) and is looked at again later.
  if (!key.rotation || key.rotation.nextAt > now) return;
  if (key.state !== 'Enabled') {
    await scheduleWork(ops, { ...w, dueAt: now + RETRY_LATER_MS });
    return;
  }
  const rotated = await rotate(ops, store, key, 'AUTOMATIC', now);
  await scheduleWork(ops, { ...w, dueAt: rotated.rotation!.nextAt });
}
