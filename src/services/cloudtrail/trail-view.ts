/** A stored trail as the API answers it. */
import type { CreateTrailResponse, Trail } from './api.generated.js';
import type { TrailRecord } from './store.js';

/** The members CreateTrail and UpdateTrail answer. */
export function trailSettings(t: TrailRecord): CreateTrailResponse {
  const out: { -readonly [K in keyof CreateTrailResponse]: CreateTrailResponse[K] } = {
    Name: t.name,
    S3BucketName: t.s3BucketName,
    IncludeGlobalServiceEvents: t.includeGlobalServiceEvents,
    IsMultiRegionTrail: t.isMultiRegionTrail,
    TrailARN: t.arn,
    LogFileValidationEnabled: t.logFileValidationEnabled,
    IsOrganizationTrail: t.isOrganizationTrail,
  };
  if (t.s3KeyPrefix !== undefined) out.S3KeyPrefix = t.s3KeyPrefix;
  if (t.snsTopicName !== undefined) {
    out.SnsTopicName = t.snsTopicName;
    out.SnsTopicARN = `arn:aws:sns:${t.homeRegion}:${t.arn.split(':')[4]}:${t.snsTopicName}`;
  }
  if (t.cloudWatchLogsLogGroupArn !== undefined) out.CloudWatchLogsLogGroupArn = t.cloudWatchLogsLogGroupArn;
  if (t.cloudWatchLogsRoleArn !== undefined) out.CloudWatchLogsRoleArn = t.cloudWatchLogsRoleArn;
  if (t.kmsKeyId !== undefined) out.KmsKeyId = t.kmsKeyId;
  return out;
}

/** DescribeTrails' and GetTrail's Trail. */
export function trailView(t: TrailRecord): Trail {
  return {
    ...trailSettings(t),
    HomeRegion: t.homeRegion,
    HasCustomEventSelectors: t.eventSelectors !== undefined || t.advancedEventSelectors !== undefined,
    HasInsightSelectors: false,
  };
}
