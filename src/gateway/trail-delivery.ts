/**
 * CloudTrail log file delivery, wired: one DeliveryScheduler (src/dataplane/trail) per runtime over
 * the event log, the trails that log (every account and region) and S3 (PutObject through the
 * internal client as cloudtrail.amazonaws.com, so the bucket policy decides as in AWS). A timer
 * (unref'd) ticks it every `tickMs`; the scheduler writes a log file every `logIntervalMs` and a
 * digest every `digestIntervalMs` per trail. Only the trail's home region is delivered (multi-region
 * fan-out is not done).
 */
import { eventLogSource, type OrderedEventLog } from '../dataplane/trail/event-source.js';
import { s3Target, type InternalCaller } from '../dataplane/trail/s3-target.js';
import { DeliveryScheduler, type TrailDelivery } from '../dataplane/trail/scheduler.js';
import { loggingTrails, trailSelects, type LoggingTrail } from '../services/cloudtrail/index.js';
import type { Clock } from '../shared/clock.js';
import type { Store } from '../storage/types.js';

export interface TrailDeliveryOptions {
  /** How often the scheduler runs (default 10 s). */
  readonly tickMs?: number;
  /** A log file per trail at most this often (default 5 minutes, as AWS). */
  readonly logIntervalMs?: number;
  /** A digest per trail this often (default one hour, as AWS). */
  readonly digestIntervalMs?: number;
}

export interface TrailDeliveryParts {
  readonly store: Store;
  readonly events: OrderedEventLog;
  readonly internal: InternalCaller;
  readonly clock: Clock;
  readonly log: (msg: string, err?: unknown) => void;
}

export interface TrailDeliveryRuntime {
  readonly scheduler: DeliveryScheduler;
  /** Stops the timer and waits for a pass under way (before the store closes). */
  stop(): Promise<void>;
}

/** Creates the scheduler and starts its timer. */
export function startTrailDelivery(parts: TrailDeliveryParts, opts: TrailDeliveryOptions = {}): TrailDeliveryRuntime {
  // The trail row each delivery was made from (read at every tick), for its selectors.
  const rows = new WeakMap<TrailDelivery, LoggingTrail>();
  const scheduler = new DeliveryScheduler({
    store: parts.store,
    now: parts.clock,
    log: parts.log,
    ...(opts.logIntervalMs !== undefined ? { logIntervalMs: opts.logIntervalMs } : {}),
    ...(opts.digestIntervalMs !== undefined ? { digestIntervalMs: opts.digestIntervalMs } : {}),
    source: eventLogSource(parts.events, (record, trail) => {
      const row = rows.get(trail);
      return row !== undefined && trailSelects(row, record);
    }),
    trails: async () => {
      const list = await loggingTrails(parts.store);
      return list.map((t) => {
        const d: TrailDelivery = {
          accountId: t.accountId, region: t.homeRegion, homeRegion: t.homeRegion, trailName: t.name, bucket: t.s3BucketName,
          logFileValidation: t.logFileValidationEnabled,
          ...(t.s3KeyPrefix ? { prefix: t.s3KeyPrefix.replace(/\/+$/, '') } : {}),
          ...(t.kmsKeyId ? { kmsKeyId: t.kmsKeyId } : {}),
        };
        rows.set(d, t);
        return d;
      });
    },
    targetFor: (bucket, trail) => {
      const t = rows.get(trail);
      if (!t) throw new Error(`CloudTrail delivery: unknown trail ${trail.trailName}`);
      return s3Target({ internal: parts.internal, bucket, region: t.homeRegion, trailArn: t.arn, accountId: t.accountId, now: parts.clock });
    },
  });
  let stopped = false;
  const timer = setInterval(() => {
    if (!stopped) void scheduler.tick();
  }, opts.tickMs ?? 10_000);
  timer.unref();
  return {
    scheduler,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await scheduler.stop();
    },
  };
}
