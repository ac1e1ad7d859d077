/**
 * Access control lists as S3 reads and writes them (S3 User Guide, "Access control list (ACL)
 * overview", "Controlling ownership of objects and disabling ACLs"): canned ACLs, `x-amz-grant-*`
 * headers and AccessControlPolicy bodies turn into grants; with Object Ownership "bucket owner
 * enforced" every ACL write but `bucket-owner-full-control` (objects) / `private` (buckets) is
 * refused. Grants are stored beside the owner's FULL_CONTROL, which every ACL holds.
 */
import { clientError } from '../../../shared/aws-error.js';
import { canonicalId, ownerOf } from '../deps.js';
import type { BucketRecord, GrantRecord, PublicAccessBlockRecord } from '../store.js';

export const ALL_USERS = 'http://acs.amazonaws.com/groups/global/AllUsers';
export const AUTHENTICATED_USERS = 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers';
export const LOG_DELIVERY = 'http://acs.amazonaws.com/groups/s3/LogDelivery';
const GROUPS = new Set([ALL_USERS, AUTHENTICATED_USERS, LOG_DELIVERY]);
const PERMISSIONS = new Set(['FULL_CONTROL', 'WRITE', 'WRITE_ACP', 'READ', 'READ_ACP']);

export const aclNotSupported = () => clientError('AccessControlListNotSupported', 'The bucket does not allow ACLs', 400);
const invalidAclArgument = (message: string) => clientError('InvalidArgument', message, 400);

/** The bucket's Object Ownership (a record without one predates the setting: the default). */
export const ownershipOf = (b: BucketRecord) => b.ownership ?? 'BucketOwnerEnforced';
export const aclsEnabled = (b: BucketRecord) => ownershipOf(b) !== 'BucketOwnerEnforced';

/** The input of an ACL-setting request (PutBucketAcl, PutObjectAcl, PutObject, CopyObject, ...). */
export interface AclInput {
  readonly ACL?: string;
  readonly GrantFullControl?: string;
  readonly GrantRead?: string;
  readonly GrantReadACP?: string;
  readonly GrantWrite?: string;
  readonly GrantWriteACP?: string;
  readonly AccessControlPolicy?: { Grants?: readonly { Grantee?: { Type?: string; ID?: string; URI?: string; EmailAddress?: string }; Permission?: string }[] };
}

const HEADERS: ReadonlyArray<[keyof AclInput, GrantRecord['permission']]> = [
  ['GrantFullControl', 'FULL_CONTROL'],
  ['GrantRead', 'READ'],
  ['GrantReadACP', 'READ_ACP'],
  ['GrantWrite', 'WRITE'],
  ['GrantWriteACP', 'WRITE_ACP'],
];

/** Whether the request sets an ACL at all. */
export function setsAcl(i: AclInput): boolean {
  return i.ACL !== undefined || i.AccessControlPolicy !== undefined || HEADERS.some(([h]) => i[h] !== undefined);
}

/** The grants a canned ACL gives beside the owner's FULL_CONTROL (`bucketOwner`: the bucket owner's account, for objects). */
function cannedGrants(acl: string, bucketOwner: string): GrantRecord[] {
  const group = (grantee: string, permission: GrantRecord['permission']): GrantRecord => ({ type: 'Group', grantee, permission });
  switch (acl) {
    case 'private':
    case 'aws-exec-read':
      return [];
    case 'public-read':
      return [group(ALL_USERS, 'READ')];
    case 'public-read-write':
      return [group(ALL_USERS, 'READ'), group(ALL_USERS, 'WRITE')];
    case 'authenticated-read':
      return [group(AUTHENTICATED_USERS, 'READ')];
    case 'log-delivery-write':
      return [group(LOG_DELIVERY, 'WRITE'), group(LOG_DELIVERY, 'READ_ACP')];
    case 'bucket-owner-read':
      return [{ type: 'CanonicalUser', grantee: canonicalId(bucketOwner), permission: 'READ' }];
    case 'bucket-owner-full-control':
      return [{ type: 'CanonicalUser', grantee: canonicalId(bucketOwner), permission: 'FULL_CONTROL' }];
    default:
      throw invalidAclArgument(`Invalid canned ACL: ${acl} (unconfirmed)`);
  }
}

/** One grantee of an `x-amz-grant-*` header (`id="..."`, `uri="..."`, `emailAddress="..."`). */
function headerGrantee(item: string): Pick<GrantRecord, 'type' | 'grantee'> {
  const m = /^\s*(id|uri|emailaddress)\s*=\s*"?([^"]*)"?\s*$/i.exec(item);
  if (!m) throw invalidAclArgument('Invalid grant header (unconfirmed)');
  return grantee(m[1]!.toLowerCase() === 'id' ? 'CanonicalUser' : m[1]!.toLowerCase() === 'uri' ? 'Group' : 'AmazonCustomerByEmail', m[2]!);
}

function grantee(type: string | undefined, value: string | undefined): Pick<GrantRecord, 'type' | 'grantee'> {
  if (type === 'AmazonCustomerByEmail') throw clientError('UnresolvableGrantByEmailAddress', 'The e-mail address you provided does not match any account on record.', 400);
  if (type === 'CanonicalUser') {
    if (!value || !/^[0-9a-f]{64}$/.test(value)) throw invalidAclArgument('Invalid id');
    return { type, grantee: value };
  }
  if (type === 'Group') {
    if (!value || !GROUPS.has(value)) throw invalidAclArgument('Invalid group uri');
    return { type, grantee: value };
  }
  throw clientError('MalformedACLError', 'The XML you provided was not well-formed or did not validate against our published schema', 400);
}

/** At most this many grants in one ACL ("up to 100 grants"). */
export const MAX_GRANTS = 100;

/**
 * The grants a request sets beside the owner's FULL_CONTROL: a canned ACL, grant headers, or an
 * AccessControlPolicy body (one of the three). `owner`: the resource owner's account (whose
 * own grant is implied), `bucketOwner` for the object canned ACLs that name the bucket owner.
 */
export function requestedGrants(i: AclInput, owner: string, bucketOwner: string): GrantRecord[] {
  const headers = HEADERS.filter(([h]) => i[h] !== undefined);
  const forms = [i.ACL !== undefined, headers.length > 0, i.AccessControlPolicy !== undefined].filter(Boolean).length;
  if (forms === 0) throw clientError('MissingSecurityHeader', 'Your request was missing a required header', 400, { MissingHeaderName: 'x-amz-acl' });
  if (forms > 1) throw clientError('InvalidRequest', 'Specifying both Canned ACLs and Header Grants is not allowed', 400);
  let grants: GrantRecord[];
  if (i.ACL !== undefined) grants = cannedGrants(i.ACL, bucketOwner);
  else if (headers.length) {
    grants = headers.flatMap(([h, permission]) => String(i[h]).split(',').map((item) => ({ ...headerGrantee(item), permission })));
  } else {
    grants = (i.AccessControlPolicy!.Grants ?? []).map((g) => {
      if (!g.Permission || !PERMISSIONS.has(g.Permission)) throw clientError('MalformedACLError', 'The XML you provided was not well-formed or did not validate against our published schema', 400);
      return { ...grantee(g.Grantee?.Type, g.Grantee?.Type === 'Group' ? g.Grantee.URI : g.Grantee?.ID), permission: g.Permission as GrantRecord['permission'] };
    });
  }
  if (grants.length > MAX_GRANTS) throw invalidAclArgument('Too many grants (unconfirmed)');
  // The owner's FULL_CONTROL is implied; a repeat of it is not stored twice.
  const ownerId = canonicalId(owner);
  const seen = new Set<string>();
  return grants.filter((g) => {
    const k = `${g.type}|${g.grantee}|${g.permission}`;
    if (seen.has(k) || (g.type === 'CanonicalUser' && g.grantee === ownerId && g.permission === 'FULL_CONTROL')) return false;
    seen.add(k);
    return true;
  });
}

/** "An ACL is public if it grants any permissions to members of the predefined AllUsers or AuthenticatedUsers groups." */
export const isPublicAcl = (grants: readonly GrantRecord[]) => grants.some((g) => g.type === 'Group' && (g.grantee === ALL_USERS || g.grantee === AUTHENTICATED_USERS));

/**
 * An ACL write on a bucket: refused where ACLs are disabled (`allowedWhenEnforced`: the one canned
 * ACL S3 still accepts then), and a public ACL refused under BlockPublicAcls. Returns the grants.
 */
export function checkAclWrite(b: BucketRecord, bpa: PublicAccessBlockRecord | undefined, i: AclInput, owner: string, allowedWhenEnforced: string): GrantRecord[] {
  if (!aclsEnabled(b)) {
    const onlyAllowed = i.ACL === allowedWhenEnforced && !HEADERS.some(([h]) => i[h] !== undefined) && i.AccessControlPolicy === undefined;
    const ownerOnlyBody = i.AccessControlPolicy !== undefined && i.ACL === undefined && requestedGrants(i, owner, b.accountId).every((g) => g.type === 'CanonicalUser' && g.grantee === canonicalId(b.accountId) && g.permission === 'FULL_CONTROL');
    if (!onlyAllowed && !ownerOnlyBody) throw aclNotSupported();
    return [];
  }
  const grants = requestedGrants(i, owner, b.accountId);
  if (bpa?.BlockPublicAcls && isPublicAcl(grants)) throw clientError('AccessDenied', 'Access Denied', 403);
  return grants;
}

/** An ACL as GetBucketAcl / GetObjectAcl answer it: the owner's FULL_CONTROL, then the stored grants. */
export function aclOutput(owner: string, grants: readonly GrantRecord[] = []) {
  const o = ownerOf(owner);
  return {
    Owner: o,
    Grants: [
      { Grantee: { ...o, Type: 'CanonicalUser' as const }, Permission: 'FULL_CONTROL' as const },
      ...grants.map((g) => ({ Grantee: g.type === 'Group' ? { Type: 'Group' as const, URI: g.grantee } : { Type: 'CanonicalUser' as const, ID: g.grantee }, Permission: g.permission })),
    ],
  };
}
