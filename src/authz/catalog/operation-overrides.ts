/**
 * Where an API operation and the IAM authorization of it differ from the default rule
 * (`<prefix>:<OperationName>` on the resources built from the input), as data.
 * Sources: each service's "Actions, resources, and condition keys" page and API reference.
 */

import type { OperationAuthz, ServiceAuthorization } from '../service-rules.js';

const S3_SAME_AS: Readonly<Record<string, string>> = {
  ListObjects: 'ListBucket',
  ListObjectsV2: 'ListBucket',
  HeadBucket: 'ListBucket',
  ListObjectVersions: 'ListBucketVersions',
  ListBuckets: 'ListAllMyBuckets',
  HeadObject: 'GetObject',
  CopyObject: 'PutObject',
  DeleteObjects: 'DeleteObject',
  CreateMultipartUpload: 'PutObject',
  UploadPart: 'PutObject',
  UploadPartCopy: 'PutObject',
  CompleteMultipartUpload: 'PutObject',
  ListMultipartUploads: 'ListBucketMultipartUploads',
  ListParts: 'ListMultipartUploadParts',
  SelectObjectContent: 'GetObject',
  GetBucketEncryption: 'GetEncryptionConfiguration',
  PutBucketEncryption: 'PutEncryptionConfiguration',
  DeleteBucketEncryption: 'PutEncryptionConfiguration',
  GetBucketLifecycleConfiguration: 'GetLifecycleConfiguration',
  PutBucketLifecycleConfiguration: 'PutLifecycleConfiguration',
  DeleteBucketLifecycle: 'PutLifecycleConfiguration',
  GetBucketCors: 'GetBucketCORS',
  PutBucketCors: 'PutBucketCORS',
  DeleteBucketCors: 'PutBucketCORS',
  GetPublicAccessBlock: 'GetBucketPublicAccessBlock',
  PutPublicAccessBlock: 'PutBucketPublicAccessBlock',
  DeletePublicAccessBlock: 'PutBucketPublicAccessBlock',
  DeleteBucketTagging: 'PutBucketTagging',
  GetBucketNotificationConfiguration: 'GetBucketNotification',
  PutBucketNotificationConfiguration: 'PutBucketNotification',
  DeleteBucketOwnershipControls: 'PutBucketOwnershipControls',
  GetBucketReplication: 'GetReplicationConfiguration',
  PutBucketReplication: 'PutReplicationConfiguration',
  DeleteBucketReplication: 'PutReplicationConfiguration',
  GetObjectLockConfiguration: 'GetBucketObjectLockConfiguration',
  PutObjectLockConfiguration: 'PutBucketObjectLockConfiguration',
  DeleteBucketWebsite: 'DeleteBucketWebsite',
};

const S3_VERSIONED: Readonly<Record<string, string>> = {
  GetObject: 'GetObjectVersion',
  HeadObject: 'GetObjectVersion',
  DeleteObject: 'DeleteObjectVersion',
  GetObjectAcl: 'GetObjectVersionAcl',
  PutObjectAcl: 'PutObjectVersionAcl',
  GetObjectTagging: 'GetObjectVersionTagging',
  PutObjectTagging: 'PutObjectVersionTagging',
  DeleteObjectTagging: 'DeleteObjectVersionTagging',
};

function s3Operations(): Record<string, OperationAuthz> {
  const ops: Record<string, OperationAuthz> = {};
  for (const [op, action] of Object.entries(S3_SAME_AS)) ops[op] = { actions: [action] };
  for (const [op, action] of Object.entries(S3_VERSIONED)) ops[op] = { ...ops[op], whenMember: { VersionId: action } };
  ops['GetObjectAttributes'] = { actions: ['GetObject', 'GetObjectAttributes'] };
  return ops;
}

/**
 * Rules of the services Rampart speaks but does not serve yet (their own folders will declare them
 * when they are built; see docs/authz.md). IAM and STS declare theirs in src/services/.
 */
export const REFERENCE_GAPS: readonly ServiceAuthorization[] = [
  { prefix: 's3', variables: { BucketName: ['Bucket'], ObjectName: ['Key'] }, operations: s3Operations() },
  { prefix: 'kms', variables: { Alias: ['AliasName'] }, operations: {} },
  {
    prefix: 'events',
    variables: { RuleName: ['Rule', 'Name'], ArchiveName: ['ArchiveName'], ConnectionName: ['Name'], ApiDestinationName: ['Name'], ReplayName: ['ReplayName'], EndpointName: ['Name'] },
    operations: {},
  },
  { prefix: 'cloudtrail', variables: { TrailName: ['Name', 'TrailName'] }, operations: {} },
  { prefix: 'guardduty', variables: { FilterName: ['FilterName'], IPSetId: ['IpSetId'] }, operations: {} },
];
