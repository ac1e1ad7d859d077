/**
 * IAM's side of authorization (`IdentityPolicySource`, src/authz/sources.ts): the policies that
 * decide what a user or role may do. A user's identity policies are its inline and attached
 * policies plus those of each of its groups. Reads are prefix scans (one per policy kind and
 * entity) plus one read per distinct attached managed policy; the authorization layer caches the
 * answer and drops it on writes to `tables`.
 */
import type { IdentityPolicySource, PolicyRecord, PrincipalPolicies, RolePolicies } from '../../authz/sources.js';
import type { Scope, Store } from '../../storage/types.js';
import type { EntityKind } from './errors.js';
import { parsePolicyArn } from './iam-arns.js';
import { attachedPolicies } from './store/attachment-store.js';
import { groupKeysOfUser, groups } from './store/group-store.js';
import { listInline } from './store/inline-policy-store.js';
import { getPasswordPolicy } from './store/password-policy-store.js';
import { defaultDocument, findPolicy } from './store/policy-store.js';
import { roles } from './store/role-store.js';
import { IAM_TABLES, accountScope } from './store/tables.js';
import { users } from './store/user-store.js';
import { tagMap } from './tag-list.js';
import { trustDocumentForEvaluation } from './trust-principals.js';

/** A boundary that names a policy that no longer exists allows nothing (fail closed). */
const ALLOW_NOTHING = '{"Version":"2012-10-17","Statement":[]}';

/** Tables whose writes change what the source answers. */
export const IDENTITY_TABLES: readonly string[] = [
  IAM_TABLES.users,
  IAM_TABLES.groups,
  IAM_TABLES.roles,
  IAM_TABLES.policies,
  IAM_TABLES.inlinePolicies,
  IAM_TABLES.entityPolicies,
  IAM_TABLES.userGroups,
  IAM_TABLES.passwordPolicy,
];

/**
 * What the password policy's AllowUsersToChangePassword gives every IAM user of the account: "permissions to
 * iam:ChangePassword for only their user and to the iam:GetAccountPasswordPolicy action ... applied at the
 * account-level for all users by IAM" (PasswordPolicy data type). It is evaluated as an identity policy of
 * the user (an explicit deny, a permissions boundary or an SCP still decide against it); the statements are
 * those of AWS's IAMUserChangePassword managed policy, for any partition.
 */
export const CHANGE_OWN_PASSWORD: PolicyRecord = {
  id: 'account/password-policy/AllowUsersToChangePassword',
  name: 'AllowUsersToChangePassword',
  // protocol-lint: allow a policy document is data, not wire format
  document: JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: 'iam:ChangePassword', Resource: ['arn:*:iam::*:user/${aws:username}', 'arn:*:iam::*:user/*/${aws:username}'] },
      { Effect: 'Allow', Action: 'iam:GetAccountPasswordPolicy', Resource: '*' },
    ],
  }),
};

/** Collects one principal's policies, reading each managed policy once. */
class Collector {
  readonly policies: PolicyRecord[] = [];
  private readonly seen = new Set<string>();

  constructor(
    private readonly store: Store,
    private readonly scope: Scope,
    private readonly accountId: string,
  ) {}

  async addEntity(kind: EntityKind, name: string): Promise<void> {
    for (const p of await listInline(this.store, this.scope, kind, name)) {
      this.policies.push({ id: `${kind}/${name}/inline/${p.policyName}`, name: p.policyName, document: p.document });
    }
    for (const ref of await attachedPolicies(this.store, this.scope, kind, name)) {
      if (this.seen.has(ref.policyArn)) continue;
      this.seen.add(ref.policyArn);
      const rec = await this.managed(ref.policyArn);
      if (rec) this.policies.push(rec);
    }
  }

  async managed(arn: string): Promise<PolicyRecord | undefined> {
    const p = await findPolicy(this.store, this.scope, this.accountId, arn);
    return p ? { id: p.arn, name: p.policyName, document: defaultDocument(p) } : undefined;
  }

  async boundary(arn: string | undefined): Promise<PolicyRecord | undefined> {
    if (!arn) return undefined;
    return (await this.managed(arn)) ?? { id: arn, name: arn.slice(arn.lastIndexOf('/') + 1), document: ALLOW_NOTHING };
  }
}

/** The identity policy source backed by IAM's tables in `store`. */
export function createIdentitySource(store: Store): IdentityPolicySource {
  return {
    tables: IDENTITY_TABLES,

    async userPolicies(accountId, userName): Promise<PrincipalPolicies | undefined> {
      const scope = accountScope(accountId);
      const u = await users.get(store, scope, userName);
      if (!u) return undefined;
      const c = new Collector(store, scope, accountId);
      await c.addEntity('user', u.userName);
      for (const key of await groupKeysOfUser(store, scope, u.userName)) {
        const g = await groups.get(store, scope, key);
        if (g) await c.addEntity('group', g.groupName);
      }
      if ((await getPasswordPolicy(store, scope))?.allowUsersToChangePassword) c.policies.push(CHANGE_OWN_PASSWORD);
      const permissionsBoundary = await c.boundary(u.permissionsBoundary);
      return { identityPolicies: c.policies, ...(permissionsBoundary ? { permissionsBoundary } : {}), tags: tagMap(u.tags), path: u.path, name: u.userName, id: u.userId };
    },

    async rolePolicies(accountId, roleName): Promise<RolePolicies | undefined> {
      const scope = accountScope(accountId);
      const r = await roles.get(store, scope, roleName);
      if (!r) return undefined;
      const c = new Collector(store, scope, accountId);
      await c.addEntity('role', r.roleName);
      const permissionsBoundary = await c.boundary(r.permissionsBoundary);
      return {
        identityPolicies: c.policies,
        ...(permissionsBoundary ? { permissionsBoundary } : {}),
        tags: tagMap(r.tags),
        path: r.path,
        name: r.roleName,
        id: r.roleId,
        trustPolicy: { id: `role/${r.roleName}/trust`, name: 'AssumeRolePolicyDocument', document: trustDocumentForEvaluation(r.assumeRolePolicyDocument, r.trustPrincipalIds) },
        maxSessionDuration: r.maxSessionDuration,
      };
    },

    async managedPolicy(policyArn): Promise<PolicyRecord | undefined> {
      const parts = parsePolicyArn(policyArn);
      if (!parts) return undefined;
      // AWS managed policies come from memory; the scope only matters for an account's own.
      const p = await findPolicy(store, accountScope(parts.accountId), parts.accountId, policyArn);
      return p ? { id: p.arn, name: p.policyName, document: defaultDocument(p) } : undefined;
    },
  };
}
