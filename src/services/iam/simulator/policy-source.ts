/**
 * The policies of the user, group or role a PolicySourceArn names (SimulatePrincipalPolicy,
 * GetContextKeysForPrincipalPolicy): a user's inline and attached policies plus those of its
 * groups, and its permissions boundary; a group's or role's own.
 */
import type { PolicyRecord } from '../../../authz/sources.js';
import type { RequestPrincipal } from '../../../policy/index.js';
import type { Scope, Store } from '../../../storage/types.js';
import type { PolicySourceType } from '../api.generated.js';
import { invalidInput, noSuchEntity, type EntityKind } from '../errors.js';
import { parseIamArn, iamArn } from '../iam-arns.js';
import { createIdentitySource } from '../identity-source.js';
import { attachedPolicies } from '../store/attachment-store.js';
import { groups } from '../store/group-store.js';
import { listInline } from '../store/inline-policy-store.js';
import { defaultDocument, findPolicy } from '../store/policy-store.js';
import { roles } from '../store/role-store.js';
import { users } from '../store/user-store.js';
import type { SimPolicy } from './simulate.js';
import { canonicalArn } from '../../../shared/arn.js';

/** The entity a PolicySourceArn names, with its policies. */
export interface PolicySource {
  readonly kind: EntityKind;
  readonly arn: string;
  readonly name: string;
  /** The principal the simulation evaluates as (without CallerArn). */
  readonly principal: RequestPrincipal;
  readonly identity: SimPolicy[];
  readonly boundary?: SimPolicy;
  /** Context keys the entity itself provides (aws:username, aws:PrincipalTag/..., ...). */
  readonly context: Record<string, string>;
}

/** SourcePolicyType from the identity source's policy ids (`user/NAME/inline/P`, managed policy ARNs). */
function sourceType(id: string): PolicySourceType {
  if (id.startsWith('arn:aws:iam::aws:')) return 'aws-managed';
  if (id.startsWith('arn:')) return 'user-managed';
  return id.startsWith('group/') ? 'group' : id.startsWith('role/') ? 'role' : 'user';
}

const identity = (p: PolicyRecord): SimPolicy => ({ sourceId: p.name, sourceType: sourceType(p.id), text: p.document, use: 'identity' });

function principalContext(arn: string, accountId: string, id: string | undefined, tags: Record<string, string>, userName?: string): Record<string, string> {
  const ctx: Record<string, string> = { 'aws:PrincipalArn': arn, 'aws:PrincipalAccount': accountId };
  if (userName !== undefined) ctx['aws:username'] = userName;
  if (id !== undefined) ctx['aws:userid'] = id;
  for (const [k, v] of Object.entries(tags)) ctx[`aws:PrincipalTag/${k}`] = v;
  return ctx;
}

/**
 * Reads the entity `arn` names in the caller's account; InvalidInput / NoSuchEntity otherwise. The
 * ARN must name the entity exactly (stored path and name), as authorization resolved it.
 */
export async function policySource(store: Store, scope: Scope, accountId: string, arn: string): Promise<PolicySource> {
  const parts = parseIamArn(arn);
  if (!parts || (parts.type !== 'user' && parts.type !== 'group' && parts.type !== 'role')) {
    throw invalidInput(`Invalid ARN: ${arn}. PolicySourceArn must be the ARN of an IAM user, group or role.`);
  }
  const { accountId: acct, name } = parts;
  const kind = parts.type as EntityKind;
  if (acct !== accountId) throw noSuchEntity(kind, name);
  const src = createIdentitySource(store);
  const exact = <T extends { arn: string }>(rec: T): T => {
    if (rec.arn !== arn) throw noSuchEntity(kind, name);
    return rec;
  };
  if (kind === 'user') {
    const u = exact(await users.require(store, scope, name));
    const p = (await src.userPolicies(accountId, u.userName))!;
    const principal: RequestPrincipal = { type: 'user', arn: u.arn, accountId };
    const boundary = p.permissionsBoundary ? { ...identity(p.permissionsBoundary), use: 'boundary' as const } : undefined;
    return { kind, arn: u.arn, name: u.userName, principal, identity: p.identityPolicies.map(identity), ...(boundary ? { boundary } : {}), context: principalContext(u.arn, accountId, u.userId, p.tags, u.userName) };
  }
  if (kind === 'role') {
    const r = exact(await roles.require(store, scope, name));
    const p = (await src.rolePolicies(accountId, r.roleName))!;
    const principal: RequestPrincipal = { type: 'assumed-role', arn: canonicalArn('sts', '', accountId, `assumed-role/${r.roleName}/SimulatedSession`), roleArn: r.arn, accountId };
    const boundary = p.permissionsBoundary ? { ...identity(p.permissionsBoundary), use: 'boundary' as const } : undefined;
    return { kind, arn: r.arn, name: r.roleName, principal, identity: p.identityPolicies.map(identity), ...(boundary ? { boundary } : {}), context: principalContext(r.arn, accountId, r.roleId, p.tags) };
  }
  const g = exact(await groups.require(store, scope, name));
  const policies: SimPolicy[] = (await listInline(store, scope, 'group', g.groupName)).map((i) => ({ sourceId: i.policyName, sourceType: 'group', text: i.document, use: 'identity' }));
  for (const ref of await attachedPolicies(store, scope, 'group', g.groupName)) {
    const mp = await findPolicy(store, scope, accountId, ref.policyArn);
    if (mp) policies.push({ sourceId: mp.policyName, sourceType: sourceType(mp.arn), text: defaultDocument(mp), use: 'identity' });
  }
  // A group is simulated as a member user (the simulation names no particular one).
  const principal: RequestPrincipal = { type: 'user', arn: iamArn(accountId, 'user', '/', 'SimulatedGroupMember'), accountId };
  return { kind: 'group', arn: g.arn, name: g.groupName, principal, identity: policies, context: { 'aws:PrincipalAccount': accountId } };
}
