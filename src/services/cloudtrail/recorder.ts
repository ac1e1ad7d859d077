/**
 * The audit sink that keeps CloudTrail's event history: every request's record, committed to the
 * event log before the response is sent (the log group-commits requests that arrive together).
 * A failed append is logged, never answered to the client (the action itself has happened).
 */
import type { AuditEvent, AuditSink } from '../../shared/audit-event.js';
import type { EventLog } from '../../storage/event-log/event-log.js';
import { buildRecord } from './record.js';

export function eventRecorder(events: EventLog, defaultAccount: string, log: (msg: string, err?: unknown) => void): AuditSink {
  return {
    record(e: AuditEvent) {
      let entry;
      try {
        entry = buildRecord(e, defaultAccount).entry;
      } catch (err) {
        log(`cloudtrail: could not build the record of request ${e.requestId}`, err);
        return;
      }
      return events.append([entry]).catch((err: unknown) => log(`cloudtrail: could not store the event of request ${e.requestId}`, err));
    },
  };
}
