/**
 * The EventSource of the delivery scheduler over the event log of src/storage (trail-core's
 * EventLog.after: events of one account and region after a sequence number, record as JSON text),
 * typed structurally so either side can change without the other importing it.
 */
import type { CloudTrailRecord } from './log-file.js';
import type { EventSource } from './scheduler.js';

/** What the adapter needs of the event log. */
export interface OrderedEventLog {
  after(accountId: string, region: string, afterSeq: number, limit: number): Promise<readonly { readonly seq: number; readonly record: string }[]>;
}

/** The records after `cursor` (a sequence number), parsed; the cursor moves to the last one read. */
export function eventLogSource(log: OrderedEventLog): EventSource {
  return {
    async after(accountId, region, cursor, limit) {
      const events = await log.after(accountId, region, cursor, limit);
      return { records: events.map((e) => JSON.parse(e.record) as CloudTrailRecord), next: events.length > 0 ? events[events.length - 1]!.seq : cursor };
    },
  };
}
