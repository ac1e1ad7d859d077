/**
 * CloudTrail log file delivery, wired: one DeliveryScheduler (src/dataplane/trail) per runtime over
 * the event log, the trails that log (every account and region) and S3 (PutObject through the
 * internal client as cloudtrail.amazonaws.com, so the bucket policy decides as in AWS). A timer
 * (unref'd) ticks it every `tickMs`; the scheduler writes a log file every `logIntervalMs` and a
 * digest every `digestIntervalMs` per trail and source region. A trail delivers its home region; a
 * multi-region trail also every other region of its partition from the first event there since it
 * logs (or since it became multi-region), and from then on (the delivery state of that region
 * exists) keeps that region's digest chain going hourly as AWS does. Each region's files go under
 * that region's folders, its digests signed with that region's key; the S3 calls name the trail's
 * own (home region) ARN. An organization trail delivers, the same way, every account of its
 * organization (read at every tick through the OrganizationDirectory) under `AWSLogs/O-ID/ACCOUNT/`,
 * each account with its own digest chain, signed with the trail owner's key (its ListPublicKeys),
 * and each account's events only from the time it joined; while its owner is no longer the
 * organization's management account or trusted access is off, it delivers its own account only.
 * At start, trails created before the global trail index existed are indexed once (in the background).
 */
import { stateKey, states } from '../dataplane/trail/delivery-state.js';
import { eventLogSource, type OrderedEventLog } from '../dataplane/trail/event-source.js';
import { s3Target, type InternalCaller } from '../dataplane/trail/s3-target.js';
import { DeliveryScheduler, type TrailDelivery } from '../dataplane/trail/scheduler.js';
import { GLOBAL as IDENTITY_GLOBAL, TABLES as IDENTITY_TABLES } from '../authz/identity-tables.js';
import { backfillTrailIndex, deliveryRegions, liveOrganization, loggingTrails, otherRegionsSince, trailSelects, type LoggingTrail } from '../services/cloudtrail/index.js';
import type { OrganizationDirectory } from '../shared/organization-directory.js';
import type { Clock } from '../shared/clock.js';
import { PARTITIONS } from '../shared/regions.js';
import type { EventLog } from '../storage/event-log/event-log.js';
import type { Scope, Store } from '../storage/types.js';

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
  /** The event log: its ordered read, and a lookup that tells whether a region has events. */
  readonly events: OrderedEventLog & Pick<EventLog, 'lookup'>;
  readonly internal: InternalCaller;
  readonly clock: Clock;
  readonly log: (msg: string, err?: unknown) => void;
  /** Accounts' organizations (organization trails); absent: organization trails deliver their own account only. */
  readonly organizations?: OrganizationDirectory;
}

/** What a delivery was made from: the trail row (its selectors) and the time its account's events start. */
interface DeliverySource {
  readonly trail: LoggingTrail;
  /** Epoch ms: the account joined the trail's organization (0: the trail's own account). */
  readonly since: number;
}

export interface TrailDeliveryRuntime {
  readonly scheduler: DeliveryScheduler;
  /** Stops the timer and waits for a pass under way (before the store closes). */
  stop(): Promise<void>;
}

/** Creates the scheduler and starts its timer. */
export function startTrailDelivery(parts: TrailDeliveryParts, opts: TrailDeliveryOptions = {}): TrailDeliveryRuntime {
  // The trail row each delivery was made from (read at every tick), for its selectors.
  const rows = new WeakMap<TrailDelivery, DeliverySource>();
  const scheduler = new DeliveryScheduler({
    store: parts.store,
    now: parts.clock,
    log: parts.log,
    ...(opts.logIntervalMs !== undefined ? { logIntervalMs: opts.logIntervalMs } : {}),
    ...(opts.digestIntervalMs !== undefined ? { digestIntervalMs: opts.digestIntervalMs } : {}),
    source: eventLogSource(parts.events, (record, trail) => {
      const row = rows.get(trail);
      return row !== undefined && trailSelects(row.trail, record, row.since);
    }),
    trails: async () => {
      const out: TrailDelivery[] = [];
      const delivered = new Map<string, Promise<Set<string>>>();
      const deliveredIn = (accountId: string): Promise<Set<string>> => {
        if (!delivered.has(accountId)) delivered.set(accountId, deliveredStates(parts.store, accountId));
        return delivered.get(accountId)!;
      };
      for (const t of await loggingTrails(parts.store)) {
        const organizationId = await liveOrganization(parts.organizations, t.accountId, t);
        const accounts = organizationId ? await parts.organizations!.accountsOf(organizationId) : [{ accountId: t.accountId, joinedAt: 0 }];
        for (const a of accounts) {
          const base = { accountId: t.accountId, homeRegion: t.homeRegion, trailName: t.name, ...(t.isOrganizationTrail && t.organizationId ? { organizationId: t.organizationId, sourceAccountId: a.accountId } : {}) };
          const active = async (region: string): Promise<boolean> => {
            if ((await deliveredIn(t.accountId)).has(stateKey({ ...base, region }))) return true;
            const probe = await parts.events.lookup({ accountId: a.accountId, region, startTime: Math.max(otherRegionsSince(t), a.joinedAt), endTime: Number.MAX_SAFE_INTEGER, limit: 1 });
            return probe.events.length > 0;
          };
          for (const region of await deliveryRegions(t, active)) {
            const d: TrailDelivery = {
              ...base, region, bucket: t.s3BucketName,
              logFileValidation: t.logFileValidationEnabled,
              ...(t.s3KeyPrefix ? { prefix: t.s3KeyPrefix.replace(/\/+$/, '') } : {}),
              ...(t.kmsKeyId ? { kmsKeyId: t.kmsKeyId } : {}),
            };
            rows.set(d, { trail: t, since: a.accountId === t.accountId ? 0 : a.joinedAt });
            out.push(d);
          }
        }
      }
      return out;
    },
    targetFor: (bucket, trail) => {
      const t = rows.get(trail)?.trail;
      if (!t) throw new Error(`CloudTrail delivery: unknown trail ${trail.trailName}`);
      return s3Target({ internal: parts.internal, bucket, region: t.homeRegion, trailArn: t.arn, accountId: t.accountId, now: parts.clock });
    },
  });
  const indexed = backfill(parts);
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
      await indexed;
      await scheduler.stop();
    },
  };
}

const GLOBAL: Scope = { kind: 'global' };

/** The keys (`ACCOUNT/REGION/TRAIL`) of the account's delivery states: the regions already delivered. */
async function deliveredStates(store: Store, accountId: string): Promise<Set<string>> {
  return new Set((await states.list(store, GLOBAL, { prefix: `${accountId}/` })).map((r) => r.key));
}

/** Indexes, once, the trails created before the global trail index existed (every account, every region). */
async function backfill(parts: TrailDeliveryParts): Promise<void> {
  try {
    const accounts = (await parts.store.list(IDENTITY_TABLES.accounts, IDENTITY_GLOBAL)).map((r) => r.key);
    const n = await backfillTrailIndex(parts.store, accounts, PARTITIONS.flatMap((p) => p.regions), parts.clock());
    if (n > 0) parts.log(`CloudTrail delivery: indexed ${n} trail(s) created before the trail index`);
  } catch (e) {
    parts.log('CloudTrail delivery: indexing older trails failed (retried at the next start)', e);
  }
}
