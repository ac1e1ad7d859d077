/** Building blocks for the managed rule groups: a rule with AWS's name and label, and field helpers. */
import type { InspectedRequest, ManagedRule, ManagedRuleAction } from '../inspected-request.js';
import type { RequestMemo } from '../request-memo.js';

export type Matcher = (req: InspectedRequest, memo: RequestMemo) => boolean;

/** A rule labelled `awswaf:managed:aws:<namespace>:<label>`. */
export function rule(namespace: string, name: string, label: string, matches: Matcher, action: ManagedRuleAction = 'Block'): ManagedRule {
  return { name, action, labels: [`awswaf:managed:aws:${namespace}:${label}`], matches };
}

/**
 * Verdicts on short values already judged, kept across requests: a browser sends the same
 * User-Agent, Accept and cookie values with every request, and forms and JSON APIs the same keys and
 * small values. A detector is a function of the value alone (one `anyOf` key, one detector), so its
 * verdict can be reused. Each short value (at most VERDICT_MAX_LENGTH characters) has one entry of two
 * bit sets over the detectors, judged and flagged; longer values are always judged afresh. A request sums
 * a values array's entries once (a slot of its verdict state): the detectors every value has been judged
 * by, and those that flagged one. A detector in the first set answers from the second at once (the usual
 * case: the same traffic again), so N values and D detectors cost N lookups, not N x D reads.
 * At most VERDICT_VALUES entries (the set starts over when full): a few hundred KB however varied the
 * traffic. Keys past MAX_DETECTORS are judged uncached.
 */
export const VERDICT_MAX_LENGTH = 128;
export const VERDICT_VALUES = 16_384;
const MAX_DETECTORS = 128;
/** 32-bit words per bit set. */
const WORDS = MAX_DETECTORS / 32;
/** Values arrays a request keeps sums for (a request has a dozen: query arguments, headers, cookies, body ...). */
const MAX_ARRAYS = 16;
const detectorIds = new Map<string, number>();
/** Per value: words 0..WORDS-1 the detectors that judged it, WORDS..2*WORDS-1 those that flagged it. */
const verdicts = new Map<string, Uint32Array>();

/**
 * One request's verdict state: each detector's answer (two bit sets: answered, and answered yes) and,
 * per values array (found by identity: the memoized fields), the sums of its values' entries (judged
 * words, then flagged words) and the entries themselves (a detector the sums cannot answer reads them,
 * not the tables). Every typed array is 32 bytes, which V8 allocates on its heap (a larger one gets a
 * separately allocated backing store, several times slower to make and to collect).
 */
interface RequestVerdicts {
  readonly answers: Uint32Array;
  readonly arrays: (readonly string[] | Runs)[];
  readonly sums: Uint32Array[];
  /** Per array, per value (or run): its entry; undefined for one with none (empty, or too long). */
  readonly entries: Entries[];
}

type Entries = readonly (Uint32Array | undefined)[];

function detectorId(key: string): number | undefined {
  let id = detectorIds.get(key);
  if (id === undefined && detectorIds.size < MAX_DETECTORS) detectorIds.set(key, (id = detectorIds.size));
  return id;
}

/**
 * The string's characters in a string of their own. A value sliced from a larger text (a JSON leaf of
 * a 64 KB body) is a view that keeps the whole text alive: kept as a verdict key, 16,384 of them could
 * hold a gigabyte. Concatenating then slicing copies the characters out (V8 flattens the concatenation).
 */
function detached(v: string): string {
  return (' ' + v).slice(1);
}

/** The value's entry in `table` (verdicts or runVerdicts), made when new (the table starts over at `size` entries). */
function entryOf(v: string, table = verdicts, size = VERDICT_VALUES): Uint32Array {
  let e = table.get(v);
  if (!e) {
    if (table.size >= size) table.clear();
    table.set(detached(v), (e = new Uint32Array(2 * WORDS)));
  }
  return e;
}

/**
 * Values given as runs of text, each standing for several values: a JSON body's strings, a run of them at
 * a time (json-leaves.ts). A run's values are a function of its text alone, so a run has an entry of
 * its own, kept like a short value's: judged by a detector once all its values are, flagged once one
 * is. A body sent again (the same fields, or most of them) is answered from a few dozen run entries,
 * with no string cut out of it and no per-value lookup. Runs longer than RUN_MAX_LENGTH have no entry.
 */
export class Runs {
  private readonly expanded: (readonly string[] | undefined)[] = [];

  constructor(
    readonly texts: readonly string[],
    private readonly expand: (run: string) => readonly string[],
  ) {}

  /** The values of the i-th run (computed once per request). */
  values(i: number): readonly string[] {
    return (this.expanded[i] ??= this.expand(this.texts[i]!));
  }

  /** Every value, in order. */
  all(): string[] {
    return this.texts.flatMap((_, i) => this.values(i));
  }
}

/** Runs longer than this have no entry (their values are judged through their own entries, or afresh). */
export const RUN_MAX_LENGTH = 1024;
/** Run entries kept (the table starts over when full): at most 4 MB of text. */
export const RUN_VALUES = 2048;
/** Per run: the detectors that judged all its values, then those that flagged one. */
const runVerdicts = new Map<string, Uint32Array>();

const newState = (): RequestVerdicts => ({ answers: new Uint32Array(2 * WORDS), arrays: [], sums: [], entries: [] });

function stateOf(memo: RequestMemo): RequestVerdicts {
  return (memo.verdicts ??= newState()) as RequestVerdicts;
}

/**
 * A values array's (or runs') index in the request's state, its sums and entries made (once per array
 * and request); -1 past MAX_ARRAYS.
 */
function arrayIndex(st: RequestVerdicts, vs: readonly string[] | Runs): number {
  const arrays = st.arrays;
  for (let i = 0; i < arrays.length; i++) if (arrays[i] === vs) return i;
  if (arrays.length >= MAX_ARRAYS) return -1;
  const sums = new Uint32Array(2 * WORDS);
  const entries: (Uint32Array | undefined)[] = [];
  arrays.push(vs);
  st.sums.push(sums);
  st.entries.push(entries);
  const runs = vs instanceof Runs;
  const values = runs ? vs.texts : vs;
  const maxLength = runs ? RUN_MAX_LENGTH : VERDICT_MAX_LENGTH;
  for (let w = 0; w < WORDS; w++) sums[w] = 0xffffffff;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    // An empty value is never judged (it never matches): it leaves the sum alone.
    if (v === '') {
      entries.push(undefined);
      continue;
    }
    if (v.length > maxLength) {
      entries.push(undefined);
      for (let w = 0; w < WORDS; w++) sums[w] = 0;
      continue;
    }
    const e = runs ? entryOf(v, runVerdicts, RUN_VALUES) : entryOf(v);
    entries.push(e);
    for (let w = 0; w < WORDS; w++) {
      sums[w]! &= e[w]!;
      sums[WORDS + w]! |= e[WORDS + w]!;
    }
  }
  return arrays.length - 1;
}

/**
 * Whether any of the values satisfies the detector (memoized per detector and component for the
 * request; short values' verdicts kept across requests). `key` names the detector: one key, one detector.
 */
export function anyOf(
  memo: RequestMemo,
  key: string,
  values: () => readonly string[],
  detector: (v: string) => boolean,
): boolean {
  return anyIn(memo, key, call, values, detector);
}

const call = (values: () => readonly string[]): readonly string[] => values();

/**
 * `anyOf` over the values `field(req, memo)` answers, read only when the verdict is not known yet (no
 * closure made per call: the rules' usual form, `anyIn(m, key, queryArgs, r, detector)`).
 */
export function anyIn<R>(
  memo: RequestMemo,
  key: string,
  field: (req: R, memo: RequestMemo) => readonly string[] | Runs,
  req: R,
  detector: (v: string) => boolean,
): boolean {
  const id = detectorId(key);
  if (id === undefined) {
    const hit = memo.get(`r:${key}`);
    if (typeof hit === 'boolean') return hit;
    const vs = field(req, memo);
    const result = (vs instanceof Runs ? vs.all() : vs).some((v) => v !== '' && detector(v));
    memo.set(`r:${key}`, result);
    return result;
  }
  const st = stateOf(memo);
  const w = id >>> 5;
  const bit = 1 << (id & 31);
  if ((st.answers[w]! & bit) !== 0) return (st.answers[WORDS + w]! & bit) !== 0;
  const vs = field(req, memo);
  let result = false;
  // No values (a GET's body, a request without cookies or query): no match, and no sums to make.
  if ((vs instanceof Runs ? vs.texts : vs).length > 0) {
    const k = arrayIndex(st, vs);
    const sums = k < 0 ? undefined : st.sums[k]!;
    const entries = k < 0 ? undefined : st.entries[k]!;
    if (sums !== undefined && (sums[w]! & bit) !== 0) result = (sums[WORDS + w]! & bit) !== 0;
    else result = vs instanceof Runs ? judgeRuns(vs, entries, w, bit, detector) : judge(vs, entries, w, bit, detector);
  }
  st.answers[w]! |= bit;
  if (result) st.answers[WORDS + w]! |= bit;
  return result;
}

/**
 * The detector's verdict on one value (a URI path, a query string, a User-Agent), kept across
 * requests like `anyOf`'s for short values: the same pages are asked for again and again. `key` names
 * the detector (one key, one detector; `v:` and the detector's name by convention).
 */
export function verdictOf(key: string, value: string, detector: (v: string) => boolean): boolean {
  const id = value.length <= VERDICT_MAX_LENGTH ? detectorId(key) : undefined;
  if (id === undefined) return detector(value);
  return recorded(entryOf(value), id >>> 5, 1 << (id & 31), value, detector);
}

/** The verdict the entry records for the detector (word `w`, `bit`), judged and recorded first if it has none. */
function recorded(e: Uint32Array, w: number, bit: number, v: string, detector: (v: string) => boolean): boolean {
  if ((e[w]! & bit) !== 0) return (e[WORDS + w]! & bit) !== 0;
  const verdict = detector(v);
  e[w]! |= bit;
  if (verdict) e[WORDS + w]! |= bit;
  return verdict;
}

/**
 * Runs the detector over the values it has not judged yet (recording its verdicts), up to the first
 * match. `entries`: the values' entries as arrayIndex found them (else looked up here).
 */
function judge(vs: readonly string[], entries: Entries | undefined, w: number, bit: number, detector: (v: string) => boolean): boolean {
  for (let i = 0; i < vs.length; i++) {
    const v = vs[i]!;
    if (v === '') continue;
    const e = entries !== undefined ? entries[i] : v.length > VERDICT_MAX_LENGTH ? undefined : entryOf(v);
    if (e === undefined ? detector(v) : recorded(e, w, bit, v, detector)) return true;
  }
  return false;
}

/** `judge` over runs: a run with an entry that records the detector answers from it; otherwise its values are judged and the entry records the verdict. */
function judgeRuns(runs: Runs, entries: Entries | undefined, w: number, bit: number, detector: (v: string) => boolean): boolean {
  const texts = runs.texts;
  for (let i = 0; i < texts.length; i++) {
    const t = texts[i]!;
    const e = entries !== undefined ? entries[i] : t.length > RUN_MAX_LENGTH ? undefined : entryOf(t, runVerdicts, RUN_VALUES);
    if (e === undefined) {
      if (judge(runs.values(i), undefined, w, bit, detector)) return true;
      continue;
    }
    if ((e[w]! & bit) === 0) {
      // Judged only up to a match: flagged implies judged, and a run with no match had every value judged.
      const hit = judge(runs.values(i), undefined, w, bit, detector);
      e[w]! |= bit;
      if (hit) e[WORDS + w]! |= bit;
    }
    if ((e[WORDS + w]! & bit) !== 0) return true;
  }
  return false;
}
