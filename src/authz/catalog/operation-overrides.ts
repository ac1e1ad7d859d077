/**
 * Where an API operation and the IAM authorization of it differ from the default rule
 * (`<prefix>:<OperationName>` on the resources built from the input), as data.
 * Sources: each service's "Actions, resources, and condition keys" page and API reference.
 */

/** How one operation is authorized. */
export interface OperationRule {
  /** Action names (without prefix) checked in order; default: the operation name. */
  readonly actions?: readonly string[];
  /** Action used instead when this input member is present (e.g. S3 `VersionId` -> `GetObjectVersion`). */
  readonly whenMember?: Readonly<Record<string, string>>;
  /** No permission is needed (e.g. STS GetCallerIdentity, GetSessionToken). */
  readonly none?: boolean;
  /** The handler authorizes (e.g. STS AssumeRole: trust policy, MFA, session tags); the chain does not. */
  readonly inHandler?: boolean;
  /**
   * The resource AWS authorizes (and names in AccessDenied) where the reference lists none, as a
   * template over `${Partition}`, `${Account}`, `${Region}` and input members (`${PathPrefix}`
   * defaults to `/`): IAM's List operations act on a path (`...:user/` for ListUsers).
   */
  readonly resource?: string;
}

/** Per-service data: ARN template variables read from other input members, and operation rules. */
export interface ServiceRules {
  /** Template variable -> input member names tried in order (case-insensitive). */
  readonly variables?: Readonly<Record<string, readonly string[]>>;
  /** IAM: a missing `UserName` means the calling user (GetUser, CreateAccessKey, ListMFADevices, ...). */
  readonly userNameDefaultsToCaller?: boolean;
  readonly operations?: Readonly<Record<string, OperationRule>>;
}

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

function s3Operations(): Record<string, OperationRule> {
  const ops: Record<string, OperationRule> = {};
  for (const [op, action] of Object.entries(S3_SAME_AS)) ops[op] = { actions: [action] };
  for (const [op, action] of Object.entries(S3_VERSIONED)) ops[op] = { ...ops[op], whenMember: { VersionId: action } };
  ops['GetObjectAttributes'] = { actions: ['GetObject', 'GetObjectAttributes'] };
  return ops;
}

/** The rules of every service that needs any; services not listed follow the default rule. */
export const SERVICE_RULES: Readonly<Record<string, ServiceRules>> = {
  iam: {
    userNameDefaultsToCaller: true,
    operations: {
      ListUsers: { resource: 'arn:${Partition}:iam::${Account}:user${PathPrefix}' },
      ListRoles: { resource: 'arn:${Partition}:iam::${Account}:role${PathPrefix}' },
      ListGroups: { resource: 'arn:${Partition}:iam::${Account}:group${PathPrefix}' },
      ListInstanceProfiles: { resource: 'arn:${Partition}:iam::${Account}:instance-profile${PathPrefix}' },
      ListServerCertificates: { resource: 'arn:${Partition}:iam::${Account}:server-certificate${PathPrefix}' },
      // AWS: "... is not authorized to perform: iam:ListPolicies on resource: policy path /".
      ListPolicies: { resource: 'policy path ${PathPrefix}' },
    },
    variables: {
      CertificateNameWithPath: ['ServerCertificateName'],
      MfaTokenIdWithPath: ['VirtualMFADeviceName', 'SerialNumber'],
      OidcProviderName: ['OpenIDConnectProviderArn', 'Url'],
      SamlProviderName: ['SAMLProviderArn', 'Name'],
    },
  },
  sts: {
    variables: { FederatedUserName: ['Name'] },
    operations: {
      // "No permissions are required to perform this operation" (even an explicit deny does not apply).
      GetCallerIdentity: { none: true },
      // "No permissions are required for a user to get a session token" (IAM, Permissions for GetSessionToken).
      GetSessionToken: { none: true },
      // One evaluation with the trust policy as resource policy, after the MFA check (sts/handlers/assume-role.ts).
      AssumeRole: { inHandler: true },
    },
  },
  s3: {
    variables: { BucketName: ['Bucket'], ObjectName: ['Key'] },
    operations: s3Operations(),
  },
  kms: { variables: { Alias: ['AliasName'] } },
  events: { variables: { RuleName: ['Rule', 'Name'], ArchiveName: ['ArchiveName'], ConnectionName: ['Name'], ApiDestinationName: ['Name'], ReplayName: ['ReplayName'], EndpointName: ['Name'] } },
  cloudtrail: { variables: { TrailName: ['Name', 'TrailName'] } },
  guardduty: { variables: { FilterName: ['FilterName'], IPSetId: ['IpSetId'] } },
};

/** The operation's rule in service `prefix` (an empty rule when none is listed). */
export function operationRule(prefix: string, operation: string): OperationRule {
  return SERVICE_RULES[prefix]?.operations?.[operation] ?? {};
}
