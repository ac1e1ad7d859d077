/** Bucket tagging and the bucket policy (Put/Get/Delete, GetBucketPolicyStatus). */
import type { HandlerContext } from '../../../protocol/service-definition.js';
import { clientError } from '../../../shared/aws-error.js';
import { accountOf, type OpHandlers, type S3Deps } from '../deps.js';
import { checkBucketPolicy, isPublicPolicy } from '../bucket-policy.js';
import { checkPolicyNotBlocked, enforcedView } from '../access/public-access.js';
import { noSuchBucket, noSuchBucketPolicy, noSuchTagSet } from '../errors.js';
import { checkTags, MAX_BUCKET_TAGS } from '../tags.js';
import { RESPONSE_STATUS } from '../../../protocol/streaming.js';
import { buckets, GLOBAL, type BucketRecord } from '../store.js';

/** Changes a bucket's record atomically (NoSuchBucket if it went away meanwhile). */
async function update(deps: S3Deps, name: string, change: (b: BucketRecord) => BucketRecord): Promise<void> {
  await deps.store.transaction(async (tx) => {
    const b = await buckets.get(tx, GLOBAL, name);
    if (!b) throw noSuchBucket(name);
    await buckets.put(tx, GLOBAL, name, change(b));
  });
}

async function get(deps: S3Deps, name: string): Promise<BucketRecord> {
  const b = await buckets.get(deps.store, GLOBAL, name);
  if (!b) throw noSuchBucket(name);
  return b;
}

/** Only the bucket owner's account may read or change the bucket policy, whatever a policy grants (405). */
function ownerOnly(b: BucketRecord, ctx: HandlerContext): void {
  if (b.accountId !== accountOf(ctx)) throw clientError('MethodNotAllowed', 'The specified method is not allowed against this resource.', 405, { Method: 'PUT', ResourceType: 'BUCKETPOLICY' });
}

export function bucketConfigHandlers(
  deps: S3Deps,
): OpHandlers<'PutBucketTagging' | 'GetBucketTagging' | 'DeleteBucketTagging' | 'PutBucketPolicy' | 'GetBucketPolicy' | 'DeleteBucketPolicy' | 'GetBucketPolicyStatus'> {
  return {
    async PutBucketTagging(input) {
      const tags = checkTags((input.Tagging.TagSet ?? []).map((t) => ({ Key: t.Key, Value: t.Value })), MAX_BUCKET_TAGS);
      await update(deps, input.Bucket, (b) => ({ ...b, tags }));
      // S3 answers 204 No Content here, though the model says 200 (moto's AWS-verified test_put_bucket_tagging).
      return { [RESPONSE_STATUS]: 204 } as never;
    },
    async GetBucketTagging(input) {
      const b = await get(deps, input.Bucket);
      if (!b.tags?.length) throw noSuchTagSet(input.Bucket);
      return { TagSet: b.tags.map((t) => ({ Key: t.Key, Value: t.Value })) };
    },
    async DeleteBucketTagging(input) {
      await update(deps, input.Bucket, ({ tags: _t, ...b }) => b);
      return undefined;
    },
    async PutBucketPolicy(input, ctx) {
      const b = await get(deps, input.Bucket);
      ownerOnly(b, ctx);
      checkBucketPolicy(input.Policy, input.Bucket);
      // BlockPublicPolicy of the bucket or of its owner's account.
      checkPolicyNotBlocked(await enforcedView(b, deps.accountBlock), input.Policy, ctx.caller.principal);
      await update(deps, input.Bucket, (b) => ({ ...b, policy: input.Policy }));
      return undefined;
    },
    async GetBucketPolicy(input, ctx) {
      const b = await get(deps, input.Bucket);
      ownerOnly(b, ctx);
      if (b.policy === undefined) throw noSuchBucketPolicy(input.Bucket);
      return { Policy: b.policy };
    },
    async DeleteBucketPolicy(input, ctx) {
      ownerOnly(await get(deps, input.Bucket), ctx);
      await update(deps, input.Bucket, ({ policy: _p, ...b }) => b);
      return undefined;
    },
    async GetBucketPolicyStatus(input, ctx) {
      const b = await get(deps, input.Bucket);
      ownerOnly(b, ctx);
      if (b.policy === undefined) throw noSuchBucketPolicy(input.Bucket);
      return { PolicyStatus: { IsPublic: isPublicPolicy(b.policy) } };
    },
  };
}
