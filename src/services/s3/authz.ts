/**
 * How S3 requests are authorized (Service Authorization Reference, "Actions defined by Amazon S3",
 * and the S3 User Guide's "How Amazon S3 authorizes a request"): the action of each operation, the
 * canonical bucket ARN `arn:aws:s3:::bucket` or object ARN `arn:aws:s3:::bucket/key`, the bucket's
 * owner (cross-account: the identity's policies and the bucket policy must both allow) and its
 * policy as the resource policy, and S3's condition keys (s3:prefix, s3:delimiter, s3:max-keys,
 * s3:x-amz-server-side-encryption, s3:ExistingObjectTag/*, s3:RequestObjectTag/*, ...).
 * A bucket that does not exist is NoSuchBucket (404) before any decision, as S3 answers.
 */
import type { ResolveEnv, ServiceAuthorization, TargetResource } from '../../authz/service-rules.js';
import { clientError } from '../../shared/aws-error.js';
import type { Store } from '../../storage/types.js';
import { isValidBucketName } from './bucket-names.js';
import { isValidName } from '../../storage/scope-codec.js';
import { invalidArgument, invalidBucketName, keyTooLong, noSuchBucket } from './errors.js';
import { effectivePolicy, enforcedView, NO_ACCOUNT_BLOCK, type AccountBlockSource } from './access/public-access.js';
import { checkBucketRegion } from './access/region-redirect.js';
import { aclsEnabled } from './access/acl.js';
import { aclStatements, withAclStatements } from './access/acl-policy.js';
import { parseTaggingHeader, tagKeys } from './tags.js';
import { findVersion, type VersionEntry } from './versioning.js';
import { aclOfVersion } from './object-acl.js';
import { bucketArn, buckets, GLOBAL, objectArn, objectKey, objects, S3_TABLES, type BucketRecord, type GrantRecord, type TagRecord } from './store.js';

type Input = Readonly<Record<string, unknown>>;
type Keys = Record<string, string | string[]>;

/** "The name for a key is a sequence of Unicode characters whose UTF-8 encoding is at most 1,024 bytes long." */
export const MAX_KEY_BYTES = 1024;

/** Throws KeyTooLongError for a key over 1024 UTF-8 bytes, InvalidArgument for one Rampart cannot store (U+0000, ill-formed). */
export function checkKey(key: string): void {
  const size = Buffer.byteLength(key, 'utf8');
  if (size > MAX_KEY_BYTES) throw keyTooLong(size);
  if (!isValidName(key)) throw invalidArgument('Object key is not valid: it must be a non-empty, well-formed UTF-8 string without U+0000 (unconfirmed)', 'key', '');
}

/**
 * The bucket policy as the resource policy, as Block Public Access lets this caller see it
 * (access/public-access.ts), with the ACL's grants where ACLs are enabled (access/acl-policy.ts).
 */
const policyOf = (b: BucketRecord, arn: string, env: ResolveEnv, objectAcl?: { arn: string; grants: readonly GrantRecord[] }) => {
  const document = withAclStatements(effectivePolicy(b, env.caller.principal), aclStatements(b, arn, objectAcl));
  return document !== undefined ? { policy: { record: { id: `${arn}/policy`, name: 'BucketPolicy', document } } } : {};
};

const defined = (o: Record<string, unknown>): Keys => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Keys;

export function s3Authorization(store: Store, accountBlock: AccountBlockSource = NO_ACCOUNT_BLOCK): ServiceAuthorization {
  async function bucketOf(input: Input, env: ResolveEnv): Promise<BucketRecord> {
    const name = String(input['Bucket']);
    const b = await buckets.get(store, GLOBAL, name);
    if (!b) throw noSuchBucket(name);
    // x-amz-expected-bucket-owner: "If the account ID that you provide does not match the actual owner
    // of the bucket, the request fails with the HTTP status code 403 Forbidden (access denied)."
    if (input['ExpectedBucketOwner'] !== undefined && input['ExpectedBucketOwner'] !== b.accountId) throw clientError('AccessDenied', 'Access Denied', 403);
    checkBucketRegion(b, env.region, env.caller.accessKeyId !== undefined, env.action);
    // Block Public Access as enforced: the bucket's settings with its owner's account-level ones.
    return enforcedView(b, accountBlock);
  }

  /** The bucket as the resource, with the listing keys where the operation has them. */
  async function bucket(input: Input, env: ResolveEnv): Promise<TargetResource[]> {
    const b = await bucketOf(input, env);
    const arn = bucketArn(env.partition, b.name);
    const keys = defined({
      's3:ResourceAccount': b.accountId,
      's3:prefix': input['Prefix'] as string | undefined,
      's3:delimiter': input['Delimiter'] as string | undefined,
      's3:max-keys': input['MaxKeys'] === undefined ? undefined : String(input['MaxKeys']),
    });
    return [{ arn, type: 'bucket', accountId: b.accountId, keys, ...policyOf(b, arn, env) }];
  }

  /** One object of the bucket: its existing tags and the request's S3 keys. */
  async function object(input: Input, env: ResolveEnv): Promise<TargetResource[]> {
    const key = String(input['Key']);
    checkKey(key);
    const b = await bucketOf(input, env);
    const arn = objectArn(env.partition, b.name, key);
    const versionId = typeof input['VersionId'] === 'string' ? input['VersionId'] : undefined;
    // The version acted on gives s3:ExistingObjectTag (a malformed id is the handler's InvalidArgument).
    const found: VersionEntry | undefined = versionId === undefined ? await objects.get(store, GLOBAL, objectKey(b.name, key)) : (await findVersion(store, b.name, key, versionId))?.entry;
    const existing = found && !found.marker ? found : undefined;
    const requestTags: readonly TagRecord[] | undefined =
      typeof input['Tagging'] === 'string' ? parseTaggingHeader(input['Tagging']) : ((input['Tagging'] as { TagSet?: TagRecord[] } | undefined)?.TagSet ?? undefined);
    const keys: Keys = {
      ...defined({
        's3:ResourceAccount': b.accountId,
        's3:x-amz-server-side-encryption': input['ServerSideEncryption'] as string | undefined,
        's3:x-amz-server-side-encryption-aws-kms-key-id': input['SSEKMSKeyId'] as string | undefined,
        's3:x-amz-server-side-encryption-customer-algorithm': input['SSECustomerAlgorithm'] as string | undefined,
        's3:x-amz-acl': input['ACL'] as string | undefined,
        's3:x-amz-copy-source': input['CopySource'] as string | undefined,
        's3:x-amz-metadata-directive': input['MetadataDirective'] as string | undefined,
        's3:x-amz-storage-class': input['StorageClass'] as string | undefined,
        's3:VersionId': versionId,
      }),
      ...(existing ? tagKeys(existing.tags, 's3:ExistingObjectTag') : {}),
      ...(requestTags ? tagKeys(requestTags, 's3:RequestObjectTag', 's3:RequestObjectTagKeys') : {}),
    };
    // The ACL of the version acted on (the one named, else the current one): each version has its own.
    const acl = existing && aclsEnabled(b) ? await aclOfVersion(store, existing) : undefined;
    const objectAcl = acl ? { arn, grants: acl.grants } : undefined;
    return [{ arn, type: 'object', accountId: b.accountId, keys, ...policyOf(b, bucketArn(env.partition, b.name), env, objectAcl) }];
  }

  /** CreateBucket: the name must be valid before anything else; an existing bucket is the handler's answer. */
  async function newBucket(input: Input, env: ResolveEnv): Promise<TargetResource[]> {
    const name = String(input['Bucket']);
    if (!isValidBucketName(name)) throw invalidBucketName(name);
    return [{ arn: bucketArn(env.partition, name), type: 'bucket' }];
  }

  /**
   * The bucket policy operations: the owner account's root user is not subject to the bucket policy
   * ("the root user of the account that owns the bucket can always" read, change and delete it, so a
   * policy that denies everyone cannot lock the owner out); SCPs still apply to it.
   */
  async function policyTarget(input: Input, env: ResolveEnv): Promise<TargetResource[]> {
    const [t] = await bucket(input, env);
    const p = env.caller.principal;
    if (p.type === 'root' && p.accountId === t!.accountId) {
      const { policy: _ignored, ...rest } = t!;
      return [rest];
    }
    return [t!];
  }

  const onBucket = { resolve: bucket };
  const onObject = { resolve: object };
  return {
    prefix: 's3',
    resourceControlPolicies: true,
    tables: [S3_TABLES.buckets, S3_TABLES.objects, S3_TABLES.versions, S3_TABLES.objectAcls, accountBlock.table],
    operations: {
      CreateBucket: { resolve: newBucket },
      DeleteBucket: onBucket,
      HeadBucket: { actions: ['ListBucket'], resolve: bucket },
      ListBuckets: { actions: ['ListAllMyBuckets'] },
      GetBucketLocation: onBucket,
      PutBucketTagging: onBucket,
      GetBucketTagging: onBucket,
      DeleteBucketTagging: { actions: ['PutBucketTagging'], resolve: bucket },
      PutBucketPolicy: { resolve: policyTarget },
      GetBucketPolicy: { resolve: policyTarget },
      DeleteBucketPolicy: { resolve: policyTarget },
      GetBucketPolicyStatus: onBucket,
      GetBucketAcl: onBucket,
      GetObjectAcl: { resolve: object, whenMember: { VersionId: 'GetObjectVersionAcl' } },
      GetBucketEncryption: { actions: ['GetEncryptionConfiguration'], resolve: bucket },
      PutBucketEncryption: { actions: ['PutEncryptionConfiguration'], resolve: bucket },
      DeleteBucketEncryption: { actions: ['PutEncryptionConfiguration'], resolve: bucket },
      GetBucketOwnershipControls: onBucket,
      PutBucketOwnershipControls: onBucket,
      DeleteBucketOwnershipControls: { actions: ['PutBucketOwnershipControls'], resolve: bucket },
      PutPublicAccessBlock: { actions: ['PutBucketPublicAccessBlock'], resolve: bucket },
      GetPublicAccessBlock: { actions: ['GetBucketPublicAccessBlock'], resolve: bucket },
      DeletePublicAccessBlock: { actions: ['PutBucketPublicAccessBlock'], resolve: bucket },
      PutBucketAcl: onBucket,
      PutObjectAcl: { resolve: object, whenMember: { VersionId: 'PutObjectVersionAcl' } },
      PutBucketCors: { actions: ['PutBucketCORS'], resolve: bucket },
      GetBucketCors: { actions: ['GetBucketCORS'], resolve: bucket },
      DeleteBucketCors: { actions: ['PutBucketCORS'], resolve: bucket },
      GetBucketVersioning: onBucket,
      PutBucketVersioning: onBucket,
      ListObjectVersions: { actions: ['ListBucketVersions'], resolve: bucket },
      PutBucketLifecycleConfiguration: { actions: ['PutLifecycleConfiguration'], resolve: bucket },
      GetBucketLifecycleConfiguration: { actions: ['GetLifecycleConfiguration'], resolve: bucket },
      DeleteBucketLifecycle: { actions: ['PutLifecycleConfiguration'], resolve: bucket },
      GetObjectAttributes: { actions: ['GetObject', 'GetObjectAttributes'], resolve: object, whenMember: { VersionId: 'GetObjectVersionAttributes' } },
      ListObjects: { actions: ['ListBucket'], resolve: bucket },
      ListObjectsV2: { actions: ['ListBucket'], resolve: bucket },
      PutObject: onObject,
      GetObject: { resolve: object, whenMember: { VersionId: 'GetObjectVersion' } },
      HeadObject: { actions: ['GetObject'], resolve: object, whenMember: { VersionId: 'GetObjectVersion' } },
      DeleteObject: { resolve: object, whenMember: { VersionId: 'DeleteObjectVersion' } },
      // Each key is authorized by the handler (s3:DeleteObject or s3:DeleteObjectVersion): a denied key is a per-key error.
      DeleteObjects: { inHandler: true },
      CopyObject: { actions: ['PutObject'], resolve: object },
      CreateMultipartUpload: { actions: ['PutObject'], resolve: object },
      UploadPart: { actions: ['PutObject'], resolve: object },
      CompleteMultipartUpload: { actions: ['PutObject'], resolve: object },
      AbortMultipartUpload: onObject,
      UploadPartCopy: { actions: ['PutObject'], resolve: object },
      ListMultipartUploads: { actions: ['ListBucketMultipartUploads'], resolve: bucket },
      ListParts: { actions: ['ListMultipartUploadParts'], resolve: object },
      PutObjectTagging: { resolve: object, whenMember: { VersionId: 'PutObjectVersionTagging' } },
      GetObjectTagging: { resolve: object, whenMember: { VersionId: 'GetObjectVersionTagging' } },
      DeleteObjectTagging: { resolve: object, whenMember: { VersionId: 'DeleteObjectVersionTagging' } },
    },
  };
}
