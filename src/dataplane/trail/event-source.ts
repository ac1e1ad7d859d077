/**
 * The EventSource of the delivery scheduler over the event log of src/storage (trail-core's
 * EventLog.after: events of one account and region after a sequence number, record as JSON text),
 * typed structurally so either side can change without the other importing it.
 */
import type { CloudTrailRecord } from './log-file.js';
import type { EventSource, TrailDelivery } from './scheduler.js';

/** What the adapter needs of the event log. */
export interface OrderedEventLog {
  after(accountId: string, region: string, afterSeq: number, limit: number): Promise<readonly { readonly seq: number; readonly record: string }[]>;
}

/**
 * The records after `cursor` (a sequence number), parsed, those `keep` accepts for the trail (its
 * event selectors; all by default); the cursor moves to the last event read.
 */
export function eventLogSource(log: OrderedEventLog, keep: (record: CloudTrailRecord, trail: TrailDelivery) => boolean = () => true): EventSource {
  return {
    async after(accountId, region, cursor, limit, trail) {
      const events = await log.after(accountId, region, cursor, limit);
      const records = events.map((e) => JSON.parse(e.record) as CloudTrailRecord).filter((r) => keep(r, trail));
      return { records, next: events.length > 0 ? events[events.length - 1]!.seq : cursor };
    },
  };
}
