/** Put/Get/DeleteObjectTagging: the TagSet of an object, or of one of its versions (at most 10 tags). */
import type { HandlerContext } from '../../../protocol/service-definition.js';
import type { OpHandlers, S3Deps } from '../deps.js';
import { noSuchKey } from '../errors.js';
import { checkTags, MAX_OBJECT_TAGS } from '../tags.js';
import { GLOBAL, objectKey, objects, type TagRecord } from '../store.js';
import { versionToRead } from '../version-reads.js';
import { checkVersionId, updateVersion, versionIdOf } from '../versioning.js';

/** Sets the tags of the current object (NoSuchKey without one) or of version `versionId`; answers the version changed. */
async function retag(deps: S3Deps, bucket: string, key: string, versionId: string | undefined, tags: readonly TagRecord[], method: string): Promise<string | undefined> {
  if (versionId !== undefined) checkVersionId(versionId);
  return deps.store.transaction(async (tx) => {
    const id = versionId ?? (await objects.get(tx, GLOBAL, objectKey(bucket, key)))?.versionId ?? 'null';
    if (versionId === undefined && !(await objects.get(tx, GLOBAL, objectKey(bucket, key)))) throw noSuchKey(key);
    return (await updateVersion(tx, bucket, key, id, (r) => ({ ...r, tags }), method)).versionId;
  });
}

const versionOut = (v: string | undefined) => (v !== undefined ? { VersionId: v } : {});

export function objectTaggingHandlers(deps: S3Deps): OpHandlers<'PutObjectTagging' | 'GetObjectTagging' | 'DeleteObjectTagging'> {
  const read = (input: { Bucket: string; Key: string; VersionId?: string | undefined }, ctx: HandlerContext) => versionToRead(deps, ctx, input, 'GET');
  return {
    async PutObjectTagging(input) {
      const tags = checkTags((input.Tagging.TagSet ?? []).map((t) => ({ Key: t.Key, Value: t.Value })), MAX_OBJECT_TAGS);
      return versionOut(await retag(deps, input.Bucket, input.Key, input.VersionId, tags, 'PUT'));
    },
    async GetObjectTagging(input, ctx) {
      const rec = await read(input, ctx);
      return { TagSet: rec.tags.map((t) => ({ Key: t.Key, Value: t.Value })), ...(rec.versionId !== undefined ? { VersionId: versionIdOf(rec) } : {}) };
    },
    async DeleteObjectTagging(input) {
      return versionOut(await retag(deps, input.Bucket, input.Key, input.VersionId, [], 'DELETE'));
    },
  };
}
