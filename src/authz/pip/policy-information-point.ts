/**
 * The policy information point: what IAM knows about users and roles (policies compiled, boundary,
 * tags, path, trust policy), cached in memory.
 * INVARIANT: a committed write to any table the source lists (or a `reset`, which also stands for
 * missed relayed events) empties the cache before the next lookup; a lookup that raced such a write
 * is answered but not cached (generation check). PostgreSQL relays other nodes' writes the same way.
 */
import { CompiledPolicyCache, type CompiledPolicy, type PolicyKind, type PolicyType } from '../../policy/index.js';
import type { ChangeEvent } from '../../storage/types.js';
import type { IdentityPolicySource, PolicyRecord, RolePolicies } from '../sources.js';

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

/** The part of a store the PIP listens to. */
export interface ChangeFeed {
  onChange(listener: (e: ChangeEvent) => void): () => void;
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

export class PolicyInformationPoint {
  private readonly entities = new Map<string, PrincipalEntry | null>();
  private readonly managed = new Map<string, CompiledPolicy | null>();
  private readonly compiled = new CompiledPolicyCache(20_000);
  private readonly tables: Set<string>;
  private generation = 0;
  private readonly listeners: (() => void)[] = [];
  private static readonly MAX_ENTRIES = 50_000;
  readonly stats: PipStats = { hits: 0, misses: 0, invalidations: 0 };

  constructor(
    feed: ChangeFeed,
    private readonly source: IdentityPolicySource = EMPTY_IDENTITY_SOURCE,
    /** More tables whose writes drop the cache (those the services' resource resolution reads). */
    extraTables: readonly string[] = [],
  ) {
    this.tables = new Set([...source.tables, ...extraTables]);
    feed.onChange((e) => {
      if (e.op === 'reset' || this.tables.has(e.table)) this.invalidate();
    });
  }

  /** Drops everything cached (any relevant write, or reset). */
  invalidate(): void {
    this.entities.clear();
    this.managed.clear();
    this.generation++;
    this.stats.invalidations++;
    for (const l of this.listeners) l();
  }

  /** Calls `listener` after every invalidation (consumers caching derived data drop it too). */
  onInvalidate(listener: () => void): void {
    this.listeners.push(listener);
  }

  /** Bumped by every invalidation: derived data computed under an older generation is stale. */
  get currentGeneration(): number {
    return this.generation;
  }

  /** The user or role `name` of `accountId`; undefined when it does not exist. */
  async entity(kind: 'user' | 'role', accountId: string, name: string): Promise<PrincipalEntry | undefined> {
    const key = `${kind}|${accountId}|${name}`;
    const hit = this.entities.get(key);
    if (hit !== undefined) {
      this.stats.hits++;
      return hit ?? undefined;
    }
    this.stats.misses++;
    const generation = this.generation;
    const raw = kind === 'user' ? await this.source.userPolicies(accountId, name) : await this.source.rolePolicies(accountId, name);
    const entry = raw ? this.toEntry(kind, accountId, name, raw) : null;
    if (generation === this.generation) {
      if (this.entities.size >= PolicyInformationPoint.MAX_ENTRIES) this.entities.clear();
      this.entities.set(key, entry);
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
