import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Rule, RuleAction, Statement } from '../../services/wafv2/api.generated.js';
import { builtinDetectors } from './detectors.js';
import { compileAcl, evaluate, type AclSource, type TokenCheck } from './evaluate.js';
import { CsvGeoDb } from './geo.js';
import type { InspectedRequest, ManagedRuleGroupLogic } from './inspected-request.js';
import { MemoryRateCounter } from './rate-counter.js';
import { compileRegex } from './regex.js';

const none = [{ Priority: 0, Type: 'NONE' as const }];
const path = (s: string, pc: 'CONTAINS' | 'EXACTLY' = 'CONTAINS'): Statement => ({ ByteMatchStatement: { SearchString: new TextEncoder().encode(s), FieldToMatch: { UriPath: {} }, TextTransformations: none, PositionalConstraint: pc } });
const vis = { SampledRequestsEnabled: false, CloudWatchMetricsEnabled: false, MetricName: 'm' };
const rule = (Name: string, Priority: number, Statement: Statement, Action: RuleAction, labels: string[] = []): Rule => ({ Name, Priority, Statement, Action, VisibilityConfig: vis, ...(labels.length ? { RuleLabels: labels.map((l) => ({ Name: l })) } : {}) });

/** A trivial managed group (the real ones come from the waf-managed branch). */
const testGroup: ManagedRuleGroupLogic = {
  vendor: 'AWS',
  name: 'AWSManagedRulesTestRuleSet',
  rules: [
    { name: 'BadBot', action: 'Block', labels: ['awswaf:managed:aws:test:BadBot'], matches: (r) => r.headers.some(([n, v]) => n.toLowerCase() === 'user-agent' && v.includes('badbot')) },
    { name: 'SeesLabel', action: 'Block', labels: [], matches: (r) => r.labels?.has('awswaf:111122223333:webacl:acl:early') ?? false },
  ],
};

function acl(rules: Rule[], extra: Partial<AclSource> = {}) {
  const src: AclSource = {
    accountId: '111122223333',
    aclName: 'acl',
    rules,
    defaultAction: { Allow: {} },
    immunity: { captcha: 300, challenge: 300 },
    ruleGroups: new Map([['grp', { name: 'grp', data: { Capacity: 10, VisibilityConfig: vis, Rules: [rule('g1', 1, path('/g1'), { Block: {} }, ['g']), rule('g2', 2, path('/g2'), { Block: {} })] } }]]),
    managed: (v, n) => (v === testGroup.vendor && n === testGroup.name ? testGroup : undefined),
    counter: new MemoryRateCounter(),
    versionTag: 'v1',
    ...extra,
  };
  return compileAcl(src, { ipSets: new Map(), regexSets: new Map(), regex: compileRegex, geo: new CsvGeoDb(''), detectors: builtinDetectors });
}

const req = (p: string, headers: [string, string][] = []): InspectedRequest => ({ method: 'GET', path: p, query: '', headers, body: Buffer.alloc(0), bodyOversize: false, clientIp: '192.0.2.1', httpVersion: 'HTTP/1.1' });
const noTokens: TokenCheck = { captcha: () => false, challenge: () => false };
const ev = (a: ReturnType<typeof acl>, r: InspectedRequest, t = noTokens, now = 0) => evaluate(a, r, t, now);

describe('web ACL evaluation', () => {
  it('rules run by priority; the first terminating action wins', async () => {
    const a = acl([rule('late-block', 20, path('/x'), { Block: {} }), rule('early-allow', 10, path('/x'), { Allow: {} })]);
    const d = await ev(a, req('/x'));
    assert.equal(d.action, 'ALLOW');
    assert.equal(d.terminating?.name, 'early-allow');
  });

  it('Count adds labels and headers and goes on; the default action decides at the end', async () => {
    const a = acl([rule('c', 1, path('/x'), { Count: { CustomRequestHandling: { InsertHeaders: [{ Name: 'seen', Value: '1' }] } } }, ['early'])]);
    const d = await ev(a, req('/x'));
    assert.equal(d.action, 'ALLOW');
    assert.equal(d.terminating, undefined);
    assert.deepEqual(d.labels, ['awswaf:111122223333:webacl:acl:early']);
    assert.deepEqual(d.insertHeaders, [{ Name: 'x-amzn-waf-seen', Value: '1' }]);
  });

  it('Block default action', async () => {
    const a = compileAclBlock();
    assert.equal((await ev(a, req('/'))).action, 'BLOCK');
  });

  it('a rule group: inline, labels in its namespace, OverrideAction Count, RuleActionOverrides, ExcludedRules', async () => {
    const ref = (o: Partial<Rule> = {}, st: Partial<NonNullable<Statement['RuleGroupReferenceStatement']>> = {}): Rule => ({ Name: 'grp', Priority: 5, VisibilityConfig: vis, OverrideAction: { None: {} }, Statement: { RuleGroupReferenceStatement: { ARN: 'grp', ...st } }, ...o });
    let d = await ev(acl([ref()]), req('/g1'));
    assert.equal(d.action, 'BLOCK');
    assert.deepEqual(d.labels, ['awswaf:111122223333:rulegroup:grp:g']);
    d = await ev(acl([ref({ OverrideAction: { Count: {} } })]), req('/g1'));
    assert.equal(d.action, 'ALLOW');
    assert.equal(d.nonTerminating[0]?.rule.overriddenFrom, 'BLOCK');
    assert.deepEqual(d.labels, ['awswaf:111122223333:rulegroup:grp:g']);
    d = await ev(acl([ref({}, { RuleActionOverrides: [{ Name: 'g1', ActionToUse: { Count: {} } }] })]), req('/g1'));
    assert.equal(d.action, 'ALLOW');
    d = await ev(acl([ref({}, { ExcludedRules: [{ Name: 'g2' }] })]), req('/g2'));
    assert.equal(d.action, 'ALLOW');
  });

  it('a managed group from the registry: rules, labels, scope-down, and labels of earlier rules', async () => {
    const mg = (scopeDown?: Statement): Rule => ({ Name: 'mg', Priority: 5, VisibilityConfig: vis, OverrideAction: { None: {} }, Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: 'AWSManagedRulesTestRuleSet', ...(scopeDown ? { ScopeDownStatement: scopeDown } : {}) } } });
    let d = await ev(acl([mg()]), req('/', [['User-Agent', 'badbot/1']]));
    assert.equal(d.action, 'BLOCK');
    assert.deepEqual(d.labels, ['awswaf:managed:aws:test:BadBot']);
    d = await ev(acl([mg(path('/api'))]), req('/', [['User-Agent', 'badbot/1']]));
    assert.equal(d.action, 'ALLOW', 'outside the scope-down statement');
    d = await ev(acl([rule('early', 1, path('/'), { Count: {} }, ['early']), mg()]), req('/'));
    assert.equal(d.terminating?.name, 'SeesLabel');
    d = await ev(acl([{ ...mg(), Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: 'Unknown' } } }]), req('/', [['User-Agent', 'badbot']]));
    assert.equal(d.action, 'ALLOW', 'a group without logic matches nothing');
  });

  it('CAPTCHA and Challenge terminate without a valid token and go on with one', async () => {
    const a = acl([rule('cap', 1, path('/c'), { Captcha: {} }), rule('chal', 2, path('/h'), { Challenge: {} })]);
    assert.equal((await ev(a, req('/c'))).action, 'CAPTCHA');
    assert.equal((await ev(a, req('/h'))).action, 'CHALLENGE');
    const solved: TokenCheck = { captcha: (imm) => imm === 300, challenge: () => true };
    const d = await ev(a, req('/c'), solved);
    assert.equal(d.action, 'ALLOW');
    assert.equal(d.nonTerminating[0]?.action, 'CAPTCHA');
  });

  it('rate-based with custom keys counts per key and not requests missing one', async () => {
    const a = acl([{ Name: 'rate', Priority: 1, VisibilityConfig: vis, Action: { Block: {} }, Statement: { RateBasedStatement: { Limit: 10, EvaluationWindowSec: 60, AggregateKeyType: 'CUSTOM_KEYS', CustomKeys: [{ Header: { Name: 'x-user', TextTransformations: [{ Priority: 0, Type: 'LOWERCASE' }] } }, { HTTPMethod: {} }] } } }]);
    const t0 = 1_000_000;
    for (let i = 0; i < 10; i++) assert.equal((await ev(a, req('/', [['x-user', i % 2 ? 'BOB' : 'bob']]), noTokens, t0 + i)).action, 'ALLOW');
    assert.equal((await ev(a, req('/', [['x-user', 'bob']]), noTokens, t0 + 20)).action, 'BLOCK');
    assert.equal((await ev(a, req('/', [['x-user', 'alice']]), noTokens, t0 + 20)).action, 'ALLOW');
    for (let i = 0; i < 20; i++) assert.equal((await ev(a, req('/'), noTokens, t0 + 30)).action, 'ALLOW', 'no key: not counted');
    assert.equal((await ev(a, req('/', [['x-user', 'bob']]), noTokens, t0 + 61_000)).action, 'ALLOW', 'after the window');
  });

  it('rate-based on the JA4 fingerprint counts each TLS client apart; plain HTTP requests lack the key', async () => {
    const a = acl([{ Name: 'per-client', Priority: 1, VisibilityConfig: vis, Action: { Block: {} }, Statement: { RateBasedStatement: { Limit: 10, EvaluationWindowSec: 60, AggregateKeyType: 'CUSTOM_KEYS', CustomKeys: [{ JA4Fingerprint: { FallbackBehavior: 'NO_MATCH' } }] } } }]);
    const tls = (ja4: string) => ({ ...req('/'), tls: { ja3: 'x'.repeat(32), ja4 } });
    for (let i = 0; i < 10; i++) assert.equal((await ev(a, tls('t13d1516h2_8daaf6152771_d8a2da3f94cd'), noTokens, 5000)).action, 'ALLOW');
    assert.equal((await ev(a, tls('t13d1516h2_8daaf6152771_d8a2da3f94cd'), noTokens, 5000)).action, 'BLOCK');
    assert.equal((await ev(a, tls('t12d1009h1_aaaaaaaaaaaa_bbbbbbbbbbbb'), noTokens, 5000)).action, 'ALLOW');
    for (let i = 0; i < 15; i++) assert.equal((await ev(a, req('/'), noTokens, 5000)).action, 'ALLOW', 'no fingerprint: not counted');
  });

  it("a rule group's rate-based rule counts inline, named GROUPRULE/RULE for managed keys", async () => {
    const limited: string[] = [];
    const groups: AclSource['ruleGroups'] = new Map([['rg', { name: 'rg', data: { Capacity: 10, VisibilityConfig: vis, Rules: [{ Name: 'per-ip', Priority: 1, VisibilityConfig: vis, Action: { Block: {} }, Statement: { RateBasedStatement: { Limit: 10, EvaluationWindowSec: 60, AggregateKeyType: 'IP' } } }] } }]]);
    const a = acl([{ Name: 'ref', Priority: 1, VisibilityConfig: vis, OverrideAction: { None: {} }, Statement: { RuleGroupReferenceStatement: { ARN: 'rg' } } }], { ruleGroups: groups, onLimited: (id, key) => limited.push(`${id} ${key}`) });
    for (let i = 0; i < 10; i++) assert.equal((await ev(a, req('/'), noTokens, 1000)).action, 'ALLOW');
    const d = await ev(a, req('/'), noTokens, 1000);
    assert.equal(d.action, 'BLOCK');
    assert.equal(d.terminating?.name, 'per-ip');
    assert.deepEqual(limited, ['ref/per-ip 192.0.2.1']);
  });

  it('a Block custom response comes with the bodies of the entity that defines it', async () => {
    const a = acl([rule('b', 1, path('/'), { Block: { CustomResponse: { ResponseCode: 418, CustomResponseBodyKey: 'k' } } })], { bodies: { k: { ContentType: 'TEXT_PLAIN', Content: 'teapot' } } });
    const d = await ev(a, req('/'));
    assert.equal(d.act.response?.ResponseCode, 418);
    assert.equal(d.act.bodies?.['k']?.Content, 'teapot');
  });
});

function compileAclBlock() {
  return compileAcl(
    { accountId: '111122223333', aclName: 'acl', rules: [], defaultAction: { Block: {} }, immunity: { captcha: 300, challenge: 300 }, ruleGroups: new Map(), managed: () => undefined, counter: new MemoryRateCounter(), versionTag: 'v' },
    { ipSets: new Map(), regexSets: new Map(), regex: compileRegex, geo: new CsvGeoDb(''), detectors: builtinDetectors },
  );
}
