/**
 * Shield Advanced on real traffic: a proxy protected by Shield with automatic application layer
 * response (Block) is flooded from one loopback address (127.0.0.1) for a few seconds while a
 * legitimate client on another (127.0.0.2) keeps asking. The attack is recorded with its vector and
 * top contributor, the mitigation rule Shield adds to the web ACL blocks the flood, the legitimate
 * client keeps getting 2xx answers, and the rule is removed once the flood has stopped.
 */
import assert from 'node:assert/strict';
import { Agent, request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import * as sh from '@aws-sdk/client-shield';
import { AssociateWebACLCommand, CreateWebACLCommand, GetWebACLCommand, WAFV2Client } from '@aws-sdk/client-wafv2';
import { startProxy, type RunningProxy } from '../../src/dataplane/proxy/proxy-server.js';
import { ShieldEngine } from '../../src/dataplane/shield/engine.js';
import { DEFAULT_DETECTOR_CONFIG } from '../../src/dataplane/shield/types.js';
import { startTestServer, type TestServer } from '../helpers/rampart.js';
import { startUpstream, within, type Upstream } from './waf-proxy-support.js';

let s: TestServer;
let app: Upstream;
let proxy: RunningProxy;
let engine: ShieldEngine;
/** What the engine logged (shown when the test fails). */
const engineLog: string[] = [];

before(async () => {
  s = await startTestServer();
  app = await startUpstream();
  // Detection over 2 s windows and an attack that ends after 2 quiet seconds, so the test stays short.
  engine = new ShieldEngine({ store: s.runtime.store, config: { ...DEFAULT_DETECTOR_CONFIG, windowSeconds: 2, quietSeconds: 2, updateEverySeconds: 1 }, minRuleLimit: 100, log: (m, e) => engineLog.push(`${m}: ${String(e)}`) });
  proxy = await startProxy({ store: s.runtime.store, accountId: s.accountId, region: 'us-east-1', name: 'flooded', host: '127.0.0.1', port: 0, upstream: app.url, shield: engine, log: () => {} });
});

after(async () => {
  await proxy?.close();
  await engine?.stop();
  await app?.close();
  await s?.close();
});

/** GET `path` from `localAddress`; the status (0 when the request failed). */
function get(agent: Agent, path: string): Promise<number> {
  return new Promise((resolve) => {
    const req = request(`${proxy.url}${path}`, { agent, headers: { 'user-agent': 'flood-test', host: 'shop.example.com' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', () => resolve(0));
    req.end();
  });
}

describe('Shield Advanced: a request flood against a protected proxy', () => {
  it('is detected, recorded, mitigated by the automatic response, and the mitigation is removed after it', async () => {
    const shield = new sh.ShieldClient({ endpoint: s.url, region: 'us-east-1', credentials: s.credentials, maxAttempts: 1 });
    const waf = new WAFV2Client({ endpoint: s.url, region: 'us-east-1', credentials: s.credentials, maxAttempts: 1 });
    await shield.send(new sh.CreateSubscriptionCommand({}));
    await shield.send(new sh.CreateProtectionCommand({ Name: 'flooded', ResourceArn: proxy.albArn }));
    const acl = (await waf.send(new CreateWebACLCommand({ Name: 'flooded', Scope: 'REGIONAL', DefaultAction: { Allow: {} }, Rules: [], VisibilityConfig: { SampledRequestsEnabled: true, CloudWatchMetricsEnabled: true, MetricName: 'flooded' } }))).Summary!;
    await waf.send(new AssociateWebACLCommand({ WebACLArn: acl.ARN!, ResourceArn: proxy.albArn }));
    await shield.send(new sh.EnableApplicationLayerAutomaticResponseCommand({ ResourceArn: proxy.albArn, Action: { Block: {} } }));
    await within(1000, async () => (await get(new Agent(), '/')) === 200);

    const attacker = new Agent({ keepAlive: true, maxSockets: 16 });
    const legit = new Agent({ keepAlive: true, maxSockets: 1, localAddress: '127.0.0.2' } as ConstructorParameters<typeof Agent>[0]);
    const floodStatuses = new Map<number, number>();
    const legitStatuses: number[] = [];
    let flooding = true;
    const started = Date.now();
    const floodUntil = started + 8000;
    const flood = Promise.all(Array.from({ length: 16 }, async () => {
      while (flooding && Date.now() < floodUntil) {
        const st = await get(attacker, '/search?q=flood');
        floodStatuses.set(st, (floodStatuses.get(st) ?? 0) + 1);
        // Once the mitigation has blocked the flood for a while (and the other client asked meanwhile), the test has what it needs.
        if ((floodStatuses.get(403) ?? 0) > 200 && Date.now() - started > 4000) flooding = false;
      }
    }));
    const client = (async () => {
      while (flooding && Date.now() < floodUntil) {
        legitStatuses.push(await get(legit, '/products'));
        await new Promise((r) => setTimeout(r, 250));
      }
    })();
    await Promise.all([flood, client]);
    attacker.destroy();

    assert.ok((floodStatuses.get(403) ?? 0) > 0, `the flood was never blocked: ${JSON.stringify([...floodStatuses])}; rates ${JSON.stringify(engine.detector.rates(proxy.albArn))}; engine log: ${engineLog.join(' | ')}`);
    assert.ok(legitStatuses.length >= 5, 'the legitimate client made requests');
    assert.deepEqual(legitStatuses.filter((x) => x < 200 || x > 299), [], 'the legitimate client always got 2xx');

    const attacks = await shield.send(new sh.ListAttacksCommand({ ResourceArns: [proxy.albArn], StartTime: { FromInclusive: new Date(Date.now() - 600_000) } }));
    assert.ok(attacks.AttackSummaries!.length >= 1, 'an attack is recorded');
    const attack = (await shield.send(new sh.DescribeAttackCommand({ AttackId: attacks.AttackSummaries![0]!.AttackId! }))).Attack!;
    assert.ok(attack.AttackCounters !== undefined || attack.AttackProperties !== undefined);
    assert.equal(attacks.AttackSummaries![0]!.AttackVectors?.[0]?.VectorType, 'REQUEST_FLOOD');
    const contributors = (attack.AttackProperties ?? []).flatMap((p) => p.TopContributors ?? []).map((t) => t.Name);
    assert.ok(contributors.includes('127.0.0.1'), `top contributors: ${contributors.join(', ')}`);
    const hasShieldRule = async () => ((await waf.send(new GetWebACLCommand({ Name: 'flooded', Scope: 'REGIONAL', Id: acl.Id! }))).WebACL!.Rules ?? []).some((r) => r.Name!.startsWith('ShieldMitigationRuleGroup_'));
    // After the flood: quiet seconds end the attack and the engine removes its rule.
    await within(15_000, async () => !(await hasShieldRule()));
    const ended = await shield.send(new sh.DescribeAttackCommand({ AttackId: attack.AttackId! }));
    assert.ok(ended.Attack!.EndTime, 'the attack has ended');
  });
});
