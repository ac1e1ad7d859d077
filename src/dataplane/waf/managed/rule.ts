/** Building blocks for the managed rule groups: a rule with AWS's name and label, and field helpers. */
import type { InspectedRequest, ManagedRule, ManagedRuleAction } from '../inspected-request.js';

export type Matcher = (req: InspectedRequest, memo: Map<string, unknown>) => boolean;

/** A rule labelled `awswaf:managed:aws:<namespace>:<label>`. */
export function rule(namespace: string, name: string, label: string, matches: Matcher, action: ManagedRuleAction = 'Block'): ManagedRule {
  return { name, action, labels: [`awswaf:managed:aws:${namespace}:${label}`], matches };
}

/**
 * Verdicts on short values already judged, per detector (by its `anyOf` key): a browser sends the same
 * User-Agent, Accept and cookie values with every request, and forms the same small values. A detector
 * is a function of the value alone, so its verdict can be reused; values longer than VERDICT_MAX_LENGTH
 * are always judged afresh. Each detector keeps at most VERDICTS values (the set starts over when
 * full), so the cache holds at most a few MB however varied the traffic.
 */
export const VERDICT_MAX_LENGTH = 128;
export const VERDICTS = 1024;
const verdicts = new Map<string, Map<string, boolean>>();

function judged(key: string, detector: (v: string) => boolean, v: string): boolean {
  if (v.length > VERDICT_MAX_LENGTH) return detector(v);
  let seen = verdicts.get(key);
  if (!seen) verdicts.set(key, (seen = new Map()));
  const known = seen.get(v);
  if (known !== undefined) return known;
  const verdict = detector(v);
  if (seen.size >= VERDICTS) seen.clear();
  seen.set(v, verdict);
  return verdict;
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
  const k = `r:${key}`;
  const hit = memo.get(k);
  if (typeof hit === 'boolean') return hit;
  let result = false;
  for (const v of values()) {
    if (v !== '' && judged(key, detector, v)) {
      result = true;
      break;
    }
  }
  memo.set(k, result);
  return result;
}
