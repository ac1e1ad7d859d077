/**
 * Reads of the bucket settings that are fixed in this increment, answered as AWS answers them for a
 * new bucket: versioning (never enabled: no Status). Default encryption: sse/; ACLs and Object
 * Ownership: handlers/acls.ts, handlers/access-settings.ts.
 */
import { bucketNamed, type OpHandlers, type S3Deps } from '../deps.js';

export function bucketDefaultHandlers(deps: S3Deps): OpHandlers<'GetBucketVersioning'> {
  return {
    async GetBucketVersioning(input) {
      await bucketNamed(deps, input.Bucket);
      return {};
    },
  };
}
