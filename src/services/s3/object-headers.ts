/** The headers an object keeps (Content-Type, ..., x-amz-meta-*), and S3's checks of them. */
import { clientError } from '../../shared/aws-error.js';
import { notImplemented } from './errors.js';
import { etagOf, type ObjectRecord } from './store.js';
import { sseOutput } from './sse/object-encryption.js';

/** "the user-defined metadata is limited to 2 KB in size" (keys and values, UTF-8). */
export const MAX_METADATA_BYTES = 2048;

interface ContentInput {
  readonly ContentType?: string;
  readonly ContentEncoding?: string;
  readonly ContentDisposition?: string;
  readonly ContentLanguage?: string;
  readonly CacheControl?: string;
  readonly Expires?: string;
  readonly WebsiteRedirectLocation?: string;
  readonly StorageClass?: string;
}

/** The first increment's refusal of SSE-KMS and SSE-C (the handlers now use sse/object-encryption.ts instead). */
export function checkServerSideEncryption(input: { ServerSideEncryption?: string; SSECustomerAlgorithm?: string; SSEKMSKeyId?: string }): void {
  if (input.SSECustomerAlgorithm !== undefined) throw notImplemented('x-amz-server-side-encryption-customer-algorithm');
  if (input.ServerSideEncryption !== undefined && input.ServerSideEncryption !== 'AES256') throw notImplemented('x-amz-server-side-encryption');
  if (input.SSEKMSKeyId !== undefined) throw notImplemented('x-amz-server-side-encryption-aws-kms-key-id');
}

/**
 * New buckets have Object Ownership "bucket owner enforced" (AWS's default since April 2023), so ACLs
 * are disabled: "requests to set ACLs or update ACLs fail ... However, requests to read ACLs are
 * supported" and the `bucket-owner-full-control` canned ACL is accepted.
 */
export function checkNoAcl(input: { ACL?: string; GrantFullControl?: string; GrantRead?: string; GrantReadACP?: string; GrantWriteACP?: string }): void {
  const grants = input.GrantFullControl ?? input.GrantRead ?? input.GrantReadACP ?? input.GrantWriteACP;
  if ((input.ACL !== undefined && input.ACL !== 'bucket-owner-full-control') || grants !== undefined) {
    throw clientError('AccessControlListNotSupported', 'The bucket does not allow ACLs', 400);
  }
}

/** User metadata as stored: at most 2 KB. */
export function checkMetadata(meta: Readonly<Record<string, string>> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  let size = 0;
  for (const [k, v] of Object.entries(meta ?? {})) {
    size += Buffer.byteLength(k, 'utf8') + Buffer.byteLength(v, 'utf8');
    out[k.toLowerCase()] = v;
  }
  if (size > MAX_METADATA_BYTES) throw clientError('MetadataTooLarge', 'Your metadata headers exceed the maximum allowed metadata size', 400, { Size: size, MaxSizeAllowed: MAX_METADATA_BYTES });
  return out;
}

/** The content headers of a request, as stored (binary/octet-stream when no Content-Type is given, as S3 does). */
export function contentHeaders(i: ContentInput): Pick<ObjectRecord, 'contentType' | 'contentEncoding' | 'contentDisposition' | 'contentLanguage' | 'cacheControl' | 'expires' | 'websiteRedirectLocation' | 'storageClass'> {
  return {
    contentType: i.ContentType ?? 'binary/octet-stream',
    ...(i.ContentEncoding !== undefined ? { contentEncoding: i.ContentEncoding } : {}),
    ...(i.ContentDisposition !== undefined ? { contentDisposition: i.ContentDisposition } : {}),
    ...(i.ContentLanguage !== undefined ? { contentLanguage: i.ContentLanguage } : {}),
    ...(i.CacheControl !== undefined ? { cacheControl: i.CacheControl } : {}),
    ...(i.Expires !== undefined ? { expires: i.Expires } : {}),
    ...(i.WebsiteRedirectLocation !== undefined ? { websiteRedirectLocation: i.WebsiteRedirectLocation } : {}),
    ...(i.StorageClass !== undefined && i.StorageClass !== 'STANDARD' ? { storageClass: i.StorageClass } : {}),
  };
}

/** Output members of an object's stored checksums (full-object checksums). */
export function outputChecksums(rec: ObjectRecord): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [a, v] of Object.entries(rec.checksums)) out[`Checksum${a}`] = v;
  if (Object.keys(out).length) out['ChecksumType'] = rec.checksumType ?? 'FULL_OBJECT';
  return out;
}

/** The response headers GetObject and HeadObject share. */
export function objectHeaders(rec: ObjectRecord) {
  return {
    ETag: `"${etagOf(rec)}"`,
    LastModified: new Date(rec.lastModified),
    AcceptRanges: 'bytes',
    ContentType: rec.contentType,
    ...(rec.contentEncoding !== undefined ? { ContentEncoding: rec.contentEncoding } : {}),
    ...(rec.contentDisposition !== undefined ? { ContentDisposition: rec.contentDisposition } : {}),
    ...(rec.contentLanguage !== undefined ? { ContentLanguage: rec.contentLanguage } : {}),
    ...(rec.cacheControl !== undefined ? { CacheControl: rec.cacheControl } : {}),
    ...(rec.expires !== undefined ? { Expires: rec.expires } : {}),
    ...(rec.websiteRedirectLocation !== undefined ? { WebsiteRedirectLocation: rec.websiteRedirectLocation } : {}),
    ...(rec.storageClass !== undefined ? { StorageClass: rec.storageClass as never } : {}),
    Metadata: { ...rec.metadata },
    ...sseOutput(rec.sse),
    ...(rec.tags.length ? { TagCount: rec.tags.length } : {}),
  };
}
