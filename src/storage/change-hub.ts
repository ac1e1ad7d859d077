/** In-process change listeners shared by both backends. */
import { GLOBAL_SCOPE } from './scope-codec.js';
import type { ChangeEvent } from './types.js';

/** The event clearAll emits (and a relay gap is reported as): drop every cached item. */
export const RESET_EVENT: ChangeEvent = Object.freeze({ table: '*', scope: GLOBAL_SCOPE, key: '*', op: 'reset' });

/**
 * A set of listeners. A throwing listener never breaks a write: its first failure is reported as
 * a process warning (later ones silently ignored, so a broken listener cannot flood the log).
 */
export class ChangeHub {
  private readonly listeners = new Set<{ fn: (e: ChangeEvent) => void; warned: boolean }>();

  /** True when someone listens (lets hot paths skip building events). */
  get active(): boolean {
    return this.listeners.size > 0;
  }

  /** Adds a listener; returns its unsubscribe function. */
  subscribe(fn: (e: ChangeEvent) => void): () => void {
    const entry = { fn, warned: false };
    this.listeners.add(entry);
    return () => {
      this.listeners.delete(entry);
    };
  }

  /** Calls every listener with e. */
  emit(e: ChangeEvent): void {
    for (const l of this.listeners) {
      try {
        l.fn(e);
      } catch (err) {
        if (l.warned) continue;
        l.warned = true;
        process.emitWarning(`storage change listener threw: ${String(err)}`, 'RampartStorageWarning');
      }
    }
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
