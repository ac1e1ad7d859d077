/**
 * The policy information point: what the sources know that decides a request (IAM's users and
 * roles: policies compiled, boundary, tags, path, trust policy; Organizations' SCP and RCP chains),
 * cached in memory, per source and per account.
 * INVARIANT: a committed write to a table a source lists empties that source's cache for the
 * written account (for every account when the write is global, or on a `reset`, which also stands
 * for missed relayed events) before the next lookup; a lookup that raced such a write is answered
 * but not cached (generation check). PostgreSQL relays other nodes' writes the same way.
 */
import { CompiledPolicyCache, type CompiledPolicy, type PolicyKind, type PolicyType } from '../../policy/index.js';
import type { ChangeEvent } from '../../storage/types.js';
import type { IdentityPolicySource, OrganizationPolicies, OrganizationSource, PolicyRecord, RolePolicies } from '../sources.js';

const EMPTY_POLICY = '{"Version":"2012-10-17","Statement":[]}';

/** A user or role, ready for evaluation. */
export interface PrincipalEntry {
  readonly kind: 'user' | 'role';
  readonly accountId: string;
  /** The stored name (the source's, else the name looked up). */
  readonly name: string;
  readonly id?: string;
  readonly path: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly identityPolicies: readonly CompiledPolicy[];
  readonly permissionsBoundary?: CompiledPolicy;
  /** ARN of the permissions boundary (the `iam:PermissionsBoundary` of requests on this entity). */
  readonly boundaryArn?: string;
  /** Roles: the trust policy, compiled as a resource policy that must grant explicitly. */
  readonly trustPolicy?: CompiledPolicy;
  readonly maxSessionDuration?: number;
}

/** An account's organization policies, compiled. */
export interface OrganizationChain {
  readonly managementAccount: boolean;
  readonly levels: readonly (readonly CompiledPolicy[])[];
  readonly organizationId?: string;
  readonly orgPath?: string;
}

/** The part of a store the PIP listens to. */
export interface ChangeFeed {
  onChange(listener: (e: ChangeEvent) => void): () => void;
}

/** What a source's change invalidated: its data for one account, or for every account. */
export interface Invalidation {
  readonly source: 'identity' | 'organization' | 'resources';
  /** Undefined: every account (a global write, a reset). */
  readonly accountId?: string;
}

/** An identity source that knows nobody (until IAM is wired). */
export const EMPTY_IDENTITY_SOURCE: IdentityPolicySource = {
  userPolicies: async () => undefined,
  rolePolicies: async () => undefined,
  tables: [],
};

/** Cache counters, for tests and benchmarks. */
export interface PipStats {
  hits: number;
  misses: number;
  invalidations: number;
}

/** The PIP's sources. */
export interface PipSources {
  readonly identity?: IdentityPolicySource;
  readonly organization?: OrganizationSource;
  /** Tables the services' resource resolution reads (their writes drop derived plans). */
  readonly resourceTables?: readonly string[];
}

export class PolicyInformationPoint {
  /** account -> `kind|name` -> entry (null: known not to exist). */
  private readonly entities = new Map<string, Map<string, PrincipalEntry | null>>();
  private readonly managed = new Map<string, CompiledPolicy | null>();
  /** `scp|account` / `rcp|account` -> chain (null: in no organization). */
  private readonly chains = new Map<string, OrganizationChain | null>();
  private readonly compiled = new CompiledPolicyCache(20_000);
  private readonly tableSource = new Map<string, Invalidation['source']>();
  private generation = 0;
  private readonly listeners: ((i: Invalidation | undefined) => void)[] = [];
  private readonly source: IdentityPolicySource;
  private readonly organization: OrganizationSource | undefined;
  private static readonly MAX_ENTRIES = 50_000;
  private size = 0;
  readonly stats: PipStats = { hits: 0, misses: 0, invalidations: 0 };

  constructor(feed: ChangeFeed, sources: IdentityPolicySource | PipSources = {}) {
    const s: PipSources = 'userPolicies' in sources ? { identity: sources } : sources;
    this.source = s.identity ?? EMPTY_IDENTITY_SOURCE;
    this.organization = s.organization;
    for (const t of s.resourceTables ?? []) this.tableSource.set(t, 'resources');
    for (const t of this.organization?.tables ?? []) this.tableSource.set(t, 'organization');
    for (const t of this.source.tables) this.tableSource.set(t, 'identity');
    feed.onChange((e) => {
      if (e.op === 'reset') return this.invalidate();
      const source = this.tableSource.get(e.table);
      if (source) this.invalidate({ source, ...(e.scope.kind === 'global' ? {} : { accountId: e.scope.accountId }) });
    });
  }

  /**
   * Drops what `what` invalidated (everything when undefined: a reset) and tells the listeners.
   * Identity data is dropped for the account written; organization data for every account (an SCP
   * attached to an OU applies to every account under it).
   */
  invalidate(what?: Invalidation): void {
    if (!what || what.source === 'identity') {
      if (what?.accountId !== undefined) this.dropAccount(what.accountId);
      else {
        this.entities.clear();
        this.size = 0;
      }
      this.managed.clear();
    }
    if (!what || what.source === 'organization') this.chains.clear();
    this.generation++;
    this.stats.invalidations++;
    for (const l of this.listeners) l(what);
  }

  private dropAccount(accountId: string): void {
    const m = this.entities.get(accountId);
    if (!m) return;
    this.size -= m.size;
    this.entities.delete(accountId);
  }

  /** Calls `listener` after every invalidation (consumers caching derived data drop it too). */
  onInvalidate(listener: (what: Invalidation | undefined) => void): void {
    this.listeners.push(listener);
  }

  /** Bumped by every invalidation: derived data computed under an older generation is stale. */
  get currentGeneration(): number {
    return this.generation;
  }

  /** The user or role `name` of `accountId`; undefined when it does not exist. */
  async entity(kind: 'user' | 'role', accountId: string, name: string): Promise<PrincipalEntry | undefined> {
    const key = `${kind}|${name}`;
    const hit = this.entities.get(accountId)?.get(key);
    if (hit !== undefined) {
      this.stats.hits++;
      return hit ?? undefined;
    }
    this.stats.misses++;
    const generation = this.generation;
    const raw = kind === 'user' ? await this.source.userPolicies(accountId, name) : await this.source.rolePolicies(accountId, name);
    const entry = raw ? this.toEntry(kind, accountId, name, raw) : null;
    if (generation === this.generation) {
      if (this.size >= PolicyInformationPoint.MAX_ENTRIES) {
        this.entities.clear();
        this.size = 0;
      }
      let m = this.entities.get(accountId);
      if (!m) this.entities.set(accountId, (m = new Map()));
      m.set(key, entry);
      this.size++;
    }
    return entry ?? undefined;
  }

  /** A managed policy by ARN, compiled as a session policy; undefined when it does not exist. */
  async managedSessionPolicy(policyArn: string): Promise<CompiledPolicy | undefined> {
    const hit = this.managed.get(policyArn);
    if (hit !== undefined) return hit ?? undefined;
    const generation = this.generation;
    const rec = this.source.managedPolicy ? await this.source.managedPolicy(policyArn) : undefined;
    const compiled = rec ? (this.compile(rec, 'session', 'managed') ?? null) : null;
    if (generation === this.generation) this.managed.set(policyArn, compiled);
    return compiled ?? undefined;
  }

  /** The SCPs that limit principals of `accountId`; undefined when it is in no organization. */
  serviceControlPolicies(accountId: string): Promise<OrganizationChain | undefined> {
    return this.chain('scp', accountId);
  }

  /** The RCPs that limit access to resources of `accountId`; undefined when it is in no organization. */
  resourceControlPolicies(accountId: string): Promise<OrganizationChain | undefined> {
    return this.chain('rcp', accountId);
  }

  private async chain(kind: 'scp' | 'rcp', accountId: string): Promise<OrganizationChain | undefined> {
    const org = this.organization;
    if (!org) return undefined;
    const key = `${kind}|${accountId}`;
    const hit = this.chains.get(key);
    if (hit !== undefined) return hit ?? undefined;
    const generation = this.generation;
    const raw = kind === 'scp' ? await org.serviceControlPolicies(accountId) : await org.resourceControlPolicies(accountId);
    const chain = raw ? this.compileChain(raw, kind) : null;
    if (generation === this.generation) this.chains.set(key, chain);
    return chain ?? undefined;
  }

  /** An organization policy that no longer parses allows nothing at its level (fail closed). */
  private compileChain(raw: OrganizationPolicies, kind: 'scp' | 'rcp'): OrganizationChain {
    const levels = raw.levels.map((level) => level.map((p) => this.compile(p, kind, kind) ?? this.compile({ ...p, document: EMPTY_POLICY }, kind, kind)!));
    return { managementAccount: raw.managementAccount, levels, ...(raw.organizationId ? { organizationId: raw.organizationId } : {}), ...(raw.orgPath ? { orgPath: raw.orgPath } : {}) };
  }

  /** Compiles (cached by content) a policy document of the given evaluation type and storage kind. */
  compile(rec: PolicyRecord, type: PolicyType, kind: PolicyKind): CompiledPolicy | undefined {
    return this.compiled.get(rec.document, rec.id, type, { name: rec.name, kind });
  }

  private toEntry(kind: 'user' | 'role', accountId: string, name: string, raw: RolePolicies): PrincipalEntry {
    const identityPolicies = raw.identityPolicies.map((p) => this.compile(p, 'identity', 'managed')).filter((p): p is CompiledPolicy => p !== undefined);
    // A boundary that does not parse caps everything (fail closed): it compiles to an empty policy.
    const boundary = raw.permissionsBoundary
      ? (this.compile(raw.permissionsBoundary, 'boundary', 'boundary') ?? this.compile({ ...raw.permissionsBoundary, document: EMPTY_POLICY }, 'boundary', 'boundary'))
      : undefined;
    const trust = raw.trustPolicy ? this.compile(raw.trustPolicy, 'resource', 'trust') : undefined;
    return {
      kind,
      accountId,
      name: raw.name ?? name,
      ...(raw.id !== undefined ? { id: raw.id } : {}),
      path: raw.path ?? '/',
      tags: raw.tags,
      identityPolicies,
      ...(boundary ? { permissionsBoundary: boundary, boundaryArn: raw.permissionsBoundary!.id } : {}),
      ...(trust ? { trustPolicy: trust } : {}),
      ...(raw.maxSessionDuration !== undefined ? { maxSessionDuration: raw.maxSessionDuration } : {}),
    };
  }
}
