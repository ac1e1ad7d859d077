/** Building blocks for the managed rule groups: a rule with AWS's name and label, and field helpers. */
import type { InspectedRequest, ManagedRule, ManagedRuleAction } from '../inspected-request.js';

export type Matcher = (req: InspectedRequest, memo: Map<string, unknown>) => boolean;

/** A rule labelled `awswaf:managed:aws:<namespace>:<label>`. */
export function rule(namespace: string, name: string, label: string, matches: Matcher, action: ManagedRuleAction = 'Block'): ManagedRule {
  return { name, action, labels: [`awswaf:managed:aws:${namespace}:${label}`], matches };
}

/**
 * Verdicts on short values already judged, kept across requests: a browser sends the same
 * User-Agent, Accept and cookie values with every request, and forms and JSON APIs the same keys and
 * small values. A detector is a function of the value alone (one `anyOf` key, one detector), so its
 * verdict can be reused. Each short value (at most VERDICT_MAX_LENGTH characters) has one entry of two
 * bit sets over the detectors, judged and flagged; longer values are always judged afresh. A request finds
 * a values array's entries once (kept in its memo) and sums them up then: the detectors every value has
 * been judged by, and those that flagged one. A detector in the first set answers from the second at once
 * (the usual case: the same traffic again), so N values and D detectors cost N lookups, not N x D reads.
 * At most VERDICT_VALUES entries (the set starts over when full): a few hundred KB however varied the
 * traffic. Keys past MAX_DETECTORS are judged uncached.
 */
export const VERDICT_MAX_LENGTH = 128;
export const VERDICT_VALUES = 16_384;
const MAX_DETECTORS = 128;
/** 32-bit words per bit set. */
const WORDS = MAX_DETECTORS / 32;
const NOT_JUDGED = 0;
const NO = 1;
const YES = 2;
const detectorIds = new Map<string, number>();
/** Per value: words 0..WORDS-1 the detectors that judged it, WORDS..2*WORDS-1 those that flagged it. */
const verdicts = new Map<string, Uint32Array>();

/** A values array's entries for one request (undefined for a long value), and their sum at the time. */
interface ArrayVerdicts {
  readonly entries: readonly (Uint32Array | undefined)[];
  /** The detectors that judged every (non-empty) value: their answer for the array is known. */
  readonly judged: Uint32Array;
  /** The detectors that flagged at least one value. */
  readonly flagged: Uint32Array;
}
/** The request memo's key of its values arrays' verdicts (a Map by array). */
const ENTRIES = 'verdict-entries';
/** The request memo's key of each detector's answer for the request (a byte per detector). */
const ANSWERS = 'detector-answers';

function detectorId(key: string): number | undefined {
  let id = detectorIds.get(key);
  if (id === undefined && detectorIds.size < MAX_DETECTORS) detectorIds.set(key, (id = detectorIds.size));
  return id;
}

/** The entries and their sum for a values array, found once per array and request. */
function verdictsFor(memo: Map<string, unknown>, values: readonly string[]): ArrayVerdicts {
  let byArray = memo.get(ENTRIES) as Map<readonly string[], ArrayVerdicts> | undefined;
  if (!byArray) memo.set(ENTRIES, (byArray = new Map()));
  const known = byArray.get(values);
  if (known) return known;
  const entries: (Uint32Array | undefined)[] = new Array(values.length);
  const judged = new Uint32Array(WORDS).fill(0xffffffff);
  const flagged = new Uint32Array(WORDS);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    // An empty value is never judged (it never matches): it leaves the sum alone.
    if (v === '') continue;
    if (v.length > VERDICT_MAX_LENGTH) {
      judged.fill(0);
      continue;
    }
    let e = verdicts.get(v);
    if (!e) {
      if (verdicts.size >= VERDICT_VALUES) verdicts.clear();
      verdicts.set(v, (e = new Uint32Array(2 * WORDS)));
    }
    entries[i] = e;
    for (let w = 0; w < WORDS; w++) {
      judged[w]! &= e[w]!;
      flagged[w]! |= e[WORDS + w]!;
    }
  }
  const out = { entries, judged, flagged };
  byArray.set(values, out);
  return out;
}

/**
 * Whether any of the values satisfies the detector (memoized per detector and component for the
 * request; short values' verdicts kept across requests). `key` names the detector: one key, one detector.
 */
export function anyOf(
  memo: Map<string, unknown>,
  key: string,
  values: () => readonly string[],
  detector: (v: string) => boolean,
): boolean {
  const id = detectorId(key);
  if (id === undefined) {
    const hit = memo.get(`r:${key}`);
    if (typeof hit === 'boolean') return hit;
    const result = values().some((v) => v !== '' && detector(v));
    memo.set(`r:${key}`, result);
    return result;
  }
  let answers = memo.get(ANSWERS) as Uint8Array | undefined;
  if (!answers) memo.set(ANSWERS, (answers = new Uint8Array(MAX_DETECTORS)));
  if (answers[id] !== NOT_JUDGED) return answers[id] === YES;
  const vs = values();
  const av = verdictsFor(memo, vs);
  const w = id >>> 5;
  const bit = 1 << (id & 31);
  let result: boolean;
  if ((av.judged[w]! & bit) !== 0) result = (av.flagged[w]! & bit) !== 0;
  else result = judge(vs, av.entries, w, bit, detector);
  answers[id] = result ? YES : NO;
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
  let e = verdicts.get(value);
  if (!e) {
    if (verdicts.size >= VERDICT_VALUES) verdicts.clear();
    verdicts.set(value, (e = new Uint32Array(2 * WORDS)));
  }
  const w = id >>> 5;
  const bit = 1 << (id & 31);
  if ((e[w]! & bit) !== 0) return (e[WORDS + w]! & bit) !== 0;
  const verdict = detector(value);
  e[w]! |= bit;
  if (verdict) e[WORDS + w]! |= bit;
  return verdict;
}

/** Runs the detector over the values it has not judged yet (recording its verdicts), up to the first match. */
function judge(vs: readonly string[], entries: readonly (Uint32Array | undefined)[], w: number, bit: number, detector: (v: string) => boolean): boolean {
  for (let i = 0; i < vs.length; i++) {
    const v = vs[i]!;
    if (v === '') continue;
    const e = entries[i];
    let verdict: boolean;
    if (e === undefined) verdict = detector(v);
    else if ((e[w]! & bit) !== 0) verdict = (e[WORDS + w]! & bit) !== 0;
    else {
      verdict = detector(v);
      e[w]! |= bit;
      if (verdict) e[WORDS + w]! |= bit;
    }
    if (verdict) return true;
  }
  return false;
}
