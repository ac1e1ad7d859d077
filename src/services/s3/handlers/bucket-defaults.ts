/**
 * Reads of the bucket settings that are fixed in this increment, answered as AWS answers them for a
 * new bucket: default encryption (SSE-S3, AES256), versioning (never enabled: no Status). ACLs and
 * Object Ownership: handlers/acls.ts, handlers/access-settings.ts.
 */
import { bucketNamed, type OpHandlers, type S3Deps } from '../deps.js';

export function bucketDefaultHandlers(deps: S3Deps): OpHandlers<'GetBucketEncryption' | 'GetBucketVersioning'> {
  return {
    async GetBucketEncryption(input) {
      await bucketNamed(deps, input.Bucket);
      return { ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: false }] } };
    },
    async GetBucketVersioning(input) {
      await bucketNamed(deps, input.Bucket);
      return {};
    },
  };
}
