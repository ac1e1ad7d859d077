import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ShieldDetector } from './detector.js';
import { DEFAULT_DETECTOR_CONFIG, type AttackEvent, type Observation } from './types.js';

const ALB = 'arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/web/0123456789abcdef';
const T0 = Date.UTC(2026, 0, 1);

/** Feeds `rps` requests per second from `ip` to `path` for `seconds`, starting at `from` (ms), evenly spread. */
function traffic(d: ShieldDetector, from: number, seconds: number, sources: { ip: string; path: string; rps: number; ua?: string }[]): AttackEvent[] {
  const events: AttackEvent[] = [];
  for (let s = 0; s < seconds; s++) {
    const batch: Observation[] = [];
    for (const src of sources) {
      for (let i = 0; i < src.rps; i++) {
        batch.push({ time: from + s * 1000 + Math.floor((i * 1000) / src.rps), resourceArn: ALB, clientIp: src.ip, path: src.path, method: 'GET', status: 200, bytes: 200, ...(src.ua ? { userAgent: src.ua } : {}) });
      }
    }
    batch.sort((a, b) => a.time - b.time);
    for (const o of batch) events.push(...d.observe(o));
  }
  events.push(...d.tick(from + seconds * 1000));
  return events;
}

/** Ten users at 2 requests per second each over a few pages: 20 rps. */
const normal = Array.from({ length: 10 }, (_, i) => ({ ip: `198.51.100.${i + 1}`, path: ['/', '/a', '/b'][i % 3]!, rps: 2 }));

describe('ShieldDetector', () => {
  it('does not report normal traffic, even with bursts below the floors', () => {
    const d = new ShieldDetector();
    const events = traffic(d, T0, 600, normal);
    assert.deepEqual(events, []);
    const burst = traffic(d, T0 + 600_000, 5, [...normal, { ip: '198.51.100.1', path: '/', rps: 30 }]);
    assert.deepEqual(burst, []);
    assert.ok(Math.abs(d.rates(ALB)!.baseline - 20) < 2, `baseline ${d.rates(ALB)!.baseline}`);
  });

  it('detects a flood within a few seconds, with the flooding sources and URL as top contributors, and ends it after quiet', () => {
    const d = new ShieldDetector();
    traffic(d, T0, 300, normal);
    const floodStart = T0 + 300_000;
    const flood = [
      { ip: '203.0.113.7', path: '/login', rps: 400, ua: 'flooder/1.0' },
      { ip: '203.0.113.8', path: '/login', rps: 200, ua: 'flooder/1.0' },
    ];
    const during = traffic(d, floodStart, 60, [...normal, ...flood]);
    const start = during.find((e) => e.kind === 'start');
    assert.ok(start, 'an attack started');
    assert.ok(start.attack.StartTime - floodStart <= 3000, `detected after ${start.attack.StartTime - floodStart} ms`);
    assert.deepEqual(start.attack.AttackVectors, ['REQUEST_FLOOD']);
    assert.ok(during.some((e) => e.kind === 'update'), 'updates while it goes on');
    assert.equal(during.filter((e) => e.kind === 'start').length, 1, 'one attack, not many');
    const last = during.filter((e) => e.kind === 'update').at(-1)!.attack;
    const ips = last.AttackProperties.find((p) => p.AttackPropertyIdentifier === 'SOURCE_IP_ADDRESS')!;
    assert.deepEqual(ips.TopContributors.slice(0, 2).map((c) => c.Name), ['203.0.113.7', '203.0.113.8']);
    assert.ok(ips.TopContributors[0]!.Value > 20_000);
    assert.equal(last.AttackProperties.find((p) => p.AttackPropertyIdentifier === 'DESTINATION_URL')!.TopContributors[0]!.Name, '/login');
    assert.equal(last.AttackProperties.find((p) => p.AttackPropertyIdentifier === 'SOURCE_USER_AGENT')!.TopContributors[0]!.Name, 'flooder/1.0');
    assert.ok(last.SubResources.some((s) => s.Type === 'IP' && s.Id === '203.0.113.7'));
    assert.ok(last.SubResources.some((s) => s.Type === 'URL' && s.Id === '/login'));
    assert.ok(!last.SubResources.some((s) => s.Id.startsWith('198.51.100.')), 'legitimate users are no sub-resource');
    assert.ok(last.MaxRequestsPerSecond >= 600);
    assert.equal(last.EndTime, undefined);
    // Normal traffic only: the attack ends after the quiet period and the baseline was not poisoned.
    const after = traffic(d, floodStart + 60_000, 60, normal);
    const end = after.find((e) => e.kind === 'end');
    assert.ok(end, 'the attack ended');
    assert.equal(end.attack.AttackId, start.attack.AttackId);
    assert.ok(end.attack.EndTime! - (floodStart + 60_000) <= 3000, `ended at ${end.attack.EndTime! - floodStart} ms`);
    assert.ok(d.rates(ALB)!.baseline < 25, `baseline ${d.rates(ALB)!.baseline}`);
    assert.deepEqual(d.ongoing(), []);
  });

  it('ends an attack when traffic stops altogether (ticks)', () => {
    const d = new ShieldDetector();
    const ev = traffic(d, T0, 10, [{ ip: '203.0.113.9', path: '/', rps: 500 }]);
    assert.equal(ev.filter((e) => e.kind === 'start').length, 1);
    const end = d.tick(T0 + 10_000 + DEFAULT_DETECTOR_CONFIG.quietSeconds * 1000 + 5000);
    assert.equal(end.filter((e) => e.kind === 'end').length, 1);
  });

  it('detects a single source far above its baseline though the total is no flood (per-IP anomaly)', () => {
    const d = new ShieldDetector({ ...DEFAULT_DETECTOR_CONFIG, floodFloorRps: 10_000 });
    traffic(d, T0, 120, normal);
    const ev = traffic(d, T0 + 120_000, 10, [...normal, { ip: '192.0.2.66', path: '/a', rps: 80 }]);
    const start = ev.find((e) => e.kind === 'start');
    assert.ok(start);
    assert.deepEqual(start.attack.SubResources.filter((s) => s.Type === 'IP').map((s) => s.Id), ['192.0.2.66']);
  });

  it('detects one path far above its baseline (per-path anomaly) spread over many sources', () => {
    const d = new ShieldDetector({ ...DEFAULT_DETECTOR_CONFIG, floodFloorRps: 10_000 });
    traffic(d, T0, 120, normal);
    const botnet = Array.from({ length: 40 }, (_, i) => ({ ip: `10.9.${i}.1`, path: '/search', rps: 3 }));
    const ev = traffic(d, T0 + 120_000, 10, [...normal, ...botnet]);
    const start = ev.find((e) => e.kind === 'start');
    assert.ok(start);
    assert.ok(start.attack.SubResources.some((s) => s.Type === 'URL' && s.Id === '/search'));
    assert.ok(!start.attack.SubResources.some((s) => s.Type === 'IP'));
  });

  it('detects a flood that ramps up in a newly protected resource (a young baseline does not learn it)', () => {
    const d = new ShieldDetector({ ...DEFAULT_DETECTOR_CONFIG, windowSeconds: 2 });
    d.observe({ time: T0, resourceArn: ALB, clientIp: '127.0.0.1', path: '/', method: 'GET', status: 200, bytes: 1 });
    // The flood ramps up over its first seconds (a client warming up), then runs at 1,300 per second.
    const ev: AttackEvent[] = [];
    let at = T0 + 2000;
    for (const rps of [90, 240, 600, 1000, 1300, 1300, 1300, 1300]) {
      ev.push(...traffic(d, at, 1, [{ ip: '127.0.0.1', path: '/search', rps }]));
      at += 1000;
    }
    assert.equal(ev.filter((e) => e.kind === 'start').length, 1, 'the flood is detected');
  });

  it('keeps memory bounded: at most maxResources resources, sketches of bounded size', () => {
    const d = new ShieldDetector({ ...DEFAULT_DETECTOR_CONFIG, maxResources: 3 });
    for (let i = 0; i < 10; i++) d.observe({ time: T0 + i, resourceArn: `${ALB}-${i}`, clientIp: '1.1.1.1', path: '/', method: 'GET', status: 200, bytes: 1 });
    assert.equal([0, 1, 2, 3, 4, 5, 6].filter((i) => d.rates(`${ALB}-${i}`)).length, 0);
    assert.ok(d.rates(`${ALB}-9`));
  });
});
