/**
 * GetAccountAuthorizationDetails: every user, group, role and managed policy of the account with
 * their policies (documents URL-encoded), filtered by entity type and paginated across all four
 * lists. AWS managed policies are included only when something in the account uses them.
 */
import type { HandlerContext } from '../../../protocol/service-definition.js';
import type { Scope, StoreOps } from '../../../storage/types.js';
import {
  EntityTypeValues,
  type EntityType,
  type GroupDetail,
  type InstanceProfile,
  type ManagedPolicyDetail,
  type PolicyDetail,
  type RoleDetail,
  type UserDetail,
} from '../api.generated.js';
import { AWS_MANAGED_POLICIES } from '../aws-managed-policies.js';
import type { EntityKind } from '../errors.js';
import { pageFields, paginate } from '../pagination.js';
import { encodePolicyDocument } from '../policy-text.js';
import { attachedPolicies, usageCounts, type UsageCounts } from '../store/attachment-store.js';
import { groupKeysOfUser, groups, type GroupRecord } from '../store/group-store.js';
import { listInline } from '../store/inline-policy-store.js';
import { instanceProfiles, profileKeysOfRole } from '../store/instance-profile-store.js';
import { POLICIES, type ManagedPolicyRecord } from '../store/policy-store.js';
import { roles, type RoleRecord } from '../store/role-store.js';
import { getRoleUsage } from '../store/usage-store.js';
import { users, type UserRecord } from '../store/user-store.js';
import { tagsOut } from '../tag-list.js';
import { shownRole } from '../trust-principals.js';
import { boundaryOut, roleView, versionView } from '../views.js';
import { scopeOf, type IamDeps, type OpHandlers } from '../deps.js';
import { profileOut } from './instance-profiles.js';

type Entry =
  | { readonly key: string; readonly type: 'User'; readonly rec: UserRecord }
  | { readonly key: string; readonly type: 'Group'; readonly rec: GroupRecord }
  | { readonly key: string; readonly type: 'Role'; readonly rec: RoleRecord }
  | { readonly key: string; readonly type: 'LocalManagedPolicy' | 'AWSManagedPolicy'; readonly rec: ManagedPolicyRecord };

async function inlineDetails(ops: StoreOps, scope: Scope, kind: EntityKind, name: string): Promise<PolicyDetail[]> {
  return (await listInline(ops, scope, kind, name)).map((p) => ({ PolicyName: p.policyName, PolicyDocument: encodePolicyDocument(p.document) }));
}

async function attachedDetails(ops: StoreOps, scope: Scope, kind: EntityKind, name: string) {
  return (await attachedPolicies(ops, scope, kind, name)).map((r) => ({ PolicyName: r.policyName, PolicyArn: r.policyArn }));
}

async function userDetail(ops: StoreOps, scope: Scope, u: UserRecord): Promise<UserDetail> {
  const groupNames: string[] = [];
  for (const key of await groupKeysOfUser(ops, scope, u.userName)) {
    const g = await groups.get(ops, scope, key);
    if (g) groupNames.push(g.groupName);
  }
  return {
    Path: u.path,
    UserName: u.userName,
    UserId: u.userId,
    Arn: u.arn,
    CreateDate: new Date(u.createDate),
    UserPolicyList: await inlineDetails(ops, scope, 'user', u.userName),
    GroupList: groupNames,
    AttachedManagedPolicies: await attachedDetails(ops, scope, 'user', u.userName),
    PermissionsBoundary: boundaryOut(u.permissionsBoundary),
    Tags: tagsOut(u.tags),
  };
}

async function groupDetail(ops: StoreOps, scope: Scope, g: GroupRecord): Promise<GroupDetail> {
  return {
    Path: g.path,
    GroupName: g.groupName,
    GroupId: g.groupId,
    Arn: g.arn,
    CreateDate: new Date(g.createDate),
    GroupPolicyList: await inlineDetails(ops, scope, 'group', g.groupName),
    AttachedManagedPolicies: await attachedDetails(ops, scope, 'group', g.groupName),
  };
}

async function roleDetail(ops: StoreOps, scope: Scope, r: RoleRecord): Promise<RoleDetail> {
  const profiles: InstanceProfile[] = [];
  for (const key of await profileKeysOfRole(ops, scope, r.roleName)) {
    const p = await instanceProfiles.get(ops, scope, key);
    if (p) profiles.push(await profileOut(ops, scope, p, false));
  }
  const used = await getRoleUsage(ops, scope, r.roleName);
  const view = roleView(await shownRole(ops, r), 'get', used ? { date: used.lastUsedDate, region: used.region } : undefined);
  return {
    Path: r.path,
    RoleName: r.roleName,
    RoleId: r.roleId,
    Arn: r.arn,
    CreateDate: new Date(r.createDate),
    AssumeRolePolicyDocument: view.AssumeRolePolicyDocument,
    InstanceProfileList: profiles,
    RolePolicyList: await inlineDetails(ops, scope, 'role', r.roleName),
    AttachedManagedPolicies: await attachedDetails(ops, scope, 'role', r.roleName),
    PermissionsBoundary: view.PermissionsBoundary,
    Tags: view.Tags,
    RoleLastUsed: view.RoleLastUsed,
  };
}

function policyDetail(p: ManagedPolicyRecord, counts: UsageCounts): ManagedPolicyDetail {
  return {
    PolicyName: p.policyName,
    PolicyId: p.policyId,
    Arn: p.arn,
    Path: p.path,
    DefaultVersionId: p.defaultVersionId,
    AttachmentCount: counts.attachments.get(p.arn) ?? 0,
    PermissionsBoundaryUsageCount: counts.boundaries.get(p.arn) ?? 0,
    IsAttachable: true,
    Description: p.description,
    CreateDate: new Date(p.createDate),
    UpdateDate: new Date(p.updateDate),
    PolicyVersionList: p.versions.map((v) => versionView(p, v, true)),
  };
}

async function entriesOf(ops: StoreOps, scope: Scope, types: ReadonlySet<EntityType>, counts: UsageCounts): Promise<Entry[]> {
  const out: Entry[] = [];
  if (types.has('User')) for (const r of await users.table.list(ops, scope)) out.push({ key: `1${r.key}`, type: 'User', rec: r.value });
  if (types.has('Group')) for (const r of await groups.table.list(ops, scope)) out.push({ key: `2${r.key}`, type: 'Group', rec: r.value });
  if (types.has('Role')) for (const r of await roles.table.list(ops, scope)) out.push({ key: `3${r.key}`, type: 'Role', rec: r.value });
  if (types.has('LocalManagedPolicy')) {
    for (const r of await POLICIES.list(ops, scope)) out.push({ key: `4${r.key}`, type: 'LocalManagedPolicy', rec: r.value });
  }
  if (types.has('AWSManagedPolicy')) {
    for (const p of AWS_MANAGED_POLICIES.values()) {
      if ((counts.attachments.get(p.arn) ?? 0) + (counts.boundaries.get(p.arn) ?? 0) > 0) out.push({ key: `5${p.policyName}`, type: 'AWSManagedPolicy', rec: p });
    }
  }
  return out;
}

/** The authorization details operation. */
export function authorizationDetailsHandlers({ store }: IamDeps): OpHandlers<'GetAccountAuthorizationDetails'> {
  return {
    async GetAccountAuthorizationDetails(input, ctx: HandlerContext) {
      const scope = scopeOf(ctx);
      const types = new Set<EntityType>(input.Filter && input.Filter.length > 0 ? input.Filter : EntityTypeValues);
      const counts = await usageCounts(store, scope);
      const page = paginate(await entriesOf(store, scope, types, counts), (e) => e.key, input);
      const UserDetailList: UserDetail[] = [];
      const GroupDetailList: GroupDetail[] = [];
      const RoleDetailList: RoleDetail[] = [];
      const Policies: ManagedPolicyDetail[] = [];
      for (const e of page.items) {
        if (e.type === 'User') UserDetailList.push(await userDetail(store, scope, e.rec));
        else if (e.type === 'Group') GroupDetailList.push(await groupDetail(store, scope, e.rec));
        else if (e.type === 'Role') RoleDetailList.push(await roleDetail(store, scope, e.rec));
        else Policies.push(policyDetail(e.rec, counts));
      }
      return { UserDetailList, GroupDetailList, RoleDetailList, Policies, ...pageFields(page) };
    },
  };
}
