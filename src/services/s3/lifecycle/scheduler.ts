/**
 * The S3 background work: lifecycle rules (runner.ts) and the orphaned-body sweep, on start and then
 * every `intervalMs` (default an hour: S3 evaluates lifecycle rules once a day, expiry times fall on
 * midnights UTC). With several nodes on one PostgreSQL store only the holder of the lease
 * (`s3.scheduler`, lease.ts) acts, and it checks it still holds it between keys.
 */
import { randomUUID } from 'node:crypto';
import { acquireLease, holdsLease, releaseLease } from '../../../storage/lease.js';
import type { Store } from '../../../storage/types.js';
import type { BlobStore } from '../blob-store.js';
import { runLifecycle, sweepOrphans, type LifecycleCounts } from './runner.js';

export const S3_SCHEDULER_TABLE = 's3.scheduler';

export interface S3SchedulerOptions {
  /** The clock lifecycle rules are evaluated at (epoch ms); tests inject one. */
  readonly now?: () => number;
  readonly intervalMs?: number;
  readonly leaseMs?: number;
  readonly holderId?: string;
  readonly log?: (msg: string, err?: unknown) => void;
}

export interface PassResult extends LifecycleCounts {
  orphansRemoved: number;
}

export class S3Scheduler {
  readonly holderId: string;
  private readonly now: () => number;
  private readonly intervalMs: number;
  private readonly leaseMs: number;
  private handle: NodeJS.Timeout | undefined;
  private running: Promise<PassResult | undefined> | undefined;
  private stopped = false;

  constructor(
    private readonly store: Store,
    private readonly blobs: BlobStore,
    private readonly opts: S3SchedulerOptions = {},
  ) {
    this.now = opts.now ?? Date.now;
    this.intervalMs = opts.intervalMs ?? 3_600_000;
    this.leaseMs = opts.leaseMs ?? Math.max(15 * 60_000, 2 * this.intervalMs);
    this.holderId = opts.holderId ?? randomUUID();
  }

  start(): void {
    if (this.handle !== undefined || this.stopped) return;
    this.handle = setInterval(() => void this.tick(), this.intervalMs).unref();
    void this.tick();
  }

  /** One pass (joined when one runs); undefined when another node holds the lease. Never rejects. */
  tick(): Promise<PassResult | undefined> {
    if (this.stopped) return Promise.resolve(undefined);
    this.running ??= this.pass()
      .catch((e: unknown) => {
        this.opts.log?.('S3 scheduler: a pass failed (retried at the next tick)', e);
        return undefined;
      })
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.handle !== undefined) clearInterval(this.handle);
    this.handle = undefined;
    await this.running;
    await releaseLease(S3_SCHEDULER_TABLE, this.store, this.holderId).catch((e: unknown) => this.opts.log?.('S3 scheduler: releasing the lease failed', e));
  }

  private async pass(): Promise<PassResult | undefined> {
    if (!(await acquireLease(S3_SCHEDULER_TABLE, this.store, this.holderId, this.now(), this.leaseMs))) return undefined;
    const lost = async () => this.stopped || !(await holdsLease(S3_SCHEDULER_TABLE, this.store, this.holderId, this.now()));
    const counts = await runLifecycle(this.store, this.blobs, this.now(), this.opts.log, lost);
    const orphansRemoved = (await lost()) ? 0 : await sweepOrphans(this.store, this.blobs, Date.now(), this.opts.log);
    return { ...counts, orphansRemoved };
  }
}
