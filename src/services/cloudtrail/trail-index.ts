/**
 * The global index of trails, `cloudtrail.trail-index` (global scope, key `ACCOUNT/REGION/NAME`,
 * REGION the home region), kept by CreateTrail, UpdateTrail and DeleteTrail in the same transaction
 * as the trail row. The store lists one scope (account and region) at a time: delivery reads every
 * trail through this index, and the trail API an account's multi-region trails (their shadows in
 * the account's other regions) with one prefix read of the account's entries.
 */
import { partitionOfRegion } from '../../shared/regions.js';
import { Table } from '../../storage/table.js';
import type { Scope, Store, StoreOps } from '../../storage/types.js';
import { regionScope, trails, type TrailRecord } from './store.js';

export interface TrailIndexEntry {
  readonly accountId: string;
  readonly region: string;
  readonly name: string;
  /** IsMultiRegionTrail; absent in entries written before it was indexed (the row is read then). */
  readonly multiRegion?: boolean;
}

const GLOBAL: Scope = { kind: 'global' };
export const trailIndex = new Table<TrailIndexEntry>('cloudtrail.trail-index');
/** `done` once the index holds every trail row (backfillTrailIndex). */
const backfillMark = new Table<{ readonly at: number }>('cloudtrail.trail-index-backfill');
const indexKey = (accountId: string, region: string, name: string): string => `${accountId}/${region}/${name}`;

/** Adds or updates the trail's entry (CreateTrail, UpdateTrail). */
export async function indexTrail(ops: StoreOps, accountId: string, t: Pick<TrailRecord, 'homeRegion' | 'name' | 'isMultiRegionTrail'>): Promise<void> {
  await trailIndex.put(ops, GLOBAL, indexKey(accountId, t.homeRegion, t.name), { accountId, region: t.homeRegion, name: t.name, multiRegion: t.isMultiRegionTrail });
}

export async function unindexTrail(ops: StoreOps, accountId: string, region: string, name: string): Promise<void> {
  await trailIndex.delete(ops, GLOBAL, indexKey(accountId, region, name));
}

/** Every entry whose key starts with `prefix`, in key order (pages of 500). */
export async function* indexEntries(ops: StoreOps, prefix?: string): AsyncGenerator<TrailIndexEntry> {
  let after: string | undefined;
  for (;;) {
    const page = await trailIndex.list(ops, GLOBAL, { limit: 500, ...(prefix !== undefined ? { prefix } : {}), ...(after !== undefined ? { after } : {}) });
    for (const row of page) yield row.value;
    if (page.length < 500) return;
    after = page[page.length - 1]!.key;
  }
}

/**
 * The shadows in `region`: the account's multi-region trails whose home is another region of the
 * same partition (AWS replicates a multi-region trail in every region of its partition). One prefix
 * read of the account's index entries, then one read per multi-region trail; in home region and
 * name order.
 */
export async function shadowTrails(ops: StoreOps, accountId: string, region: string): Promise<TrailRecord[]> {
  const partition = partitionOfRegion(region)?.id;
  const out: TrailRecord[] = [];
  for await (const e of indexEntries(ops, `${accountId}/`)) {
    if (e.region === region || e.multiRegion === false || partitionOfRegion(e.region)?.id !== partition) continue;
    const t = await trails.get(ops, regionScope(accountId, e.region), e.name);
    if (t?.isMultiRegionTrail) out.push(t);
  }
  return out;
}

/** Whether the account has a trail named `name` in another region of `region`'s partition. */
export async function sameNameElsewhere(ops: StoreOps, accountId: string, region: string, name: string): Promise<boolean> {
  const partition = partitionOfRegion(region)?.id;
  for await (const e of indexEntries(ops, `${accountId}/`)) {
    if (e.name === name && e.region !== region && partitionOfRegion(e.region)?.id === partition && (await trails.get(ops, regionScope(accountId, e.region), e.name))) return true;
  }
  return false;
}

/**
 * Indexes the trail rows of the given accounts in the given regions that the index lacks (trails
 * created before it existed) or holds without `multiRegion`, once: a mark records that it ran, so
 * later starts only read the mark. Idempotent (entries are put, never removed); a trail deleted
 * meanwhile leaves an entry that readers skip (they read the row). Returns the entries written.
 */
export async function backfillTrailIndex(store: Store, accountIds: Iterable<string>, regions: readonly string[], now: number): Promise<number> {
  if (await backfillMark.get(store, GLOBAL, 'done')) return 0;
  let written = 0;
  for (const accountId of accountIds) {
    for (const region of regions) {
      for (const { value: t } of await trails.list(store, regionScope(accountId, region))) {
        const e = await trailIndex.get(store, GLOBAL, indexKey(accountId, t.homeRegion, t.name));
        if (e?.multiRegion !== undefined) continue;
        await indexTrail(store, accountId, t);
        written++;
      }
    }
  }
  await backfillMark.put(store, GLOBAL, 'done', { at: now });
  return written;
}
