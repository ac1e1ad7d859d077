/** What an attack accumulates while it goes on, and its AWS attack record (AttackDetail fields). */
import { randomUUID } from 'node:crypto';
import type { CounterRecord } from '../../services/shield/store.js';
import { SpaceSaving } from './space-saving.js';
import { REQUEST_FLOOD, type AttackRecord, type Observation } from './types.js';

export class AttackState {
  readonly id = randomUUID();
  readonly ips: SpaceSaving;
  readonly paths: SpaceSaving;
  readonly agents: SpaceSaving;
  readonly referrers: SpaceSaving;
  /** Sources and URLs found anomalous (the attack's SubResources), bounded by the sketch capacity. */
  readonly anomalousIps = new Set<string>();
  readonly anomalousPaths = new Set<string>();
  readonly mitigations: string[] = [];
  requests = 0;
  bytes = 0;
  seconds = 0;
  maxRps = 0;
  maxBps = 0;
  lastActive: number;
  lastReported: number;
  endTime?: number;

  constructor(readonly resourceArn: string, readonly startTime: number, private readonly capacity: number) {
    this.ips = new SpaceSaving(capacity);
    this.paths = new SpaceSaving(capacity);
    this.agents = new SpaceSaving(capacity);
    this.referrers = new SpaceSaving(capacity);
    this.lastActive = startTime;
    this.lastReported = startTime;
  }

  observe(o: Observation): void {
    this.requests++;
    this.bytes += o.bytes;
    this.ips.add(o.clientIp);
    this.paths.add(o.path);
    if (o.userAgent !== undefined) this.agents.add(o.userAgent);
    if (o.referrer !== undefined) this.referrers.add(o.referrer);
  }

  /** One second closed with `count` requests and `bytes` bytes. */
  second(count: number, bytes: number): void {
    this.seconds++;
    this.maxRps = Math.max(this.maxRps, count);
    this.maxBps = Math.max(this.maxBps, bytes * 8);
  }

  flag(kind: 'IP' | 'URL', key: string): void {
    const set = kind === 'IP' ? this.anomalousIps : this.anomalousPaths;
    if (set.size < this.capacity) set.add(key);
  }

  record(top: number): AttackRecord {
    const n = Math.max(1, this.seconds);
    const counter = (name: string, sum: number, max: number, unit: string): CounterRecord => ({ Name: name, Max: max, Average: sum / n, Sum: sum, N: n, Unit: unit });
    const contributors = (s: SpaceSaving) => s.top(top).map((h) => ({ Name: h.key, Value: Math.round(h.count) }));
    const property = (id: AttackRecord['AttackProperties'][number]['AttackPropertyIdentifier'], s: SpaceSaving) =>
      s.total > 0 ? [{ AttackLayer: 'APPLICATION' as const, AttackPropertyIdentifier: id, TopContributors: contributors(s), Unit: 'REQUESTS' as const, Total: Math.round(s.total) }] : [];
    const sub = (Type: 'IP' | 'URL', Id: string, count: number) => ({
      Type,
      Id,
      AttackVectors: [{ VectorType: REQUEST_FLOOD, VectorCounters: [counter(REQUEST_FLOOD, Math.round(count), Math.round(count / n), 'Requests')] }],
      Counters: [],
    });
    return {
      AttackId: this.id,
      ResourceArn: this.resourceArn,
      StartTime: this.startTime,
      ...(this.endTime !== undefined ? { EndTime: this.endTime } : {}),
      AttackVectors: [REQUEST_FLOOD],
      SubResources: [...[...this.anomalousIps].map((ip) => sub('IP', ip, this.ips.get(ip))), ...[...this.anomalousPaths].map((p) => sub('URL', p, this.paths.get(p)))],
      AttackCounters: [counter(REQUEST_FLOOD, this.requests, this.maxRps, 'Requests'), counter('BYTES', this.bytes * 8, this.maxBps, 'Bits')],
      AttackProperties: [...property('SOURCE_IP_ADDRESS', this.ips), ...property('DESTINATION_URL', this.paths), ...property('SOURCE_USER_AGENT', this.agents), ...property('REFERRER', this.referrers)],
      Mitigations: this.mitigations.map((MitigationName) => ({ MitigationName })),
      MaxRequestsPerSecond: this.maxRps,
      LastActive: this.lastActive,
    };
  }
}
