/** The managed rule groups Rampart serves, by AWS name, and a first-match evaluator over a list of them. */
import type { InspectedRequest, ManagedRule, ManagedRuleGroupLogic } from '../inspected-request.js';
import { adminProtectionRuleSet, phpRuleSet, wordPressRuleSet } from './app-groups.js';
import { commonRuleSet } from './common.js';
import { EMPTY_IP_LISTS, anonymousIpRuleSet, ipReputationRuleSet } from './ip-lists.js';
import type { IpLists } from './ip-lists.js';
import { knownBadInputsRuleSet } from './known-bad-inputs.js';
import { linuxRuleSet, unixRuleSet, windowsRuleSet } from './os-groups.js';
import { sqliRuleSet } from './sqli-group.js';

export { directoryIpListSource, loadIpLists, parseIpList, IP_LIST_FILES } from './ip-lists.js';
export type { IpListSource, IpLists } from './ip-lists.js';

/** Every managed group, IP lists from `lists` (empty lists when not given). */
export function managedRuleGroups(lists: IpLists = EMPTY_IP_LISTS): readonly ManagedRuleGroupLogic[] {
  return [
    commonRuleSet, adminProtectionRuleSet, knownBadInputsRuleSet, sqliRuleSet, linuxRuleSet, unixRuleSet, windowsRuleSet,
    phpRuleSet, wordPressRuleSet, ipReputationRuleSet(lists), anonymousIpRuleSet(lists),
  ];
}

export function findManagedRuleGroup(name: string, lists?: IpLists): ManagedRuleGroupLogic | undefined {
  return managedRuleGroups(lists).find((g) => g.name === name);
}

export interface ManagedMatch {
  readonly group: string;
  readonly rule: ManagedRule;
}

/**
 * The first Block rule that matches, in group then rule order (`overrides`: rule name -> action, as a web
 * ACL's RuleActionOverrides), with the labels of every matching rule before it; undefined when none blocks.
 */
export function firstBlockingMatch(
  groups: readonly ManagedRuleGroupLogic[],
  req: InspectedRequest,
  overrides: ReadonlyMap<string, 'Block' | 'Count'> = new Map(),
): { readonly match?: ManagedMatch; readonly labels: readonly string[] } {
  const memo = new Map<string, unknown>();
  const labels: string[] = [];
  for (const g of groups) {
    for (const r of g.rules) {
      if (!r.matches(req, memo)) continue;
      labels.push(...r.labels);
      if ((overrides.get(r.name) ?? r.action) === 'Block') return { match: { group: g.name, rule: r }, labels };
    }
  }
  return { labels };
}
