/**
 * Meters every authenticated request: the chain calls `record` (account, service, operation, time),
 * which adds one to a cell in memory, keyed by (day, account, service, operation, usage type); the
 * cells are written to the usage table in one transaction per batch, every `intervalMs`, when
 * `maxCells` cells are pending, and on `close`. Nothing waits for a write on the request path and a
 * failed write never fails a request: its cells go back into the pending ones for the next batch
 * (the log says so, at most once per interval).
 */
import type { Store } from '../../../storage/types.js';
import type { UsageCell } from '../pricing/cost-model.js';
import { addUsage } from './usage-store.js';
import { usageTypeOf } from './usage-type.js';

export interface MeterTimers {
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

export interface MeterOptions {
  /** Time between two flushes (default 10 s). */
  readonly intervalMs?: number;
  /** Pending cells that trigger a flush before the interval ends (default 10,000). */
  readonly maxCells?: number;
  readonly log?: (msg: string, err?: unknown) => void;
  /** Tests pass fake timers. */
  readonly timers?: MeterTimers;
  /** Where cells are written (default: the usage table). */
  readonly write?: (store: Store, cells: readonly UsageCell[]) => Promise<void>;
}

const DAY_MS = 86_400_000;

export class UsageMeter {
  private pending = new Map<string, { -readonly [K in keyof UsageCell]: UsageCell[K] }>();
  private running: Promise<void> = Promise.resolve();
  private handle: unknown;
  private lastLogged = -Infinity;
  private dayStart = 0;
  private day = '1970-01-01';
  private readonly usageTypes = new Map<string, string>();
  private readonly intervalMs: number;
  private readonly maxCells: number;
  private readonly timers: MeterTimers;
  private readonly write: (store: Store, cells: readonly UsageCell[]) => Promise<void>;

  constructor(private readonly store: Store, private readonly opts: MeterOptions = {}) {
    this.intervalMs = opts.intervalMs ?? 10_000;
    this.maxCells = opts.maxCells ?? 10_000;
    this.timers = opts.timers ?? { setInterval: (fn, ms) => setInterval(fn, ms).unref(), clearInterval: (h) => clearInterval(h as NodeJS.Timeout) };
    this.write = opts.write ?? addUsage;
  }

  /** Starts the periodic flush. */
  start(): void {
    if (this.handle === undefined) this.handle = this.timers.setInterval(() => void this.flush(), this.intervalMs);
  }

  /** One request of `accountId` to `service`'s `operation` at `now` (epoch ms). Synchronous and cheap; never throws. */
  record(accountId: string, service: string, operation: string, now: number): void {
    if (now < this.dayStart || now >= this.dayStart + DAY_MS) {
      this.dayStart = now - (((now % DAY_MS) + DAY_MS) % DAY_MS);
      this.day = new Date(this.dayStart).toISOString().slice(0, 10);
    }
    const key = `${this.day}|${accountId}|${service}|${operation}`;
    const cell = this.pending.get(key);
    if (cell) {
      cell.quantity++;
      return;
    }
    let usageType = this.usageTypes.get(operation);
    if (usageType === undefined) this.usageTypes.set(operation, (usageType = usageTypeOf(operation)));
    this.pending.set(key, { day: this.day, accountId, service, operation, usageType, quantity: 1 });
    if (this.pending.size >= this.maxCells) void this.flush();
  }

  /** Cells recorded and not yet written. */
  get pendingCells(): number {
    return this.pending.size;
  }

  /** Writes what is pending (after any flush under way). Never rejects. */
  flush(): Promise<void> {
    this.running = this.running.then(() => this.writeBatch());
    return this.running;
  }

  /** Drops what is pending (the state is being reset to first start: that usage belongs to no state). */
  discard(): void {
    this.pending.clear();
  }

  /** Stops the timer and writes what is pending. */
  async close(): Promise<void> {
    if (this.handle !== undefined) this.timers.clearInterval(this.handle);
    this.handle = undefined;
    await this.flush();
  }

  private async writeBatch(): Promise<void> {
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    try {
      await this.write(this.store, [...batch.values()]);
    } catch (e) {
      // Back into the pending cells (adding what arrived meanwhile): retried with the next batch.
      for (const [k, c] of batch) {
        const cur = this.pending.get(k);
        if (cur) cur.quantity += c.quantity;
        else this.pending.set(k, c);
      }
      const now = Date.now();
      if (now - this.lastLogged >= this.intervalMs) {
        this.lastLogged = now;
        this.opts.log?.('writing metered usage failed (kept in memory, retried with the next batch)', e);
      }
    }
  }
}
