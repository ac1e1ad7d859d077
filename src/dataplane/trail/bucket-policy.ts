/**
 * The bucket policy AWS documents for a CloudTrail trail's bucket ("Amazon S3 bucket policy for
 * CloudTrail"): CloudTrail may read the bucket ACL and put objects under `[prefix/]AWSLogs/ACCOUNT/`
 * with the `bucket-owner-full-control` ACL, both only for this trail (aws:SourceArn); for an
 * organization trail (`organizationId`) also under `[prefix/]AWSLogs/O-ID/`, where it delivers every
 * account of the organization.
 */
export function cloudTrailBucketPolicy(o: { bucket: string; accountId: string; region: string; trailName: string; prefix?: string; partition?: string; organizationId?: string }): string {
  const partition = o.partition ?? 'aws';
  const sourceArn = `arn:${partition}:cloudtrail:${o.region}:${o.accountId}:trail/${o.trailName}`;
  const logs = `arn:${partition}:s3:::${o.bucket}/${o.prefix ? `${o.prefix}/` : ''}AWSLogs/`;
  const write = (sid: string, folder: string) => ({
    Sid: sid,
    Effect: 'Allow',
    Principal: { Service: 'cloudtrail.amazonaws.com' },
    Action: 's3:PutObject',
    Resource: `${logs}${folder}/*`,
    Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': sourceArn } },
  });
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
      write('AWSCloudTrailWrite20150319', o.accountId),
      ...(o.organizationId ? [write('AWSCloudTrailOrganizationWrite20150319', o.organizationId)] : []),
    ],
  });
}
