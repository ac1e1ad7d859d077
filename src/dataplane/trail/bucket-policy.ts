/**
 * The bucket policy AWS documents for a CloudTrail trail's bucket ("Amazon S3 bucket policy for
 * CloudTrail"): CloudTrail may read the bucket ACL and put objects under `[prefix/]AWSLogs/ACCOUNT/`
 * with the `bucket-owner-full-control` ACL, both only for this trail (aws:SourceArn).
 */
export function cloudTrailBucketPolicy(o: { bucket: string; accountId: string; region: string; trailName: string; prefix?: string; partition?: string }): string {
  const partition = o.partition ?? 'aws';
  const sourceArn = `arn:${partition}:cloudtrail:${o.region}:${o.accountId}:trail/${o.trailName}`;
  const objects = `arn:${partition}:s3:::${o.bucket}/${o.prefix ? `${o.prefix}/` : ''}AWSLogs/${o.accountId}/*`;
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AWSCloudTrailAclCheck20150319',
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 's3:GetBucketAcl',
        Resource: `arn:${partition}:s3:::${o.bucket}`,
        Condition: { StringEquals: { 'aws:SourceArn': sourceArn } },
      },
      {
        Sid: 'AWSCloudTrailWrite20150319',
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: objects,
        Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': sourceArn } },
      },
    ],
  });
}
