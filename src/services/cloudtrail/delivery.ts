/**
 * What log file delivery (src/dataplane/trail, wired by the gateway) needs of the trail API: the
 * trails that log, across accounts and regions, and which records a trail's event selectors keep.
 * The store lists one scope at a time, so CreateTrail/DeleteTrail keep a global index of trails
 * (`cloudtrail.trail-index`, key `ACCOUNT/REGION/NAME`) beside the trail rows.
 */
import { Table } from '../../storage/table.js';
import type { Scope, StoreOps } from '../../storage/types.js';
import type { AdvancedFieldSelector } from './api.generated.js';
import { regionScope, trails, type TrailRecord } from './store.js';

export interface TrailIndexEntry {
  readonly accountId: string;
  readonly region: string;
  readonly name: string;
}

const GLOBAL: Scope = { kind: 'global' };
export const trailIndex = new Table<TrailIndexEntry>('cloudtrail.trail-index');
const indexKey = (accountId: string, region: string, name: string): string => `${accountId}/${region}/${name}`;

export async function indexTrail(ops: StoreOps, accountId: string, region: string, name: string): Promise<void> {
  await trailIndex.put(ops, GLOBAL, indexKey(accountId, region, name), { accountId, region, name });
}

export async function unindexTrail(ops: StoreOps, accountId: string, region: string, name: string): Promise<void> {
  await trailIndex.delete(ops, GLOBAL, indexKey(accountId, region, name));
}

/** A trail that logs, with its account. */
export interface LoggingTrail extends TrailRecord {
  readonly accountId: string;
}

/** Every trail with logging on, in every account and region (pages through the index). */
export async function loggingTrails(ops: StoreOps): Promise<LoggingTrail[]> {
  const out: LoggingTrail[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await trailIndex.list(ops, GLOBAL, { limit: 500, ...(after !== undefined ? { after } : {}) });
    for (const { value: e } of page) {
      const t = await trails.get(ops, regionScope(e.accountId, e.region), e.name);
      if (t?.logging) out.push({ ...t, accountId: e.accountId });
    }
    if (page.length < 500) return out;
    after = page[page.length - 1]!.key;
  }
}

type Rec = Readonly<Record<string, unknown>>;

/** Epoch ms of a record's eventTime (NaN when absent). */
const timeOf = (r: Rec): number => Date.parse(String(r['eventTime']));

/**
 * Whether the trail delivers `r`: only events from the time logging (last) started, as AWS (older
 * events, and those made while logging was off, are not delivered), and only those its event
 * selectors select (default: every management event).
 */
export function trailSelects(t: TrailRecord, r: Rec): boolean {
  // eventTime has second precision: compare at second precision.
  if (t.startLoggingTime === undefined || !(timeOf(r) >= Math.floor(t.startLoggingTime / 1000) * 1000)) return false;
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
