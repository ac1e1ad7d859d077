/**
 * How `rampart audit verify` reads the bucket a trail delivers to (as `aws cloudtrail validate-logs`
 * reads it with its caller's credentials): the S3 reader of src/dataplane/trail over the gateway's
 * internal client, as the root user of the account that owns the bucket, in the bucket's region,
 * with aws:SecureTransport true and through `cloudtrail.amazonaws.com` (aws:CalledVia, and the
 * source IP the internal client gives services' calls). The bucket policy applies: a Deny for that
 * root (or for aws:CalledVia) makes the verification fail with the S3 error, reported as such.
 */
import { DeliveredFilesError, s3Reader } from '../dataplane/trail/s3-reader.js';
import { CLOUDTRAIL_PRINCIPAL, type InternalCaller } from '../dataplane/trail/s3-target.js';
import type { DeliveredFiles } from '../dataplane/trail/delivery-target.js';
import { bucketHome } from '../services/s3/index.js';
import type { Clock } from '../shared/clock.js';
import { rootArn } from '../shared/principal.js';
import type { Store } from '../storage/types.js';

/** The files of `bucket` as its owner's root reads them through S3; DeliveredFilesError when there is no such bucket. */
export async function trailBucketReader(store: Store, internal: InternalCaller, bucket: string, clock: Clock): Promise<DeliveredFiles> {
  const home = await bucketHome(store, bucket);
  if (!home) throw new DeliveredFilesError(`cannot read s3://${bucket}: NoSuchBucket: The specified bucket does not exist`, 'NoSuchBucket');
  const principal = { accountId: home.accountId, arn: rootArn(home.accountId), userId: home.accountId, type: 'root' as const };
  return s3Reader({
    internal,
    bucket,
    readAs: () => ({
      caller: { principal, now: clock(), sourceIp: CLOUDTRAIL_PRINCIPAL, secureTransport: true, region: home.region, userAgent: 'rampart audit verify' },
      via: CLOUDTRAIL_PRINCIPAL,
    }),
  });
}
