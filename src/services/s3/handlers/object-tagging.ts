/** Put/Get/DeleteObjectTagging: the TagSet of an object (at most 10 tags). */
import type { OpHandlers, S3Deps } from '../deps.js';
import { invalidArgument, noSuchKey } from '../errors.js';
import { checkTags, MAX_OBJECT_TAGS } from '../tags.js';
import { GLOBAL, objectKey, objects, type ObjectRecord, type TagRecord } from '../store.js';

async function retag(deps: S3Deps, bucket: string, key: string, tags: readonly TagRecord[]): Promise<void> {
  await deps.store.transaction(async (tx) => {
    const rec = await objects.get(tx, GLOBAL, objectKey(bucket, key));
    if (!rec) throw noSuchKey(key);
    await objects.put(tx, GLOBAL, objectKey(bucket, key), { ...rec, tags });
  });
}

const unversioned = (v: string | undefined) => {
  if (v !== undefined && v !== 'null') throw invalidArgument('Invalid version id specified', 'versionId', v);
};

export function objectTaggingHandlers(deps: S3Deps): OpHandlers<'PutObjectTagging' | 'GetObjectTagging' | 'DeleteObjectTagging'> {
  return {
    async PutObjectTagging(input) {
      unversioned(input.VersionId);
      const tags = checkTags((input.Tagging.TagSet ?? []).map((t) => ({ Key: t.Key, Value: t.Value })), MAX_OBJECT_TAGS);
      await retag(deps, input.Bucket, input.Key, tags);
      return {};
    },
    async GetObjectTagging(input) {
      unversioned(input.VersionId);
      const rec: ObjectRecord | undefined = await objects.get(deps.store, GLOBAL, objectKey(input.Bucket, input.Key));
      if (!rec) throw noSuchKey(input.Key);
      return { TagSet: rec.tags.map((t) => ({ Key: t.Key, Value: t.Value })) };
    },
    async DeleteObjectTagging(input) {
      unversioned(input.VersionId);
      await retag(deps, input.Bucket, input.Key, []);
      return {};
    },
  };
}
