/**
 * CopyObject: the source is read (s3:GetObject on it is checked here, with its bucket's policy: the
 * chain authorized s3:PutObject on the destination) and written anew, re-encrypted under a new data
 * key. MetadataDirective COPY (default) keeps the source's headers and metadata, REPLACE takes the
 * request's; TaggingDirective likewise for tags.
 */
import type { Authorizer } from '../../../authz/authorizer.js';
import type { HandlerContext } from '../../../protocol/service-definition.js';
import { checkKey } from '../authz.js';
import { checkPreconditions } from '../conditions.js';
import { accountOf, bucketNamed, enforcedBucket, type OpHandlers, type S3Deps } from '../deps.js';
import { copyToItself, invalidArgument, invalidCopySource, noSuchKey, preconditionFailed } from '../errors.js';
import { BodyTap, checksumsFor, commitObject, writeBody } from '../object-write.js';
import type { ChecksumAlgorithm } from '../../../shared/checksums.js';
import { checkMetadata, checkNoAcl, contentHeaders } from '../object-headers.js';
import { encryptionForRead, encryptionForWrite, etagFields, sseOutput } from '../sse/object-encryption.js';
import { checkTags, MAX_OBJECT_TAGS, parseTaggingHeader, tagKeys } from '../tags.js';
import { clientError } from '../../../shared/aws-error.js';
import { checkVersionId, findVersion, noSuchVersion } from '../versioning.js';
import { expirationOf } from '../lifecycle/expiration-header.js';
import { bucketArn, etagOf, GLOBAL, objectArn, objectKey, objects, type ObjectRecord } from '../store.js';
import { visibleBucketPolicy } from '../access/acl-policy.js';

/** `bucket/key` or `/bucket/key`, URL-encoded, optionally `?versionId=<id>` (versioning.ts checks its form). */
export function parseCopySource(raw: string): { bucket: string; key: string; versionId?: string } {
  const [path, query] = raw.split('?', 2) as [string, string | undefined];
  const versionId = query?.startsWith('versionId=') ? query.slice('versionId='.length) : undefined;
  if (query !== undefined && versionId === undefined) throw invalidArgument('Invalid version id specified', 'x-amz-copy-source', raw.slice(0, 1024));
  if (versionId !== undefined) checkVersionId(versionId, 'x-amz-copy-source');
  let decoded: string;
  try {
    decoded = decodeURIComponent(path.replace(/^\//, ''));
  } catch {
    throw invalidCopySource();
  }
  const slash = decoded.indexOf('/');
  if (slash <= 0 || slash === decoded.length - 1) throw invalidCopySource();
  return { bucket: decoded.slice(0, slash), key: decoded.slice(slash + 1), ...(versionId !== undefined ? { versionId } : {}) };
}

/** s3:GetObject on the source, as the chain would check it (the source bucket's policy as the caller sees it, its owner). */
export async function authorizeRead(authorizer: Authorizer, ctx: HandlerContext, src: ObjectRecord, owner: string, policy: string | undefined, versionId?: string): Promise<void> {
  const arn = objectArn('aws', src.bucket, src.key);
  const resourcePolicy = policy ? authorizer.pip.compile({ id: `${bucketArn('aws', src.bucket)}/policy`, name: 'BucketPolicy', document: policy }, 'resource', 'resource') : undefined;
  await authorizer.enforce({ prefix: 's3', protocol: 'rest-xml' }, ctx.caller, ctx.caller, [
    {
      action: versionId !== undefined ? 's3:GetObjectVersion' : 's3:GetObject',
      resource: arn,
      context: { 's3:ResourceAccount': owner, ...tagKeys(src.tags, 's3:ExistingObjectTag'), ...(versionId !== undefined ? { 's3:VersionId': versionId } : {}) },
      ...(resourcePolicy ? { resourcePolicy } : {}),
      ...(owner !== ctx.caller.principal.accountId ? { resourceAccountId: owner } : {}),
    },
  ]);
}

/** The x-amz-copy-source-if-* conditions of CopyObject and UploadPartCopy. */
interface CopySourceConditions {
  readonly CopySourceIfMatch?: string | undefined;
  readonly CopySourceIfNoneMatch?: string | undefined;
  readonly CopySourceIfModifiedSince?: Date | undefined;
  readonly CopySourceIfUnmodifiedSince?: Date | undefined;
}

/**
 * The source object of a copy (CopyObject, UploadPartCopy): its bucket must exist, the object too, the
 * caller must be allowed s3:GetObject on it, and its conditions must hold (every failed one is 412).
 */
export async function readCopySource(deps: S3Deps, ctx: HandlerContext, from: { bucket: string; key: string; versionId?: string }, input: CopySourceConditions): Promise<ObjectRecord> {
  const srcBucket = await enforcedBucket(deps, from.bucket);
  let src: ObjectRecord | undefined;
  if (from.versionId !== undefined) {
    const found = await findVersion(deps.store, from.bucket, from.key, from.versionId);
    if (!found) throw noSuchVersion(from.key, from.versionId);
    if (found.entry.marker) throw clientError('InvalidRequest', 'The source of a copy request may not specifically refer to a delete marker by version id.', 400);
    src = found.entry;
  } else src = await objects.get(deps.store, GLOBAL, objectKey(from.bucket, from.key));
  if (!src) throw noSuchKey(from.key);
  await authorizeRead(deps.authorizer(), ctx, src, srcBucket.accountId, visibleBucketPolicy(srcBucket, ctx.caller.principal), from.versionId);
  try {
    checkPreconditions({ IfMatch: input.CopySourceIfMatch, IfNoneMatch: input.CopySourceIfNoneMatch, IfModifiedSince: input.CopySourceIfModifiedSince, IfUnmodifiedSince: input.CopySourceIfUnmodifiedSince } as never, etagOf(src), src.lastModified);
  } catch (e) {
    throw preconditionFailed(`x-amz-copy-source-${(e as { fields?: { Condition?: string } }).fields?.Condition ?? (input.CopySourceIfNoneMatch !== undefined ? 'If-None-Match' : 'If-Modified-Since')}`);
  }
  return src;
}

export function copyObjectHandlers(deps: S3Deps): OpHandlers<'CopyObject'> {
  return {
    async CopyObject(input, ctx) {
      checkKey(input.Key);
      checkNoAcl(input);
      const from = parseCopySource(input.CopySource);
      checkKey(from.key);
      const directive = input.MetadataDirective ?? 'COPY';
      const tagging = input.TaggingDirective ?? 'COPY';
      if (directive !== 'COPY' && directive !== 'REPLACE') throw invalidArgument('Unknown metadata directive.', 'x-amz-metadata-directive', directive);
      if (tagging !== 'COPY' && tagging !== 'REPLACE') throw invalidArgument('Unknown tagging directive.', 'x-amz-tagging-directive', tagging);
      const src = await readCopySource(deps, ctx, from, input);
      const same = from.bucket === input.Bucket && from.key === input.Key && from.versionId === undefined;
      if (same && directive === 'COPY' && input.StorageClass === undefined && input.WebsiteRedirectLocation === undefined && input.ServerSideEncryption === undefined && input.SSECustomerAlgorithm === undefined && input.SSEKMSKeyId === undefined) throw copyToItself();

      const tap = new BodyTap(checksumsFor(Object.keys(src.checksums).concat(input.ChecksumAlgorithm ?? []) as ChecksumAlgorithm[]));
      // The source's key (its SSE-C key, or kms:Decrypt), then the destination's (its headers or its bucket's default).
      const sourceKey = await encryptionForRead(deps, ctx, src.sse, { algorithm: input.CopySourceSSECustomerAlgorithm, key: input.CopySourceSSECustomerKey, keyMd5: input.CopySourceSSECustomerKeyMD5 });
      const enc = await encryptionForWrite(deps, ctx, input, await bucketNamed(deps, input.Bucket), input.Key);
      const blob = await writeBody(deps, deps.blobs.read(src.blob, src.size, 0, src.size - 1, sourceKey), tap, enc.keyFor);
      const sums = tap.results();
      // The website redirect is the object's own: never copied, whatever the directive; the request's applies.
      const redirect = input.WebsiteRedirectLocation !== undefined ? { WebsiteRedirectLocation: input.WebsiteRedirectLocation } : {};
      const headers = directive === 'REPLACE' ? { ...contentHeaders(input), metadata: checkMetadata(input.Metadata) } : { ...contentHeaders({ ...toInput(src), ...redirect, ...(input.StorageClass ? { StorageClass: input.StorageClass } : {}) }), metadata: { ...src.metadata } };
      const tags = tagging === 'REPLACE' ? checkTags(parseTaggingHeader(input.Tagging ?? ''), MAX_OBJECT_TAGS) : src.tags;
      const rec: ObjectRecord = { bucket: input.Bucket, key: input.Key, size: tap.bytes, md5: sums.md5, lastModified: ctx.caller.now, blob, ...headers, checksums: sums.checksums, tags, owner: accountOf(ctx), ...(enc.sse ? { sse: enc.sse } : {}), ...etagFields(enc.sse) };
      const committed = await commitObject(deps, rec, input);
      const sum = Object.entries(committed.checksums).map(([a, v]) => ({ [`Checksum${a}`]: v }));
      return {
        CopyObjectResult: Object.assign({ ETag: `"${etagOf(committed)}"`, LastModified: new Date(committed.lastModified) }, ...sum),
        ...sseOutput(committed.sse, true),
        ...(committed.versionId ? { VersionId: committed.versionId } : {}),
        ...(src.versionId ? { CopySourceVersionId: src.versionId } : {}),
        ...(await expirationOf(deps.store, committed)),
      };
    },
  };
}

/** A stored object's content headers as request members (for COPY; not its website redirect, which is not copied). */
function toInput(r: ObjectRecord) {
  return {
    ContentType: r.contentType,
    ...(r.contentEncoding !== undefined ? { ContentEncoding: r.contentEncoding } : {}),
    ...(r.contentDisposition !== undefined ? { ContentDisposition: r.contentDisposition } : {}),
    ...(r.contentLanguage !== undefined ? { ContentLanguage: r.contentLanguage } : {}),
    ...(r.cacheControl !== undefined ? { CacheControl: r.cacheControl } : {}),
    ...(r.expires !== undefined ? { Expires: r.expires } : {}),
    ...(r.storageClass !== undefined ? { StorageClass: r.storageClass } : {}),
  };
}
