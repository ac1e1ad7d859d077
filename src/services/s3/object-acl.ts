/**
 * Each object version's own ACL (ACLs enabled), as S3 keeps them ("The ACL for an object is set at
 * the object version level"): it lives on the version's record (`ObjectRecord.acl`), so it is
 * written with the version (PutObject's ACL headers), changed by PutObjectAcl (with or without a
 * version id), read with it (GetObjectAcl, the ACL grants of authorization) and removed with it.
 * A new version, a copy or a completed multipart upload starts with the default ACL.
 *
 * Migration-free: stores written before kept one ACL per key in s3.object-acls, bound to the body it
 * was set on. A version without `acl` still reads that row when the row names its body; the row is
 * dropped once that version's ACL is set again or the version (its body) goes.
 */
import type { StoreOps } from '../../storage/types.js';
import { enforcedBucket, type S3Deps } from './deps.js';
import { aclsEnabled, checkAclWrite, setsAcl, type AclInput } from './access/acl.js';
import { GLOBAL, objectAcls, objectKey, type BlobRef, type ObjectAcl, type ObjectRecord } from './store.js';

/** The ACL of one version: its own, or the legacy per-key row when that row was set on this version's body. */
export async function aclOfVersion(ops: StoreOps, rec: ObjectRecord): Promise<ObjectAcl | undefined> {
  if (rec.acl) return rec.acl;
  const legacy = await objectAcls.get(ops, GLOBAL, objectKey(rec.bucket, rec.key));
  return legacy && legacy.blobId === rec.blob.id ? { owner: legacy.owner, grants: legacy.grants } : undefined;
}

/**
 * Inside `tx`: removes the key's legacy ACL row when it belongs to one of `blobs` (versions removed
 * or replaced, or a version whose ACL now lives on its record). Nothing to do for none.
 */
export async function dropLegacyAcl(tx: StoreOps, bucket: string, key: string, blobs: readonly BlobRef[]): Promise<void> {
  if (!blobs.length) return;
  const k = objectKey(bucket, key);
  const legacy = await objectAcls.get(tx, GLOBAL, k);
  if (legacy && blobs.some((b) => b.id === legacy.blobId)) await objectAcls.delete(tx, GLOBAL, k);
}

/**
 * The ACL a new object gets from its request's `x-amz-acl` / `x-amz-grant-*` headers (PutObject):
 * none given, or ACLs disabled (where only `bucket-owner-full-control` is accepted): the default
 * (undefined). Refusals as PutObjectAcl's: AccessControlListNotSupported, BlockPublicAcls' AccessDenied.
 */
export async function aclForNewObject(deps: S3Deps, input: AclInput & { readonly Bucket: string }): Promise<ObjectAcl | undefined> {
  if (!setsAcl(input)) return undefined;
  const b = await enforcedBucket(deps, input.Bucket);
  const grants = checkAclWrite(b, b.publicAccessBlock, input, b.accountId, 'bucket-owner-full-control');
  return aclsEnabled(b) ? { owner: b.accountId, grants } : undefined;
}
