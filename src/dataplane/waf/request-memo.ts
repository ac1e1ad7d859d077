/**
 * What one request's evaluation keeps: numbered slots for the managed rules' fields (known when the
 * modules load: reading one is an array read, not a string-keyed lookup), the managed rules' verdict
 * state, and, as a Map, what is keyed at run time (the web ACL's own statements' fields, verdicts of
 * detectors past rule.ts's bit sets).
 */
export class RequestMemo extends Map<string, unknown> {
  /** Field values by slot (absent: not computed yet). */
  readonly slots: unknown[] = [];
  /** The managed rules' verdict state (rule.ts). */
  verdicts: unknown = undefined;
}

let slotCount = 0;

/** A new slot number (at module load). */
export function newSlot(): number {
  return slotCount++;
}
