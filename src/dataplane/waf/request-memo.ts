/**
 * What one request's evaluation keeps (its decoded fields, the managed rules' verdict state): a Map, for
 * keys made at run time, plus numbered slots for what is known when the modules load (each managed field
 * has a slot: reading it is an array read, not a string-keyed lookup, and the Map stays small).
 * Code given a plain Map (unit tests) still works: it falls back to the Map's keys.
 */
export class RequestMemo extends Map<string, unknown> {
  /** Field values by slot (`UNSET` or absent: not computed yet). */
  readonly slots: unknown[] = [];
  /** The managed rules' verdict state (rule.ts). */
  verdicts: unknown = undefined;
}

let slotCount = 0;

/** A new slot number (at module load). */
export function newSlot(): number {
  return slotCount++;
}

/** The request memo's slots, or undefined for a plain Map. */
export function slotsOf(memo: Map<string, unknown>): unknown[] | undefined {
  return (memo as Partial<RequestMemo>).slots;
}
