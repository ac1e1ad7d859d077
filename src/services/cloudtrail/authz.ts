/**
 * How CloudTrail operations are authorized (Service Authorization Reference): `cloudtrail:<Operation>`
 * on the canonical ARN of the trail acted upon (`arn:aws:cloudtrail:<region>:<account>:trail/<name>`,
 * from the Name/TrailName member, a name or an ARN, or the ResourceId(s) of the tagging operations),
 * with the trail's tags as aws:ResourceTag/* (a shadow trail named in another region: the trail's own
 * ARN, in its home region). An organization trail acted upon from another account of its organization
 * (by ARN, or by name in its home region) is authorized on its own ARN as a trail of the caller's
 * account (AWS creates it in every member account); the handlers let those accounts only read it.
 * LookupEvents, DescribeTrails, ListTrails and
 * ListPublicKeys act on `*` (the reference lists no resource).
 */
import type { OperationAuthz, ResolveEnv, ServiceAuthorization, TargetResource } from '../../authz/service-rules.js';
import type { Store } from '../../storage/types.js';
import type { OrganizationDirectory } from '../../shared/organization-directory.js';
import { organizationTrailNamed, seesOrganizationTrail } from './organization-trails.js';
import { CLOUDTRAIL_TABLES, regionScope, trails, type TrailRecord } from './store.js';
import { shadowNamed } from './trail-lookup.js';
import { trailArn, trailRef, type TrailRef } from './trail-names.js';

type Input = Readonly<Record<string, unknown>>;

export function cloudTrailAuthorization(store: Store, organizations?: OrganizationDirectory): ServiceAuthorization {
  /** The trail a name or ARN acts upon, and whether it is an organization trail seen from another account of its organization. */
  const resolve = async (nameOrArn: string, env: ResolveEnv, viaShadow: boolean): Promise<{ ref: TrailRef; t: TrailRecord | undefined; memberView: boolean }> => {
    const ref = trailRef(nameOrArn, { accountId: env.accountId, region: env.region });
    const t = await trails.get(store, regionScope(ref.accountId, ref.region), ref.name);
    if (t) return { ref, t, memberView: ref.accountId !== env.accountId && (await seesOrganizationTrail(organizations, env.accountId, t)) };
    if (!viaShadow || nameOrArn.startsWith('arn:')) return { ref, t, memberView: false };
    // A name of this region that only a shadow trail holds is authorized on the trail's own ARN.
    const shadow = await shadowNamed(store, ref.accountId, ref.region, ref.name);
    if (shadow) return { ref, t: shadow, memberView: false };
    const org = await organizationTrailNamed(store, organizations, env.accountId, env.region, ref.name, true);
    return { ref, t: org, memberView: org !== undefined };
  };
  const target = async (nameOrArn: unknown, env: ResolveEnv, viaShadow = true): Promise<TargetResource> => {
    const { ref, t, memberView } = await resolve(typeof nameOrArn === 'string' ? nameOrArn : '', env, viaShadow);
    const keys: Record<string, string> = {};
    for (const tag of t?.tags ?? []) keys[`aws:ResourceTag/${tag.Key}`] = tag.Value ?? '';
    return { arn: t?.arn ?? trailArn(ref), type: 'trail', keys, ...(ref.accountId !== env.accountId && !memberView ? { accountId: ref.accountId } : {}) };
  };
  const byMember = (member: string, viaShadow = true): OperationAuthz => ({ resolve: async (input: Input, env) => [await target(input[member], env, viaShadow)] });
  const byName = byMember('Name');
  const byTrailName = byMember('TrailName');
  return {
    prefix: 'cloudtrail',
    tables: [CLOUDTRAIL_TABLES.trails, ...(organizations?.tables ?? [])],
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
