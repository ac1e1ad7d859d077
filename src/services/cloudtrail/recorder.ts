/**
 * The audit sink that keeps CloudTrail's event history: every request's record, committed to the
 * event log before the response is sent (the log group-commits requests that arrive together).
 * A cross-account request's copies (caller's and resource owners', sharing a sharedEventID) are
 * appended in one call: committed together, in one transaction. A failed append is logged, never
 * answered to the client (the action itself has happened).
 */
import type { AuditEvent, AuditSink } from '../../shared/audit-event.js';
import type { EventLog } from '../../storage/event-log/event-log.js';
import { eventEntries } from './shared-event.js';

export function eventRecorder(events: EventLog, defaultAccount: string, log: (msg: string, err?: unknown) => void): AuditSink {
  return {
    record(e: AuditEvent) {
      let entries;
      try {
        entries = eventEntries(e, defaultAccount);
      } catch (err) {
        log(`cloudtrail: could not build the record of request ${e.requestId}`, err);
        return;
      }
      return events.append(entries).catch((err: unknown) => log(`cloudtrail: could not store the event of request ${e.requestId}`, err));
    },
  };
}
