/**
 * `ManagedRuleGroupStatement.ManagedRuleGroupConfigs`. The only one served is Bot Control's
 * `AWSManagedRulesBotControlRuleSet: { InspectionLevel, EnableMachineLearning }` (API reference,
 * "AWSManagedRulesBotControlRuleSet": InspectionLevel COMMON | TARGETED, required; EnableMachineLearning
 * applies only to TARGETED, default true):
 *
 * - InspectionLevel COMMON is served (EnableMachineLearning is accepted and stored; it changes nothing at
 *   the common level, as AWS documents).
 * - TARGETED is refused: its rules (TGT_*) need AWS WAF tokens, browser interrogation and cross-request
 *   behaviour Rampart does not have, and accepting it would pretend to a protection that is not there.
 *   `WAFInvalidParameterException`, field `MANAGED_RULE_GROUP_CONFIG`, parameter `TARGETED` (Rampart's
 *   decision; AWS accepts TARGETED).
 * - A Bot Control statement without the config is evaluated at the common level: the API accepted Bot
 *   Control before the inspection level existed, and web ACLs still reference it so
 *   (trussworks/terraform-aws-wafv2#123, 2024: "the rule set can be added ... but configuration is incomplete").
 * - Any other config (ATP, ACFP, anti-DDoS, the deprecated LoginPath / PayloadType / UsernameField /
 *   PasswordField), or a config on another group: refused as before (their groups are not in the catalogue).
 */
import type { ManagedRuleGroupConfig } from './api.generated.js';
import { UNSUPPORTED, invalidParameter } from './errors.js';
import { setMembers } from './fields.js';

const BOT_CONTROL = 'AWSManagedRulesBotControlRuleSet';

export function checkManagedConfigs(group: string, configs: readonly ManagedRuleGroupConfig[] | undefined): void {
  const list = configs ?? [];
  if (list.length === 0) return;
  if (group !== BOT_CONTROL || list.length > 1) throw invalidParameter('MANAGED_RULE_GROUP_CONFIG', 'ManagedRuleGroupConfigs', UNSUPPORTED);
  const c = list[0]!;
  const set = setMembers(c);
  if (set.length !== 1 || set[0] !== 'AWSManagedRulesBotControlRuleSet') throw invalidParameter('MANAGED_RULE_GROUP_CONFIG', 'ManagedRuleGroupConfigs', UNSUPPORTED);
  const level = c.AWSManagedRulesBotControlRuleSet!.InspectionLevel;
  if (level === 'TARGETED') throw invalidParameter('MANAGED_RULE_GROUP_CONFIG', 'TARGETED', UNSUPPORTED);
  if (level !== 'COMMON') throw invalidParameter('MANAGED_RULE_GROUP_CONFIG', 'InspectionLevel', UNSUPPORTED);
}
