/**
 * Which trail a Name/TrailName names, as AWS resolves it in the caller's region: a name names a
 * trail of the caller's region (a multi-region trail of another home region is there only as a
 * shadow: reads need its ARN, changes answer InvalidHomeRegionException); an ARN names the trail in
 * its home region, readable from another region only through its shadow (a multi-region trail),
 * and changed only in its home region. Another account's organization trail is found, read-only,
 * by the accounts of its organization (organization-trails.ts): by ARN, or by name in its home region.
 */
import type { HandlerContext } from '../../protocol/service-definition.js';
import { partitionOfRegion } from '../../shared/regions.js';
import type { StoreOps } from '../../storage/types.js';
import { hereOf, type CloudTrailDeps } from './deps.js';
import { notHomeRegion, trailNotFound } from './errors.js';
import { regionScope, trails, type TrailRecord } from './store.js';
import { shadowTrails } from './trail-index.js';
import { organizationTrailNamed, notManagementAccount, seesOrganizationTrail } from './organization-trails.js';
import { trailArn, trailRef, type TrailRef } from './trail-names.js';

/** A multi-region trail has a shadow in every region of its home region's partition. */
const samePartition = (a: string, b: string): boolean => partitionOfRegion(a)?.id === partitionOfRegion(b)?.id;

/** The stored trail a Name/TrailName names; `write` for operations that change it (home region only). */
export async function findTrail(deps: CloudTrailDeps, nameOrArn: string, ctx: HandlerContext, write = false): Promise<TrailRecord> {
  const here = hereOf(ctx);
  const ref = trailRef(nameOrArn, here);
  const arn = trailArn(ref);
  if (ref.accountId !== here.accountId) return organizationTrailByArn(deps, ref, here, write);
  const t = await trails.get(deps.store, regionScope(ref.accountId, ref.region), ref.name);
  if (ref.region === here.region) {
    if (t) return t;
    // A name only names a trail of this region; changing a shadow trail by its name is refused as
    // a change outside the home region (StopLogging: "cannot be called on the shadow trails").
    const shadow = write ? await shadowNamed(deps.store, here.accountId, here.region, ref.name) : undefined;
    if (shadow) throw notHomeRegion(shadow.arn, here.region);
    // Only a name finds another account's organization trail: an ARN of this account names this account's trail.
    const org = nameOrArn.startsWith('arn:') ? undefined : await organizationTrailNamed(deps.store, deps.organizations, here.accountId, here.region, ref.name, write);
    if (org && write) throw notManagementAccount(here.accountId);
    if (org) return org;
    throw trailNotFound(arn, here.accountId);
  }
  if (!t) throw trailNotFound(arn, here.accountId);
  if (write) throw notHomeRegion(arn, here.region);
  if (t.isMultiRegionTrail && samePartition(t.homeRegion, here.region)) return t;
  throw trailNotFound(arn, here.accountId);
}

/** Another account's trail by ARN: an organization trail the caller's account sees (read-only), else not found. */
async function organizationTrailByArn(deps: CloudTrailDeps, ref: TrailRef, here: { accountId: string; region: string }, write: boolean): Promise<TrailRecord> {
  const t = await trails.get(deps.store, regionScope(ref.accountId, ref.region), ref.name);
  const reachable = t !== undefined && (ref.region === here.region || (t.isMultiRegionTrail && samePartition(t.homeRegion, here.region)));
  if (!reachable || !(await seesOrganizationTrail(deps.organizations, here.accountId, t))) throw trailNotFound(trailArn(ref), here.accountId);
  if (write) throw notManagementAccount(here.accountId);
  return t;
}

/** The shadow trail named `name` in `region`, if any. */
export async function shadowNamed(ops: StoreOps, accountId: string, region: string, name: string): Promise<TrailRecord | undefined> {
  return (await shadowTrails(ops, accountId, region)).find((t) => t.name === name);
}
