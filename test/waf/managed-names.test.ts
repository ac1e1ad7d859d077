/**
 * The detection logic of the managed rule groups uses AWS's group names, rule names, default actions and labels
 * exactly as the control plane lists them (src/services/wafv2/managed-rule-groups.data.ts, compiled from the
 * project's research data aws-managed-rule-groups.json).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { managedRuleGroups } from '../../src/dataplane/waf/managed/index.js';
import { MANAGED_RULE_GROUPS } from '../../src/services/wafv2/managed-rule-groups.data.js';

test('every managed group served by the dataplane has AWS names, actions and labels, in AWS order', () => {
  const logic = managedRuleGroups();
  assert.equal(logic.length, MANAGED_RULE_GROUPS.length);
  for (const expected of MANAGED_RULE_GROUPS) {
    const g = logic.find((x) => x.name === expected.name);
    assert.ok(g, `no detection logic for ${expected.name}`);
    assert.equal(g.vendor, 'AWS');
    assert.deepEqual(
      g.rules.map((r) => ({ name: r.name, action: r.action, labels: [...r.labels] })),
      expected.rules.map((r) => ({ name: r.name, action: r.action, labels: [...r.labels] })),
      expected.name,
    );
  }
});

test('Bot Control: the labels DescribeManagedRuleGroup lists are the ones the dataplane can add', async () => {
  const { botControlLabels } = await import('../../src/dataplane/waf/managed/bot-control.js');
  const { describeManaged, findManagedGroup } = await import('../../src/services/wafv2/managed.js');
  const listed = describeManaged(findManagedGroup('AWS', 'AWSManagedRulesBotControlRuleSet')!).AvailableLabels!.map((l) => l.Name).sort();
  assert.deepEqual(listed, botControlLabels().sort());
});
