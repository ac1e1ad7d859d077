import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeManaged, findManagedGroup, managedSummaries } from './managed.js';
import { checkManagedConfigs } from './managed-configs.js';

const fails = (f: () => void): { Field?: string; Parameter?: string } => {
  try {
    f();
  } catch (e) {
    return (e as { fields?: { Field?: string; Parameter?: string } }).fields ?? {};
  }
  throw new Error('expected a refusal');
};

test('Bot Control configs: COMMON (with or without EnableMachineLearning) or none; TARGETED and other configs refused', () => {
  checkManagedConfigs('AWSManagedRulesBotControlRuleSet', undefined);
  checkManagedConfigs('AWSManagedRulesBotControlRuleSet', [{ AWSManagedRulesBotControlRuleSet: { InspectionLevel: 'COMMON' } }]);
  checkManagedConfigs('AWSManagedRulesBotControlRuleSet', [{ AWSManagedRulesBotControlRuleSet: { InspectionLevel: 'COMMON', EnableMachineLearning: false } }]);
  const targeted = fails(() => checkManagedConfigs('AWSManagedRulesBotControlRuleSet', [{ AWSManagedRulesBotControlRuleSet: { InspectionLevel: 'TARGETED' } }]));
  assert.deepEqual([targeted.Field, targeted.Parameter], ['MANAGED_RULE_GROUP_CONFIG', 'TARGETED']);
  assert.equal(fails(() => checkManagedConfigs('AWSManagedRulesCommonRuleSet', [{ AWSManagedRulesBotControlRuleSet: { InspectionLevel: 'COMMON' } }])).Field, 'MANAGED_RULE_GROUP_CONFIG');
  assert.equal(fails(() => checkManagedConfigs('AWSManagedRulesBotControlRuleSet', [{ LoginPath: '/login' }])).Field, 'MANAGED_RULE_GROUP_CONFIG');
  assert.equal(fails(() => checkManagedConfigs('AWSManagedRulesBotControlRuleSet', [
    { AWSManagedRulesBotControlRuleSet: { InspectionLevel: 'COMMON' } }, { AWSManagedRulesBotControlRuleSet: { InspectionLevel: 'COMMON' } },
  ])).Field, 'MANAGED_RULE_GROUP_CONFIG');
});

test('DescribeManagedRuleGroup: Bot Control, WCU 50, 17 rules, its namespace and labels', () => {
  assert.ok(managedSummaries().some((s) => s.Name === 'AWSManagedRulesBotControlRuleSet'));
  const d = describeManaged(findManagedGroup('AWS', 'AWSManagedRulesBotControlRuleSet')!);
  assert.equal(d.Capacity, 50);
  assert.equal(d.LabelNamespace, 'awswaf:managed:aws:bot-control:');
  assert.equal(d.Rules!.length, 17);
  assert.deepEqual(d.Rules![4], { Name: 'CategoryHttpLibrary', Action: { Block: {} } });
  const labels = d.AvailableLabels!.map((l) => l.Name);
  for (const l of ['bot:category:search_engine', 'bot:category:ai', 'signal:non_browser_user_agent', 'bot:verified', 'bot:name:googlebot', 'bot:name:scrapy']) {
    assert.ok(labels.includes(`awswaf:managed:aws:bot-control:${l}`), l);
  }
  // Other groups keep their derived namespace.
  assert.equal(describeManaged(findManagedGroup('AWS', 'AWSManagedRulesCommonRuleSet')!).LabelNamespace, 'awswaf:managed:aws:core-rule-set:');
});
