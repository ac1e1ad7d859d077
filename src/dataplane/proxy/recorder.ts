/**
 * What GetSampledRequests and GetRateBasedStatementManagedKeys read, written through the store in
 * bounded form: per (web ACL, metric name, minute) a reservoir of at most 100 samples and the
 * population it drew from; per rate-based rule the limited IP keys (at most 10,000). Kept in memory
 * and written every `flushMs` (one write per changed record, off the request path); samples older
 * than 3 hours are deleted.
 */
import { randomInt } from 'node:crypto';
import {
  MAX_SAMPLES_PER_BATCH,
  rateKeys,
  regionScope,
  SAMPLE_RETENTION_S,
  samples,
  samplesKey,
  type SampleRecord,
} from '../../services/wafv2/store.js';
import type { Store } from '../../storage/types.js';
import type { Decision } from '../waf/evaluate.js';
import type { InspectedRequest } from '../waf/inspected-request.js';

const MAX_KEYS = 10_000;
/** Bounds the memory of pending batches (distinct web ACL, metric and minute triples). */
const MAX_PENDING = 1000;

interface Batch {
  aclId: string;
  metric: string;
  minute: number;
  population: number;
  samples: SampleRecord[];
  /** Changed since it was last written. */
  dirty: boolean;
}

export class Recorder {
  private readonly batches = new Map<string, Batch>();
  private readonly limited = new Map<string, { aclId: string; rule: string; windowSec: number; keys: Map<string, number> }>();
  private readonly dirtyKeys = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private lastPurge = 0;
  private flushing: Promise<void> | undefined;

  constructor(private readonly store: Store, private readonly accountId: string, private readonly region: string, private readonly proxy: string, private readonly log: (m: string) => void, private readonly flushMs = 1000) {}

  start(): void {
    this.timer = setInterval(() => void this.flush(), this.flushMs);
    this.timer.unref();
  }

  /**
   * A request's outcome under each sampled metric it touched. A sample (and the client's country,
   * `countryOf`) is built only when the reservoir keeps it: past the first 100 of a minute, rarely.
   */
  sample(aclId: string, metricDefault: string | undefined, req: InspectedRequest, d: Decision, responseCode: number, countryOf: () => string | undefined, nowMs: number): void {
    const nowS = Math.floor(nowMs / 1000);
    let shared: Omit<SampleRecord, 'Action'> | undefined;
    const base = (): Omit<SampleRecord, 'Action'> => {
      if (shared) return shared;
      const country = countryOf();
      return (shared = {
        Request: { ClientIP: req.clientIp, ...(country ? { Country: country } : {}), URI: req.path, Method: req.method, HTTPVersion: req.httpVersion, Headers: req.headers.slice(0, 50).map(([Name, Value]) => ({ Name, Value: Value.slice(0, 1024) })) },
        Timestamp: nowS,
        ResponseCodeSent: responseCode,
        ...(d.labels.length ? { Labels: d.labels.map((Name) => ({ Name })) } : {}),
        ...(d.insertHeaders.length ? { RequestHeadersInserted: d.insertHeaders.map((h) => ({ Name: h.Name, Value: h.Value })) } : {}),
      });
    };
    const t = d.terminating;
    const metric = t ? t.sampleMetric : metricDefault;
    if (metric) this.add(aclId, metric, nowS, () => ({ ...base(), Action: d.action, ...(t?.groupId ? { RuleNameWithinRuleGroup: t.name } : {}) }));
    for (const m of d.nonTerminating) {
      if (m.rule.sampleMetric) this.add(aclId, m.rule.sampleMetric, nowS, () => ({ ...base(), Action: m.action, ...(m.rule.groupId ? { RuleNameWithinRuleGroup: m.rule.name } : {}), ...(m.rule.overriddenFrom ? { OverriddenAction: m.rule.overriddenFrom } : {}) }));
    }
  }

  private add(aclId: string, metric: string, nowS: number, build: () => SampleRecord): void {
    const minute = Math.floor(nowS / 60);
    const k = `${aclId}\n${metric}\n${minute}`;
    let b = this.batches.get(k);
    if (!b) {
      if (this.batches.size >= MAX_PENDING) return;
      this.batches.set(k, (b = { aclId, metric, minute, population: 0, samples: [], dirty: true }));
    }
    b.population++;
    b.dirty = true;
    // Reservoir sampling: every request of the minute has the same chance to be kept.
    if (b.samples.length < MAX_SAMPLES_PER_BATCH) b.samples.push(build());
    else {
      const j = randomInt(b.population);
      if (j < MAX_SAMPLES_PER_BATCH) b.samples[j] = build();
    }
  }

  /** A key a rate-based rule limits. */
  limitedKey(aclId: string, rule: string, key: string, windowSec: number, nowMs: number): void {
    const k = `${aclId}\n${rule}`;
    let e = this.limited.get(k);
    if (!e) this.limited.set(k, (e = { aclId, rule, windowSec, keys: new Map() }));
    if (e.keys.size >= MAX_KEYS && !e.keys.has(key)) return;
    e.keys.set(key, Math.floor(nowMs / 1000));
    this.dirtyKeys.add(k);
  }

  flush(nowMs = Date.now()): Promise<void> {
    if (this.flushing) return this.flushing;
    this.flushing = this.write(nowMs)
      .catch((e: unknown) => this.log(`writing samples failed: ${String(e)}`))
      .finally(() => (this.flushing = undefined));
    return this.flushing;
  }

  private async write(nowMs: number): Promise<void> {
    const scope = regionScope(this.accountId, this.region);
    const nowMinute = Math.floor(nowMs / 60_000);
    const pending = [...this.batches.entries()];
    for (const [k, b] of pending) {
      if (!b.dirty) {
        if (b.minute < nowMinute) this.batches.delete(k);
        continue;
      }
      b.dirty = false;
      await samples.put(this.store, scope, samplesKey(b.aclId, b.metric, b.minute, this.proxy), { minute: b.minute, population: b.population, samples: b.samples });
      // A past minute is complete once written; the current one stays to collect more.
      if (b.minute < nowMinute) this.batches.delete(k);
    }
    // Written even when unchanged this second: the record says which keys are still limited.
    for (const k of [...this.dirtyKeys]) {
      this.dirtyKeys.delete(k);
      const e = this.limited.get(k)!;
      const fresh = Math.floor(nowMs / 1000) - e.windowSec;
      for (const [ip, at] of e.keys) if (at < fresh) e.keys.delete(ip);
      await rateKeys.put(this.store, scope, `${e.aclId}/${encodeURIComponent(e.rule)}/${this.proxy}`, { at: Math.floor(nowMs / 1000), windowSec: e.windowSec, keys: [...e.keys.entries()] });
    }
    if (nowMs - this.lastPurge > 600_000) {
      this.lastPurge = nowMs;
      const oldest = Math.floor(nowMs / 1000 - SAMPLE_RETENTION_S) / 60;
      for (const r of await samples.list(this.store, scope)) if (r.value.minute < oldest) await samples.delete(this.store, scope, r.key);
    }
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.flush();
  }
}
