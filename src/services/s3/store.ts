/**
 * S3 state. Bucket names are global across accounts (one namespace per partition), so both tables
 * use the global scope:
 * - s3.buckets  `<bucket>`        BucketRecord (owner account, region, policy, tags)
 * - s3.objects  `<bucket>/<key>`  ObjectRecord (metadata; the body is a sealed file, blob-store.ts)
 * - s3.uploads  `<bucket>/<uploadId>`          UploadRecord (a multipart upload in progress)
 * - s3.parts    `<bucket>/<uploadId>/<00001>`  PartRecord (one uploaded part, its body a sealed file)
 * Keys sort by their UTF-8 bytes on every backend, which is S3's listing order; bucket names hold
 * no `/`, so `<bucket>/` + prefix lists exactly a bucket's keys under a prefix.
 */
import type { ChecksumAlgorithm } from '../../shared/checksums.js';
import { Table } from '../../storage/table.js';
import type { Scope } from '../../storage/types.js';

export const S3_TABLES = { buckets: 's3.buckets', objects: 's3.objects', uploads: 's3.uploads', parts: 's3.parts' } as const;
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
}

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
  /** A multipart upload's ETag (`<hex MD5 of the parts' MD5s>-<parts>`), without quotes; absent: `md5`. */
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
  readonly object: Pick<ObjectRecord, 'contentType' | 'contentEncoding' | 'contentDisposition' | 'contentLanguage' | 'cacheControl' | 'expires' | 'websiteRedirectLocation' | 'storageClass' | 'metadata' | 'tags'>;
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

/** The store key of an object. */
export const objectKey = (bucket: string, key: string) => `${bucket}/${key}`;
export const bucketArn = (partition: string, bucket: string) => `arn:${partition}:s3:::${bucket}`;
export const objectArn = (partition: string, bucket: string, key: string) => `arn:${partition}:s3:::${bucket}/${key}`;
