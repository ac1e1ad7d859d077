/**
 * S3 Block Public Access at the bucket level (S3 User Guide, "Blocking public access to your Amazon
 * S3 storage"): the four settings, their defaults for new buckets (all on since April 2023), their
 * combination with the bucket owner's account-level settings (enforcedView), and how they act on
 * bucket policies (BlockPublicPolicy refuses a public one; RestrictPublicBuckets
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

/**
 * The account's Block Public Access (the S3 Control API's PutPublicAccessBlock), as the composition
 * root hands it to S3: S3 never imports the service that stores it.
 */
export interface AccountBlockSource {
  /** The storage table it is kept in (writes to it drop cached authorization plans). */
  readonly table: string;
  /** The account's configuration, or undefined when it has none. */
  get(accountId: string): Promise<PublicAccessBlockRecord | undefined>;
}

/** No account has a configuration (in-process tests that wire S3 alone). */
export const NO_ACCOUNT_BLOCK: AccountBlockSource = { table: 's3control.public-access-block', get: async () => undefined };

/**
 * The settings S3 enforces on a bucket: "Amazon S3 applies the most restrictive combination of the
 * bucket-level and account-level settings", each flag on when either level has it on. The bucket's own
 * configuration (GetPublicAccessBlock) is not this: use it only to decide.
 */
export function effectiveBlock(bucket: PublicAccessBlockRecord | undefined, account: PublicAccessBlockRecord | undefined): PublicAccessBlockRecord | undefined {
  if (!account) return bucket;
  if (!bucket) return account;
  return {
    BlockPublicAcls: bucket.BlockPublicAcls || account.BlockPublicAcls,
    IgnorePublicAcls: bucket.IgnorePublicAcls || account.IgnorePublicAcls,
    BlockPublicPolicy: bucket.BlockPublicPolicy || account.BlockPublicPolicy,
    RestrictPublicBuckets: bucket.RestrictPublicBuckets || account.RestrictPublicBuckets,
  };
}

/**
 * The bucket as Block Public Access is enforced on it: its `publicAccessBlock` replaced by the
 * combination with its owner's account setting ("it checks the PublicAccessBlock configuration for
 * both the bucket ... and the bucket owner's account"). Never stored.
 */
export async function enforcedView(b: BucketRecord, source: AccountBlockSource): Promise<BucketRecord> {
  const block = effectiveBlock(b.publicAccessBlock, await source.get(b.accountId));
  if (block === b.publicAccessBlock) return b;
  return { ...b, ...(block ? { publicAccessBlock: block } : {}) };
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
