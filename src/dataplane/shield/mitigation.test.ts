import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MIN_RATE_LIMIT, MITIGATION_PRIORITY, mitigationRule, mitigationRuleName } from './mitigation.js';

describe('the Shield mitigation rule', () => {
  it("is named after AWS's ShieldMitigationRuleGroup, with the account and the web ACL id", () => {
    assert.equal(
      mitigationRuleName('arn:aws:wafv2:eu-west-1:111122223333:regional/webacl/site/0f8e7d6c-1234-4abc-8def-0123456789ab'),
      'ShieldMitigationRuleGroup_111122223333_0f8e7d6c-1234-4abc-8def-0123456789ab',
    );
    assert.equal(mitigationRuleName('arn:aws:wafv2:eu-west-1:111122223333:regional/ipset/x/0f8e7d6c-1234-4abc-8def-0123456789ab'), undefined);
    assert.equal(mitigationRuleName('not an arn'), undefined);
  });

  it('is a rate-based rule per IP over 60 s, last in the web ACL, with the configured action', () => {
    const count = mitigationRule('ShieldMitigationRuleGroup_1_2', 'Count', 1234.2);
    assert.deepEqual(count, {
      Name: 'ShieldMitigationRuleGroup_1_2',
      Priority: MITIGATION_PRIORITY,
      Statement: { RateBasedStatement: { Limit: 1235, EvaluationWindowSec: 60, AggregateKeyType: 'IP' } },
      Action: { Count: {} },
      VisibilityConfig: { SampledRequestsEnabled: true, CloudWatchMetricsEnabled: true, MetricName: 'ShieldMitigationRuleGroup_1_2' },
    });
    assert.equal(MITIGATION_PRIORITY, 10_000_000);
    assert.deepEqual(mitigationRule('n', 'Block', 0).Action, { Block: {} });
    assert.equal(mitigationRule('n', 'Block', 0).Statement.RateBasedStatement!.Limit, MIN_RATE_LIMIT);
  });
});
