/**
 * ACL grants as an allow source in authorization (S3 User Guide, "Mapping of ACL permissions and
 * access policy permissions"): where ACLs are enabled, the group grants of the bucket ACL and of
 * the object's ACL become Allow statements of the resource policy the request is decided with,
 * beside the bucket policy. AllUsers is everyone (anonymous included), AuthenticatedUsers any
 * signed caller. IgnorePublicAcls drops both (they are the public grants). Grants to a canonical
 * user are stored and answered but not evaluated (README).
 */
import type { BucketRecord, GrantRecord } from '../store.js';
import { aclsEnabled, ALL_USERS, AUTHENTICATED_USERS } from './acl.js';
import { effectivePolicy } from './public-access.js';
import type { Principal } from '../../../shared/principal.js';

type Permission = GrantRecord['permission'];

/** What each permission allows, on the bucket (`bucket`) and on its objects (`objects`), or on one object. */
const BUCKET_ACTIONS: Readonly<Record<Permission, { bucket: string[]; objects: string[] }>> = {
  READ: { bucket: ['s3:ListBucket', 's3:ListBucketVersions', 's3:ListBucketMultipartUploads'], objects: [] },
  WRITE: { bucket: [], objects: ['s3:PutObject', 's3:DeleteObject', 's3:DeleteObjectVersion'] },
  READ_ACP: { bucket: ['s3:GetBucketAcl'], objects: [] },
  WRITE_ACP: { bucket: ['s3:PutBucketAcl'], objects: [] },
  FULL_CONTROL: { bucket: [], objects: [] },
};
const OBJECT_ACTIONS: Readonly<Record<Permission, string[]>> = {
  READ: ['s3:GetObject', 's3:GetObjectVersion'],
  WRITE: [],
  READ_ACP: ['s3:GetObjectAcl', 's3:GetObjectVersionAcl'],
  WRITE_ACP: ['s3:PutObjectAcl', 's3:PutObjectVersionAcl'],
  FULL_CONTROL: [],
};
const ALL: Permission[] = ['READ', 'WRITE', 'READ_ACP', 'WRITE_ACP'];
const expand = (p: Permission): Permission[] => (p === 'FULL_CONTROL' ? ALL : [p]);

function principalOf(group: string): Record<string, unknown> | undefined {
  if (group === ALL_USERS) return { Principal: '*' };
  // Any signed request: an anonymous one has no aws:PrincipalAccount.
  if (group === AUTHENTICATED_USERS) return { Principal: { AWS: '*' }, Condition: { Null: { 'aws:PrincipalAccount': 'false' } } };
  return undefined;
}

function statements(grants: readonly GrantRecord[], actionsOf: (p: Permission) => { actions: string[]; resource: string }[]): object[] {
  const out: object[] = [];
  for (const g of grants) {
    const who = g.type === 'Group' ? principalOf(g.grantee) : undefined;
    if (!who) continue;
    for (const p of expand(g.permission)) for (const { actions, resource } of actionsOf(p)) if (actions.length) out.push({ Effect: 'Allow', ...who, Action: actions, Resource: resource });
  }
  return out;
}

/**
 * The Allow statements the bucket's ACL (and `objectGrants`, the ACL of the object acted on) give,
 * for the bucket `arn:...:s3:::bucket` and the object `objectArn`; none where ACLs are disabled or
 * IgnorePublicAcls is on.
 */
export function aclStatements(b: BucketRecord, bucketArn: string, objectGrants?: { arn: string; grants: readonly GrantRecord[] }): object[] {
  if (!aclsEnabled(b) || b.publicAccessBlock?.IgnorePublicAcls) return [];
  const fromBucket = statements(b.aclGrants ?? [], (p) => [
    { actions: BUCKET_ACTIONS[p].bucket, resource: bucketArn },
    { actions: BUCKET_ACTIONS[p].objects, resource: `${bucketArn}/*` },
  ]);
  const fromObject = objectGrants ? statements(objectGrants.grants, (p) => [{ actions: OBJECT_ACTIONS[p], resource: objectGrants.arn }]) : [];
  return [...fromBucket, ...fromObject];
}

/** The resource policy document with the ACL's statements added (undefined: neither gives anything). */
export function withAclStatements(policy: string | undefined, extra: readonly object[]): string | undefined {
  if (!extra.length) return policy;
  // protocol-lint: allow a stored bucket policy is data, not a request body
  const doc: { Statement?: unknown } = policy !== undefined ? (JSON.parse(policy) as { Statement?: unknown }) : {};
  const existing = doc.Statement === undefined ? [] : Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
  // protocol-lint: allow a resource policy document is data, not a response body
  return JSON.stringify({ Version: '2012-10-17', ...doc, Statement: [...existing, ...extra] });
}

/**
 * The bucket's resource policy as `principal` sees it: Block Public Access applied
 * (public-access.ts) and the bucket ACL's grants added where ACLs are enabled. Every authorization
 * a handler makes itself (a copy source, DeleteObjects, NoSuchKey vs AccessDenied) uses this, as the chain does.
 */
export function visibleBucketPolicy(b: BucketRecord, principal: Principal): string | undefined {
  return withAclStatements(effectivePolicy(b, principal), aclStatements(b, `arn:aws:s3:::${b.name}`));
}
