/**
 * The delivery scheduler: for every trail (and source region) it reads the new records from the
 * event source, writes a log file every `logIntervalMs` (AWS: about every 5 minutes) and, when log
 * file validation is on, a signed digest every `digestIntervalMs` (an hour), even with no log file in
 * it (as AWS). Its state is in the store (delivery-state.ts), so a restart continues the chain; with
 * several nodes only the holder of the lease (src/storage/lease.ts) delivers, and every state write
 * re-checks the lease in its transaction. Files are written before the state that records them: a
 * crash in between delivers the batch again under the same key (the name derives from the cursor
 * range) when the minute is the same, else once more under another name (at-least-once, as AWS).
 */
import { randomUUID } from 'node:crypto';
import { acquireLease, holdsLease, releaseLease } from '../../storage/lease.js';
import type { Store } from '../../storage/types.js';
import { buildDigest, logFileEntry } from './digest.js';
import type { DeliveryTarget } from './delivery-target.js';
import { addPending, clearPending, DELIVERY_LEASE_TABLE, getState, listPending, putState, type DeliveryState } from './delivery-state.js';
import { buildLogFile, type CloudTrailRecord } from './log-file.js';
import { logFileKey, sourceAccountOf, trailArn, uniquePart, type TrailLocation } from './names.js';
import { currentSigner, DEFAULT_ROTATION_MS } from './signing-keys.js';

/**
 * Where the records come from (the event log): those of one account (the trail's, or for an
 * organization trail the member delivered) and region after a cursor, in order, at most `limit`. `next` is the cursor after the last event read, even when the source
 * leaves events out for this trail (its event selectors): delivery stops when it does not move.
 */
export interface EventSource {
  after(accountId: string, region: string, cursor: number, limit: number, trail: TrailDelivery): Promise<{ readonly records: readonly CloudTrailRecord[]; readonly next: number }>;
}

/** One trail delivering the events of one source region. */
export interface TrailDelivery extends TrailLocation {
  readonly logFileValidation: boolean;
  /** SSE-KMS key of the trail (KmsKeyId), if any. */
  readonly kmsKeyId?: string;
  /** Cursor to start from when the trail has no state yet (its creation: older events are not delivered). */
  readonly startCursor?: number;
}

export interface DeliverySchedulerOptions {
  readonly store: Store;
  readonly source: EventSource;
  /** The trails to deliver (read at every tick). */
  readonly trails: () => Promise<readonly TrailDelivery[]>;
  /** The target writing one bucket, for the trail delivering (its ARN and account sign the S3 calls). */
  readonly targetFor: (bucket: string, trail: TrailDelivery) => DeliveryTarget;
  readonly now?: () => number;
  /** Default 5 minutes. */
  readonly logIntervalMs?: number;
  /** Default one hour. */
  readonly digestIntervalMs?: number;
  readonly recordsPerFile?: number;
  /** Log files per trail and tick at most (bounds one tick). */
  readonly filesPerTick?: number;
  readonly keyRotationMs?: number;
  readonly leaseMs?: number;
  readonly holderId?: string;
  readonly log?: (msg: string, err?: unknown) => void;
}

export class DeliveryScheduler {
  readonly holderId: string;
  private readonly now: () => number;
  private running: Promise<void> | undefined;

  constructor(private readonly o: DeliverySchedulerOptions) {
    this.holderId = o.holderId ?? randomUUID();
    this.now = o.now ?? Date.now;
  }

  /** One pass over every trail; never rejects (a trail that fails is retried next tick). */
  tick(): Promise<void> {
    this.running ??= this.pass().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** Waits for a pass under way and gives the lease up. */
  async stop(): Promise<void> {
    await this.running;
    await releaseLease(DELIVERY_LEASE_TABLE, this.o.store, this.holderId);
  }

  private async pass(): Promise<void> {
    const leaseMs = this.o.leaseMs ?? 60_000;
    if (!(await acquireLease(DELIVERY_LEASE_TABLE, this.o.store, this.holderId, this.now(), leaseMs))) return;
    let trails: readonly TrailDelivery[];
    try {
      trails = await this.o.trails();
    } catch (e) {
      this.o.log?.('CloudTrail delivery: listing the trails failed', e);
      return;
    }
    for (const t of trails) {
      try {
        await this.deliverTrail(t);
      } catch (e) {
        this.o.log?.(`CloudTrail delivery: ${trailArn(t)} (${t.region}${t.organizationId ? `, account ${sourceAccountOf(t)}` : ''}) failed (retried next tick)`, e);
      }
    }
  }

  /** Commits a state change if this node still holds the lease; false otherwise. */
  private commit(fn: (tx: Parameters<Parameters<Store['transaction']>[0]>[0]) => Promise<void>): Promise<boolean> {
    return this.o.store.transaction(async (tx) => {
      if (!(await holdsLease(DELIVERY_LEASE_TABLE, tx, this.holderId, this.now()))) return false;
      await fn(tx);
      return true;
    });
  }

  private async deliverTrail(t: TrailDelivery): Promise<void> {
    const now = this.now();
    const initial: DeliveryState = {
      accountId: t.accountId, region: t.region, homeRegion: t.homeRegion, trailName: t.trailName, bucket: t.bucket, prefix: t.prefix ?? null,
      ...(t.organizationId ? { organizationId: t.organizationId, sourceAccountId: sourceAccountOf(t) } : {}),
      cursor: t.startCursor ?? 0, lastLogAt: now, digestStart: now, pendingSeq: 0, lastDigest: null,
    };
    const stored = await getState(this.o.store, t);
    // The trail's bucket or prefix may change (UpdateTrail): files go to the new place from now on.
    let state: DeliveryState = { ...(stored ?? initial), bucket: t.bucket, prefix: t.prefix ?? null };
    if (!stored && !(await this.commit((tx) => putState(tx, state)))) return;
    if (!stored || now - state.lastLogAt >= (this.o.logIntervalMs ?? 300_000)) {
      const next = await this.deliverLogs(t, state, now);
      if (!next) return;
      state = next;
    }
    if (!t.logFileValidation) {
      // As AWS: with validation off no digest is written and the chain ends; it starts again (no
      // previous digest) an hour after validation is turned back on.
      if (state.pendingSeq > 0 || state.lastDigest !== null || now - state.digestStart >= (this.o.digestIntervalMs ?? 3_600_000)) {
        const s: DeliveryState = { ...state, pendingSeq: 0, digestStart: now, lastDigest: null };
        await this.commit(async (tx) => {
          await clearPending(tx, state);
          await putState(tx, s);
        });
      }
      return;
    }
    if (now - state.digestStart >= (this.o.digestIntervalMs ?? 3_600_000)) await this.deliverDigest(t, state, now);
  }

  private async deliverLogs(t: TrailDelivery, start: DeliveryState, now: number): Promise<DeliveryState | undefined> {
    const target = this.o.targetFor(t.bucket, t);
    const limit = this.o.recordsPerFile ?? 1000;
    let state = start;
    for (let i = 0; i < (this.o.filesPerTick ?? 20); i++) {
      const batch = await this.o.source.after(sourceAccountOf(t), t.region, state.cursor, limit, t);
      if (batch.next === state.cursor) break;
      const prev = state;
      if (batch.records.length === 0) {
        // Every event read was left out for this trail: only the cursor moves.
        const s: DeliveryState = { ...state, cursor: batch.next, lastLogAt: now };
        if (!(await this.commit((tx) => putState(tx, s)))) return undefined;
        state = s;
        continue;
      }
      const file = buildLogFile(batch.records);
      const key = logFileKey(t, now, uniquePart(`${trailArn(t)}\n${sourceAccountOf(t)}\n${t.region}\n${state.cursor}\n${batch.next}`));
      await target.put(key, file.body, {}, t.kmsKeyId ? { kmsKeyId: t.kmsKeyId } : {});
      const s: DeliveryState = { ...state, cursor: batch.next, pendingSeq: state.pendingSeq + 1, lastLogAt: now };
      if (!(await this.commit(async (tx) => { await addPending(tx, prev, logFileEntry(t.bucket, key, file)); await putState(tx, s); }))) return undefined;
      state = s;
    }
    if (state.lastLogAt !== now) {
      const s = { ...state, lastLogAt: now };
      if (!(await this.commit((tx) => putState(tx, s)))) return undefined;
      state = s;
    }
    return state;
  }

  private async deliverDigest(t: TrailDelivery, state: DeliveryState, now: number): Promise<void> {
    const entries = await listPending(this.o.store, state);
    const signer = await currentSigner(this.o.store, t.accountId, t.region, now, this.o.keyRotationMs ?? DEFAULT_ROTATION_MS);
    const digest = buildDigest(t, { start: state.digestStart, end: now }, entries, state.lastDigest ?? undefined, signer);
    await this.o.targetFor(t.bucket, t).put(digest.key, digest.body, digest.metadata, t.kmsKeyId ? { kmsKeyId: t.kmsKeyId } : {});
    const s: DeliveryState = { ...state, digestStart: now, pendingSeq: 0, lastDigest: digest.link };
    await this.commit(async (tx) => {
      await clearPending(tx, state);
      await putState(tx, s);
    });
  }
}
