/**
 * How CloudTrail operations are authorized (Service Authorization Reference): `cloudtrail:<Operation>`
 * on the canonical ARN of the trail acted upon (`arn:aws:cloudtrail:<region>:<account>:trail/<name>`,
 * from the Name/TrailName member, a name or an ARN, or the ResourceId(s) of the tagging operations),
 * with the trail's tags as aws:ResourceTag/* (a shadow trail named in another region: the trail's own
 * ARN, in its home region). LookupEvents, DescribeTrails, ListTrails and
 * ListPublicKeys act on `*` (the reference lists no resource).
 */
import type { OperationAuthz, ResolveEnv, ServiceAuthorization, TargetResource } from '../../authz/service-rules.js';
import type { Store } from '../../storage/types.js';
import { CLOUDTRAIL_TABLES, regionScope, trails } from './store.js';
import { shadowNamed } from './trail-lookup.js';
import { trailArn, trailRef } from './trail-names.js';

type Input = Readonly<Record<string, unknown>>;

export function cloudTrailAuthorization(store: Store): ServiceAuthorization {
  const target = async (nameOrArn: unknown, env: ResolveEnv, viaShadow = true): Promise<TargetResource> => {
    const ref = trailRef(typeof nameOrArn === 'string' ? nameOrArn : '', { accountId: env.accountId, region: env.region });
    // A name of this region that only a shadow trail holds is authorized on the trail's own ARN.
    const t = (await trails.get(store, regionScope(ref.accountId, ref.region), ref.name)) ?? (viaShadow && typeof nameOrArn === 'string' && !nameOrArn.startsWith('arn:') ? await shadowNamed(store, ref.accountId, ref.region, ref.name) : undefined);
    const keys: Record<string, string> = {};
    for (const tag of t?.tags ?? []) keys[`aws:ResourceTag/${tag.Key}`] = tag.Value ?? '';
    return { arn: t?.arn ?? trailArn(ref), type: 'trail', keys, ...(ref.accountId !== env.accountId ? { accountId: ref.accountId } : {}) };
  };
  const byMember = (member: string, viaShadow = true): OperationAuthz => ({ resolve: async (input: Input, env) => [await target(input[member], env, viaShadow)] });
  const byName = byMember('Name');
  const byTrailName = byMember('TrailName');
  return {
    prefix: 'cloudtrail',
    tables: [CLOUDTRAIL_TABLES.trails],
    operations: {
      // The trail to be: a name held by a shadow is not that trail.
      CreateTrail: byMember('Name', false),
      UpdateTrail: byName,
      DeleteTrail: byName,
      GetTrail: byName,
      GetTrailStatus: byName,
      StartLogging: byName,
      StopLogging: byName,
      PutEventSelectors: byTrailName,
      GetEventSelectors: byTrailName,
      AddTags: byMember('ResourceId'),
      RemoveTags: byMember('ResourceId'),
      ListTags: { resolve: async (input, env) => Promise.all(((input['ResourceIdList'] as unknown[] | undefined) ?? []).slice(0, 20).map((id) => target(id, env))) },
    },
  };
}
