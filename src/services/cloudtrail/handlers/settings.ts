/** Put/GetEventSelectors, Add/Remove/ListTags, ListPublicKeys. */
import { CloudTrailARNInvalidException, ResourceNotFoundException, type PublicKey, type ResourceTag } from '../api.generated.js';
import { hereOf, type CloudTrailDeps, type OpHandlers } from '../deps.js';
import { checkTags } from '../errors.js';
import { checkSelectors, DEFAULT_SELECTORS } from '../selectors.js';
import { publicKeys, regionScope, trails, type TrailRecord } from '../store.js';
import { trailRef } from '../trail-names.js';
import { notManagementAccount, seesOrganizationTrail } from '../organization-trails.js';
import { findTrail } from '../trail-lookup.js';
import type { HandlerContext } from '../../../protocol/service-definition.js';

/** The trail a tagging ResourceId (an ARN) names; another account's organization trail only to read its tags. */
async function taggedTrail(deps: CloudTrailDeps, resourceId: string, ctx: HandlerContext, write: boolean): Promise<TrailRecord> {
  if (!resourceId.startsWith('arn:')) throw new CloudTrailARNInvalidException(`ARN ${resourceId} is invalid.`);
  const here = hereOf(ctx);
  const ref = trailRef(resourceId, here);
  const t = await trails.get(deps.store, regionScope(ref.accountId, ref.region), ref.name);
  if (t && ref.accountId !== here.accountId) {
    if (!(await seesOrganizationTrail(deps.organizations, here.accountId, t))) throw new ResourceNotFoundException(`Resource not found: ${resourceId}`);
    if (write) throw notManagementAccount(here.accountId);
  }
  if (!t) throw new ResourceNotFoundException(`Resource not found: ${resourceId}`);
  return t;
}

export function settingsHandlers(deps: CloudTrailDeps): OpHandlers<'PutEventSelectors' | 'GetEventSelectors' | 'AddTags' | 'RemoveTags' | 'ListTags' | 'ListPublicKeys'> {
  const save = (t: TrailRecord) => trails.put(deps.store, regionScope(t.arn.split(':')[4]!, t.homeRegion), t.name, t);
  return {
    async PutEventSelectors(input, ctx) {
      const t = await findTrail(deps, input.TrailName, ctx, true);
      const selectors = checkSelectors(input.EventSelectors, input.AdvancedEventSelectors);
      const { eventSelectors: _b, advancedEventSelectors: _a, ...rest } = t;
      await save({ ...rest, ...selectors });
      return { TrailARN: t.arn, ...(selectors.eventSelectors ? { EventSelectors: selectors.eventSelectors } : {}), ...(selectors.advancedEventSelectors ? { AdvancedEventSelectors: selectors.advancedEventSelectors } : {}) };
    },
    async GetEventSelectors(input, ctx) {
      const t = await findTrail(deps, input.TrailName, ctx);
      if (t.advancedEventSelectors) return { TrailARN: t.arn, AdvancedEventSelectors: [...t.advancedEventSelectors] };
      return { TrailARN: t.arn, EventSelectors: [...(t.eventSelectors ?? DEFAULT_SELECTORS)] };
    },
    async AddTags(input, ctx) {
      const t = await taggedTrail(deps, input.ResourceId, ctx, true);
      await save({ ...t, tags: checkTags(input.TagsList, t.tags) });
      return {};
    },
    async RemoveTags(input, ctx) {
      const t = await taggedTrail(deps, input.ResourceId, ctx, true);
      const drop = new Set(input.TagsList.map((x) => x.Key));
      await save({ ...t, tags: t.tags.filter((x) => !drop.has(x.Key)) });
      return {};
    },
    async ListTags(input, ctx) {
      const out: ResourceTag[] = [];
      for (const id of input.ResourceIdList) {
        const t = await taggedTrail(deps, id, ctx, false);
        out.push({ ResourceId: t.arn, TagsList: [...t.tags] });
      }
      return { ResourceTagList: out };
    },
    async ListPublicKeys(input, ctx) {
      const here = hereOf(ctx);
      const start = input.StartTime?.getTime() ?? 0;
      const end = input.EndTime?.getTime() ?? Number.MAX_SAFE_INTEGER;
      const keys = await publicKeys.list(deps.store, regionScope(here.accountId, here.region));
      const list: PublicKey[] = keys
        .map((r) => r.value)
        .filter((k) => k.validityStartTime <= end && (k.validityEndTime ?? Number.MAX_SAFE_INTEGER) >= start)
        .map((k) => ({ Value: Buffer.from(k.value, 'base64'), Fingerprint: k.fingerprint, ValidityStartTime: new Date(k.validityStartTime), ...(k.validityEndTime !== undefined ? { ValidityEndTime: new Date(k.validityEndTime) } : {}) }));
      return { PublicKeyList: list };
    },
  };
}
