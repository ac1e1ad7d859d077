/**
 * Whether CloudTrail may deliver to a bucket: it asks S3 for the bucket's ACL as its own service
 * principal (`cloudtrail.amazonaws.com`, with aws:SourceArn and aws:SourceAccount of the trail),
 * which only the bucket's policy can grant, as AWS's documented CloudTrail bucket policy does
 * (`s3:GetBucketAcl` and `s3:PutObject` for the service principal).
 */
import { isAwsError } from '../../shared/aws-error.js';
import type { CloudTrailDeps } from './deps.js';
import { bucketMissing, bucketPolicy } from './errors.js';

export const CLOUDTRAIL_PRINCIPAL = 'cloudtrail.amazonaws.com';

export async function checkBucket(deps: CloudTrailDeps, bucket: string, trailArn: string, accountId: string, region: string, now: number): Promise<void> {
  try {
    await deps.internal.call('s3', 'GetBucketAcl', { Bucket: bucket }, { servicePrincipal: CLOUDTRAIL_PRINCIPAL, region, now, serviceContext: { 'aws:SourceArn': trailArn, 'aws:SourceAccount': accountId } });
  } catch (e) {
    if (isAwsError(e) && (e.code === 'NoSuchBucket' || e.code === 'InvalidBucketName')) throw bucketMissing(bucket);
    if (isAwsError(e)) throw bucketPolicy(bucket);
    throw e;
  }
}
