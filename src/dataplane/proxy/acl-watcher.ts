/**
 * Keeps the compiled web ACL of one load balancer current: a reload on every WAFv2 change event
 * this process sees (the server's own writes, and other nodes' on PostgreSQL through
 * LISTEN/NOTIFY), and a poll of the fingerprint every `pollMs` (writes by another process on
 * SQLite emit no event here). Changes take effect within one poll (250 ms by default).
 */
import type { Store } from '../../storage/types.js';
import type { WebAclData } from '../../services/wafv2/store.js';
import { WAFV2_TABLES } from '../../services/wafv2/store.js';
import type { Detectors } from '../waf/detectors.js';
import { compileAcl, type CompiledAcl } from '../waf/evaluate.js';
import type { GeoDb } from '../waf/geo.js';
import type { ManagedRegistry } from '../waf/managed-registry.js';
import type { RateCounter } from '../waf/rate-counter.js';
import { compileRegex, type CompiledRegex } from '../waf/regex.js';
import { bodyLimitOf, loadSnapshot, type AclSnapshot } from './acl-loader.js';

/** The tables a web ACL is made of (not the samples and rate keys the proxies write). */
const WATCHED = new Set<string>([WAFV2_TABLES.entities, WAFV2_TABLES.associations, WAFV2_TABLES.logging]);

export interface ActiveAcl {
  readonly snapshot: AclSnapshot;
  /** undefined: no web ACL is associated (every request passes). */
  readonly compiled?: CompiledAcl;
  readonly bodyLimit: number;
}

export interface WatcherDeps {
  readonly store: Store;
  readonly accountId: string;
  readonly region: string;
  readonly albArn: string;
  readonly geo: GeoDb;
  readonly detectors: Detectors;
  readonly managed: ManagedRegistry;
  readonly counter: RateCounter;
  /** Told of every key a rate-based rule limits (GetRateBasedStatementManagedKeys). */
  readonly onLimited?: (aclId: string, rule: string, key: string, windowSec: number, nowMs: number) => void;
  readonly pollMs?: number;
  readonly log: (msg: string) => void;
}

export class AclWatcher {
  private current: ActiveAcl = { snapshot: { fingerprint: '', ipSets: new Map(), regexSets: new Map(), ruleGroups: new Map() }, bodyLimit: 8 * 1024 };
  private timer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;
  private loading: Promise<void> | undefined;
  private again = false;
  /** Compiled regexes of the current version, by pattern (one compile per pattern per version). */
  private regexes = new Map<string, CompiledRegex>();

  constructor(private readonly d: WatcherDeps) {}

  get active(): ActiveAcl {
    return this.current;
  }

  async start(): Promise<void> {
    await this.reload();
    this.unsubscribe = this.d.store.onChange((e) => {
      if (e.table === '*' || WATCHED.has(e.table)) this.kick();
    });
    this.timer = setInterval(() => this.kick(), this.d.pollMs ?? 250);
    this.timer.unref();
  }

  /** Reload now (coalesced: one load at a time, one more if asked meanwhile). */
  kick(): void {
    if (this.loading) {
      this.again = true;
      return;
    }
    this.loading = this.reload()
      .catch((e: unknown) => this.d.log(`web ACL reload failed (the previous version stays in force): ${String(e)}`))
      .finally(() => {
        this.loading = undefined;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** Resolves once any reload in progress has finished (tests). */
  async settled(): Promise<void> {
    while (this.loading) await this.loading;
  }

  private async reload(): Promise<void> {
    const next = new Map<string, CompiledRegex>();
    const regex = (p: string) => {
      let r = next.get(p) ?? this.regexes.get(p);
      if (!r) r = compileRegex(p);
      next.set(p, r);
      return r;
    };
    const snap = await loadSnapshot(this.d.store, this.d.accountId, this.d.region, this.d.albArn, regex, this.current.snapshot);
    if (snap === this.current.snapshot) return;
    const acl = snap.acl;
    if (!acl) {
      this.current = { snapshot: snap, bodyLimit: 8 * 1024 };
      this.regexes = next;
      return;
    }
    const data: WebAclData = acl.data;
    const immunity = { captcha: data.CaptchaConfig?.ImmunityTimeProperty?.ImmunityTime ?? 300, challenge: data.ChallengeConfig?.ImmunityTimeProperty?.ImmunityTime ?? 300 };
    for (const r of data.Rules) {
      const m = r.Statement.ManagedRuleGroupStatement;
      if (m && !this.d.managed.get(m.VendorName, m.Name)) this.d.log(`web ACL ${acl.name}: rule ${r.Name} references ${m.VendorName}/${m.Name}, whose detection logic this proxy does not have: it matches nothing`);
    }
    const compiled = compileAcl(
      {
        accountId: this.d.accountId,
        aclName: acl.name,
        rules: data.Rules,
        defaultAction: data.DefaultAction,
        ...(data.CustomResponseBodies ? { bodies: data.CustomResponseBodies } : {}),
        immunity,
        visibility: data.VisibilityConfig,
        ruleGroups: snap.ruleGroups,
        managed: (v, n) => this.d.managed.get(v, n),
        counter: this.d.counter,
        versionTag: acl.id,
        ...(this.d.onLimited ? { onLimited: (rule: string, key: string, windowSec: number, now: number) => this.d.onLimited!(acl.id, rule, key, windowSec, now) } : {}),
      },
      { ipSets: snap.ipSets, regexSets: snap.regexSets, regex, geo: this.d.geo, detectors: this.d.detectors },
    );
    this.regexes = next;
    this.current = { snapshot: snap, compiled, bodyLimit: bodyLimitOf(data) };
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.unsubscribe?.();
  }
}
