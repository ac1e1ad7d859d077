/**
 * Bucket and object ACLs: GetBucketAcl, PutBucketAcl, GetObjectAcl, PutObjectAcl. With ACLs
 * disabled (BucketOwnerEnforced, the default) reads answer the owner's FULL_CONTROL and writes
 * other than an owner-only ACL are AccessControlListNotSupported; with ACLs enabled the grants are
 * stored and answered (access/acl.ts). Grants are not an allow source in authorization (README).
 */
import { bucketNamed, enforcedBucket, type OpHandlers, type S3Deps } from '../deps.js';
import { noSuchBucket, notImplemented } from '../errors.js';
import { aclOutput, checkAclWrite } from '../access/acl.js';
import { buckets, GLOBAL, objectAcls, objectKey, objects } from '../store.js';
import { versionToRead } from '../version-reads.js';
import { updateBucket } from './access-settings.js';

export function aclHandlers(deps: S3Deps): OpHandlers<'GetBucketAcl' | 'PutBucketAcl' | 'GetObjectAcl' | 'PutObjectAcl'> {
  return {
    async GetBucketAcl(input) {
      const b = await bucketNamed(deps, input.Bucket);
      return aclOutput(b.accountId, b.aclGrants);
    },
    async PutBucketAcl(input) {
      const b = await enforcedBucket(deps, input.Bucket);
      const grants = checkAclWrite(b, b.publicAccessBlock, input, b.accountId, 'private');
      await updateBucket(deps, input.Bucket, ({ aclGrants: _g, ...rest }) => (grants.length ? { ...rest, aclGrants: grants } : rest));
      return undefined;
    },
    async GetObjectAcl(input, ctx) {
      const b = await bucketNamed(deps, input.Bucket);
      // The version named (NoSuchVersion, 405 for a delete marker), or the current object.
      const o = await versionToRead(deps, ctx, input, 'GET');
      const acl = await objectAcls.get(deps.store, GLOBAL, objectKey(input.Bucket, input.Key));
      // An ACL set on an earlier upload (another version) of the key does not carry over to this one.
      if (acl && acl.blobId === o.blob.id) return aclOutput(acl.owner, acl.grants);
      // Bucket owner enforced: the bucket owner owns every object (Rampart records no other owner).
      return aclOutput(b.accountId);
    },
    async PutObjectAcl(input, ctx) {
      const b = await enforcedBucket(deps, input.Bucket);
      const o = await versionToRead(deps, ctx, input, 'PUT');
      // One ACL per key, bound to the current version's body (s3.object-acls): a noncurrent version's ACL is not served (README).
      if (input.VersionId !== undefined && (await objects.get(deps.store, GLOBAL, objectKey(input.Bucket, input.Key)))?.blob.id !== o.blob.id) throw notImplemented('versionId');
      const grants = checkAclWrite(b, b.publicAccessBlock, input, b.accountId, 'bucket-owner-full-control');
      await deps.store.transaction(async (tx) => {
        if (!(await buckets.get(tx, GLOBAL, input.Bucket))) throw noSuchBucket(input.Bucket);
        await objectAcls.put(tx, GLOBAL, objectKey(input.Bucket, input.Key), { blobId: o.blob.id, owner: b.accountId, grants });
      });
      return {};
    },
  };
}
