/**
 * Reads of the bucket settings that are fixed in this increment, answered as AWS answers them for a
 * new bucket: ACLs (owner FULL_CONTROL only: ACLs are disabled), default encryption (SSE-S3, AES256),
 * Object Ownership (BucketOwnerEnforced). GetBucketVersioning is handlers/versions.ts's.
 */
import { bucketNamed, ownerOf, type OpHandlers, type S3Deps } from '../deps.js';
import { versionToRead } from '../version-reads.js';

const ownerGrants = (accountId: string) => {
  const owner = ownerOf(accountId);
  return { Owner: owner, Grants: [{ Grantee: { ...owner, Type: 'CanonicalUser' as const }, Permission: 'FULL_CONTROL' as const }] };
};

export function bucketDefaultHandlers(deps: S3Deps): OpHandlers<'GetBucketAcl' | 'GetObjectAcl' | 'GetBucketEncryption' | 'GetBucketOwnershipControls'> {
  return {
    async GetBucketAcl(input) {
      return ownerGrants((await bucketNamed(deps, input.Bucket)).accountId);
    },
    async GetObjectAcl(input, ctx) {
      const b = await bucketNamed(deps, input.Bucket);
      await versionToRead(deps, ctx, input, 'GET');
      // Bucket owner enforced: the bucket owner owns every object.
      return ownerGrants(b.accountId);
    },
    async GetBucketEncryption(input) {
      await bucketNamed(deps, input.Bucket);
      return { ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: false }] } };
    },
    async GetBucketOwnershipControls(input) {
      await bucketNamed(deps, input.Bucket);
      return { OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] } };
    },
  };
}
