/**
 * S3 state. Bucket names are global across accounts (one namespace per partition), so both tables
 * use the global scope:
 * - s3.buckets  `<bucket>`        BucketRecord (owner account, region, policy, tags)
 * - s3.objects  `<bucket>/<key>`  ObjectRecord (metadata; the body is a sealed file, blob-store.ts)
 * - s3.uploads  `<bucket>/<uploadId>`          UploadRecord (a multipart upload in progress)
 * - s3.parts    `<bucket>/<uploadId>/<00001>`  PartRecord (one uploaded part, its body a sealed file)
 * - s3.object-acls `<bucket>/<key>`  ObjectAclRecord (legacy: an ACL set before ACLs were kept per
 *   version, on `ObjectRecord.acl`; read for the version whose body it names, object-acl.ts)
 * Keys sort by their UTF-8 bytes on every backend, which is S3's listing order; bucket names hold
 * no `/`, so `<bucket>/` + prefix lists exactly a bucket's keys under a prefix.
 */
import type { ChecksumAlgorithm } from '../../shared/checksums.js';
import { Table } from '../../storage/table.js';
import type { Scope } from '../../storage/types.js';

export const S3_TABLES = { buckets: 's3.buckets', objects: 's3.objects', uploads: 's3.uploads', parts: 's3.parts', versions: 's3.versions', objectAcls: 's3.object-acls' } as const;
export const GLOBAL: Scope = { kind: 'global' };

export interface TagRecord {
  readonly Key: string;
  readonly Value: string;
}

export interface BucketRecord {
  readonly name: string;
  readonly accountId: string;
  readonly region: string;
  /** Epoch ms. */
  readonly createdAt: number;
  /** The bucket policy as the owner wrote it (returned as is by GetBucketPolicy). */
  readonly policy?: string;
  readonly tags?: readonly TagRecord[];
  /** Versioning status once configured (absent: never enabled). versioning.ts */
  readonly versioning?: 'Enabled' | 'Suspended';
  /** The lifecycle rules as validated (lifecycle/rules.ts); absent: none. */
  readonly lifecycle?: readonly LifecycleRuleRecord[];
  /** The default encryption configuration (PutBucketEncryption); absent: AWS's default for a new bucket (sse/bucket-encryption.ts). */
  readonly encryption?: BucketEncryption;
  /** Block Public Access of the bucket; absent: none (buckets made before it was served). access/public-access.ts */
  readonly publicAccessBlock?: PublicAccessBlockRecord;
  /** Object Ownership; absent: BucketOwnerEnforced (the default), `none` once deleted (ACLs enabled). */
  readonly ownership?: 'BucketOwnerEnforced' | 'BucketOwnerPreferred' | 'ObjectWriter' | 'none';
  /** The bucket ACL's grants beside the owner's FULL_CONTROL (ACLs enabled only). access/acl.ts */
  readonly aclGrants?: readonly GrantRecord[];
  /** The CORS configuration's rules. access/cors.ts */
  readonly cors?: readonly CorsRuleRecord[];
}

/** A lifecycle rule as stored (the validated shape of the API's LifecycleRule). */
export interface LifecycleRuleRecord {
  readonly id: string;
  readonly enabled: boolean;
  readonly prefix: string;
  readonly tags: readonly TagRecord[];
  readonly sizeGreaterThan?: number;
  readonly sizeLessThan?: number;
  /** How the filter was written (Prefix at the rule's top level, Filter.Prefix, Tag, And, ...), to answer it back as given. */
  readonly filterForm: 'legacy' | 'none' | 'prefix' | 'tag' | 'size' | 'and';
  readonly expirationDays?: number;
  /** Epoch ms (midnight UTC). */
  readonly expirationDate?: number;
  readonly expiredObjectDeleteMarker?: boolean;
  readonly noncurrentDays?: number;
  readonly newerNoncurrentVersions?: number;
  readonly abortDays?: number;
}

export interface PublicAccessBlockRecord {
  readonly BlockPublicAcls: boolean;
  readonly IgnorePublicAcls: boolean;
  readonly BlockPublicPolicy: boolean;
  readonly RestrictPublicBuckets: boolean;
}

/** One ACL grant: a canonical user (ID) or a group (URI). */
export interface GrantRecord {
  readonly type: 'CanonicalUser' | 'Group';
  /** The canonical user ID or the group URI. */
  readonly grantee: string;
  readonly permission: 'FULL_CONTROL' | 'WRITE' | 'WRITE_ACP' | 'READ' | 'READ_ACP';
}

export interface CorsRuleRecord {
  readonly ID?: string;
  readonly AllowedHeaders?: readonly string[];
  readonly AllowedMethods: readonly string[];
  readonly AllowedOrigins: readonly string[];
  readonly ExposeHeaders?: readonly string[];
  readonly MaxAgeSeconds?: number;
}

/** One object version's ACL (ACLs enabled): its owner and the grants beside the owner's FULL_CONTROL. */
export interface ObjectAcl {
  /** The object's owner account (ObjectWriter: the writer). */
  readonly owner: string;
  readonly grants: readonly GrantRecord[];
}

/**
 * Legacy (s3.object-acls): one ACL per key, bound to the body it was set on, as stored before ACLs
 * were kept on each version's record. Still read (object-acl.ts), never written.
 */
export interface ObjectAclRecord extends ObjectAcl {
  /** The blob id of the object version the ACL belongs to. */
  readonly blobId: string;
}

/** A bucket's default encryption rule, as stored. */
export interface BucketEncryption {
  readonly algorithm: 'AES256' | 'aws:kms' | 'aws:kms:dsse';
  /** KMSMasterKeyID as the owner wrote it (key id, key ARN, alias name or alias ARN). */
  readonly kmsKeyId?: string;
  readonly bucketKeyEnabled: boolean;
  /** BlockedEncryptionTypes: whether SSE-C uploads are refused (AWS's default for new buckets since April 2026). */
  readonly blockSseC: boolean;
}

/**
 * How an object's body key is protected when it is not SSE-S3 (absent: the store's sealer holds it):
 * SSE-KMS / DSSE-KMS (the KMS data key's ciphertext, the key's ARN, the encryption context; with an
 * S3 Bucket Key the data key is the bucket's), or
 * SSE-C (a salted HMAC of the customer's key to verify the key given on reads; the key itself is never stored).
 */
export type SseRecord =
  | {
      readonly kind: 'aws:kms' | 'aws:kms:dsse';
      readonly keyArn: string;
      /** Base64 KMS ciphertext blob of the data key (the object's or, with a Bucket Key, the bucket's). */
      readonly dataKey: string;
      readonly context: Readonly<Record<string, string>>;
      /** Whether the request gave a context (then returned as x-amz-server-side-encryption-context). */
      readonly contextGiven?: boolean;
      /** S3 Bucket Key: `dataKey` is the bucket key's (context: the bucket ARN). */
      readonly bucketKey?: boolean;
    }
  | {
      readonly kind: 'SSE-C';
      /** Base64 MD5 of the customer key (what AWS returns as x-amz-server-side-encryption-customer-key-MD5). */
      readonly keyMd5: string;
      /** Base64 random salt of the verifier. */
      readonly salt: string;
      /** Base64 HMAC-SHA256 of the salt under the customer key (compared in constant time). */
      readonly verifier: string;
    };

/** Where an object's body is and how to open it. */
export interface BlobRef {
  /** File name under the objects directory (random, never derived from the key). */
  readonly id: string;
  /** The object's data key, sealed by the store's sealer for `s3.blobs/<id>`. */
  readonly sealedKey: string;
}

export interface ObjectRecord {
  readonly bucket: string;
  readonly key: string;
  readonly size: number;
  /** Hex MD5 of the body, without quotes. */
  readonly md5: string;
  /** A multipart upload's ETag (`<hex MD5 of the parts' MD5s>-<parts>`), or an SSE-KMS / SSE-C object's (random: not its MD5), without quotes; absent: `md5`. */
  readonly etag?: string;
  /** Epoch ms. */
  readonly lastModified: number;
  readonly blob: BlobRef;
  readonly contentType: string;
  readonly contentEncoding?: string;
  readonly contentDisposition?: string;
  readonly contentLanguage?: string;
  readonly cacheControl?: string;
  readonly expires?: string;
  readonly websiteRedirectLocation?: string;
  readonly storageClass?: string;
  /** x-amz-meta-* (names lower-cased, as S3 stores them). */
  readonly metadata: Readonly<Record<string, string>>;
  /** Flexible checksums by algorithm (`CRC32`, ...), base64 (a composite one ends with `-<parts>`). */
  readonly checksums: Readonly<Record<string, string>>;
  /** How `checksums` were computed: FULL_OBJECT (absent: the default) or COMPOSITE (multipart uploads). */
  readonly checksumType?: 'COMPOSITE' | 'FULL_OBJECT';
  readonly tags: readonly TagRecord[];
  /** The account that uploaded it. */
  readonly owner: string;
  /** Its version id (versioning.ts); absent: the `null` version of a bucket never versioned when it was written. */
  readonly versionId?: string;
  /** A multipart object's parts (size, MD5, checksums), for GetObject partNumber and GetObjectAttributes. */
  readonly parts?: readonly { readonly size: number; readonly md5: string; readonly checksums?: Readonly<Record<string, string>> }[];
  /** SSE-KMS, DSSE-KMS or SSE-C; absent: SSE-S3. */
  readonly sse?: SseRecord;
  /** This version's ACL (PutObject's ACL headers, PutObjectAcl); absent: the default, or a legacy row (object-acl.ts). */
  readonly acl?: ObjectAcl;
}

export interface UploadRecord {
  readonly bucket: string;
  readonly key: string;
  readonly uploadId: string;
  /** Epoch ms. */
  readonly initiated: number;
  /** The account and principal ARN that created it. */
  readonly owner: string;
  readonly initiator: string;
  /** What the completed object gets (CreateMultipartUpload's headers). */
  readonly object: Pick<ObjectRecord, 'contentType' | 'contentEncoding' | 'contentDisposition' | 'contentLanguage' | 'cacheControl' | 'expires' | 'websiteRedirectLocation' | 'storageClass' | 'metadata' | 'tags' | 'sse'>;
  /** The checksum CreateMultipartUpload asked for (multipart-checksums.ts). */
  readonly checksum?: { readonly algorithm: ChecksumAlgorithm; readonly type: 'COMPOSITE' | 'FULL_OBJECT' };
}

export interface PartRecord {
  readonly partNumber: number;
  readonly size: number;
  readonly md5: string;
  readonly lastModified: number;
  readonly blob: BlobRef;
  /** The part's checksums by algorithm, base64 (always the upload's algorithm when it has one). */
  readonly checksums?: Readonly<Record<string, string>>;
}

export const uploads = new Table<UploadRecord>(S3_TABLES.uploads);
export const parts = new Table<PartRecord>(S3_TABLES.parts);
export const uploadKey = (bucket: string, uploadId: string) => `${bucket}/${uploadId}`;
export const partKey = (bucket: string, uploadId: string, n: number) => `${bucket}/${uploadId}/${String(n).padStart(5, '0')}`;

/** The object's ETag without quotes. */
export const etagOf = (r: ObjectRecord) => r.etag ?? r.md5;

export const buckets = new Table<BucketRecord>(S3_TABLES.buckets);
export const objects = new Table<ObjectRecord>(S3_TABLES.objects);
/** `<bucket>/<key>` -> ObjectAclRecord (s3.object-acls, legacy: read and swept, no longer written). */
export const objectAcls = new Table<ObjectAclRecord>(S3_TABLES.objectAcls);

/** The store key of an object. */
export const objectKey = (bucket: string, key: string) => `${bucket}/${key}`;
export const bucketArn = (partition: string, bucket: string) => `arn:${partition}:s3:::${bucket}`;
export const objectArn = (partition: string, bucket: string, key: string) => `arn:${partition}:s3:::${bucket}/${key}`;
