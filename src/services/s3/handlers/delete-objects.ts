/** DeleteObject and DeleteObjects: the row goes first (in a transaction), then the file. */
import { isAwsError } from '../../../shared/aws-error.js';
import type { DeletedObject, ErrorShape } from '../api.generated.js';
import { checkKey } from '../authz.js';
import type { OpHandlers, S3Deps } from '../deps.js';
import { invalidArgument, malformedXml } from '../errors.js';
import { GLOBAL, objectKey, objects, type ObjectRecord } from '../store.js';

/** "You can delete up to 1,000 objects in a single request." */
export const MAX_DELETE_KEYS = 1000;

async function remove(deps: S3Deps, bucket: string, key: string): Promise<void> {
  const gone: ObjectRecord | undefined = await deps.store.transaction(async (tx) => {
    const rec = await objects.get(tx, GLOBAL, objectKey(bucket, key));
    if (rec) await objects.delete(tx, GLOBAL, objectKey(bucket, key));
    return rec;
  });
  if (gone) await deps.blobs.remove(gone.blob).catch((e: unknown) => deps.log('removing a deleted object body failed', e));
}

export function deleteHandlers(deps: S3Deps): OpHandlers<'DeleteObject' | 'DeleteObjects'> {
  return {
    async DeleteObject(input) {
      checkKey(input.Key);
      if (input.VersionId !== undefined && input.VersionId !== 'null') throw invalidArgument('Invalid version id specified', 'versionId', input.VersionId);
      await remove(deps, input.Bucket, input.Key);
      return {};
    },
    async DeleteObjects(input) {
      const list = input.Delete?.Objects ?? [];
      if (list.length === 0 || list.length > MAX_DELETE_KEYS) throw malformedXml();
      const deleted: DeletedObject[] = [];
      const errors: ErrorShape[] = [];
      for (const o of list) {
        try {
          if (typeof o.Key !== 'string') throw malformedXml();
          checkKey(o.Key);
          await remove(deps, input.Bucket, o.Key);
          if (!input.Delete.Quiet) deleted.push({ Key: o.Key });
        } catch (e) {
          if (!isAwsError(e)) throw e;
          if (e.code === 'MalformedXML') throw e;
          errors.push({ Key: o.Key, Code: e.code, Message: e.message });
        }
      }
      return { ...(deleted.length ? { Deleted: deleted } : {}), ...(errors.length ? { Errors: errors } : {}) };
    },
  };
}
