/**
 * S3 Block Public Access at the bucket level (S3 User Guide, "Blocking public access to your Amazon
 * S3 storage"): the four settings, their defaults for new buckets (all on since April 2023), and
 * how they act on bucket policies (BlockPublicPolicy refuses a public one; RestrictPublicBuckets
 * lets only AWS service principals and the owner's account use a public one).
 */
import { clientError } from '../../../shared/aws-error.js';
import type { Principal } from '../../../shared/principal.js';
import type { BucketRecord, PublicAccessBlockRecord } from '../store.js';
import { isPublicPolicy, withoutAllows } from './public-policy.js';

/** What a new bucket gets. */
export const NEW_BUCKET_BLOCK: PublicAccessBlockRecord = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };

/** A PublicAccessBlockConfiguration as stored: an element left out is false. */
export function blockOf(c: { BlockPublicAcls?: boolean; IgnorePublicAcls?: boolean; BlockPublicPolicy?: boolean; RestrictPublicBuckets?: boolean }): PublicAccessBlockRecord {
  return { BlockPublicAcls: c.BlockPublicAcls === true, IgnorePublicAcls: c.IgnorePublicAcls === true, BlockPublicPolicy: c.BlockPublicPolicy === true, RestrictPublicBuckets: c.RestrictPublicBuckets === true };
}

export const noSuchPublicAccessBlock = (bucket: string) => clientError('NoSuchPublicAccessBlockConfiguration', 'The public access block configuration was not found', 404, { BucketName: bucket });

/**
 * PutBucketPolicy under BlockPublicPolicy: "Amazon S3 rejects calls to PUT Bucket policy if the
 * specified bucket policy allows public access" (403 AccessDenied with the setting named).
 */
export function checkPolicyNotBlocked(b: BucketRecord, policy: string, principal: Principal, partition = 'aws'): void {
  if (!b.publicAccessBlock?.BlockPublicPolicy || !isPublicPolicy(policy)) return;
  throw clientError(
    'AccessDenied',
    `User: ${principal.arn} is not authorized to perform: s3:PutBucketPolicy on resource: "arn:${partition}:s3:::${b.name}" because public policies are blocked by the BlockPublicPolicy block public access setting.`,
    403,
  );
}

/**
 * The bucket policy as authorization must see it for this caller: under RestrictPublicBuckets a
 * public policy grants nothing to anyone outside the bucket owner's account but AWS service
 * principals (its Deny statements still apply). Undefined: no policy applies.
 */
export function effectivePolicy(b: BucketRecord, principal: Principal): string | undefined {
  if (b.policy === undefined) return undefined;
  if (!b.publicAccessBlock?.RestrictPublicBuckets || principal.type === 'service' || (principal.type !== 'anonymous' && principal.accountId === b.accountId)) return b.policy;
  return isPublicPolicy(b.policy) ? withoutAllows(b.policy) : b.policy;
}
