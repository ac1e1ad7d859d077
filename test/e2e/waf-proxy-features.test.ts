/**
 * The WAF proxy's CAPTCHA and Challenge (interstitials, the verify endpoint, the aws-waf-token
 * cookie and its immunity time), GeoMatch over the operator's country CSV, WAF logs with redacted
 * fields (in the data dir, and delivered to an S3 bucket), and GetSampledRequests / GetRateBasedStatementManagedKeys over what the proxy recorded.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { CreateBucketCommand, DeleteBucketPolicyCommand, GetBucketPolicyCommand, GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { after, before, describe, it } from 'node:test';
import { AssociateWebACLCommand, CreateRuleGroupCommand, CreateWebACLCommand, GetRateBasedStatementManagedKeysCommand, GetSampledRequestsCommand, PutLoggingConfigurationCommand, type Rule } from '@aws-sdk/client-wafv2';
import { startProxy, type RunningProxy } from '../../src/dataplane/proxy/proxy-server.js';
import { startTestServer, type TestServer } from '../helpers/rampart.js';
import { send, startUpstream, within, type Upstream } from './waf-proxy-support.js';
import { byteMatch, vis, waf } from './wafv2-support.js';
import { s3Client } from './s3-support.js';

const REGIONAL = 'REGIONAL' as const;
let s: TestServer;
let app: Upstream;
let proxy: RunningProxy;
let offset = 0;
const clock = () => Date.now() + offset;
let acl: { ARN: string; Id: string; Name: string };

const rule = (Name: string, Priority: number, path: string, Action: Rule['Action']): Rule => ({ Name, Priority, Statement: byteMatch(path, 'CONTAINS'), Action, VisibilityConfig: vis(`${Name}-metric`) });

before(async () => {
  s = await startTestServer();
  mkdirSync(join(s.dataDir, 'waf'), { recursive: true });
  writeFileSync(join(s.dataDir, 'waf', 'geoip.csv'), '# operator data\n127.0.0.0/8,FR\n');
  app = await startUpstream();
  const c = waf(s);
  const group = await c.send(new CreateRuleGroupCommand({
    Name: 'limits', Scope: REGIONAL, Capacity: 50, VisibilityConfig: vis('limits'),
    Rules: [{ Name: 'per-ip', Priority: 1, VisibilityConfig: vis('per-ip'), Action: { Block: {} }, Statement: { RateBasedStatement: { Limit: 10, EvaluationWindowSec: 60, AggregateKeyType: 'IP', ScopeDownStatement: byteMatch('/grouplimited') } } }],
  }));
  const made = await c.send(new CreateWebACLCommand({
    Name: 'feat', Scope: REGIONAL, DefaultAction: { Allow: {} }, VisibilityConfig: vis('feat-default'),
    CaptchaConfig: { ImmunityTimeProperty: { ImmunityTime: 300 } },
    Rules: [
      rule('captcha', 1, '/captcha', { Captcha: {} }),
      rule('challenge', 2, '/challenge', { Challenge: {} }),
      { Name: 'geo', Priority: 3, VisibilityConfig: vis('geo-metric'), Action: { Block: {} }, Statement: { AndStatement: { Statements: [{ GeoMatchStatement: { CountryCodes: ['FR'] } }, byteMatch('/geo')] } } },
      { Name: 'limit', Priority: 4, VisibilityConfig: vis('limit-metric'), Action: { Block: {} }, Statement: { RateBasedStatement: { Limit: 10, EvaluationWindowSec: 60, AggregateKeyType: 'IP', ScopeDownStatement: byteMatch('/limited') } } },
      rule('blocked', 5, '/blocked', { Block: {} }),
      { Name: 'group-limits', Priority: 6, VisibilityConfig: vis('gl'), OverrideAction: { None: {} }, Statement: { RuleGroupReferenceStatement: { ARN: group.Summary!.ARN! } } },
    ],
  }));
  acl = { ARN: made.Summary!.ARN!, Id: made.Summary!.Id!, Name: 'feat' };
  await c.send(new PutLoggingConfigurationCommand({ LoggingConfiguration: { ResourceArn: acl.ARN, LogDestinationConfigs: [`arn:aws:firehose:us-east-1:${s.accountId}:deliverystream/aws-waf-logs-feat`], RedactedFields: [{ SingleHeader: { Name: 'authorization' } }] } }));
  proxy = await startProxy({ store: s.runtime.store, accountId: s.accountId, region: 'us-east-1', name: 'feat', host: '127.0.0.1', port: 0, upstream: app.url, clock, dataDir: s.dataDir, log: () => {} });
  await c.send(new AssociateWebACLCommand({ WebACLArn: acl.ARN, ResourceArn: proxy.albArn }));
  await within(1000, async () => (await send(proxy.url, '/blocked')).status === 403);
});

after(async () => {
  await proxy?.close();
  await app?.close();
  await s?.close();
});

interface LogLine {
  formatVersion: number;
  webaclId: string;
  terminatingRuleId: string;
  terminatingRuleType: string;
  action: string;
  httpSourceName: string;
  responseCodeSent: number;
  httpRequest: { uri: string; args: string; country: string; httpMethod: string; headers: { name: string; value: string }[] };
}

const cookieOf = (h: string | string[] | undefined) => String(Array.isArray(h) ? h[0] : h).split(';')[0]!;

describe('CAPTCHA and Challenge', () => {
  it('CAPTCHA: 405 and a page; solving sets aws-waf-token; the token lasts its immunity time', async () => {
    const a = await send(proxy.url, '/captcha/page');
    assert.equal(a.status, 405);
    assert.equal(a.headers['x-amzn-waf-action'], 'captcha');
    const code = /id="code">(\d{6})</.exec(a.body)![1]!;
    const ticket = /name="ticket" value="([^"]+)"/.exec(a.body)![1]!;
    const wrong = await send(proxy.url, '/.rampart-waf/verify', { method: 'POST', body: new URLSearchParams({ kind: 'captcha', ticket, answer: code === '123456' ? '654321' : '123456' }).toString() });
    assert.equal(wrong.status, 403);
    const ok = await send(proxy.url, '/.rampart-waf/verify', { method: 'POST', body: new URLSearchParams({ kind: 'captcha', ticket, answer: code, back: '//evil.example/' }).toString() });
    assert.equal(ok.status, 303);
    assert.equal(ok.headers.location, '/', 'never another origin');
    const cookie = cookieOf(ok.headers['set-cookie']);
    assert.match(cookie, /^aws-waf-token=v1\./);
    assert.equal((await send(proxy.url, '/captcha/page', { headers: { cookie } })).status, 200);
    assert.equal((await send(proxy.url, '/captcha/page', { headers: { cookie: cookie.slice(0, -2) + 'xx' } })).status, 405, 'a forged token');
    offset += 301_000;
    try {
      assert.equal((await send(proxy.url, '/captcha/page', { headers: { cookie } })).status, 405, 'past the immunity time');
    } finally {
      offset -= 301_000;
    }
  });

  it('Challenge: 202 and a script; a proof of work sets the token', async () => {
    const a = await send(proxy.url, '/challenge');
    assert.equal(a.status, 202);
    assert.equal(a.headers['x-amzn-waf-action'], 'challenge');
    const ticket = /const t="([^"]+)"/.exec(a.body)![1]!;
    let n = 0;
    for (;; n++) {
      const h = createHash('sha256').update(`${ticket}:${n}`).digest();
      if (h[0] === 0 && h[1]! < 16) break;
    }
    const ok = await send(proxy.url, '/.rampart-waf/verify', { method: 'POST', body: new URLSearchParams({ kind: 'challenge', ticket, answer: String(n) }).toString() });
    assert.equal(ok.status, 200);
    assert.equal((await send(proxy.url, '/challenge', { headers: { cookie: cookieOf(ok.headers['set-cookie']) } })).status, 200);
  });
});

describe('GeoMatch, logs, samples and managed keys', () => {
  it('GeoMatch reads the operator CSV in the data dir', async () => {
    assert.equal((await send(proxy.url, '/geo')).status, 403);
  });

  it('writes AWS WAF log records with redacted fields', async () => {
    await send(proxy.url, '/blocked?x=1', { headers: { authorization: 'Bearer secret-token' } });
    const file = join(s.dataDir, 'waf-logs', 'feat.log');
    await within(2000, async () => readFileSync(file, 'utf8').includes('"args":"x=1"'));
    const rec = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as LogLine).find((r) => r.httpRequest.uri === '/blocked' && r.httpRequest.args === 'x=1')!;
    assert.equal(rec.formatVersion, 1);
    assert.equal(rec.webaclId, acl.ARN);
    assert.equal(rec.terminatingRuleId, 'blocked');
    assert.equal(rec.terminatingRuleType, 'REGULAR');
    assert.equal(rec.action, 'BLOCK');
    assert.equal(rec.httpSourceName, 'ALB');
    assert.equal(rec.responseCodeSent, 403);
    assert.equal(rec.httpRequest.args, 'x=1');
    assert.equal(rec.httpRequest.country, 'FR');
    assert.equal(rec.httpRequest.httpMethod, 'GET');
    const auth = rec.httpRequest.headers.find((h) => h.name.toLowerCase() === 'authorization');
    assert.equal(auth?.value, 'REDACTED');
    assert.ok(!readFileSync(file, 'utf8').includes('secret-token'));
  });

  it('GetSampledRequests answers the samples the proxy recorded', async () => {
    for (let i = 0; i < 3; i++) await send(proxy.url, `/blocked/${i}`);
    await proxy.flush();
    const now = new Date(clock());
    const r = await waf(s).send(new GetSampledRequestsCommand({ WebAclArn: acl.ARN, RuleMetricName: 'blocked-metric', Scope: REGIONAL, TimeWindow: { StartTime: new Date(now.getTime() - 5 * 3600_000), EndTime: new Date(now.getTime() + 1000) }, MaxItems: 100 }));
    assert.ok((r.PopulationSize ?? 0) >= 3);
    const uris = r.SampledRequests!.map((x) => x.Request!.URI);
    for (let i = 0; i < 3; i++) assert.ok(uris.includes(`/blocked/${i}`), uris.join(','));
    assert.equal(r.SampledRequests![0]!.Action, 'BLOCK');
    assert.ok(r.TimeWindow!.StartTime!.getTime() >= now.getTime() - 3 * 3600_000 - 2000, 'the start is moved to three hours ago');
    const none = await waf(s).send(new GetSampledRequestsCommand({ WebAclArn: acl.ARN, RuleMetricName: 'nothing', Scope: REGIONAL, TimeWindow: { StartTime: new Date(now.getTime() - 60_000), EndTime: now }, MaxItems: 10 }));
    assert.deepEqual(none.SampledRequests, []);
  });

  it('GetRateBasedStatementManagedKeys lists the addresses a rate-based rule limits', async () => {
    for (let i = 0; i < 10; i++) assert.equal((await send(proxy.url, `/limited/${i}`)).status, 200);
    assert.equal((await send(proxy.url, '/limited/x')).status, 403);
    await proxy.flush();
    const r = await waf(s).send(new GetRateBasedStatementManagedKeysCommand({ Scope: REGIONAL, WebACLName: acl.Name, WebACLId: acl.Id, RuleName: 'limit' }));
    assert.deepEqual(r.ManagedKeysIPV4?.Addresses, ['127.0.0.1/32']);
    assert.deepEqual(r.ManagedKeysIPV6?.Addresses, []);
  });

  it("a rule group's rate-based rule: enforced, and its keys under RuleGroupRuleName", async () => {
    for (let i = 0; i < 10; i++) assert.equal((await send(proxy.url, `/grouplimited/${i}`)).status, 200);
    assert.equal((await send(proxy.url, '/grouplimited/x')).status, 403);
    await proxy.flush();
    const r = await waf(s).send(new GetRateBasedStatementManagedKeysCommand({ Scope: REGIONAL, WebACLName: acl.Name, WebACLId: acl.Id, RuleGroupRuleName: 'group-limits', RuleName: 'per-ip' }));
    assert.deepEqual(r.ManagedKeysIPV4?.Addresses, ['127.0.0.1/32']);
    const e = await waf(s).send(new GetRateBasedStatementManagedKeysCommand({ Scope: REGIONAL, WebACLName: acl.Name, WebACLId: acl.Id, RuleName: 'per-ip' })).then(() => undefined, (x: unknown) => x as Error);
    assert.equal(e?.name, 'WAFNonexistentItemException');
  });
});

describe('WAF logs delivered to an S3 bucket', () => {
  it('PutLoggingConfiguration grants log delivery in the bucket policy; the proxy publishes gzipped JSON lines under AWSLogs/', async () => {
    const c = waf(s);
    const s3 = s3Client(s);
    const bucket = 'aws-waf-logs-feat-s3';
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    const made = await c.send(new CreateWebACLCommand({ Name: 'to-s3', Scope: REGIONAL, DefaultAction: { Allow: {} }, VisibilityConfig: vis('to-s3'), Rules: [rule('blocked', 1, '/blocked', { Block: {} })] }));
    // A bucket that does not exist cannot be given the statements.
    const missing = await c.send(new PutLoggingConfigurationCommand({ LoggingConfiguration: { ResourceArn: made.Summary!.ARN!, LogDestinationConfigs: ['arn:aws:s3:::aws-waf-logs-nobody-made-this'] } })).then(() => undefined, (e: Error) => e);
    assert.equal(missing?.name, 'WAFLogDestinationPermissionIssueException');
    await c.send(new PutLoggingConfigurationCommand({ LoggingConfiguration: { ResourceArn: made.Summary!.ARN!, LogDestinationConfigs: [`arn:aws:s3:::${bucket}`], RedactedFields: [{ SingleHeader: { Name: 'authorization' } }] } }));
    const policy = JSON.parse((await s3.send(new GetBucketPolicyCommand({ Bucket: bucket }))).Policy!) as { Statement: { Sid: string; Principal: { Service: string }; Resource: string }[] };
    const write = policy.Statement.find((x) => x.Sid === 'AWSLogDeliveryWrite')!;
    assert.equal(write.Principal.Service, 'delivery.logs.amazonaws.com');
    assert.equal(write.Resource, `arn:aws:s3:::${bucket}/AWSLogs/${s.accountId}/*`);
    // Again: the statements are there already, the policy is unchanged.
    await c.send(new PutLoggingConfigurationCommand({ LoggingConfiguration: { ResourceArn: made.Summary!.ARN!, LogDestinationConfigs: [`arn:aws:s3:::${bucket}`], RedactedFields: [{ SingleHeader: { Name: 'authorization' } }] } }));
    assert.equal((JSON.parse((await s3.send(new GetBucketPolicyCommand({ Bucket: bucket }))).Policy!) as { Statement: unknown[] }).Statement.length, 2);

    const logged = await startProxy({ store: s.runtime.store, accountId: s.accountId, region: 'us-east-1', name: 'to-s3', host: '127.0.0.1', port: 0, upstream: app.url, internal: s.runtime.internal, dataDir: s.dataDir, log: () => {} });
    try {
      await c.send(new AssociateWebACLCommand({ WebACLArn: made.Summary!.ARN!, ResourceArn: logged.albArn }));
      await within(1000, async () => (await send(logged.url, '/blocked/first')).status === 403);
      assert.equal((await send(logged.url, '/open', { headers: { authorization: 'Bearer secret-token' } })).status, 200);
      await logged.flush();
      const folder = `AWSLogs/${s.accountId}/WAFLogs/us-east-1/to-s3/`;
      const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: folder }));
      const keys = (listed.Contents ?? []).map((o) => o.Key!);
      assert.equal(keys.length, 1, keys.join(','));
      assert.match(keys[0]!, new RegExp(`^${folder}\\d{4}/\\d{2}/\\d{2}/\\d{2}/\\d{2}/${s.accountId}_waflogs_us-east-1_to-s3_\\d{8}T\\d{4}Z_[0-9a-f]{8}\\.log\\.gz$`));
      const body = Buffer.from(await (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: keys[0]! }))).Body!.transformToByteArray());
      const text = gunzipSync(body).toString('utf8');
      const recs = text.trim().split('\n').map((l) => JSON.parse(l) as LogLine);
      assert.ok(recs.some((r) => r.action === 'BLOCK' && r.httpRequest.uri === '/blocked/first'));
      const open = recs.find((r) => r.httpRequest.uri === '/open')!;
      assert.equal(open.action, 'ALLOW');
      assert.equal(open.webaclId, made.Summary!.ARN);
      assert.ok(!text.includes('secret-token'), 'redacted');
      // Without the statements the bucket refuses the delivery service: nothing more is written.
      await s3.send(new DeleteBucketPolicyCommand({ Bucket: bucket }));
      await send(logged.url, '/after-policy-removed');
      await logged.flush();
      assert.equal((await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: folder }))).KeyCount, 1);
    } finally {
      await logged.close();
    }
  });
});
