/**
 * WAFv2 through the AWS SDK v3: IP sets, regex pattern sets, rule groups and web ACLs with their
 * LockToken handling, stale tokens, duplicate names, nonexistent items, invalid CIDRs and regexes,
 * statement nesting rules, capacity limits, references that must exist and cannot be deleted while
 * used, CLOUDFRONT scope, the managed rule group catalogue, CheckCapacity, tags, logging
 * configurations and ALB associations.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CheckCapacityCommand,
  CreateIPSetCommand,
  CreateRegexPatternSetCommand,
  CreateRuleGroupCommand,
  CreateWebACLCommand,
  DeleteIPSetCommand,
  DeleteRegexPatternSetCommand,
  DeleteRuleGroupCommand,
  DeleteWebACLCommand,
  DescribeManagedRuleGroupCommand,
  GetIPSetCommand,
  GetRegexPatternSetCommand,
  GetRuleGroupCommand,
  GetWebACLCommand,
  ListAvailableManagedRuleGroupsCommand,
  ListAvailableManagedRuleGroupVersionsCommand,
  ListIPSetsCommand,
  ListRegexPatternSetsCommand,
  ListRuleGroupsCommand,
  ListWebACLsCommand,
  UpdateIPSetCommand,
  UpdateRegexPatternSetCommand,
  UpdateRuleGroupCommand,
  UpdateWebACLCommand,
} from '@aws-sdk/client-wafv2';
import { startTestServer, type TestServer } from '../helpers/rampart.js';
import { blockRule, byteMatch, groupRule, none, vis, waf, wafFailure } from './wafv2-support.js';

let s: TestServer;
before(async () => {
  s = await startTestServer();
});
after(() => s.close());

const REGIONAL = 'REGIONAL' as const;
const newIpSet = async (name: string, addresses = ['192.0.2.0/24']) => (await waf(s).send(new CreateIPSetCommand({ Name: name, Scope: REGIONAL, IPAddressVersion: 'IPV4', Addresses: addresses }))).Summary!;

describe('WAFv2 IP sets', () => {
  it('create, get, update with LockToken, list, delete', async () => {
    const c = waf(s);
    const sum = await newIpSet('office', ['192.0.2.0/24', '198.51.100.7/32']);
    assert.match(sum.Id!, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.equal(sum.ARN, `arn:aws:wafv2:us-east-1:${s.accountId}:regional/ipset/office/${sum.Id}`);
    const got = await c.send(new GetIPSetCommand({ Name: 'office', Scope: REGIONAL, Id: sum.Id! }));
    assert.deepEqual(got.IPSet!.Addresses, ['192.0.2.0/24', '198.51.100.7/32']);
    assert.equal(got.LockToken, sum.LockToken);
    const upd = await c.send(new UpdateIPSetCommand({ Name: 'office', Scope: REGIONAL, Id: sum.Id!, Addresses: ['203.0.113.0/24'], LockToken: got.LockToken!, Description: 'new' }));
    assert.ok(upd.NextLockToken && upd.NextLockToken !== got.LockToken);
    const again = await c.send(new GetIPSetCommand({ Name: 'office', Scope: REGIONAL, Id: sum.Id! }));
    assert.deepEqual(again.IPSet!.Addresses, ['203.0.113.0/24']);
    assert.equal(again.IPSet!.Description, 'new');
    assert.equal(again.LockToken, upd.NextLockToken);
    // The old token is stale now: AWS's WAFOptimisticLockException and its text.
    const stale = await wafFailure(c.send(new UpdateIPSetCommand({ Name: 'office', Scope: REGIONAL, Id: sum.Id!, Addresses: [], LockToken: got.LockToken! })));
    assert.equal(stale.name, 'WAFOptimisticLockException');
    assert.equal(stale.message, 'AWS WAF couldn’t save your changes because someone changed the resource after you started to edit it. Reapply your changes.');
    const staleDelete = await wafFailure(c.send(new DeleteIPSetCommand({ Name: 'office', Scope: REGIONAL, Id: sum.Id!, LockToken: got.LockToken! })));
    assert.equal(staleDelete.name, 'WAFOptimisticLockException');
    const listed = await c.send(new ListIPSetsCommand({ Scope: REGIONAL }));
    assert.ok(listed.IPSets!.some((i) => i.Id === sum.Id && i.LockToken === upd.NextLockToken));
    await c.send(new DeleteIPSetCommand({ Name: 'office', Scope: REGIONAL, Id: sum.Id!, LockToken: upd.NextLockToken! }));
    assert.equal((await wafFailure(c.send(new GetIPSetCommand({ Name: 'office', Scope: REGIONAL, Id: sum.Id! })))).name, 'WAFNonexistentItemException');
  });

  it('refuses invalid CIDRs with Field, Parameter and Reason, duplicate names, wrong names for an Id', async () => {
    const c = waf(s);
    for (const bad of ['192.0.2.44', '0.0.0.0/0', '195.178.188.66/29', '2001:db8::/32', 'not-an-ip/8']) {
      const e = await wafFailure(c.send(new CreateIPSetCommand({ Name: 'bad', Scope: REGIONAL, IPAddressVersion: 'IPV4', Addresses: [bad] })));
      assert.equal(e.name, 'WAFInvalidParameterException', bad);
      assert.equal(e.Field, 'IP_ADDRESS');
      assert.equal(e.Parameter, bad);
      assert.equal(e.Reason, 'The parameter contains formatting that is not valid.');
      assert.equal(e.message, `Error reason: The parameter contains formatting that is not valid., field: IP_ADDRESS, parameter: ${bad}`);
    }
    const v6 = (await c.send(new CreateIPSetCommand({ Name: 'v6', Scope: REGIONAL, IPAddressVersion: 'IPV6', Addresses: ['2001:db8::/32'] }))).Summary!;
    assert.equal((await wafFailure(c.send(new CreateIPSetCommand({ Name: 'v6', Scope: REGIONAL, IPAddressVersion: 'IPV6', Addresses: [] })))).name, 'WAFDuplicateItemException');
    assert.equal((await wafFailure(c.send(new GetIPSetCommand({ Name: 'other', Scope: REGIONAL, Id: v6.Id! })))).name, 'WAFNonexistentItemException');
    assert.equal((await wafFailure(c.send(new GetIPSetCommand({ Name: 'v6', Scope: 'CLOUDFRONT', Id: v6.Id! })))).name, 'WAFNonexistentItemException');
  });

  it('CLOUDFRONT is served in us-east-1 only (global ARNs), refused elsewhere', async () => {
    const cf = (await waf(s).send(new CreateIPSetCommand({ Name: 'edge', Scope: 'CLOUDFRONT', IPAddressVersion: 'IPV4', Addresses: [] }))).Summary!;
    assert.equal(cf.ARN, `arn:aws:wafv2:us-east-1:${s.accountId}:global/ipset/edge/${cf.Id}`);
    const e = await wafFailure(waf(s, s.credentials, 'eu-west-1').send(new CreateIPSetCommand({ Name: 'edge', Scope: 'CLOUDFRONT', IPAddressVersion: 'IPV4', Addresses: [] })));
    assert.equal(e.name, 'WAFInvalidParameterException');
    assert.equal(e.Field, 'SCOPE_VALUE');
    // Regional entities are per Region.
    assert.equal((await waf(s, s.credentials, 'eu-west-1').send(new ListIPSetsCommand({ Scope: REGIONAL }))).IPSets!.length, 0);
  });

  it('pages with Limit and NextMarker', async () => {
    const c = waf(s);
    for (const n of ['p1', 'p2', 'p3']) await newIpSet(`page-${n}`);
    const seen = new Set<string>();
    let marker: string | undefined;
    do {
      const page = await c.send(new ListIPSetsCommand({ Scope: REGIONAL, Limit: 2, ...(marker ? { NextMarker: marker } : {}) }));
      assert.ok(page.IPSets!.length <= 2);
      for (const i of page.IPSets!) seen.add(i.Name!);
      marker = page.NextMarker;
    } while (marker);
    for (const n of ['page-p1', 'page-p2', 'page-p3']) assert.ok(seen.has(n));
  });
});

describe('WAFv2 regex pattern sets', () => {
  it('CRUD, and patterns WAF does not accept are refused', async () => {
    const c = waf(s);
    const sum = (await c.send(new CreateRegexPatternSetCommand({ Name: 'paths', Scope: REGIONAL, RegularExpressionList: [{ RegexString: '^/admin' }, { RegexString: '(?i)wp-login\\.php$' }] }))).Summary!;
    const got = await c.send(new GetRegexPatternSetCommand({ Name: 'paths', Scope: REGIONAL, Id: sum.Id! }));
    assert.deepEqual(got.RegexPatternSet!.RegularExpressionList, [{ RegexString: '^/admin' }, { RegexString: '(?i)wp-login\\.php$' }]);
    for (const bad of ['(unclosed', '(a)\\1', 'foo(?=bar)']) {
      const e = await wafFailure(c.send(new UpdateRegexPatternSetCommand({ Name: 'paths', Scope: REGIONAL, Id: sum.Id!, LockToken: got.LockToken!, RegularExpressionList: [{ RegexString: bad }] })));
      assert.equal(e.name, 'WAFInvalidParameterException', bad);
      assert.equal(e.Field, 'REGEX_PATTERN_SET');
    }
    const upd = await c.send(new UpdateRegexPatternSetCommand({ Name: 'paths', Scope: REGIONAL, Id: sum.Id!, LockToken: got.LockToken!, RegularExpressionList: [{ RegexString: 'x+' }] }));
    await c.send(new DeleteRegexPatternSetCommand({ Name: 'paths', Scope: REGIONAL, Id: sum.Id!, LockToken: upd.NextLockToken! }));
  });
});

describe('WAFv2 rule groups and web ACLs', () => {
  it('a web ACL referencing an IP set, a regex pattern set, a rule group and a managed group: capacity, labels, references kept', async () => {
    const c = waf(s);
    const ip = await newIpSet('blocked');
    const rx = (await c.send(new CreateRegexPatternSetCommand({ Name: 'rx', Scope: REGIONAL, RegularExpressionList: [{ RegexString: '^/x' }] }))).Summary!;
    const rgRules = [
      { ...blockRule('bad-ip', 1, { IPSetReferenceStatement: { ARN: ip.ARN! } }), RuleLabels: [{ Name: 'ip:bad' }] },
      blockRule('paths', 2, { RegexPatternSetReferenceStatement: { ARN: rx.ARN!, FieldToMatch: { UriPath: {} }, TextTransformations: none } }),
      blockRule('after-label', 3, { LabelMatchStatement: { Scope: 'LABEL', Key: 'awswaf:managed:aws:core-rule-set:NoUserAgent_Header' } }),
    ];
    // 1 + 25 + 1 = 27 WCUs: a capacity of 20 is too low.
    const low = await wafFailure(c.send(new CreateRuleGroupCommand({ Name: 'grp', Scope: REGIONAL, Capacity: 20, Rules: rgRules, VisibilityConfig: vis() })));
    assert.deepEqual([low.name, low.Field, low.Parameter, low.Reason], ['WAFInvalidParameterException', 'RULE_GROUP', '27', 'You exceeded the capacity limit for a rule group or web ACL.']);
    const rg = (await c.send(new CreateRuleGroupCommand({ Name: 'grp', Scope: REGIONAL, Capacity: 100, Rules: rgRules, VisibilityConfig: vis() }))).Summary!;
    const g = await c.send(new GetRuleGroupCommand({ ARN: rg.ARN! }));
    assert.equal((await c.send(new GetRuleGroupCommand({ Name: 'grp', Scope: REGIONAL, Id: rg.Id! }))).RuleGroup!.ARN, rg.ARN);
    assert.ok((await c.send(new ListRuleGroupsCommand({ Scope: REGIONAL }))).RuleGroups!.some((x) => x.ARN === rg.ARN && x.LockToken === g.LockToken));
    assert.ok((await c.send(new ListRegexPatternSetsCommand({ Scope: REGIONAL }))).RegexPatternSets!.some((x) => x.ARN === rx.ARN));
    assert.equal(g.RuleGroup!.Capacity, 100);
    assert.equal(g.RuleGroup!.LabelNamespace, `awswaf:${s.accountId}:rulegroup:grp:`);
    assert.deepEqual(g.RuleGroup!.AvailableLabels, [{ Name: `awswaf:${s.accountId}:rulegroup:grp:ip:bad` }]);
    assert.deepEqual(g.RuleGroup!.ConsumedLabels, [{ Name: 'awswaf:managed:aws:core-rule-set:NoUserAgent_Header' }]);
    const aclRules = [
      groupRule('common', 0, { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: 'AWSManagedRulesCommonRuleSet', RuleActionOverrides: [{ Name: 'SizeRestrictions_BODY', ActionToUse: { Count: {} } }] } }),
      groupRule('mine', 1, { RuleGroupReferenceStatement: { ARN: rg.ARN! } }),
      blockRule('rate', 2, { RateBasedStatement: { Limit: 1000, AggregateKeyType: 'IP', ScopeDownStatement: byteMatch('/login', 'EXACTLY') } }),
      blockRule('geo', 3, { AndStatement: { Statements: [{ GeoMatchStatement: { CountryCodes: ['KP'] } }, { NotStatement: { Statement: byteMatch() } }] } }),
    ];
    // 700 + 100 + (2 + 2) + (1 + 10) = 815
    assert.equal((await c.send(new CheckCapacityCommand({ Scope: REGIONAL, Rules: aclRules }))).Capacity, 815);
    const acl = (await c.send(new CreateWebACLCommand({ Name: 'site', Scope: REGIONAL, DefaultAction: { Allow: {} }, Rules: aclRules, VisibilityConfig: vis('site') }))).Summary!;
    assert.equal(acl.ARN, `arn:aws:wafv2:us-east-1:${s.accountId}:regional/webacl/site/${acl.Id}`);
    const got = await c.send(new GetWebACLCommand({ Name: 'site', Scope: REGIONAL, Id: acl.Id! }));
    assert.equal(got.WebACL!.Capacity, 815);
    assert.equal(got.WebACL!.LabelNamespace, `awswaf:${s.accountId}:webacl:site:`);
    assert.equal(new TextDecoder().decode(got.WebACL!.Rules![2]!.Statement!.RateBasedStatement!.ScopeDownStatement!.ByteMatchStatement!.SearchString), '/login');
    assert.deepEqual((await c.send(new GetWebACLCommand({ ARN: acl.ARN! }))).WebACL!.Id, acl.Id);

    // Referenced items cannot be deleted: the IP set and regex set are used by the group, the group by the ACL.
    const ipTok = (await c.send(new GetIPSetCommand({ Name: 'blocked', Scope: REGIONAL, Id: ip.Id! }))).LockToken!;
    assert.equal((await wafFailure(c.send(new DeleteIPSetCommand({ Name: 'blocked', Scope: REGIONAL, Id: ip.Id!, LockToken: ipTok })))).name, 'WAFAssociatedItemException');
    assert.equal((await wafFailure(c.send(new DeleteRuleGroupCommand({ Name: 'grp', Scope: REGIONAL, Id: rg.Id!, LockToken: g.LockToken! })))).name, 'WAFAssociatedItemException');

    // Update: drop the group; then the group can go, then its IP set.
    const upd = await c.send(new UpdateWebACLCommand({ Name: 'site', Scope: REGIONAL, Id: acl.Id!, LockToken: got.LockToken!, DefaultAction: { Block: {} }, Rules: [aclRules[0]!], VisibilityConfig: vis('site') }));
    assert.equal((await c.send(new GetWebACLCommand({ ARN: acl.ARN! }))).WebACL!.Capacity, 700);
    const stale = await wafFailure(c.send(new UpdateWebACLCommand({ Name: 'site', Scope: REGIONAL, Id: acl.Id!, LockToken: got.LockToken!, DefaultAction: { Block: {} }, Rules: [], VisibilityConfig: vis('site') })));
    assert.equal(stale.name, 'WAFOptimisticLockException');
    const rgUpd = await c.send(new UpdateRuleGroupCommand({ Name: 'grp', Scope: REGIONAL, Id: rg.Id!, LockToken: g.LockToken!, Rules: [], VisibilityConfig: vis() }));
    await c.send(new DeleteRuleGroupCommand({ Name: 'grp', Scope: REGIONAL, Id: rg.Id!, LockToken: rgUpd.NextLockToken! }));
    await c.send(new DeleteIPSetCommand({ Name: 'blocked', Scope: REGIONAL, Id: ip.Id!, LockToken: ipTok }));
    await c.send(new DeleteWebACLCommand({ Name: 'site', Scope: REGIONAL, Id: acl.Id!, LockToken: upd.NextLockToken! }));
    assert.ok(!(await c.send(new ListWebACLsCommand({ Scope: REGIONAL }))).WebACLs!.some((w) => w.Id === acl.Id));
  });

  it("refuses statements AWS refuses: nesting, AND/OR with one statement, nonexistent references, capacity over 5,000 with AWS's capacity reason", async () => {
    const c = waf(s);
    const create = (name: string, rules: Parameters<typeof blockRule>[2][] | ReturnType<typeof blockRule>[]) =>
      c.send(new CreateWebACLCommand({ Name: name, Scope: REGIONAL, DefaultAction: { Allow: {} }, Rules: rules as ReturnType<typeof blockRule>[], VisibilityConfig: vis() }));
    const nestedRate = await wafFailure(create('n1', [blockRule('r', 1, { NotStatement: { Statement: { RateBasedStatement: { Limit: 100, AggregateKeyType: 'IP' } } } })]));
    assert.equal(nestedRate.name, 'WAFInvalidParameterException');
    assert.equal(nestedRate.Field, 'RATE_BASED_STATEMENT');
    const nestedManaged = await wafFailure(create('n2', [blockRule('r', 1, { OrStatement: { Statements: [byteMatch(), { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: 'AWSManagedRulesSQLiRuleSet' } }] } })]));
    assert.equal(nestedManaged.Field, 'MANAGED_RULE_SET_STATEMENT');
    const lonelyOr = await wafFailure(create('n3', [blockRule('r', 1, { OrStatement: { Statements: [byteMatch()] } })]));
    assert.deepEqual([lonelyOr.Field, lonelyOr.Parameter], ['OR_STATEMENT', 'OrStatement']);
    assert.match(lonelyOr.message, /^Error reason: You haven't met a minimum requirement for a threshold setting\./);
    const two = await wafFailure(create('n4', [blockRule('r', 1, { ...byteMatch(), GeoMatchStatement: { CountryCodes: ['FR'] } })]));
    assert.equal(two.Field, 'STATEMENT');
    const missing = `arn:aws:wafv2:us-east-1:${s.accountId}:regional/ipset/nope/11111111-1111-4111-8111-111111111111`;
    assert.equal((await wafFailure(create('n5', [blockRule('r', 1, { IPSetReferenceStatement: { ARN: missing } })]))).name, 'WAFNonexistentItemException');
    const malformed = await wafFailure(create('n5b', [blockRule('r', 1, { IPSetReferenceStatement: { ARN: 'arn:aws:s3:::some-bucket-not-an-ip-set' } })]));
    assert.deepEqual([malformed.name, malformed.Field, malformed.Parameter], ['WAFInvalidParameterException', 'RESOURCE_ARN', 'arn:aws:s3:::some-bucket-not-an-ip-set']);
    assert.equal((await wafFailure(create('n6', [groupRule('r', 1, { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: 'AWSManagedRulesNoSuch' } })]))).name, 'WAFNonexistentItemException');
    const noOverride = await wafFailure(create('n7', [blockRule('r', 1, { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: 'AWSManagedRulesSQLiRuleSet' } })]));
    assert.deepEqual([noOverride.Field, noOverride.Parameter, noOverride.Reason], ['RULE', 'Rule', 'You have used none or multiple values for a field that requires exactly one value.']);
    assert.equal((await wafFailure(create('n8', [blockRule('a', 1, byteMatch()), blockRule('b', 1, byteMatch())]))).name, 'WAFDuplicateItemException');
    // 700 + 200 + 200 + 200 + 200 + 100 = 1,600: above the 1,500 of the base price, accepted (AWS since April 2023).
    const big = ['AWSManagedRulesCommonRuleSet', 'AWSManagedRulesSQLiRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet', 'AWSManagedRulesLinuxRuleSet', 'AWSManagedRulesWindowsRuleSet', 'AWSManagedRulesPHPRuleSet'];
    const bigRules = big.map((Name, i) => groupRule(`m${i}`, i, { ManagedRuleGroupStatement: { VendorName: 'AWS', Name } }));
    const heavy = (await create('heavy', bigRules)).Summary!;
    assert.equal((await c.send(new GetWebACLCommand({ ARN: heavy.ARN! }))).WebACL!.Capacity, 1600);
    // A 5,000-WCU rule group with them: 6,600 > 5,000, AWS's capacity reason with the WCUs needed.
    const huge = (await c.send(new CreateRuleGroupCommand({ Name: 'huge', Scope: REGIONAL, Capacity: 5000, VisibilityConfig: vis() }))).Summary!;
    const over = await wafFailure(create('n9', [...bigRules, groupRule('huge', 99, { RuleGroupReferenceStatement: { ARN: huge.ARN! } })]));
    assert.deepEqual([over.name, over.Field, over.Parameter], ['WAFInvalidParameterException', 'WEB_ACL', '6600']);
    assert.equal(over.message, 'Error reason: You exceeded the capacity limit for a rule group or web ACL., field: WEB_ACL, parameter: 6600');
    const tooBigGroup = await wafFailure(c.send(new CreateRuleGroupCommand({ Name: 'g5001', Scope: REGIONAL, Capacity: 5001, VisibilityConfig: vis() })));
    assert.deepEqual([tooBigGroup.Field, tooBigGroup.Parameter], ['RULE_GROUP', '5001']);
    const rgIn = await wafFailure(c.send(new CreateRuleGroupCommand({ Name: 'g2', Scope: REGIONAL, Capacity: 800, VisibilityConfig: vis(), Rules: [groupRule('m', 1, { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: 'AWSManagedRulesCommonRuleSet' } })] })));
    assert.equal(rgIn.Field, 'MANAGED_RULE_SET_STATEMENT');
    const missingAction = await wafFailure(c.send(new CreateWebACLCommand({ Name: 'n10', Scope: REGIONAL, DefaultAction: {}, VisibilityConfig: vis() })));
    assert.equal(missingAction.Field, 'DEFAULT_ACTION');
  });
});

describe('WAFv2 managed rule groups', () => {
  it('lists, describes (rules, labels, capacity) and has no versions', async () => {
    const c = waf(s);
    const list = await c.send(new ListAvailableManagedRuleGroupsCommand({ Scope: REGIONAL }));
    const names = list.ManagedRuleGroups!.map((g) => g.Name);
    for (const n of ['AWSManagedRulesCommonRuleSet', 'AWSManagedRulesSQLiRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet', 'AWSManagedRulesAmazonIpReputationList', 'AWSManagedRulesAnonymousIpList']) assert.ok(names.includes(n), n);
    assert.ok(list.ManagedRuleGroups!.every((g) => g.VendorName === 'AWS'));
    const d = await c.send(new DescribeManagedRuleGroupCommand({ VendorName: 'AWS', Name: 'AWSManagedRulesCommonRuleSet', Scope: REGIONAL }));
    assert.equal(d.Capacity, 700);
    assert.equal(d.LabelNamespace, 'awswaf:managed:aws:core-rule-set:');
    assert.ok(d.Rules!.some((r) => r.Name === 'NoUserAgent_HEADER' && r.Action?.Block !== undefined));
    assert.ok(d.AvailableLabels!.some((l) => l.Name === 'awswaf:managed:aws:core-rule-set:NoUserAgent_Header'));
    assert.equal((await wafFailure(c.send(new DescribeManagedRuleGroupCommand({ VendorName: 'AWS', Name: 'Nope', Scope: REGIONAL })))).name, 'WAFNonexistentItemException');
    assert.deepEqual((await c.send(new ListAvailableManagedRuleGroupVersionsCommand({ VendorName: 'AWS', Name: 'AWSManagedRulesSQLiRuleSet', Scope: REGIONAL }))).Versions, []);
    // Paging: the marker goes on after the name it names; a forged one is refused, not page one again.
    const first = await c.send(new ListAvailableManagedRuleGroupsCommand({ Scope: REGIONAL, Limit: 2 }));
    assert.equal(first.ManagedRuleGroups!.length, 2);
    const second = await c.send(new ListAvailableManagedRuleGroupsCommand({ Scope: REGIONAL, Limit: 2, NextMarker: first.NextMarker! }));
    assert.deepEqual(second.ManagedRuleGroups!.map((g) => g.Name), names.slice(2, 4));
    for (const marker of ['awsmanagedrulescommonruleset', 'Nope', 'AWSManagedRulesSQLiRuleSet\u0000']) {
      const e = await wafFailure(c.send(new ListAvailableManagedRuleGroupsCommand({ Scope: REGIONAL, NextMarker: marker })));
      assert.equal(e.name, 'WAFInvalidParameterException', marker);
    }
  });
});
