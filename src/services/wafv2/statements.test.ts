import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Rule, Statement, TextTransformation } from './api.generated.js';
import { checkRules } from './rules.js';
import { statementCost, type StatementContext } from './statements.js';
import type { EntityRecord } from './store.js';

const IPSET = 'arn:aws:wafv2:us-east-1:111122223333:regional/ipset/ips/11111111-1111-4111-8111-111111111111';
const REGEX = 'arn:aws:wafv2:us-east-1:111122223333:regional/regexpatternset/rx/22222222-2222-4222-8222-222222222222';
const GROUP = 'arn:aws:wafv2:us-east-1:111122223333:regional/rulegroup/rg/33333333-3333-4333-8333-333333333333';
const rec = (kind: EntityRecord['kind'], arn: string, data: unknown): EntityRecord =>
  ({ kind, arn, scope: 'REGIONAL', data, id: 'x', name: 'x', accountId: '111122223333', region: 'us-east-1', lockToken: 'x', tags: [], refs: [], createdAt: 0 }) as unknown as EntityRecord;
const refs = new Map<string, EntityRecord>([
  [IPSET, rec('ipset', IPSET, { IPAddressVersion: 'IPV4', Addresses: [] })],
  [REGEX, rec('regexpatternset', REGEX, { RegularExpressionList: [] })],
  [GROUP, rec('rulegroup', GROUP, { Capacity: 120, Rules: [{ Name: 'inner' }], VisibilityConfig: {} })],
]);
const acl: StatementContext = { owner: 'webacl', scope: 'REGIONAL', refs };
const group: StatementContext = { owner: 'rulegroup', scope: 'REGIONAL', refs };
const none = [{ Priority: 0, Type: 'NONE' as const }];
const lower = [{ Priority: 0, Type: 'LOWERCASE' as const }, { Priority: 1, Type: 'URL_DECODE' as const }];
const byte = (pc: 'EXACTLY' | 'CONTAINS', field: object = { UriPath: {} }, tts: TextTransformation[] = none): Statement => ({
  ByteMatchStatement: { SearchString: new TextEncoder().encode('x'), FieldToMatch: field, TextTransformations: tts, PositionalConstraint: pc },
});
const cost = (s: Statement, ctx = acl) => statementCost(s, ctx, true);
const code = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    return `${(e as { code: string }).code}:${String((e as { fields?: { Field?: string } }).fields?.Field ?? '')}`;
  }
  return 'ok';
};
const vis = { SampledRequestsEnabled: false, CloudWatchMetricsEnabled: false, MetricName: 'm' };

describe('WCU costs per statement (developer guide)', () => {
  it('match statements: base costs, text transformations, all query arguments, JSON body', () => {
    assert.equal(cost(byte('EXACTLY')), 2);
    assert.equal(cost(byte('CONTAINS')), 10);
    assert.equal(cost(byte('EXACTLY', { AllQueryArguments: {} })), 12);
    assert.equal(cost(byte('CONTAINS', { UriPath: {} }, lower)), 30);
    assert.equal(cost(byte('CONTAINS', { JsonBody: { MatchPattern: { All: {} }, MatchScope: 'ALL' } })), 20);
    assert.equal(cost({ SqliMatchStatement: { FieldToMatch: { Body: {} }, TextTransformations: none } }), 20);
    assert.equal(cost({ SqliMatchStatement: { FieldToMatch: { Body: {} }, TextTransformations: none, SensitivityLevel: 'HIGH' } }), 30);
    assert.equal(cost({ XssMatchStatement: { FieldToMatch: { QueryString: {} }, TextTransformations: lower } }), 60);
    assert.equal(cost({ SizeConstraintStatement: { FieldToMatch: { Body: {} }, ComparisonOperator: 'GT', Size: 8192, TextTransformations: none } }), 1);
    assert.equal(cost({ RegexMatchStatement: { RegexString: '^/a', FieldToMatch: { UriPath: {} }, TextTransformations: none } }), 3);
    assert.equal(cost({ RegexPatternSetReferenceStatement: { ARN: REGEX, FieldToMatch: { UriPath: {} }, TextTransformations: none } }), 25);
    assert.equal(cost({ GeoMatchStatement: { CountryCodes: ['FR'] } }), 1);
    assert.equal(cost({ LabelMatchStatement: { Scope: 'LABEL', Key: 'a:b' } }), 1);
    assert.equal(cost({ IPSetReferenceStatement: { ARN: IPSET } }), 1);
    assert.equal(cost({ IPSetReferenceStatement: { ARN: IPSET, IPSetForwardedIPConfig: { HeaderName: 'X-Forwarded-For', FallbackBehavior: 'MATCH', Position: 'ANY' } } }), 5);
  });
  it('charges a text transformation once per request component within a rule and across rules', () => {
    const lowerUri = byte('EXACTLY', { UriPath: {} }, [{ Priority: 0, Type: 'LOWERCASE' }]);
    // (URI path + LOWERCASE) twice in one rule: 2 + 2 + 10.
    assert.equal(cost({ OrStatement: { Statements: [lowerUri, lowerUri] } }), 14);
    // Another component or another header is another transformation: 2 + 2 + 20.
    const ua = byte('EXACTLY', { SingleHeader: { Name: 'User-Agent' } }, [{ Priority: 0, Type: 'LOWERCASE' }]);
    const ua2 = byte('EXACTLY', { SingleHeader: { Name: 'user-agent' } }, [{ Priority: 0, Type: 'LOWERCASE' }]);
    const cookie = byte('EXACTLY', { SingleHeader: { Name: 'cookie' } }, [{ Priority: 0, Type: 'LOWERCASE' }]);
    assert.equal(cost({ AndStatement: { Statements: [ua, cookie] } }), 24);
    // Across the rules of one list: rule 2 reuses (User-Agent + LOWERCASE), header names compared without case.
    const rules = [ua, ua2].map((st, i): Rule => ({ Name: `r${i}`, Priority: i, Statement: st, Action: { Block: {} }, VisibilityConfig: vis }));
    assert.equal(checkRules(rules, acl), 14);
  });

  it('logical statements sum, rate-based adds 2 and 30 per custom key, groups cost their capacity', () => {
    assert.equal(cost({ AndStatement: { Statements: [byte('EXACTLY'), { NotStatement: { Statement: byte('CONTAINS') } }] } }), 12);
    assert.equal(cost({ RateBasedStatement: { Limit: 100, AggregateKeyType: 'IP' } }), 2);
    assert.equal(cost({ RateBasedStatement: { Limit: 100, AggregateKeyType: 'CUSTOM_KEYS', CustomKeys: [{ IP: {} }, { HTTPMethod: {} }], ScopeDownStatement: byte('EXACTLY') } }), 64);
    assert.equal(cost({ ManagedRuleGroupStatement: { VendorName: 'AWS', Name: 'AWSManagedRulesCommonRuleSet' } }), 700);
    assert.equal(cost({ RuleGroupReferenceStatement: { ARN: GROUP } }), 120);
  });
});

describe('statement structure', () => {
  it('refuses empty and multi-member statements, short AND/OR, nesting of top-level-only statements', () => {
    assert.equal(code(() => cost({})), 'WAFInvalidParameterException:STATEMENT');
    assert.equal(code(() => cost({ ...byte('EXACTLY'), GeoMatchStatement: { CountryCodes: ['FR'] } })), 'WAFInvalidParameterException:STATEMENT');
    assert.equal(code(() => cost({ OrStatement: { Statements: [byte('EXACTLY')] } })), 'WAFInvalidParameterException:OR_STATEMENT');
    assert.equal(code(() => cost({ AndStatement: { Statements: [byte('EXACTLY'), { RateBasedStatement: { Limit: 100, AggregateKeyType: 'IP' } }] } })), 'WAFInvalidParameterException:RATE_BASED_STATEMENT');
    assert.equal(code(() => cost({ NotStatement: { Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: 'AWSManagedRulesSQLiRuleSet' } } } })), 'WAFInvalidParameterException:MANAGED_RULE_SET_STATEMENT');
    assert.equal(code(() => cost({ RateBasedStatement: { Limit: 100, AggregateKeyType: 'IP', ScopeDownStatement: { RuleGroupReferenceStatement: { ARN: GROUP } } } })), 'WAFInvalidParameterException:RULE_GROUP_REFERENCE_STATEMENT');
    assert.equal(code(() => cost({ RuleGroupReferenceStatement: { ARN: GROUP } }, group)), 'WAFInvalidParameterException:RULE_GROUP_REFERENCE_STATEMENT');
    assert.equal(code(() => cost({ RateBasedStatement: { Limit: 100, AggregateKeyType: 'IP' } }, group)), 'ok');
  });
  it('checks fields, transformations, rate-based settings, managed groups and references', () => {
    assert.equal(code(() => cost(byte('EXACTLY', { UriPath: {}, Method: {} }))), 'WAFInvalidParameterException:FIELD_TO_MATCH');
    assert.equal(code(() => cost(byte('EXACTLY', {}))), 'WAFInvalidParameterException:FIELD_TO_MATCH');
    assert.equal(code(() => cost(byte('EXACTLY', { UriPath: {} }, [{ Priority: 1, Type: 'NONE' }, { Priority: 1, Type: 'LOWERCASE' }]))), 'WAFInvalidParameterException:TEXT_TRANSFORMATION');
    assert.equal(code(() => cost({ RateBasedStatement: { Limit: 100, AggregateKeyType: 'IP', EvaluationWindowSec: 30 } })), 'WAFInvalidParameterException:RATE_BASED_STATEMENT');
    assert.equal(code(() => cost({ RateBasedStatement: { Limit: 100, AggregateKeyType: 'CUSTOM_KEYS' } })), 'WAFInvalidParameterException:CUSTOM_KEYS');
    assert.equal(code(() => cost({ RateBasedStatement: { Limit: 100, AggregateKeyType: 'CONSTANT' } })), 'WAFInvalidParameterException:SCOPE_DOWN');
    assert.equal(code(() => cost({ ManagedRuleGroupStatement: { VendorName: 'AWS', Name: 'NoSuchGroup' } })), 'WAFNonexistentItemException:');
    assert.equal(code(() => cost({ ManagedRuleGroupStatement: { VendorName: 'AWS', Name: 'AWSManagedRulesSQLiRuleSet', RuleActionOverrides: [{ Name: 'Nope', ActionToUse: { Count: {} } }] } })), 'WAFInvalidParameterException:RULE');
    assert.equal(code(() => cost({ ManagedRuleGroupStatement: { VendorName: 'AWS', Name: 'AWSManagedRulesSQLiRuleSet', ExcludedRules: [{ Name: 'SQLi_BODY' }], RuleActionOverrides: [{ Name: 'SQLi_COOKIE', ActionToUse: { Count: {} } }] } })), 'ok');
    assert.equal(code(() => cost({ IPSetReferenceStatement: { ARN: IPSET.replace('1111-4111', '1111-4112') } })), 'WAFNonexistentItemException:');
    assert.equal(code(() => cost({ IPSetReferenceStatement: { ARN: REGEX } })), 'WAFNonexistentItemException:');
    assert.equal(code(() => cost({ RegexMatchStatement: { RegexString: '(a)\\1', FieldToMatch: { UriPath: {} }, TextTransformations: none } })), 'WAFInvalidParameterException:STATEMENT');
  });
  it('bounds nesting depth', () => {
    let s: Statement = byte('EXACTLY');
    for (let i = 0; i < 30; i++) s = { NotStatement: { Statement: s } };
    assert.equal(code(() => cost(s)), 'WAFInvalidParameterException:STATEMENT');
  });
});

describe('rules', () => {
  const rule = (name: string, priority: number, extra: Partial<Rule> = {}): Rule => ({ Name: name, Priority: priority, Statement: byte('EXACTLY'), Action: { Block: {} }, VisibilityConfig: vis, ...extra });
  it('sums WCUs and refuses repeated names or priorities', () => {
    assert.equal(checkRules([rule('a', 1), rule('b', 2)], acl), 4);
    assert.equal(code(() => checkRules([rule('a', 1), rule('a', 2)], acl)), 'WAFDuplicateItemException:');
    assert.equal(code(() => checkRules([rule('a', 1), rule('b', 1)], acl)), 'WAFDuplicateItemException:');
  });
  it('checks rule labels: up to five namespaces, 128 characters a part, no reserved word; none on rule group statements', () => {
    assert.equal(checkRules([rule('a', 1, { RuleLabels: [{ Name: 'ns1:ns2:ns3:ns4:ns5:name' }] })], acl), 2);
    for (const bad of ['n1:n2:n3:n4:n5:n6:name', 'waf:name', 'ns:managed', 'a::b', `${'x'.repeat(129)}`]) assert.equal(code(() => checkRules([rule('a', 1, { RuleLabels: [{ Name: bad }] })], acl)), 'WAFInvalidParameterException:RULE', bad);
    const managed: Statement = { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: 'AWSManagedRulesAnonymousIpList' } };
    assert.equal(code(() => checkRules([rule('m', 1, { Statement: managed, Action: undefined, OverrideAction: { None: {} }, RuleLabels: [{ Name: 'x' }] })], acl)), 'WAFInvalidParameterException:RULE');
  });

  it('wants an Action on rules and an OverrideAction on rule group statements, exactly one member each', () => {
    const managed: Statement = { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: 'AWSManagedRulesAnonymousIpList' } };
    assert.equal(checkRules([rule('m', 1, { Statement: managed, Action: undefined, OverrideAction: { None: {} } })], acl), 50);
    assert.equal(code(() => checkRules([rule('m', 1, { Statement: managed })], acl)), 'WAFInvalidParameterException:RULE');
    assert.equal(code(() => checkRules([rule('m', 1, { Statement: managed, Action: undefined, OverrideAction: { None: {}, Count: {} } })], acl)), 'WAFInvalidParameterException:OVERRIDE_ACTION');
    assert.equal(code(() => checkRules([rule('a', 1, { OverrideAction: { Count: {} } })], acl)), 'WAFInvalidParameterException:RULE');
    assert.equal(code(() => checkRules([rule('a', 1, { Action: undefined })], acl)), 'WAFInvalidParameterException:RULE');
    assert.equal(code(() => checkRules([rule('a', 1, { Action: { Block: {}, Allow: {} } })], acl)), 'WAFInvalidParameterException:RULE_ACTION');
    assert.equal(code(() => checkRules([rule('a', 1, { Action: { Block: { CustomResponse: { ResponseCode: 403, CustomResponseBodyKey: 'nope' } } } })], acl)), 'WAFInvalidParameterException:CUSTOM_RESPONSE');
  });
});
