/**
 * Which version a read names (GetObject, HeadObject, GetObjectAttributes, GetObjectTagging): with a
 * version id, that version (NoSuchVersion when the key has none such, 405 MethodNotAllowed for a delete
 * marker); without, the current object (NoSuchKey with `x-amz-delete-marker: true` when the latest
 * version is a delete marker, to a caller who may list the bucket; AccessDenied to others).
 */
import { AwsError } from '../../shared/aws-error.js';
import type { HandlerContext } from '../../protocol/service-definition.js';
import type { S3Deps } from './deps.js';
import { missingKey } from './missing-key.js';
import { GLOBAL, objectKey, objects, type ObjectRecord } from './store.js';
import { checkVersionId, deleteMarkerNotAllowed, findVersion, latestMarker, noSuchVersion } from './versioning.js';

export async function versionToRead(deps: S3Deps, ctx: HandlerContext, input: { Bucket: string; Key: string; VersionId?: string | undefined }, method: string): Promise<ObjectRecord> {
  if (input.VersionId !== undefined) {
    checkVersionId(input.VersionId);
    const found = await findVersion(deps.store, input.Bucket, input.Key, input.VersionId);
    if (!found) throw noSuchVersion(input.Key, input.VersionId);
    if (found.entry.marker) throw deleteMarkerNotAllowed(found.entry, method);
    return found.entry;
  }
  const rec = await objects.get(deps.store, GLOBAL, objectKey(input.Bucket, input.Key));
  if (rec) return rec;
  const err = await missingKey(deps, ctx, input.Bucket, input.Key);
  const marker = err.code === 'NoSuchKey' ? await latestMarker(deps.store, input.Bucket, input.Key) : undefined;
  if (!marker) throw err;
  throw new AwsError({ code: err.code, message: err.message, httpStatus: err.httpStatus, senderFault: true, fields: err.fields, headers: { 'x-amz-delete-marker': 'true', 'x-amz-version-id': marker.versionId } });
}
