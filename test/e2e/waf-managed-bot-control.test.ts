/**
 * AWSManagedRulesBotControlRuleSet (common level) enforced by the proxy: a web ACL made through
 * @aws-sdk/client-wafv2 with Bot Control (InspectionLevel COMMON, SignalNonBrowserUserAgent overridden to
 * Count, as AWS's "creating an exception for a blocked user agent" example), then label-match rules on Bot
 * Control's labels; associated with a proxy in front of a test app whose DATA_DIR/waf/verified-bots.txt
 * verifies Googlebot from 127.0.0.2 only.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  AssociateWebACLCommand, CheckCapacityCommand, CreateWebACLCommand, DescribeManagedRuleGroupCommand, ListAvailableManagedRuleGroupsCommand, type Rule,
} from '@aws-sdk/client-wafv2';
import { startProxy, type RunningProxy } from '../../src/dataplane/proxy/proxy-server.js';
import { startTestServer, type TestServer } from '../helpers/rampart.js';
import { echoed, startUpstream, within, type Echo, type Upstream } from './waf-proxy-support.js';
import { vis, waf, wafFailure } from './wafv2-support.js';

let s: TestServer;
let app: Upstream;
let proxy: RunningProxy;
let dataDir: string;

const NS = 'awswaf:managed:aws:bot-control:';
const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';
const GOOGLEBOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';
const APP = 'MyShopApp/3.2.1 (iOS 17.4; iPhone15,2)';

const botControl = (level: 'COMMON' | 'TARGETED' = 'COMMON'): Rule => ({
  Name: 'bot-control', Priority: 1, VisibilityConfig: vis('bot-control'), OverrideAction: { None: {} },
  Statement: {
    ManagedRuleGroupStatement: {
      VendorName: 'AWS', Name: 'AWSManagedRulesBotControlRuleSet',
      ManagedRuleGroupConfigs: [{ AWSManagedRulesBotControlRuleSet: { InspectionLevel: level } }],
      RuleActionOverrides: [{ Name: 'SignalNonBrowserUserAgent', ActionToUse: { Count: {} } }],
    },
  },
});

const rules: Rule[] = [
  botControl(),
  // Verified bots reach the app with a header saying so.
  {
    Name: 'tag-verified', Priority: 2, VisibilityConfig: vis('tag-verified'),
    Statement: { LabelMatchStatement: { Scope: 'LABEL', Key: `${NS}bot:verified` } },
    Action: { Count: { CustomRequestHandling: { InsertHeaders: [{ Name: 'verified-bot', Value: 'yes' }] } } },
  },
  // Non-browser user agents are blocked except the shop's own mobile app.
  {
    Name: 'non-browser-except-app', Priority: 3, VisibilityConfig: vis('non-browser-except-app'), Action: { Block: {} },
    Statement: {
      AndStatement: {
        Statements: [
          { LabelMatchStatement: { Scope: 'LABEL', Key: `${NS}signal:non_browser_user_agent` } },
          { NotStatement: { Statement: { ByteMatchStatement: { SearchString: new TextEncoder().encode('MyShopApp/'), FieldToMatch: { SingleHeader: { Name: 'user-agent' } }, TextTransformations: [{ Priority: 0, Type: 'NONE' }], PositionalConstraint: 'STARTS_WITH' } } } },
        ],
      },
    },
  },
];

/** One GET through the proxy with this User-Agent, from a chosen loopback address. */
function get(userAgent: string, localAddress = '127.0.0.1'): Promise<{ status: number; echo?: Echo }> {
  const u = new URL(proxy.url);
  return new Promise((resolve, reject) => {
    const req = request({ hostname: u.hostname, port: u.port, path: '/products', localAddress, agent: false, headers: { host: 'shop.example.com', 'user-agent': userAgent, connection: 'close' } }, echoed(resolve, reject));
    req.on('error', reject);
    req.end();
  });
}

before(async () => {
  s = await startTestServer();
  app = await startUpstream();
  dataDir = mkdtempSync(join(tmpdir(), 'rampart-bot-control-'));
  mkdirSync(join(dataDir, 'waf'));
  writeFileSync(join(dataDir, 'waf', 'verified-bots.txt'), '# Googlebot crawls from 127.0.0.2 in this test\ngooglebot 127.0.0.2\n');
  const c = waf(s);
  const acl = await c.send(new CreateWebACLCommand({ Name: 'bot-acl', Scope: 'REGIONAL', DefaultAction: { Allow: {} }, VisibilityConfig: vis('acl'), Rules: rules }));
  proxy = await startProxy({ store: s.runtime.store, accountId: s.accountId, region: 'us-east-1', name: 'bot-shop', host: '127.0.0.1', port: 0, upstream: app.url, dataDir, log: () => {} });
  await c.send(new AssociateWebACLCommand({ WebACLArn: acl.Summary!.ARN!, ResourceArn: proxy.albArn }));
  await within(1000, async () => (await get('curl/8.5.0')).status === 403);
});

after(async () => {
  await proxy?.close();
  await app?.close();
  await s?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('WAF proxy: AWSManagedRulesBotControlRuleSet (COMMON)', () => {
  it('blocks HTTP libraries, scraping frameworks and automated browsers; lets browsers through', async () => {
    assert.equal((await get('curl/8.5.0')).status, 403, 'curl: CategoryHttpLibrary');
    assert.equal((await get('python-requests/2.31.0')).status, 403, 'python-requests: CategoryHttpLibrary');
    assert.equal((await get('Scrapy/2.11.1 (+https://scrapy.org)')).status, 403, 'Scrapy: CategoryScrapingFramework');
    assert.equal((await get('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/124.0.0.0 Safari/537.36')).status, 403, 'SignalAutomatedBrowser');
    const browser = await get(CHROME);
    assert.equal(browser.status, 200);
    assert.equal(browser.echo?.headers['x-amzn-waf-verified-bot'], undefined);
  });

  it('a search engine from its verified range is labelled bot:verified and allowed; the same User-Agent elsewhere is blocked', async () => {
    const verified = await get(GOOGLEBOT, '127.0.0.2');
    assert.equal(verified.status, 200);
    assert.equal(verified.echo?.headers['x-amzn-waf-verified-bot'], 'yes', 'the label-match rule after the group saw bot:verified');
    assert.equal((await get(GOOGLEBOT, '127.0.0.1')).status, 403, 'unverified Googlebot: CategorySearchEngine');
  });

  it('SignalNonBrowserUserAgent overridden to Count: the mobile app passes, other non-browser agents meet the label-match rule', async () => {
    const app = await get(APP);
    assert.equal(app.status, 200);
    assert.equal((await get('OtherApp/1.0 (Android 14)')).status, 403, 'blocked by non-browser-except-app on the signal label');
  });

  it('the control plane lists the group (WCU 50) and refuses InspectionLevel TARGETED', async () => {
    const c = waf(s);
    const list = await c.send(new ListAvailableManagedRuleGroupsCommand({ Scope: 'REGIONAL' }));
    assert.ok(list.ManagedRuleGroups?.some((g) => g.Name === 'AWSManagedRulesBotControlRuleSet'));
    const d = await c.send(new DescribeManagedRuleGroupCommand({ VendorName: 'AWS', Name: 'AWSManagedRulesBotControlRuleSet', Scope: 'REGIONAL' }));
    assert.equal(d.Capacity, 50);
    assert.equal(d.LabelNamespace, NS);
    assert.ok(d.Rules?.some((r) => r.Name === 'CategoryAI'));
    assert.ok(d.AvailableLabels?.some((l) => l.Name === `${NS}bot:name:googlebot`));
    assert.equal((await c.send(new CheckCapacityCommand({ Scope: 'REGIONAL', Rules: [botControl()] }))).Capacity, 50);
    const e = await wafFailure(c.send(new CreateWebACLCommand({ Name: 'targeted', Scope: 'REGIONAL', DefaultAction: { Allow: {} }, VisibilityConfig: vis('t'), Rules: [botControl('TARGETED')] })));
    assert.equal(e.name, 'WAFInvalidParameterException');
    assert.equal(e.Field, 'MANAGED_RULE_GROUP_CONFIG');
    assert.equal(e.Parameter, 'TARGETED');
  });
});
