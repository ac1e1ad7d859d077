/**
 * Organization trails (IsOrganizationTrail). Only the management account of an organization with
 * all features and trusted access for CloudTrail (EnableAWSServiceAccess cloudtrail.amazonaws.com)
 * creates one or converts a trail to one. Every account of that organization sees it, under the
 * management account's ARN, read-only: DescribeTrails, ListTrails, GetTrail, GetTrailStatus,
 * GetEventSelectors and ListTags answer it; changes answer NotOrganizationMasterAccountException.
 * Delivery (src/gateway/trail-delivery.ts) writes every account's events under `AWSLogs/O-ID/ACCOUNT/`.
 * The organization is read through the OrganizationDirectory seam; without it (no Organizations
 * wired) no account is in an organization. Messages unconfirmed.
 */
import type { OrganizationDirectory, OrganizationFacts } from '../../shared/organization-directory.js';
import { partitionOfRegion } from '../../shared/regions.js';
import type { StoreOps } from '../../storage/types.js';
import { CloudTrailAccessNotEnabledException, NotOrganizationMasterAccountException, OrganizationNotInAllFeaturesModeException, OrganizationsNotInUseException } from './api.generated.js';
import { regionScope, trails, type TrailRecord } from './store.js';
import { indexEntries } from './trail-index.js';

/** The principal that trusted access is enabled for. */
export const CLOUDTRAIL_SERVICE_PRINCIPAL = 'cloudtrail.amazonaws.com';

export const notManagementAccount = (accountId: string) =>
  new NotOrganizationMasterAccountException(`The request was made from account ${accountId}, which is not the management account of its organization. Only the management account can create or change an organization trail.`);

/** The organization `accountId` may make an organization trail for (its id), or AWS's error. */
export async function organizationForTrail(dir: OrganizationDirectory | undefined, accountId: string): Promise<string> {
  const org = await dir?.organizationOf(accountId);
  if (!org) throw new OrganizationsNotInUseException(`Account ${accountId} is not a member of an organization in AWS Organizations.`);
  if (org.managementAccountId !== accountId) throw notManagementAccount(accountId);
  if (!org.allFeatures) throw new OrganizationNotInAllFeaturesModeException(`Organization ${org.id} does not have all features enabled.`);
  if (!org.trustedServices.includes(CLOUDTRAIL_SERVICE_PRINCIPAL)) {
    throw new CloudTrailAccessNotEnabledException(`Trusted access for ${CLOUDTRAIL_SERVICE_PRINCIPAL} is not enabled in organization ${org.id}. Enable it with the Organizations EnableAWSServiceAccess operation.`);
  }
  return org.id;
}

/**
 * Whether organization trail `t` of `ownerAccountId` logs organization `org` (the facts of any of its
 * accounts): it is the organization the trail recorded, the owner is still its management account,
 * and trusted access for CloudTrail is on. Otherwise the trail logs its own account only, and no
 * other account sees it.
 */
const logsOrganization = (org: OrganizationFacts, ownerAccountId: string, t: Pick<TrailRecord, 'isOrganizationTrail' | 'organizationId'>): boolean =>
  t.isOrganizationTrail && org.id === t.organizationId && org.managementAccountId === ownerAccountId && org.trustedServices.includes(CLOUDTRAIL_SERVICE_PRINCIPAL);

/** The organization an organization trail of `ownerAccountId` logs (see logsOrganization), if any. */
export async function liveOrganization(dir: OrganizationDirectory | undefined, ownerAccountId: string, t: Pick<TrailRecord, 'isOrganizationTrail' | 'organizationId'>): Promise<string | undefined> {
  if (!t.isOrganizationTrail || !dir) return undefined;
  const org = await dir.organizationOf(ownerAccountId);
  return org && logsOrganization(org, ownerAccountId, t) ? org.id : undefined;
}

const ownerOf = (t: TrailRecord): string => t.arn.split(':')[4]!;

/** Whether `accountId`, another account than the trail's, sees organization trail `t` (its own organization's facts tell). */
export async function seesOrganizationTrail(dir: OrganizationDirectory | undefined, accountId: string, t: TrailRecord): Promise<boolean> {
  if (!t.isOrganizationTrail || !dir) return false;
  const mine = await dir.organizationOf(accountId);
  return mine !== undefined && logsOrganization(mine, ownerOf(t), t);
}

/**
 * The organization trails another account of the organization sees in `region`: those homed there
 * (`home`) and the multi-region ones homed in another region of the partition (`shadows`). None for
 * the management account (its trails are its own) or an account in no organization.
 */
export async function memberOrganizationTrails(ops: StoreOps, dir: OrganizationDirectory | undefined, accountId: string, region: string): Promise<{ home: TrailRecord[]; shadows: TrailRecord[] }> {
  const out: { home: TrailRecord[]; shadows: TrailRecord[] } = { home: [], shadows: [] };
  const org = await dir?.organizationOf(accountId);
  if (!org || org.managementAccountId === accountId || !org.trustedServices.includes(CLOUDTRAIL_SERVICE_PRINCIPAL)) return out;
  const partition = partitionOfRegion(region)?.id;
  for await (const e of indexEntries(ops, `${org.managementAccountId}/`)) {
    if (partitionOfRegion(e.region)?.id !== partition || (e.region !== region && e.multiRegion === false)) continue;
    const t = await trails.get(ops, regionScope(org.managementAccountId, e.region), e.name);
    if (!t || !logsOrganization(org, org.managementAccountId, t)) continue;
    if (e.region === region) out.home.push(t);
    else if (t.isMultiRegionTrail) out.shadows.push(t);
  }
  return out;
}

/**
 * The organization trail named `name` that `accountId` sees in `region`: one homed there, or with
 * `shadows` also a multi-region one homed elsewhere (a name reads only a trail of its region, as
 * for an account's own shadow trails).
 */
export async function organizationTrailNamed(ops: StoreOps, dir: OrganizationDirectory | undefined, accountId: string, region: string, name: string, shadows = false): Promise<TrailRecord | undefined> {
  const seen = await memberOrganizationTrails(ops, dir, accountId, region);
  return seen.home.find((t) => t.name === name) ?? (shadows ? seen.shadows.find((t) => t.name === name) : undefined);
}
