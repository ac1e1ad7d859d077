/**
 * DeleteObject and DeleteObjects: rows change first (in a transaction, versioning.ts decides between
 * removing the object, adding a delete marker and removing one version), then freed files go.
 * DeleteObjects authorizes each key itself (s3:DeleteObject, or s3:DeleteObjectVersion with its
 * s3:VersionId) and reports a denied key as a per-key AccessDenied, as S3 does.
 */
import { isAwsError } from '../../../shared/aws-error.js';
import type { CompiledPolicy } from '../../../policy/index.js';
import type { HandlerContext } from '../../../protocol/service-definition.js';
import type { DeletedObject, ErrorShape } from '../api.generated.js';
import { checkKey } from '../authz.js';
import { accountOf, enforcedBucket, type OpHandlers, type S3Deps } from '../deps.js';
import { malformedXml } from '../errors.js';
import { clientError } from '../../../shared/aws-error.js';
import { bucketArn, buckets, etagOf, GLOBAL, objectArn, objects, objectKey, type BlobRef, type BucketRecord } from '../store.js';
import type { StoreOps } from '../../../storage/types.js';
import { tagKeys } from '../tags.js';
import { checkVersionId, deleteLatest, deleteVersion, findVersion, type VersionEntry } from '../versioning.js';
import { noSuchBucket, noSuchKey, preconditionFailed } from '../errors.js';
import { aclStatements, withAclStatements } from '../access/acl-policy.js';
import { effectivePolicy } from '../access/public-access.js';
import { checkBucketRegion } from '../access/region-redirect.js';

/** "You can delete up to 1,000 objects in a single request." */
export const MAX_DELETE_KEYS = 1000;

/** What a delete did, as DeleteObject / DeleteObjects report it. */
type Outcome = Pick<DeletedObject, 'VersionId' | 'DeleteMarker' | 'DeleteMarkerVersionId'>;

/** Deletes the latest version (no `versionId`) or one version of a key; removes freed bodies after the commit. */
/**
 * A conditional delete (`If-Match`): the key (or its version) must exist as an object whose ETag is the
 * one given (or `*`), checked in the delete's transaction; otherwise NoSuchKey or 412 PreconditionFailed
 * (moto's AWS-verified test_delete_object_if_match).
 */
async function checkIfMatch(tx: StoreOps, bucket: string, key: string, versionId: string | undefined, ifMatch: string): Promise<void> {
  const entry: VersionEntry | undefined = versionId === undefined ? await objects.get(tx, GLOBAL, objectKey(bucket, key)) : (await findVersion(tx, bucket, key, versionId))?.entry;
  if (!entry || entry.marker) throw noSuchKey(key);
  const wanted = ifMatch.trim();
  if (wanted !== '*' && wanted.replace(/"/g, '') !== etagOf(entry)) throw preconditionFailed('If-Match');
}

export async function deleteKey(deps: S3Deps, bucket: string, key: string, versionId: string | undefined, now: number, owner: string, ifMatch?: string): Promise<Outcome> {
  let freed: BlobRef[] = [];
  const outcome = await deps.store.transaction(async (tx): Promise<Outcome> => {
    const b = await buckets.get(tx, GLOBAL, bucket);
    if (!b) throw noSuchBucket(bucket);
    if (ifMatch !== undefined) await checkIfMatch(tx, bucket, key, versionId, ifMatch);
    if (versionId === undefined) {
      const r = await deleteLatest(tx, b, key, now, owner);
      freed = r.freed;
      return r.marker ? { DeleteMarker: true, DeleteMarkerVersionId: r.marker.versionId } : {};
    }
    const r = await deleteVersion(tx, bucket, key, versionId);
    freed = r?.freed ?? [];
    return { VersionId: versionId, ...(r?.removed.marker ? { DeleteMarker: true, DeleteMarkerVersionId: versionId } : {}) };
  });
  for (const f of freed) await deps.blobs.remove(f).catch((e: unknown) => deps.log('removing a deleted object body failed', e));
  return outcome;
}

/** Whether the caller may delete `key` (or its version `versionId`) of `b` (the chain's decision, made per key). */
async function mayDelete(deps: S3Deps, ctx: HandlerContext, b: BucketRecord, key: string, versionId: string | undefined, resourcePolicy: CompiledPolicy | undefined): Promise<boolean> {
  const authorizer = deps.authorizer();
  const existing: VersionEntry | undefined = versionId === undefined ? await objects.get(deps.store, GLOBAL, objectKey(b.name, key)) : (await findVersion(deps.store, b.name, key, versionId))?.entry;
  const { decision } = await authorizer.decide(ctx.caller, ctx.caller, {
    action: versionId === undefined ? 's3:DeleteObject' : 's3:DeleteObjectVersion',
    resource: objectArn('aws', b.name, key),
    context: { 's3:ResourceAccount': b.accountId, ...(versionId !== undefined ? { 's3:VersionId': versionId } : {}), ...(existing && !existing.marker ? tagKeys(existing.tags, 's3:ExistingObjectTag') : {}) },
    ...(resourcePolicy ? { resourcePolicy } : {}),
    ...(b.accountId !== ctx.caller.principal.accountId ? { resourceAccountId: b.accountId } : {}),
  });
  return decision.decision === 'Allow';
}

export function deleteHandlers(deps: S3Deps): OpHandlers<'DeleteObject' | 'DeleteObjects'> {
  return {
    async DeleteObject(input, ctx) {
      checkKey(input.Key);
      if (input.VersionId !== undefined) checkVersionId(input.VersionId);
      const r = await deleteKey(deps, input.Bucket, input.Key, input.VersionId, ctx.caller.now, accountOf(ctx), input.IfMatch);
      return { ...(r.DeleteMarker ? { DeleteMarker: true } : {}), ...(r.VersionId !== undefined || r.DeleteMarkerVersionId !== undefined ? { VersionId: r.VersionId ?? r.DeleteMarkerVersionId } : {}) };
    },
    async DeleteObjects(input, ctx) {
      const list = input.Delete?.Objects ?? [];
      if (list.length === 0 || list.length > MAX_DELETE_KEYS) throw malformedXml();
      if (list.some((o) => typeof o.Key !== 'string')) throw malformedXml();
      const b = await enforcedBucket(deps, input.Bucket);
      // x-amz-expected-bucket-owner, as the chain checks it for the other operations.
      if (input.ExpectedBucketOwner !== undefined && input.ExpectedBucketOwner !== b.accountId) throw clientError('AccessDenied', 'Access Denied', 403);
      // A signed request for a bucket of another region: 301 PermanentRedirect, as the chain answers the other operations.
      checkBucketRegion(b, ctx.caller.region, ctx.caller.accessKeyId !== undefined, 's3:DeleteObjects');
      // The bucket policy as Block Public Access lets this caller see it, with the bucket ACL's grants (authz.ts policyOf), compiled once for every key.
      const arn = bucketArn('aws', b.name);
      const document = withAclStatements(effectivePolicy(b, ctx.caller.principal), aclStatements(b, arn));
      const authorizer = deps.authorizer();
      const resourcePolicy = document !== undefined ? authorizer.pip.compile({ id: `${arn}/policy`, name: 'BucketPolicy', document }, 'resource', 'resource') : undefined;
      const deleted: DeletedObject[] = [];
      const errors: ErrorShape[] = [];
      for (const o of list) {
        try {
          checkKey(o.Key);
          if (o.VersionId !== undefined) checkVersionId(o.VersionId);
          if (!(await mayDelete(deps, ctx, b, o.Key, o.VersionId, resourcePolicy))) throw clientError('AccessDenied', 'Access Denied', 403);
          const r = await deleteKey(deps, input.Bucket, o.Key, o.VersionId, ctx.caller.now, accountOf(ctx));
          if (!input.Delete.Quiet) deleted.push({ Key: o.Key, ...r });
        } catch (e) {
          if (!isAwsError(e) || e.httpStatus >= 500) throw e;
          errors.push({ Key: o.Key, ...(o.VersionId !== undefined ? { VersionId: o.VersionId.slice(0, 1024) } : {}), Code: e.code, Message: e.message });
        }
      }
      return { ...(deleted.length ? { Deleted: deleted } : {}), ...(errors.length ? { Errors: errors } : {}) };
    },
  };
}
