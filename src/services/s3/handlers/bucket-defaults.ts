/**
 * Reads of the bucket settings that are fixed in this increment, answered as AWS answers them for a
 * new bucket: ACLs (owner FULL_CONTROL only: ACLs are disabled),
 * Object Ownership (BucketOwnerEnforced), versioning (never enabled: no Status).
 */
import { bucketNamed, missingKey, ownerOf, type OpHandlers, type S3Deps } from '../deps.js';
import { invalidArgument } from '../errors.js';
import { GLOBAL, objectKey, objects } from '../store.js';

const ownerGrants = (accountId: string) => {
  const owner = ownerOf(accountId);
  return { Owner: owner, Grants: [{ Grantee: { ...owner, Type: 'CanonicalUser' as const }, Permission: 'FULL_CONTROL' as const }] };
};

export function bucketDefaultHandlers(deps: S3Deps): OpHandlers<'GetBucketAcl' | 'GetObjectAcl' | 'GetBucketOwnershipControls' | 'GetBucketVersioning'> {
  return {
    async GetBucketAcl(input) {
      return ownerGrants((await bucketNamed(deps, input.Bucket)).accountId);
    },
    async GetObjectAcl(input, ctx) {
      if (input.VersionId !== undefined && input.VersionId !== 'null') throw invalidArgument('Invalid version id specified', 'versionId', input.VersionId);
      const b = await bucketNamed(deps, input.Bucket);
      if (!(await objects.get(deps.store, GLOBAL, objectKey(input.Bucket, input.Key)))) throw await missingKey(deps, ctx, input.Bucket, input.Key);
      // Bucket owner enforced: the bucket owner owns every object.
      return ownerGrants(b.accountId);
    },
    async GetBucketOwnershipControls(input) {
      await bucketNamed(deps, input.Bucket);
      return { OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] } };
    },
    async GetBucketVersioning(input) {
      await bucketNamed(deps, input.Bucket);
      return {};
    },
  };
}
