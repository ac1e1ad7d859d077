/**
 * What log file delivery (src/dataplane/trail, wired by the gateway) needs of the trail API: the
 * trails that log, across accounts and regions (read through the global index, trail-index.ts), and
 * which records a trail delivers (its logging time, its regions, its event selectors).
 */
import { partitionOfRegion } from '../../shared/regions.js';
import type { StoreOps } from '../../storage/types.js';
import type { AdvancedFieldSelector } from './api.generated.js';
import { regionScope, trails, type TrailRecord } from './store.js';
import { indexEntries } from './trail-index.js';

/** A trail that logs, with its account. */
export interface LoggingTrail extends TrailRecord {
  readonly accountId: string;
}

/** Every trail with logging on, in every account and region (pages through the index). */
export async function loggingTrails(ops: StoreOps): Promise<LoggingTrail[]> {
  const out: LoggingTrail[] = [];
  for await (const e of indexEntries(ops)) {
    const t = await trails.get(ops, regionScope(e.accountId, e.region), e.name);
    if (t?.logging) out.push({ ...t, accountId: e.accountId });
  }
  return out;
}

type Rec = Readonly<Record<string, unknown>>;

/** Epoch ms of a record's eventTime (NaN when absent). */
const timeOf = (r: Rec): number => Date.parse(String(r['eventTime']));
/** eventTime has second precision: times are compared at second precision. */
const toSecond = (ms: number): number => Math.floor(ms / 1000) * 1000;

/**
 * The regions whose events trail `t` delivers: its home region, and for a multi-region trail each
 * other region of its partition for which `active` says yes (the wiring: a region already delivered,
 * or one with events since `otherRegionsSince(t)`). AWS delivers every enabled region of the
 * partition, with a digest every hour even without events; Rampart starts a region's files with its
 * first event, which spares ~30 signing keys, state rows and hourly digests per trail for regions
 * never used.
 */
export async function deliveryRegions(t: TrailRecord, active: (region: string) => Promise<boolean>): Promise<string[]> {
  const out = [t.homeRegion];
  if (!t.isMultiRegionTrail) return out;
  for (const region of partitionOfRegion(t.homeRegion)?.regions ?? []) {
    if (region !== t.homeRegion && (await active(region))) out.push(region);
  }
  return out;
}

/** Epoch ms (whole second) from which a multi-region trail delivers other regions' events. */
export function otherRegionsSince(t: TrailRecord): number {
  return toSecond(Math.max(t.startLoggingTime ?? Number.MAX_SAFE_INTEGER, t.multiRegionSince ?? 0));
}

/** The services AWS calls global (CloudTrail "global service events"). */
const GLOBAL_SOURCES = new Set(['iam.amazonaws.com', 'sts.amazonaws.com', 'cloudfront.amazonaws.com', 'signin.amazonaws.com']);

/**
 * A global service event: a call to IAM, STS, CloudFront or sign-in, recorded (as AWS has done since
 * November 2021) in the region those services are signed for, the partition's global region
 * (us-east-1 in `aws`). STS calls to a regional endpoint of that region cannot be told apart from
 * calls to the global endpoint here (no host name): they count as global too.
 */
export function isGlobalServiceEvent(r: Rec): boolean {
  const region = String(r['awsRegion'] ?? '');
  return GLOBAL_SOURCES.has(String(r['eventSource'])) && partitionOfRegion(region)?.globalRegion === region;
}

/**
 * Whether the trail delivers `r`: only events from the time logging (last) started, as AWS (older
 * events, and those made while logging was off, are not delivered); events of other regions than
 * its home region only for a multi-region trail, from the time it became one; global service events
 * only with IncludeGlobalServiceEvents; and only those its event selectors select (default: every
 * management event). `fromMs`: an organization trail's member account is delivered from the time it
 * joined.
 */
export function trailSelects(t: TrailRecord, r: Rec, fromMs = 0): boolean {
  if (t.startLoggingTime === undefined || !(timeOf(r) >= toSecond(Math.max(t.startLoggingTime, fromMs)))) return false;
  const region = typeof r['awsRegion'] === 'string' ? r['awsRegion'] : t.homeRegion;
  // Another region's events: only for a multi-region trail, and only since it became one.
  if (region !== t.homeRegion && (!t.isMultiRegionTrail || !(timeOf(r) >= toSecond(t.multiRegionSince ?? 0)))) return false;
  if (!t.includeGlobalServiceEvents && isGlobalServiceEvent(r)) return false;
  if (t.advancedEventSelectors) return t.advancedEventSelectors.some((s) => s.FieldSelectors.every((f) => fieldMatches(f, r)));
  const basic = t.eventSelectors ?? [{ ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [], ExcludeManagementEventSources: [] }];
  const management = r['managementEvent'] !== false;
  const readOnly = r['readOnly'] === true;
  return basic.some((s) => {
    const rw = s.ReadWriteType ?? 'All';
    if ((rw === 'ReadOnly' && !readOnly) || (rw === 'WriteOnly' && readOnly)) return false;
    if (management) return (s.IncludeManagementEvents ?? true) && !(s.ExcludeManagementEventSources ?? []).includes(String(r['eventSource']));
    return (s.DataResources ?? []).some((d) => d.Type !== undefined && resourcesOf(r).some((res) => res.type === d.Type && (d.Values ?? []).some((v) => v === 'arn:aws:s3' || res.arn.startsWith(v))));
  });
}

function resourcesOf(r: Rec): { type: string; arn: string }[] {
  const list = Array.isArray(r['resources']) ? (r['resources'] as unknown[]) : [];
  return list.map((x) => {
    const o = (x ?? {}) as Rec;
    return { type: String(o['type'] ?? ''), arn: String(o['ARN'] ?? '') };
  });
}

/** The values of a field of the record (resources.* has one per resource). */
function fieldValues(field: string, r: Rec): string[] {
  switch (field) {
    case 'resources.type': return resourcesOf(r).map((x) => x.type);
    case 'resources.ARN': return resourcesOf(r).map((x) => x.arn);
    case 'userIdentity.arn': return [String(((r['userIdentity'] ?? {}) as Rec)['arn'] ?? '')];
    case 'readOnly': return [String(r['readOnly'] === true)];
    default: return [r[field] === undefined ? '' : String(r[field])];
  }
}

/** Advanced field selector: every operator given must hold (Equals/StartsWith/EndsWith: one value of the list). */
function fieldMatches(f: AdvancedFieldSelector, r: Rec): boolean {
  const values = fieldValues(f.Field, r);
  return values.some((v) =>
    (!f.Equals || f.Equals.includes(v)) &&
    (!f.StartsWith || f.StartsWith.some((p) => v.startsWith(p))) &&
    (!f.EndsWith || f.EndsWith.some((p) => v.endsWith(p))) &&
    (!f.NotEquals || !f.NotEquals.includes(v)) &&
    (!f.NotStartsWith || !f.NotStartsWith.some((p) => v.startsWith(p))) &&
    (!f.NotEndsWith || !f.NotEndsWith.some((p) => v.endsWith(p))));
}
