/**
 * The Shield Advanced engine a proxy runs: `observe()` each answered request (synchronous and cheap;
 * requests to resources without a Shield protection are ignored), and the engine detects attacks
 * (detector.ts), records them in `shield.attacks`, and, for protections with automatic application
 * layer response ENABLED, adds the Shield rate-based rule to the resource's web ACL when an attack
 * starts and removes it when the attack ends (mitigation.ts). Storage work runs off the request path,
 * one operation at a time, with a bounded queue (updates are dropped first when it is full).
 */
import type { ProtectionRecord } from '../../services/shield/store.js';
import type { Store } from '../../storage/types.js';
import { accountOfArn, closeStaleAttacks, protectionOf, saveAttack } from './attack-store.js';
import { ShieldDetector } from './detector.js';
import { applyMitigation, removeMitigation } from './mitigation.js';
import { DEFAULT_DETECTOR_CONFIG, type AttackEvent, type DetectorConfig, type Observation } from './types.js';

export interface ShieldEngineOptions {
  readonly store: Store;
  readonly config?: DetectorConfig;
  readonly log?: (msg: string, err?: unknown) => void;
  /** How long a resource's protection is cached (ms; writes to shield.protections drop the cache at once). */
  readonly protectionTtlMs?: number;
  /** The mitigation rule's limit per source IP per minute: at least this ... */
  readonly minRuleLimit?: number;
  /** ... and at least this many times the busiest normal source's baseline. */
  readonly ruleLimitFactor?: number;
  /** Storage operations waiting at most. */
  readonly maxPending?: number;
}

interface Cached {
  readonly at: number;
  readonly protection: ProtectionRecord | undefined;
}

export class ShieldEngine {
  readonly detector: ShieldDetector;
  private readonly cache = new Map<string, Cached>();
  private readonly loading = new Set<string>();
  /** Resource ARN -> the web ACL its ongoing attack's rule was added to. */
  private readonly mitigated = new Map<string, string>();
  /** Resources whose leftovers of an earlier engine (open attacks, a Shield rule) were cleaned up. */
  private readonly recovered = new Set<string>();
  private queue: Promise<void> = Promise.resolve();
  private pending = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly unsubscribe: () => void;

  constructor(private readonly opts: ShieldEngineOptions) {
    this.detector = new ShieldDetector(opts.config ?? DEFAULT_DETECTOR_CONFIG);
    this.unsubscribe = opts.store.onChange((e) => {
      if (e.table === 'shield.protections' || e.op === 'reset') this.cache.clear();
    });
  }

  /** Takes one answered request (never throws, never waits). */
  /**
   * Whether requests to the resource are observed now: it has a Shield protection (cached; the first
   * ask loads it). A proxy asks before it follows a request, so unprotected resources cost nothing more.
   */
  watches(resourceArn: string, now: number): boolean {
    return this.protection(resourceArn, now) !== undefined;
  }

  observe(o: Observation): void {
    const p = this.protection(o.resourceArn, o.time);
    if (!p) return;
    this.handle(this.detector.observe(o));
  }

  /** Advances time without traffic (attacks end when a flood stops altogether). */
  tick(now: number): void {
    this.handle(this.detector.tick(now));
  }

  /** Ticks every second until stopped. */
  start(now: () => number = Date.now): void {
    this.timer ??= setInterval(() => this.tick(now()), 1000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.unsubscribe();
    await this.flush();
  }

  /** Resolves when the storage work queued so far is done. */
  async flush(): Promise<void> {
    await this.queue;
  }

  /** The cached protection of a resource; loads it in the background when unknown or stale. */
  private protection(resourceArn: string, now: number): ProtectionRecord | undefined {
    const hit = this.cache.get(resourceArn);
    if (!hit || now - hit.at > (this.opts.protectionTtlMs ?? 5000)) void this.load(resourceArn, now);
    return hit?.protection;
  }

  private async load(resourceArn: string, now: number): Promise<void> {
    const account = accountOfArn(resourceArn);
    if (account === undefined || this.loading.has(resourceArn) || this.loading.size >= 1000) return;
    this.loading.add(resourceArn);
    try {
      if (this.cache.size >= 10_000) this.cache.clear();
      const protection = await protectionOf(this.opts.store, account, resourceArn);
      this.cache.set(resourceArn, { at: now, protection });
      if (protection && !this.recovered.has(resourceArn) && this.recovered.size < 100_000) {
        this.recovered.add(resourceArn);
        this.enqueue(() => this.recover(account, protection, now), 'recovering');
      }
    } catch (e) {
      this.opts.log?.('shield: reading a protection failed', e);
    } finally {
      this.loading.delete(resourceArn);
    }
  }

  private handle(events: readonly AttackEvent[]): void {
    for (const e of events) {
      if (e.kind === 'update' && this.pending >= (this.opts.maxPending ?? 1000)) continue;
      this.enqueue(() => this.apply(e), `recording attack ${e.attack.AttackId}`);
    }
  }

  private enqueue(work: () => Promise<void>, what: string): void {
    this.pending++;
    this.queue = this.queue
      .then(work)
      .catch((err: unknown) => this.opts.log?.(`shield: ${what} failed`, err))
      .finally(() => this.pending--);
  }

  /**
   * The first time a protected resource is seen: attacks an earlier engine left open (no traffic
   * reported for a while) are closed, and a Shield rule it left in the web ACL is removed unless an
   * attack still uses it.
   */
  private async recover(account: string, p: ProtectionRecord, now: number): Promise<void> {
    const ours = new Set<string>();
    for (const arn of this.detector.ongoing()) {
      const id = this.detector.attackId(arn);
      if (id !== undefined) ours.add(id);
    }
    // An attack another node still reports (its LastActive is recent) is left alone, and so is its rule.
    const c = this.detector.config;
    const { open } = await closeStaleAttacks(this.opts.store, account, p.resourceArn, ours, now - (c.quietSeconds + 2 * c.updateEverySeconds) * 1000);
    if (open === 0 && p.webAclArn !== undefined && !this.mitigated.has(p.resourceArn) && ![...this.mitigated.values()].includes(p.webAclArn)) await removeMitigation(this.opts.store, p.webAclArn);
  }

  /**
   * During an attack, follows the protection's settings: automatic response disabled (or the
   * protection deleted) removes the rule; a new action or web ACL replaces it.
   */
  private async followSettings(account: string, arn: string): Promise<void> {
    const acl = this.mitigated.get(arn);
    if (acl === undefined) return;
    const p = await protectionOf(this.opts.store, account, arn);
    if (p?.autoResponse?.status === 'ENABLED' && p.webAclArn === acl) {
      await applyMitigation(this.opts.store, acl, p.autoResponse.action, this.ruleLimit(arn));
      return;
    }
    this.mitigated.delete(arn);
    if (![...this.mitigated.values()].includes(acl)) await removeMitigation(this.opts.store, acl);
  }

  private ruleLimit(arn: string): number {
    return Math.max(this.opts.minRuleLimit ?? 600, (this.opts.ruleLimitFactor ?? 3) * this.detector.sourceBaseline(arn) * 60);
  }

  private async apply(e: AttackEvent): Promise<void> {
    const arn = e.attack.ResourceArn;
    const account = accountOfArn(arn);
    if (account === undefined) return;
    let attack = e.attack;
    if (e.kind === 'start') {
      const p = await protectionOf(this.opts.store, account, arn);
      if (p?.autoResponse?.status === 'ENABLED' && p.webAclArn !== undefined) {
        const name = await applyMitigation(this.opts.store, p.webAclArn, p.autoResponse.action, this.ruleLimit(arn));
        if (name !== undefined) {
          this.mitigated.set(arn, p.webAclArn);
          this.detector.addMitigation(arn, name);
          attack = { ...attack, Mitigations: [...attack.Mitigations, { MitigationName: name }] };
        }
      }
    }
    if (e.kind === 'update') await this.followSettings(account, arn);
    await saveAttack(this.opts.store, account, attack);
    if (e.kind === 'end') {
      const acl = this.mitigated.get(arn);
      this.mitigated.delete(arn);
      // The rule stays while another resource of the same web ACL is under attack.
      if (acl !== undefined && ![...this.mitigated.values()].includes(acl)) await removeMitigation(this.opts.store, acl);
    }
  }
}
