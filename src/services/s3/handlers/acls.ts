/**
 * Bucket and object ACLs: GetBucketAcl, PutBucketAcl, GetObjectAcl, PutObjectAcl. With ACLs
 * disabled (BucketOwnerEnforced, the default) reads answer the owner's FULL_CONTROL and writes
 * other than an owner-only ACL are AccessControlListNotSupported; with ACLs enabled the grants are
 * stored and answered (access/acl.ts). Grants are not an allow source in authorization (README).
 */
import { bucketNamed, missingKey, type OpHandlers, type S3Deps } from '../deps.js';
import { invalidArgument, noSuchBucket } from '../errors.js';
import { aclOutput, checkAclWrite } from '../access/acl.js';
import { buckets, GLOBAL, objectAcls, objectKey, objects, type ObjectRecord } from '../store.js';
import { updateBucket } from './access-settings.js';

const checkVersion = (v: string | undefined) => {
  if (v !== undefined && v !== 'null') throw invalidArgument('Invalid version id specified', 'versionId', v);
};

export function aclHandlers(deps: S3Deps): OpHandlers<'GetBucketAcl' | 'PutBucketAcl' | 'GetObjectAcl' | 'PutObjectAcl'> {
  async function objectNamed(bucket: string, key: string, ctx: Parameters<typeof missingKey>[1]): Promise<ObjectRecord> {
    const o = await objects.get(deps.store, GLOBAL, objectKey(bucket, key));
    if (!o) throw await missingKey(deps, ctx, bucket, key);
    return o;
  }
  return {
    async GetBucketAcl(input) {
      const b = await bucketNamed(deps, input.Bucket);
      return aclOutput(b.accountId, b.aclGrants);
    },
    async PutBucketAcl(input) {
      const b = await bucketNamed(deps, input.Bucket);
      const grants = checkAclWrite(b, b.publicAccessBlock, input, b.accountId, 'private');
      await updateBucket(deps, input.Bucket, ({ aclGrants: _g, ...rest }) => (grants.length ? { ...rest, aclGrants: grants } : rest));
      return undefined;
    },
    async GetObjectAcl(input, ctx) {
      checkVersion(input.VersionId);
      const b = await bucketNamed(deps, input.Bucket);
      const o = await objectNamed(input.Bucket, input.Key, ctx);
      const acl = await objectAcls.get(deps.store, GLOBAL, objectKey(input.Bucket, input.Key));
      // An ACL set on an earlier upload of the key does not carry over to this one.
      if (acl && acl.blobId === o.blob.id) return aclOutput(acl.owner, acl.grants);
      // Bucket owner enforced: the bucket owner owns every object (Rampart records no other owner).
      return aclOutput(b.accountId);
    },
    async PutObjectAcl(input, ctx) {
      checkVersion(input.VersionId);
      const b = await bucketNamed(deps, input.Bucket);
      const o = await objectNamed(input.Bucket, input.Key, ctx);
      const grants = checkAclWrite(b, b.publicAccessBlock, input, b.accountId, 'bucket-owner-full-control');
      await deps.store.transaction(async (tx) => {
        if (!(await buckets.get(tx, GLOBAL, input.Bucket))) throw noSuchBucket(input.Bucket);
        await objectAcls.put(tx, GLOBAL, objectKey(input.Bucket, input.Key), { blobId: o.blob.id, owner: b.accountId, grants });
      });
      return {};
    },
  };
}
