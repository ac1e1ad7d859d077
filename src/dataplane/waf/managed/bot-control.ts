/**
 * AWSManagedRulesBotControlRuleSet at the COMMON inspection level (AWS WAF developer guide, "AWS WAF Bot
 * Control rule group"): one rule per bot category, then the three signal rules, in AWS's order.
 *
 * - `Category*`: the User-Agent names a catalogued bot of that category (bot-catalog.data.ts). The rule
 *   labels it `bot:category:<category>` and `bot:name:<name>`. A verified bot (its address is in the
 *   operator's ranges for it, bot-lists.ts) is labelled `bot:verified` and the rule takes no action
 *   (AWS: "For verified bots, the rule group takes no action, but it adds the rule labeling plus the
 *   label bot:verified"); an unverified one is labelled `bot:unverified` and blocked (the rule's action,
 *   which RuleActionOverrides can change).
 * - `Signal*`: never for a verified bot (AWS: the group "doesn't apply any signal: labels" to verified
 *   bots). SignalAutomatedBrowser: a headless / scripted browser says so; SignalKnownBotDataCenter: the
 *   address is in the operator's data-center list; SignalNonBrowserUserAgent: the User-Agent (or its
 *   absence) is not a web browser's.
 */
import type { ManagedRule, ManagedRuleGroupLogic } from '../inspected-request.js';
import { BOT_CATEGORIES, KNOWN_BOTS, type BotCategory } from './bot-catalog.data.js';
import { classify } from './bot-classify.js';
import { EMPTY_BOT_LISTS, type BotLists } from './bot-lists.js';

export const BOT_CONTROL = 'AWSManagedRulesBotControlRuleSet';
export const BOT_LABEL_NS = 'awswaf:managed:aws:bot-control:';

/** The rule of each category: `Category` and the category in Pascal case, `ai` as `AI`. */
export const categoryRuleName = (c: BotCategory): string =>
  'Category' + (c === 'ai' ? 'AI' : c.split('_').map((w) => w[0]!.toUpperCase() + w.slice(1)).join(''));

const VERIFIED = `${BOT_LABEL_NS}bot:verified`;
const UNVERIFIED = `${BOT_LABEL_NS}bot:unverified`;

/** Every label the group can add (DescribeManagedRuleGroup's AvailableLabels). */
export function botControlLabels(): string[] {
  return [
    ...BOT_CATEGORIES.map((c) => `${BOT_LABEL_NS}bot:category:${c}`),
    ...['automated_browser', 'known_bot_data_center', 'non_browser_user_agent'].map((s) => `${BOT_LABEL_NS}signal:${s}`),
    VERIFIED,
    UNVERIFIED,
    ...[...new Set(KNOWN_BOTS.map((b) => b.name))].map((n) => `${BOT_LABEL_NS}bot:name:${n}`),
  ];
}

export function botControlRuleSet(lists: BotLists = EMPTY_BOT_LISTS): ManagedRuleGroupLogic {
  const categoryRule = (c: BotCategory): ManagedRule => ({
    name: categoryRuleName(c),
    action: 'Block',
    labels: [`${BOT_LABEL_NS}bot:category:${c}`],
    matches: (r, m) => classify(r, m, lists).bot?.category === c,
    labelsFor: (r, m) => {
      const v = classify(r, m, lists);
      return [`${BOT_LABEL_NS}bot:name:${v.bot!.name}`, v.verified ? VERIFIED : UNVERIFIED];
    },
    labelOnly: (r, m) => classify(r, m, lists).verified,
  });
  const signal = (name: string, label: string, test: (v: ReturnType<typeof classify>) => boolean): ManagedRule => ({
    name,
    action: 'Block',
    labels: [`${BOT_LABEL_NS}signal:${label}`],
    matches: (r, m) => {
      const v = classify(r, m, lists);
      return !v.verified && test(v);
    },
  });
  return {
    vendor: 'AWS',
    name: BOT_CONTROL,
    rules: [
      ...BOT_CATEGORIES.map(categoryRule),
      signal('SignalAutomatedBrowser', 'automated_browser', (v) => v.automatedBrowser),
      signal('SignalKnownBotDataCenter', 'known_bot_data_center', (v) => v.knownBotDataCenter),
      signal('SignalNonBrowserUserAgent', 'non_browser_user_agent', (v) => v.nonBrowserUserAgent),
    ],
  };
}
