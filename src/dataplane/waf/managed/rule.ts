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
 * verdict can be reused. Each short value (at most VERDICT_MAX_LENGTH characters) has one entry
 * holding a byte per detector (0: not judged yet, 1: no, 2: yes), so a request finds a value's entry
 * once (per values array, kept in the request's memo) and every detector then reads its byte; longer values are
 * always judged afresh. At most VERDICT_VALUES entries (the set starts over when full) of
 * MAX_DETECTORS bytes: a few MB however varied the traffic. Keys past MAX_DETECTORS are judged
 * uncached.
 */
export const VERDICT_MAX_LENGTH = 128;
export const VERDICT_VALUES = 16_384;
const MAX_DETECTORS = 128;
const NOT_JUDGED = 0;
const NO = 1;
const YES = 2;
const detectorIds = new Map<string, number>();
const verdicts = new Map<string, Uint8Array>();
type Entries = readonly (Uint8Array | undefined)[];
/** The request memo's key of its values arrays' entries (a Map by array). */
const ENTRIES = 'verdict-entries';
/** The request memo's key of each detector's answer for the request (a byte per detector, as the entries). */
const ANSWERS = 'detector-answers';

function detectorId(key: string): number | undefined {
  let id = detectorIds.get(key);
  if (id === undefined && detectorIds.size < MAX_DETECTORS) detectorIds.set(key, (id = detectorIds.size));
  return id;
}

/** The entries (undefined for a long value) of a values array, found once per array and request. */
function entriesFor(memo: Map<string, unknown>, values: readonly string[]): Entries {
  let byArray = memo.get(ENTRIES) as Map<readonly string[], Entries> | undefined;
  if (!byArray) memo.set(ENTRIES, (byArray = new Map()));
  let entries = byArray.get(values);
  if (entries) return entries;
  const out: (Uint8Array | undefined)[] = new Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v.length > VERDICT_MAX_LENGTH) continue;
    let e = verdicts.get(v);
    if (!e) {
      if (verdicts.size >= VERDICT_VALUES) verdicts.clear();
      verdicts.set(v, (e = new Uint8Array(MAX_DETECTORS)));
    }
    out[i] = e;
  }
  entries = out;
  byArray.set(values, entries);
  return entries;
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
  let answers: Uint8Array | undefined;
  if (id !== undefined) {
    answers = memo.get(ANSWERS) as Uint8Array | undefined;
    if (!answers) memo.set(ANSWERS, (answers = new Uint8Array(MAX_DETECTORS)));
    if (answers[id] !== NOT_JUDGED) return answers[id] === YES;
  } else {
    const hit = memo.get(`r:${key}`);
    if (typeof hit === 'boolean') return hit;
  }
  const vs = values();
  const entries = id === undefined ? undefined : entriesFor(memo, vs);
  let result = false;
  for (let i = 0; i < vs.length; i++) {
    const v = vs[i]!;
    if (v === '') continue;
    const e = entries?.[i];
    let verdict: boolean;
    if (e === undefined) verdict = detector(v);
    else if (e[id!] !== NOT_JUDGED) verdict = e[id!] === YES;
    else {
      verdict = detector(v);
      e[id!] = verdict ? YES : NO;
    }
    if (verdict) {
      result = true;
      break;
    }
  }
  if (answers) answers[id!] = result ? YES : NO;
  else memo.set(`r:${key}`, result);
  return result;
}
