/** CloudTrail's errors as AWS words them (texts unconfirmed unless noted). */
import {
  InsufficientS3BucketPolicyException,
  InvalidHomeRegionException,
  InvalidTagParameterException,
  S3BucketDoesNotExistException,
  TagsLimitExceededException,
  TrailNotFoundException,
  type Tag,
} from './api.generated.js';

export const trailNotFound = (arn: string, accountId: string) => new TrailNotFoundException(`Unknown trail: ${arn} for the user: ${accountId}`);
export const bucketMissing = (bucket: string) => new S3BucketDoesNotExistException(`S3 bucket ${bucket} does not exist.`);
export const bucketPolicy = (bucket: string) => new InsufficientS3BucketPolicyException(`Incorrect S3 bucket policy is detected for bucket: ${bucket}`);
export const notHomeRegion = (arn: string, region: string) => new InvalidHomeRegionException(`Trail ${arn} can only be updated in its home region, not ${region}.`);

/** At most 50 tags per trail. */
export const MAX_TAGS = 50;

/** Tags as CloudTrail accepts them: keys unique, not `aws:`, at most 50 on a trail. */
export function checkTags(tags: readonly Tag[], existing: readonly Tag[] = []): Tag[] {
  const merged = new Map(existing.map((t) => [t.Key, t]));
  for (const t of tags) {
    if (t.Key.toLowerCase().startsWith('aws:')) throw new InvalidTagParameterException(`Tag key ${t.Key} uses the reserved prefix aws:.`);
    merged.set(t.Key, t.Value === undefined ? { Key: t.Key } : { Key: t.Key, Value: t.Value });
  }
  if (merged.size > MAX_TAGS) throw new TagsLimitExceededException(`The number of tags on the resource exceeds the limit of ${MAX_TAGS}.`);
  return [...merged.values()];
}
