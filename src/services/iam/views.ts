/**
 * Stored records -> API output shapes. Which members each operation returns follows the API
 * reference: List* operations leave out Tags, PermissionsBoundary and RoleLastUsed; policy
 * documents are URL-encoded.
 */
import type { AttachedPermissionsBoundary, Group, InstanceProfile, Policy, PolicyVersion, Role, User } from './api.generated.js';
import { encodePolicyDocument } from './policy-text.js';
import type { GroupRecord } from './store/group-store.js';
import type { InstanceProfileRecord } from './store/instance-profile-store.js';
import type { ManagedPolicyRecord, PolicyVersionRecord } from './store/policy-store.js';
import type { RoleRecord } from './store/role-store.js';
import type { UserRecord } from './store/user-store.js';
import { tagsOut } from './tag-list.js';

/** `PermissionsBoundary` member for a boundary ARN. */
export function boundaryOut(arn: string | undefined): AttachedPermissionsBoundary | undefined {
  return arn ? { PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: arn } : undefined;
}

/** A User; `full` adds PermissionsBoundary and Tags (GetUser, CreateUser). */
export function userView(u: UserRecord, full: boolean): User {
  const base: User = { Path: u.path, UserName: u.userName, UserId: u.userId, Arn: u.arn, CreateDate: new Date(u.createDate) };
  return full ? { ...base, PermissionsBoundary: boundaryOut(u.permissionsBoundary), Tags: tagsOut(u.tags) } : base;
}

/** A Group. */
export function groupView(g: GroupRecord): Group {
  return { Path: g.path, GroupName: g.groupName, GroupId: g.groupId, Arn: g.arn, CreateDate: new Date(g.createDate) };
}

/** How much of a role to show. */
export type RoleDetail = 'list' | 'create' | 'get';

/** A Role: `list` (ListRoles, instance profiles), `create` (+ boundary, tags), `get` (+ RoleLastUsed). */
export function roleView(r: RoleRecord, detail: RoleDetail, lastUsed?: { date?: string; region?: string }): Role {
  const base: Role = {
    Path: r.path,
    RoleName: r.roleName,
    RoleId: r.roleId,
    Arn: r.arn,
    CreateDate: new Date(r.createDate),
    AssumeRolePolicyDocument: encodePolicyDocument(r.assumeRolePolicyDocument),
    Description: r.description,
    MaxSessionDuration: r.maxSessionDuration,
  };
  if (detail === 'list') return base;
  const withMore: Role = { ...base, PermissionsBoundary: boundaryOut(r.permissionsBoundary), Tags: tagsOut(r.tags) };
  if (detail === 'create') return withMore;
  return {
    ...withMore,
    RoleLastUsed: lastUsed?.date ? { LastUsedDate: new Date(lastUsed.date), Region: lastUsed.region } : {},
  };
}

/** An InstanceProfile with its roles (each as ListRoles shows roles). */
export function instanceProfileView(p: InstanceProfileRecord, roles: readonly RoleRecord[], withTags: boolean): InstanceProfile {
  return {
    Path: p.path,
    InstanceProfileName: p.instanceProfileName,
    InstanceProfileId: p.instanceProfileId,
    Arn: p.arn,
    CreateDate: new Date(p.createDate),
    Roles: roles.map((r) => roleView(r, 'list')),
    Tags: withTags ? tagsOut(p.tags) : undefined,
  };
}

/** Usage counts shown on a Policy. */
export interface PolicyCounts {
  readonly attachments: number;
  readonly boundaries: number;
}

/**
 * A Policy as each operation answers it: ListPolicies without Description and Tags; CreatePolicy
 * with its Tags (when any) but no Description (the Policy data type: Description "is included in
 * the response to the GetPolicy operation"; AWS's CreatePolicy answer leaves it out); GetPolicy
 * with both, Tags always (an empty list when the policy has none).
 */
export function policyView(p: ManagedPolicyRecord, counts: PolicyCounts, shape: 'list' | 'create' | 'get'): Policy {
  const base: Policy = {
    PolicyName: p.policyName,
    PolicyId: p.policyId,
    Arn: p.arn,
    Path: p.path,
    DefaultVersionId: p.defaultVersionId,
    AttachmentCount: counts.attachments,
    PermissionsBoundaryUsageCount: counts.boundaries,
    IsAttachable: true,
    CreateDate: new Date(p.createDate),
    UpdateDate: new Date(p.updateDate),
  };
  if (shape === 'list') return base;
  if (shape === 'create') return { ...base, Tags: tagsOut(p.tags) };
  return { ...base, Description: p.description, Tags: tagsOut(p.tags) ?? [] };
}

/** A PolicyVersion; the document only where AWS returns it (GetPolicyVersion, authorization details). */
export function versionView(p: ManagedPolicyRecord, v: PolicyVersionRecord, withDocument: boolean): PolicyVersion {
  return {
    Document: withDocument ? encodePolicyDocument(v.document) : undefined,
    VersionId: v.versionId,
    IsDefaultVersion: v.versionId === p.defaultVersionId,
    CreateDate: new Date(v.createDate),
  };
}
