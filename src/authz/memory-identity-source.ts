/**
 * An in-memory IdentityPolicySource: for unit tests of authorization and STS, and for embedding
 * Rampart's authorization without IAM. Writes go through `store`-like change events so that the PIP
 * cache is invalidated exactly as with IAM's tables.
 */
import type { ChangeEvent } from '../storage/types.js';
import type { IdentityPolicySource, PolicyRecord, PrincipalPolicies, RolePolicies } from './sources.js';

/** The table name the in-memory source reports its writes under. */
export const MEMORY_IDENTITY_TABLE = 'memory.identities';

export class MemoryIdentitySource implements IdentityPolicySource {
  readonly tables = [MEMORY_IDENTITY_TABLE];
  private readonly users = new Map<string, PrincipalPolicies>();
  private readonly roles = new Map<string, RolePolicies>();
  private readonly policies = new Map<string, PolicyRecord>();
  private readonly listeners: ((e: ChangeEvent) => void)[] = [];
  /** Number of lookups answered (to observe caching). */
  lookups = 0;

  /** A change feed carrying this source's writes (give it to the PIP in tests). */
  readonly feed = {
    onChange: (l: (e: ChangeEvent) => void) => {
      this.listeners.push(l);
      return () => {};
    },
  };

  putUser(accountId: string, name: string, p: PrincipalPolicies): void {
    this.users.set(`${accountId}|${name}`, p);
    this.changed(`user/${name}`, accountId);
  }

  putRole(accountId: string, name: string, p: RolePolicies): void {
    this.roles.set(`${accountId}|${name}`, p);
    this.changed(`role/${name}`, accountId);
  }

  putManagedPolicy(p: PolicyRecord): void {
    this.policies.set(p.id, p);
    this.changed(`policy/${p.id}`);
  }

  async userPolicies(accountId: string, userName: string): Promise<PrincipalPolicies | undefined> {
    this.lookups++;
    return this.users.get(`${accountId}|${userName}`);
  }

  async rolePolicies(accountId: string, roleName: string): Promise<RolePolicies | undefined> {
    this.lookups++;
    return this.roles.get(`${accountId}|${roleName}`);
  }

  async managedPolicy(policyArn: string): Promise<PolicyRecord | undefined> {
    this.lookups++;
    return this.policies.get(policyArn);
  }

  /** Reports a write, scoped to its account as IAM's tables are (managed policies: global). */
  private changed(key: string, accountId?: string): void {
    const scope = accountId === undefined ? ({ kind: 'global' } as const) : ({ kind: 'account', accountId } as const);
    for (const l of this.listeners) l({ table: MEMORY_IDENTITY_TABLE, scope, key, op: 'put' });
  }
}
