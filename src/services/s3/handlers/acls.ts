/**
 * Bucket and object ACLs: GetBucketAcl, PutBucketAcl, GetObjectAcl, PutObjectAcl. With ACLs
 * disabled (BucketOwnerEnforced, the default) reads answer the owner's FULL_CONTROL and writes
 * other than an owner-only ACL are AccessControlListNotSupported; with ACLs enabled the grants are
 * stored and answered (access/acl.ts). An object's ACL is its version's (object-acl.ts): a version
 * id names any version, noncurrent ones included; without one, the current version.
 */
import type { HandlerContext } from '../../../protocol/service-definition.js';
import { bucketNamed, enforcedBucket, type OpHandlers, type S3Deps } from '../deps.js';
import { noSuchBucket, noSuchKey } from '../errors.js';
import { aclOutput, checkAclWrite } from '../access/acl.js';
import { aclOfVersion, dropLegacyAcl } from '../object-acl.js';
import { buckets, GLOBAL, objectKey, objects, type ObjectRecord } from '../store.js';
import { versionToRead } from '../version-reads.js';
import { deleteMarkerNotAllowed, latestMarker, noSuchVersion, updateVersion, versionIdOf } from '../versioning.js';
import { updateBucket } from './access-settings.js';

type ObjectInput = { Bucket: string; Key: string; VersionId?: string | undefined };

/**
 * The version PutObjectAcl changes. As GetObjectAcl, except that a key whose latest version is a
 * delete marker is 405 MethodNotAllowed without a version id too (AWS: scality/cloudserver's
 * versioning/objectACL.js, run against AWS: put ACL -> MethodNotAllowed, get ACL -> NoSuchKey).
 */
async function versionToChange(deps: S3Deps, ctx: HandlerContext, input: ObjectInput): Promise<ObjectRecord> {
  if (input.VersionId === undefined && !(await objects.get(deps.store, GLOBAL, objectKey(input.Bucket, input.Key)))) {
    const marker = await latestMarker(deps.store, input.Bucket, input.Key);
    if (marker) throw deleteMarkerNotAllowed(marker, 'PUT');
  }
  return versionToRead(deps, ctx, input, 'PUT');
}

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
      // The version named (NoSuchVersion, 405 for a delete marker), or the current object (NoSuchKey).
      const o = await versionToRead(deps, ctx, input, 'GET');
      const acl = await aclOfVersion(deps.store, o);
      // None set: the default, the owner's FULL_CONTROL (Rampart records the bucket owner as every object's owner).
      return acl ? aclOutput(acl.owner, acl.grants) : aclOutput(b.accountId);
    },
    async PutObjectAcl(input, ctx) {
      const b = await enforcedBucket(deps, input.Bucket);
      const o = await versionToChange(deps, ctx, input);
      const grants = checkAclWrite(b, b.publicAccessBlock, input, b.accountId, 'bucket-owner-full-control');
      await deps.store.transaction(async (tx) => {
        if (!(await buckets.get(tx, GLOBAL, input.Bucket))) throw noSuchBucket(input.Bucket);
        await updateVersion(
          tx,
          input.Bucket,
          input.Key,
          versionIdOf(o),
          (r) => {
            // INVARIANT: the ACL goes to the body it was asked for; a version replaced meanwhile (the `null` one) is not it.
            if (r.blob.id !== o.blob.id) throw input.VersionId !== undefined ? noSuchVersion(input.Key, input.VersionId) : noSuchKey(input.Key);
            return { ...r, acl: { owner: b.accountId, grants } };
          },
          'PUT',
        );
        // The version's ACL now lives on its record: a legacy row set on its body is superseded.
        await dropLegacyAcl(tx, input.Bucket, input.Key, [o.blob]);
      });
      return {};
    },
  };
}
