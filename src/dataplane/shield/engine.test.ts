import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { AttackRecord, ProtectionRecord } from '../../services/shield/store.js';
import type { EntityRecord } from '../../services/wafv2/store.js';
import { openStore } from '../../storage/open-store.js';
import type { JsonValue, Store } from '../../storage/types.js';
import { ShieldEngine } from './engine.js';
import { MITIGATION_PRIORITY, mitigationRuleName } from './mitigation.js';
import { DEFAULT_DETECTOR_CONFIG } from './types.js';

const ACCOUNT = '111122223333';
const ALB = `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:loadbalancer/app/web/0123456789abcdef`;
const ACL_ID = '0f8e7d6c-1234-4abc-8def-0123456789ab';
const ACL = `arn:aws:wafv2:us-east-1:${ACCOUNT}:regional/webacl/site/${ACL_ID}`;
const T0 = Date.UTC(2026, 0, 1);
const regionScope = { kind: 'region' as const, accountId: ACCOUNT, region: 'us-east-1' };
const accountScope = { kind: 'account' as const, accountId: ACCOUNT };

let dir: string;
let store: Store;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'shield-engine-'));
  store = await openStore({ kind: 'sqlite', dataDir: dir });
});
after(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function setUp(action: 'Block' | 'Count' | undefined): Promise<void> {
  const acl: EntityRecord<'webacl'> = {
    kind: 'webacl', id: ACL_ID, name: 'site', scope: 'REGIONAL', arn: ACL, accountId: ACCOUNT, region: 'us-east-1', lockToken: 'lock-0', tags: [], refs: [], createdAt: T0,
    data: { DefaultAction: { Allow: {} }, Rules: [], VisibilityConfig: { SampledRequestsEnabled: false, CloudWatchMetricsEnabled: false, MetricName: 'site' }, Capacity: 0 },
  };
  await store.put('wafv2.entities', regionScope, `webacl/REGIONAL/${ACL_ID}`, acl as unknown as JsonValue);
  const p: ProtectionRecord = {
    id: '5c0e2a6e-0000-4000-8000-000000000001', name: 'web', resourceArn: ALB, resourceType: 'APPLICATION_LOAD_BALANCER', arn: `arn:aws:shield::${ACCOUNT}:protection/x`, healthCheckArns: [], tags: [], createdAt: T0,
    ...(action ? { autoResponse: { status: 'ENABLED' as const, action }, webAclArn: ACL } : {}),
  };
  await store.put('shield.protections', accountScope, p.id, p as unknown as JsonValue);
}

const webAcl = async () => (await store.get('wafv2.entities', regionScope, `webacl/REGIONAL/${ACL_ID}`))!.value as unknown as EntityRecord<'webacl'>;

async function feed(engine: ShieldEngine, from: number, seconds: number, sources: { ip: string; rps: number }[]): Promise<void> {
  for (let s = 0; s < seconds; s++) {
    for (const src of sources) for (let i = 0; i < src.rps; i++) engine.observe({ time: from + s * 1000 + Math.floor((i * 1000) / src.rps), resourceArn: ALB, clientIp: src.ip, path: '/', method: 'GET', status: 200, bytes: 100 });
    await new Promise((r) => setImmediate(r)); // lets the protection load
  }
  engine.tick(from + seconds * 1000);
  await engine.flush();
}

describe('ShieldEngine: attacks recorded, automatic mitigation added and removed', () => {
  it('records a flood with its top contributors, adds the Shield rule (Block) to the web ACL, and removes it after the attack', async () => {
    await setUp('Block');
    const engine = new ShieldEngine({ store });
    const legit = [{ ip: '198.51.100.1', rps: 5 }];
    await feed(engine, T0, 120, legit);
    await feed(engine, T0 + 120_000, 20, [...legit, { ip: '203.0.113.7', rps: 500 }]);
    const attacks = (await store.list('shield.attacks', accountScope)).map((i) => i.value as unknown as AttackRecord);
    assert.equal(attacks.length, 1);
    const a = attacks[0]!;
    assert.equal(a.ResourceArn, ALB);
    assert.deepEqual(a.AttackVectors, ['REQUEST_FLOOD']);
    assert.equal(a.EndTime, undefined);
    assert.equal(a.AttackProperties.find((p) => p.AttackPropertyIdentifier === 'SOURCE_IP_ADDRESS')!.TopContributors[0]!.Name, '203.0.113.7');
    const name = mitigationRuleName(ACL)!;
    assert.match(name, /^ShieldMitigationRuleGroup_111122223333_/);
    assert.deepEqual(a.Mitigations, [{ MitigationName: name }]);
    const during = await webAcl();
    const rule = during.data.Rules.find((r) => r.Name === name)!;
    assert.equal(rule.Priority, MITIGATION_PRIORITY);
    assert.deepEqual(rule.Action, { Block: {} });
    const limit = rule.Statement.RateBasedStatement!.Limit;
    assert.ok(limit >= 5 * 60 && limit < 500 * 60, `limit ${limit}: above the legitimate client's minute, below the flood's`);
    assert.notEqual(during.lockToken, 'lock-0');
    // The flood stops: the attack ends and the rule goes.
    await feed(engine, T0 + 140_000, 40, legit);
    const ended = (await store.get('shield.attacks', accountScope, a.AttackId))!.value as unknown as AttackRecord;
    assert.ok(ended.EndTime !== undefined && ended.EndTime <= T0 + 142_000);
    assert.deepEqual(ended.Mitigations, [{ MitigationName: name }]);
    assert.equal((await webAcl()).data.Rules.some((r) => r.Name === name), false);
    await engine.stop();
  });

  it('records attacks without touching the web ACL when automatic response is off; ignores unprotected resources', async () => {
    await store.delete('shield.attacks', accountScope, (await store.list('shield.attacks', accountScope))[0]!.key);
    await setUp(undefined);
    const engine = new ShieldEngine({ store });
    await feed(engine, T0, 10, [{ ip: '203.0.113.7', rps: 500 }]);
    assert.equal((await store.list('shield.attacks', accountScope)).length, 1);
    assert.deepEqual((await webAcl()).data.Rules, []);
    engine.observe({ time: T0 + 11_000, resourceArn: `${ALB}0`, clientIp: '1.1.1.1', path: '/', method: 'GET', status: 200, bytes: 1 });
    assert.equal(engine.detector.rates(`${ALB}0`), undefined);
    await engine.stop();
  });

  it('follows the protection during an attack: a new action replaces the rule (Count), disabling removes it at once', async () => {
    for (const i of await store.list('shield.attacks', accountScope)) await store.delete('shield.attacks', accountScope, i.key);
    await setUp('Block');
    const engine = new ShieldEngine({ store, config: { ...DEFAULT_DETECTOR_CONFIG, updateEverySeconds: 2 } });
    const name = mitigationRuleName(ACL)!;
    await feed(engine, T0, 5, [{ ip: '203.0.113.7', rps: 500 }]);
    assert.deepEqual((await webAcl()).data.Rules.find((r) => r.Name === name)!.Action, { Block: {} });
    const p = (await store.list('shield.protections', accountScope))[0]!;
    const rec = p.value as unknown as ProtectionRecord;
    await store.put('shield.protections', accountScope, p.key, { ...rec, autoResponse: { status: 'ENABLED', action: 'Count' } } as unknown as JsonValue);
    await feed(engine, T0 + 5_000, 5, [{ ip: '203.0.113.7', rps: 500 }]);
    const rule = (await webAcl()).data.Rules.find((r) => r.Name === name)!;
    assert.deepEqual(rule.Action, { Count: {} });
    assert.equal((await webAcl()).data.Rules.length, 1);
    await store.put('shield.protections', accountScope, p.key, { ...rec, autoResponse: { status: 'DISABLED', action: 'Count' } } as unknown as JsonValue);
    await feed(engine, T0 + 10_000, 5, [{ ip: '203.0.113.7', rps: 500 }]);
    assert.deepEqual((await webAcl()).data.Rules, [], 'removed while the attack goes on');
    assert.equal(engine.detector.ongoing().length, 1);
    await engine.stop();
  });

  it('a new engine closes the attacks and removes the rule an engine that stopped mid-attack left behind', async () => {
    for (const i of await store.list('shield.attacks', accountScope)) await store.delete('shield.attacks', accountScope, i.key);
    await setUp('Block');
    const first = new ShieldEngine({ store });
    await feed(first, T0, 10, [{ ip: '203.0.113.7', rps: 500 }]);
    await first.stop(); // a crash: the attack is open and the rule in place
    const open = (await store.list('shield.attacks', accountScope)).map((i) => i.value as unknown as AttackRecord);
    assert.equal(open.length, 1);
    assert.equal(open[0]!.EndTime, undefined);
    assert.equal((await webAcl()).data.Rules.length, 1);
    // Another node starting while the attack is still reported leaves it and its rule alone.
    const peer = new ShieldEngine({ store });
    await feed(peer, T0 + 12_000, 2, [{ ip: '198.51.100.1', rps: 5 }]);
    assert.equal(((await store.get('shield.attacks', accountScope, open[0]!.AttackId))!.value as unknown as AttackRecord).EndTime, undefined);
    assert.equal((await webAcl()).data.Rules.length, 1);
    await peer.stop();
    const second = new ShieldEngine({ store });
    await feed(second, T0 + 600_000, 3, [{ ip: '198.51.100.1', rps: 5 }]);
    const closed = (await store.get('shield.attacks', accountScope, open[0]!.AttackId))!.value as unknown as AttackRecord;
    assert.ok(closed.EndTime !== undefined && closed.EndTime <= T0 + 10_000 && closed.EndTime >= closed.StartTime, `EndTime ${closed.EndTime! - T0}`);
    assert.deepEqual((await webAcl()).data.Rules, []);
    await second.stop();
  });
});
