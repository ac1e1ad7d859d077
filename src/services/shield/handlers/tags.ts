/** Tags of protections and protection groups: TagResource, UntagResource, ListTagsForResource. */
import type { HandlerContext } from '../../../protocol/service-definition.js';
import type { StoreOps } from '../../../storage/types.js';
import type { Tag } from '../api.generated.js';
import { parseShieldArn } from '../arns.js';
import { accountOf, checkTags, MAX_TAGS, requireSubscription, scopeOf, type OpHandlers, type ShieldDeps } from '../deps.js';
import { invalidResource, limitsExceeded, noGroup, noProtection } from '../errors.js';
import { groups, protections } from '../store.js';

type Ops = 'TagResource' | 'UntagResource' | 'ListTagsForResource';

/** The tags of the protection or group an ARN names, and how to write them back. */
async function target(ops: StoreOps, ctx: HandlerContext, arn: string): Promise<{ tags: readonly Tag[]; save: (tags: Tag[]) => Promise<void> }> {
  const p = parseShieldArn(arn);
  if (!p) throw invalidResource(`Invalid resource ARN: ${arn}`);
  const scope = scopeOf(ctx);
  if (p.kind === 'protection') {
    const rec = p.accountId === accountOf(ctx) ? await protections.get(ops, scope, p.id) : undefined;
    if (!rec) throw noProtection();
    return { tags: rec.tags, save: (tags) => protections.put(ops, scope, rec.id, { ...rec, tags }) };
  }
  const rec = p.accountId === accountOf(ctx) ? await groups.get(ops, scope, p.id) : undefined;
  if (!rec) throw noGroup();
  return { tags: rec.tags, save: (tags) => groups.put(ops, scope, rec.id, { ...rec, tags }) };
}

export function tagHandlers({ store }: ShieldDeps): OpHandlers<Ops> {
  return {
    async TagResource(input, ctx) {
      const add = checkTags(input.Tags);
      await store.transaction(async (tx) => {
        await requireSubscription(tx, ctx);
        const t = await target(tx, ctx, input.ResourceARN);
        const tags = [...t.tags.filter((x) => !add.some((a) => a.Key === x.Key)), ...add];
        if (tags.length > MAX_TAGS) throw limitsExceeded('TAGS', MAX_TAGS);
        await t.save(tags);
      });
      return {};
    },

    async UntagResource(input, ctx) {
      await store.transaction(async (tx) => {
        await requireSubscription(tx, ctx);
        const t = await target(tx, ctx, input.ResourceARN);
        await t.save(t.tags.filter((x) => !input.TagKeys.includes(x.Key ?? '')));
      });
      return {};
    },

    async ListTagsForResource(input, ctx) {
      await requireSubscription(store, ctx);
      const t = await target(store, ctx, input.ResourceARN);
      return { Tags: t.tags.map((x) => ({ ...x })) };
    },
  };
}
