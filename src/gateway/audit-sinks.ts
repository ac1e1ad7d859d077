import type { AuditEvent, AuditSink } from '../shared/audit-event.js';

/** Keeps the most recent events in memory (tests, the console's live view). */
export class RingAuditSink implements AuditSink {
  private readonly events: AuditEvent[] = [];
  /** Index of the oldest event once the ring is full. */
  private start = 0;
  constructor(private readonly capacity = 1000) {}

  record(event: AuditEvent): void {
    // The ring does not keep the handler's output alive (a listing can be large).
    if (event.responseElements) {
      const { responseElements: _dropped, ...kept } = event;
      event = kept;
    }
    if (this.events.length < this.capacity) {
      this.events.push(event);
      return;
    }
    this.events[this.start] = event;
    this.start = (this.start + 1) % this.capacity;
  }

  /** The kept events, oldest first. */
  recent(): readonly AuditEvent[] {
    return this.start === 0 ? this.events : [...this.events.slice(this.start), ...this.events.slice(0, this.start)];
  }
}

/**
 * Fans one event out to several sinks; a failing sink never affects the request or the others. The
 * result is a promise when a sink returned one (it resolves when they settle, never rejects).
 */
export function fanOut(sinks: readonly AuditSink[], log: (msg: string, err?: unknown) => void): AuditSink {
  return {
    record(event) {
      let waits: Promise<void>[] | undefined;
      for (const s of sinks) {
        try {
          const p = s.record(event);
          if (p) (waits ??= []).push(p.catch((e: unknown) => log('audit sink failed', e)));
        } catch (e) {
          log('audit sink failed', e);
        }
      }
      return waits ? Promise.all(waits).then(() => undefined) : undefined;
    },
  };
}
