/** Tags of IP sets, regex pattern sets, rule groups and web ACLs: TagResource, UntagResource, ListTagsForResource. */
import { parseEntityArn } from '../arns.js';
import { entityByArn, saveEntity } from '../entities.js';
import { BAD_ARN, invalidParameter, limitsExceeded, nonexistent } from '../errors.js';
import { checkTags, hereOf, MAX_TAGS, type OpHandlers, type Wafv2Deps } from '../deps.js';
import type { StoreOps } from '../../../storage/types.js';
import type { Here } from '../arns.js';
import { pageBy } from '../paging.js';

type Ops = 'TagResource' | 'UntagResource' | 'ListTagsForResource';

async function target(ops: StoreOps, here: Here, arn: string) {
  if (!parseEntityArn(arn)) throw invalidParameter('RESOURCE_ARN', arn, BAD_ARN);
  const rec = await entityByArn(ops, here, arn);
  if (!rec) throw nonexistent();
  return rec;
}

export function tagHandlers({ store }: Wafv2Deps): OpHandlers<Ops> {
  return {
    async TagResource(input, ctx) {
      checkTags(input.Tags);
      await store.transaction(async (tx) => {
        const rec = await target(tx, hereOf(ctx), input.ResourceARN);
        const add = input.Tags.map((t) => ({ Key: t.Key, Value: t.Value }));
        const tags = [...rec.tags.filter((t) => !add.some((a) => a.Key === t.Key)), ...add];
        if (tags.length > MAX_TAGS) throw limitsExceeded('Tag');
        // Tags are not part of the entity's configuration: the LockToken stays.
        await saveEntity(tx, rec, { tags }, false);
      });
      return {};
    },

    async UntagResource(input, ctx) {
      await store.transaction(async (tx) => {
        const rec = await target(tx, hereOf(ctx), input.ResourceARN);
        await saveEntity(tx, rec, { tags: rec.tags.filter((t) => !input.TagKeys.includes(t.Key)) }, false);
      });
      return {};
    },

    async ListTagsForResource(input, ctx) {
      const rec = await target(store, hereOf(ctx), input.ResourceARN);
      // Limit and NextMarker page the tags; the marker is the last key returned.
      const p = pageBy(rec.tags, (t) => t.Key, input.NextMarker, input.Limit);
      return { TagInfoForResource: { ResourceARN: rec.arn, TagList: p.items.map((t) => ({ ...t })) }, ...(p.next !== undefined ? { NextMarker: p.next } : {}) };
    },
  };
}
