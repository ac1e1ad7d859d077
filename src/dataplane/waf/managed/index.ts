/** The managed rule groups Rampart serves, by AWS name, and a first-match evaluator over a list of them. */
import type { InspectedRequest, ManagedRule, ManagedRuleGroupLogic } from '../inspected-request.js';
import { RequestMemo } from '../request-memo.js';
import { adminProtectionRuleSet, phpRuleSet, wordPressRuleSet } from './app-groups.js';
import { botControlRuleSet } from './bot-control.js';
import { EMPTY_BOT_LISTS, type BotLists } from './bot-lists.js';
import { commonRuleSet } from './common.js';
import { EMPTY_IP_LISTS, anonymousIpRuleSet, ipReputationRuleSet } from './ip-lists.js';
import type { IpLists } from './ip-lists.js';
import { knownBadInputsRuleSet } from './known-bad-inputs.js';
import { linuxRuleSet, unixRuleSet, windowsRuleSet } from './os-groups.js';
import { sqliRuleSet } from './sqli-group.js';

export { directoryIpListSource, loadIpLists, parseIpList, IP_LIST_FILES } from './ip-lists.js';
export type { IpListSource, IpLists } from './ip-lists.js';
export { BOT_LIST_FILES, loadBotLists, parseVerifiedBots } from './bot-lists.js';
export type { BotLists } from './bot-lists.js';

/** Every managed group, IP lists from `lists` and Bot Control's lists from `bots` (empty lists when not given). */
export function managedRuleGroups(lists: IpLists = EMPTY_IP_LISTS, bots: BotLists = EMPTY_BOT_LISTS): readonly ManagedRuleGroupLogic[] {
  return [
    commonRuleSet, adminProtectionRuleSet, knownBadInputsRuleSet, sqliRuleSet, linuxRuleSet, unixRuleSet, windowsRuleSet,
    phpRuleSet, wordPressRuleSet, ipReputationRuleSet(lists), anonymousIpRuleSet(lists), botControlRuleSet(bots),
  ];
}

export function findManagedRuleGroup(name: string, lists?: IpLists, bots?: BotLists): ManagedRuleGroupLogic | undefined {
  return managedRuleGroups(lists, bots).find((g) => g.name === name);
}

export interface ManagedMatch {
  readonly group: string;
  readonly rule: ManagedRule;
}

/**
 * The first Block rule that matches, in group then rule order (`overrides`: rule name -> action, as a web
 * ACL's RuleActionOverrides), with the labels of every matching rule before it; undefined when none blocks.
 * A label-only match (Bot Control's verified bots) never blocks.
 */
export function firstBlockingMatch(
  groups: readonly ManagedRuleGroupLogic[],
  req: InspectedRequest,
  overrides: ReadonlyMap<string, 'Block' | 'Count'> = new Map(),
): { readonly match?: ManagedMatch; readonly labels: readonly string[] } {
  const memo = new RequestMemo();
  const labels: string[] = [];
  for (const g of groups) {
    for (const r of g.rules) {
      if (!r.matches(req, memo)) continue;
      labels.push(...r.labels, ...(r.labelsFor?.(req, memo) ?? []));
      if (r.labelOnly?.(req, memo)) continue;
      if ((overrides.get(r.name) ?? r.action) === 'Block') return { match: { group: g.name, rule: r }, labels };
    }
  }
  return { labels };
}
