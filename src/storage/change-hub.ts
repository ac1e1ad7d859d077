/** In-process change listeners shared by both backends. */
import { GLOBAL_SCOPE } from './scope-codec.js';
import type { ChangeEvent } from './types.js';

/** The event clearAll emits (and a relay gap is reported as): drop every cached item. */
export const RESET_EVENT: ChangeEvent = Object.freeze({ table: '*', scope: GLOBAL_SCOPE, key: '*', op: 'reset' });

interface Listener {
  readonly fn: (e: ChangeEvent) => void;
  /** Set once the listener failed: from then on it is sent a reset for every event. */
  broken: boolean;
  lastWarnedAt: number;
  suppressed: number;
}

/**
 * A set of listeners. A throwing listener never breaks a write, and fails closed: listeners keep
 * caches (credentials, policies) whose invalidation makes revocations take effect, so one that
 * could not take an event is sent a reset at once (drop everything cached) and, from then on, a
 * reset instead of every event. Failures are reported as process warnings (at most one a second
 * per listener, with a count of those left out, so a broken listener cannot flood the log).
 */
export class ChangeHub {
  private readonly listeners = new Set<Listener>();

  /** True when someone listens (lets hot paths skip building events). */
  get active(): boolean {
    return this.listeners.size > 0;
  }

  /** Adds a listener; returns its unsubscribe function. */
  subscribe(fn: (e: ChangeEvent) => void): () => void {
    const entry: Listener = { fn, broken: false, lastWarnedAt: -Infinity, suppressed: 0 };
    this.listeners.add(entry);
    return () => {
      this.listeners.delete(entry);
    };
  }

  /** Calls every listener with e (a broken listener with a reset). */
  emit(e: ChangeEvent): void {
    for (const l of this.listeners) {
      const delivered = l.broken ? RESET_EVENT : e;
      try {
        l.fn(delivered);
      } catch (err) {
        l.broken = true;
        this.warn(l, `storage change listener threw on ${e.op} ${e.table}: ${String(err)}; it is sent a reset for every change from now on`);
        try {
          if (delivered !== RESET_EVENT) l.fn(RESET_EVENT);
        } catch (again) {
          this.warn(l, `storage change listener threw on reset too: ${String(again)}`);
        }
      }
    }
  }

  private warn(l: Listener, message: string): void {
    const now = Date.now();
    if (now - l.lastWarnedAt < 1000) {
      l.suppressed++;
      return;
    }
    const more = l.suppressed ? ` (${l.suppressed} more failures since the last warning)` : '';
    l.lastWarnedAt = now;
    l.suppressed = 0;
    process.emitWarning(message + more, 'RampartStorageWarning');
  }

  /** Emits events in order. */
  emitAll(events: readonly ChangeEvent[]): void {
    for (const e of events) this.emit(e);
  }

  /** Drops every listener (on close). */
  clear(): void {
    this.listeners.clear();
  }
}
