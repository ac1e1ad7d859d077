/** Building blocks for the managed rule groups: a rule with AWS's name and label, and field helpers. */
import type { InspectedRequest, ManagedRule, ManagedRuleAction } from '../inspected-request.js';

export type Matcher = (req: InspectedRequest, memo: Map<string, unknown>) => boolean;

/** A rule labelled `awswaf:managed:aws:<namespace>:<label>`. */
export function rule(namespace: string, name: string, label: string, matches: Matcher, action: ManagedRuleAction = 'Block'): ManagedRule {
  return { name, action, labels: [`awswaf:managed:aws:${namespace}:${label}`], matches };
}

/** Whether any of the values satisfies the detector (memoized per detector and component). */
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
    if (v !== '' && detector(v)) {
      result = true;
      break;
    }
  }
  memo.set(k, result);
  return result;
}
