/**
 * A signed request for a bucket of another region than the one it was signed for: S3 answers
 * 301 PermanentRedirect with the bucket's region in `x-amz-bucket-region` (HeadBucket: the same
 * status and header, no body), which the SDKs follow when asked (`followRegionRedirects`).
 * Unsigned requests are not redirected (a virtual host reaches the bucket's region as DNS does on
 * AWS), nor GetBucketLocation, which answers from any region.
 */
import { AwsError } from '../../../shared/aws-error.js';
import type { BucketRecord } from '../store.js';

const ANY_REGION: ReadonlySet<string> = new Set(['s3:GetBucketLocation']);

export function permanentRedirect(b: BucketRecord): AwsError {
  return new AwsError({
    code: 'PermanentRedirect',
    message: 'The bucket you are attempting to access must be addressed using the specified endpoint. Please send all future requests to this endpoint.',
    httpStatus: 301,
    senderFault: true,
    headers: { 'x-amz-bucket-region': b.region },
    fields: { Bucket: b.name, Endpoint: `${b.name}.s3.${b.region}.amazonaws.com` },
  });
}

/** Throws PermanentRedirect when a signed request for `action` reaches `b` signed for another region. */
export function checkBucketRegion(b: BucketRecord, signedRegion: string, signed: boolean, action: string): void {
  if (signed && signedRegion !== b.region && !ANY_REGION.has(action)) throw permanentRedirect(b);
}
