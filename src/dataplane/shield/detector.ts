/**
 * Shield Advanced's application layer detection, pure: fed with request observations (and clock
 * ticks), it keeps per-resource baselines and reports attacks. No I/O; time comes with the inputs.
 *
 * Per resource, per closed second: the current rates are exponentially weighted over
 * `windowSeconds` (total, and per source IP and per path in Space-Saving sketches); the baselines are
 * weighted over `baselineHalfLifeSeconds` and learn only outside attacks, so an attack does not
 * become the norm. An attack starts on a flood (the total rate far above its baseline and above an
 * absolute floor) or on an anomaly (one source IP or one path far above its own baseline and above
 * a floor); it goes on while the rates stay above `endRatio` of those thresholds, and ends after
 * `quietSeconds` below them. Memory is bounded: sketches of `sketchCapacity` keys, at most
 * `maxResources` resources.
 */
import { AttackState } from './attack-builder.js';
import { SpaceSaving } from './space-saving.js';
import { DEFAULT_DETECTOR_CONFIG, type AttackEvent, type DetectorConfig, type Observation } from './types.js';

/** Seconds of inactivity replayed one by one at most; longer gaps are applied at once. */
const MAX_REPLAY = 120;

class ResourceState {
  second: number;
  secondCount = 0;
  secondBytes = 0;
  fastTotal = 0;
  slowTotal = 0;
  readonly fastIps: SpaceSaving;
  readonly fastPaths: SpaceSaving;
  readonly slowIps: SpaceSaving;
  readonly slowPaths: SpaceSaving;
  /** This second's requests per source and path (the end of an attack is decided per second). */
  readonly secondIps: SpaceSaving;
  readonly secondPaths: SpaceSaving;
  /** Seconds the baselines have learned (their bias correction while young). */
  learned = 0;
  attack?: AttackState;
  lastSeen: number;

  constructor(capacity: number, now: number) {
    this.second = Math.floor(now / 1000);
    this.lastSeen = now;
    this.fastIps = new SpaceSaving(capacity);
    this.fastPaths = new SpaceSaving(capacity);
    this.slowIps = new SpaceSaving(capacity);
    this.slowPaths = new SpaceSaving(capacity);
    this.secondIps = new SpaceSaving(capacity);
    this.secondPaths = new SpaceSaving(capacity);
  }
}

export class ShieldDetector {
  private readonly resources = new Map<string, ResourceState>();
  private readonly fastDecay: number;
  private readonly slowDecay: number;

  constructor(readonly config: DetectorConfig = DEFAULT_DETECTOR_CONFIG) {
    this.fastDecay = Math.exp(-1 / config.windowSeconds);
    this.slowDecay = Math.pow(0.5, 1 / config.baselineHalfLifeSeconds);
  }

  /** Takes one request; returns the events that closing earlier seconds produced. */
  observe(o: Observation): AttackEvent[] {
    let r = this.resources.get(o.resourceArn);
    if (!r) {
      // INVARIANT: at most maxResources are tracked; beyond (all of them under attack), new ones wait.
      if (!this.evict()) return [];
      r = new ResourceState(this.config.sketchCapacity, o.time);
      this.resources.set(o.resourceArn, r);
    }
    const events = this.advance(o.resourceArn, r, Math.floor(o.time / 1000));
    r.lastSeen = Math.max(r.lastSeen, o.time);
    r.secondCount++;
    r.secondBytes += o.bytes;
    r.fastTotal++;
    r.fastIps.add(o.clientIp);
    r.fastPaths.add(o.path);
    r.secondIps.add(o.clientIp);
    r.secondPaths.add(o.path);
    if (r.attack) r.attack.observe(o);
    else {
      r.slowIps.add(o.clientIp);
      r.slowPaths.add(o.path);
    }
    return events;
  }

  /** Advances every resource to `now` (attacks end when traffic stops altogether). */
  tick(now: number): AttackEvent[] {
    const events: AttackEvent[] = [];
    for (const [arn, r] of this.resources) events.push(...this.advance(arn, r, Math.floor(now / 1000)));
    return events;
  }

  /** The attacks going on now. */
  ongoing(): string[] {
    return [...this.resources.entries()].filter(([, r]) => r.attack).map(([arn]) => arn);
  }

  /** The id of the ongoing attack of a resource. */
  attackId(resourceArn: string): string | undefined {
    return this.resources.get(resourceArn)?.attack?.id;
  }

  /** The current request rate and its baseline for a resource (requests per second). */
  rates(resourceArn: string): { current: number; baseline: number } | undefined {
    const r = this.resources.get(resourceArn);
    return r ? { current: r.fastTotal * (1 - this.fastDecay), baseline: r.slowTotal * this.baselineScale(r) } : undefined;
  }

  /**
   * The baseline rate of the busiest source of a resource (requests per second; 0 when unknown, and
   * while the baseline is younger than a tenth of its half-life: a resource flooded from its first
   * seconds would otherwise take the flood's own source for its busiest normal client).
   */
  sourceBaseline(resourceArn: string): number {
    const r = this.resources.get(resourceArn);
    if (!r || !this.trusted(r)) return 0;
    const top = r.slowIps.top(1)[0];
    return top ? top.count * this.baselineScale(r) : 0;
  }

  /**
   * Whether a resource's baselines have learned long enough (a tenth of their half-life) to set
   * thresholds. Before, only the absolute floors count: a flood that starts slowly in a resource's
   * first seconds would otherwise become its own baseline and never be detected.
   */
  private trusted(r: ResourceState): boolean {
    return r.learned >= this.config.baselineHalfLifeSeconds / 10;
  }

  /** From a baseline sum to a rate: (1 - decay), corrected for the bias of a young average. */
  private baselineScale(r: ResourceState): number {
    const young = 1 - Math.pow(this.slowDecay, r.learned);
    return young > 0 ? (1 - this.slowDecay) / young : 0;
  }

  /** Closes the seconds before `second`. */
  private advance(arn: string, r: ResourceState, second: number): AttackEvent[] {
    const events: AttackEvent[] = [];
    let gap = second - r.second;
    if (gap <= 0) return events;
    const replay = Math.min(gap, MAX_REPLAY);
    for (let i = 0; i < replay; i++) {
      const e = this.closeSecond(arn, r, (r.second + 1) * 1000);
      if (e) events.push(e);
      r.second++;
    }
    gap -= replay;
    if (gap > 0) {
      // Long silence: nothing more to detect; decay at once.
      const f = Math.pow(this.fastDecay, gap);
      r.fastTotal *= f;
      r.fastIps.decay(f);
      r.fastPaths.decay(f);
      r.secondIps.clear();
      r.secondPaths.clear();
      if (!r.attack) {
        r.learned += gap;
        const s = Math.pow(this.slowDecay, gap);
        r.slowTotal *= s;
        r.slowIps.decay(s);
        r.slowPaths.decay(s);
      }
      r.second = second;
    }
    return events;
  }

  /** The second ending at `end` (ms) is closed: rates, baselines and the attack decision. */
  private closeSecond(arn: string, r: ResourceState, end: number): AttackEvent | undefined {
    const c = this.config;
    const count = r.secondCount;
    const bytes = r.secondBytes;
    r.secondCount = 0;
    r.secondBytes = 0;
    const k = 1 - this.fastDecay;
    const ks = this.trusted(r) ? this.baselineScale(r) : 0;
    const floodAt = Math.max(c.floodFloorRps, c.floodMultiplier * r.slowTotal * ks);
    const anomalies: ['IP' | 'URL', string][] = [];
    /** Keys of `sketch` (times `scale` as a rate) above their thresholds (times `ratio`). */
    const scan = (sketch: SpaceSaving, scale: number, slow: SpaceSaving, floor: number, kind: 'IP' | 'URL', ratio: number) => {
      for (const h of sketch.top(c.topContributors)) {
        const at = Math.max(floor, c.anomalyMultiplier * slow.get(h.key) * ks) * ratio;
        if ((h.count - h.error) * scale > at) anomalies.push([kind, h.key]);
      }
    };
    let active: boolean;
    if (!r.attack) {
      // Starting: the current (weighted) rates, so that one busy second is no attack.
      scan(r.fastIps, k, r.slowIps, c.ipFloorRps, 'IP', 1);
      scan(r.fastPaths, k, r.slowPaths, c.pathFloorRps, 'URL', 1);
      active = r.fastTotal * k > floodAt || anomalies.length > 0;
    } else {
      // Going on: this second's own counts, against lower thresholds, so that the end is seen at once.
      scan(r.secondIps, 1, r.slowIps, c.ipFloorRps, 'IP', c.endRatio);
      scan(r.secondPaths, 1, r.slowPaths, c.pathFloorRps, 'URL', c.endRatio);
      active = count > floodAt * c.endRatio || anomalies.length > 0;
    }
    r.secondIps.clear();
    r.secondPaths.clear();

    // The second's requests entered the current rates as they came; now they age.
    r.fastTotal *= this.fastDecay;
    r.fastIps.decay(this.fastDecay);
    r.fastPaths.decay(this.fastDecay);

    let event: AttackEvent | undefined;
    const a = r.attack;
    if (!a) {
      r.learned++;
      r.slowTotal = r.slowTotal * this.slowDecay + count;
      r.slowIps.decay(this.slowDecay);
      r.slowPaths.decay(this.slowDecay);
      if (active) {
        const started = new AttackState(arn, end - 1000, c.sketchCapacity);
        for (const [kind, key] of anomalies) started.flag(kind, key);
        // The requests that revealed it are part of it.
        for (const h of r.fastIps.top(c.sketchCapacity)) started.ips.add(h.key, Math.round(h.count / this.fastDecay));
        for (const h of r.fastPaths.top(c.sketchCapacity)) started.paths.add(h.key, Math.round(h.count / this.fastDecay));
        started.requests = Math.round(r.fastTotal / this.fastDecay);
        started.bytes = bytes;
        started.second(count, bytes);
        started.lastReported = end;
        r.attack = started;
        event = { kind: 'start', attack: started.record(c.topContributors) };
      }
      return event;
    }
    a.second(count, bytes);
    for (const [kind, key] of anomalies) a.flag(kind, key);
    if (active) a.lastActive = end;
    if (end - a.lastActive >= c.quietSeconds * 1000) {
      a.endTime = a.lastActive;
      r.attack = undefined;
      return { kind: 'end', attack: a.record(c.topContributors) };
    }
    if (end - a.lastReported >= c.updateEverySeconds * 1000) {
      a.lastReported = end;
      return { kind: 'update', attack: a.record(c.topContributors) };
    }
    return undefined;
  }

  /** Records an applied mitigation on the ongoing attack of a resource (reported with it from now on). */
  addMitigation(resourceArn: string, name: string): void {
    const a = this.resources.get(resourceArn)?.attack;
    if (a && !a.mitigations.includes(name)) a.mitigations.push(name);
  }

  /** Makes room for one more resource; false when every tracked one is under attack. */
  private evict(): boolean {
    if (this.resources.size < this.config.maxResources) return true;
    let oldest: string | undefined;
    let at = Infinity;
    for (const [arn, r] of this.resources) {
      if (!r.attack && r.lastSeen < at) {
        at = r.lastSeen;
        oldest = arn;
      }
    }
    return oldest !== undefined && this.resources.delete(oldest);
  }
}
