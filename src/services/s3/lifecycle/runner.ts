/**
 * Carrying out lifecycle rules and sweeping orphaned bodies. `runLifecycle` looks at every bucket
 * with rules: current versions past their expiry are expired (never versioned: removed; versioned: a
 * delete marker is added, versioning.ts), noncurrent versions past NoncurrentDays are removed (the
 * newest NewerNoncurrentVersions kept), a delete marker left alone is removed where a rule says
 * ExpiredObjectDeleteMarker, uploads in progress past DaysAfterInitiation are aborted. Each change
 * re-reads the key in its own transaction (a write since the scan wins); bodies are removed after
 * the commit. `sweepOrphans` removes body files older than an hour that no row references (a crash
 * between the file's rename and the row's commit, a state reset or restore).
 */
import type { Store } from '../../../storage/types.js';
import type { BlobStore } from '../blob-store.js';
import { dropUpload } from '../handlers/multipart.js';
import { buckets, GLOBAL, objects, parts, uploads, type BlobRef, type BucketRecord } from '../store.js';
import { deleteLatest, deleteVersion, versions, versionsOf, versionIdOf, type VersionEntry } from '../versioning.js';
import { abortDue, expiredNoncurrent, expiryOf, removesLoneMarker } from './evaluate.js';

const PAGE = 500;
/** Body files younger than this are never swept (an upload may be between its rename and its commit). */
export const ORPHAN_AGE_MS = 3_600_000;

export interface LifecycleCounts {
  expired: number;
  noncurrentRemoved: number;
  markersRemoved: number;
  uploadsAborted: number;
}

type Log = (msg: string, err?: unknown) => void;

async function* rowsOf<T>(store: Store, table: { list: (ops: Store, scope: typeof GLOBAL, o: { prefix?: string; after?: string; limit: number }) => Promise<{ key: string; value: T }[]> }, prefix?: string) {
  let after: string | undefined;
  for (;;) {
    const page = await table.list(store, GLOBAL, { ...(prefix !== undefined ? { prefix } : {}), ...(after !== undefined ? { after } : {}), limit: PAGE });
    yield* page;
    if (page.length < PAGE) return;
    after = page[page.length - 1]!.key;
  }
}

const candidate = (e: VersionEntry) => (e.marker ? { key: e.key, size: 0, tags: [] } : e);

async function removeAll(blobs: BlobStore, freed: readonly BlobRef[], log: Log): Promise<void> {
  for (const b of freed) await blobs.remove(b).catch((e: unknown) => log('S3 lifecycle: removing a body failed', e));
}

/** One bucket's rules applied at `now`; `stop` is asked between keys (a scheduler that lost its lease). */
async function runBucket(store: Store, blobs: BlobStore, b: BucketRecord, now: number, counts: LifecycleCounts, log: Log, stop: () => Promise<boolean>): Promise<void> {
  const rules = b.lifecycle ?? [];
  const base = `${b.name}/`;
  // Current versions.
  for await (const row of rowsOf(store, objects, base)) {
    const o = row.value;
    const due = expiryOf(rules, o, o.lastModified);
    if (!due || due.at > now) continue;
    if (await stop()) return;
    const freed = await store.transaction(async (tx) => {
      const bucket = await buckets.get(tx, GLOBAL, b.name);
      const cur = await objects.get(tx, GLOBAL, row.key);
      // Re-checked: the rules and the object as they are now.
      if (!bucket?.lifecycle || !cur || cur.lastModified !== o.lastModified || versionIdOf(cur) !== versionIdOf(o)) return undefined;
      const again = expiryOf(bucket.lifecycle, cur, cur.lastModified);
      if (!again || again.at > now) return undefined;
      return (await deleteLatest(tx, bucket, cur.key, now, bucket.accountId)).freed;
    });
    if (freed) {
      counts.expired++;
      await removeAll(blobs, freed, log);
    }
  }
  // Noncurrent versions and lone delete markers.
  for await (const row of rowsOf(store, versions, base)) {
    const key = row.key.slice(base.length);
    if (await stop()) return;
    const result = await store.transaction(async (tx) => {
      const bucket = await buckets.get(tx, GLOBAL, b.name);
      if (!bucket?.lifecycle) return undefined;
      const { current, stack } = await versionsOf(tx, b.name, key);
      const all: VersionEntry[] = current ? [current, ...stack] : stack;
      const noncurrent = all.slice(1);
      const since = noncurrent.map((_, i) => all[i]!.lastModified);
      const doomed = expiredNoncurrent(bucket.lifecycle, noncurrent.map(candidate), since, now).map((i) => versionIdOf(noncurrent[i]!));
      const freed: BlobRef[] = [];
      let markers = 0;
      for (const id of doomed) freed.push(...((await deleteVersion(tx, b.name, key, id))?.freed ?? []));
      const left = await versionsOf(tx, b.name, key);
      const lone = !left.current && left.stack.length === 1 && left.stack[0]!.marker;
      if (lone && removesLoneMarker(bucket.lifecycle, key)) {
        await deleteVersion(tx, b.name, key, versionIdOf(left.stack[0]!));
        markers++;
      }
      return { removed: doomed.length, markers, freed };
    });
    if (result) {
      counts.noncurrentRemoved += result.removed;
      counts.markersRemoved += result.markers;
      await removeAll(blobs, result.freed, log);
    }
  }
  // Uploads in progress.
  for await (const row of rowsOf(store, uploads, base)) {
    const u = row.value;
    if (!abortDue(rules, u.key, u.initiated, now)) continue;
    if (await stop()) return;
    const dropped = await store.transaction(async (tx) => ((await uploads.get(tx, GLOBAL, row.key)) ? dropUpload(tx, b.name, u.uploadId) : undefined));
    if (!dropped) continue;
    counts.uploadsAborted++;
    await removeAll(
      blobs,
      dropped.map((p) => p.blob),
      log,
    );
  }
}

/** Applies every bucket's lifecycle rules at `now`. */
export async function runLifecycle(store: Store, blobs: BlobStore, now: number, log: Log = () => undefined, stop: () => Promise<boolean> = async () => false): Promise<LifecycleCounts> {
  const counts: LifecycleCounts = { expired: 0, noncurrentRemoved: 0, markersRemoved: 0, uploadsAborted: 0 };
  for await (const row of rowsOf(store, buckets)) {
    if (!row.value.lifecycle?.length) continue;
    try {
      await runBucket(store, blobs, row.value, now, counts, log, stop);
    } catch (e) {
      // One bucket that fails (a conflicting write) does not hold up the others: it is tried at the next pass.
      log(`S3 lifecycle: bucket ${row.value.name} failed (retried at the next pass)`, e);
    }
    if (await stop()) break;
  }
  return counts;
}

/** Removes body files older than an hour (by `wallNow`, the file system's clock) that no row references; answers how many. */
export async function sweepOrphans(store: Store, blobs: BlobStore, wallNow: number, log: Log = () => undefined): Promise<number> {
  const referenced = new Set<string>();
  for await (const r of rowsOf(store, objects)) referenced.add(r.value.blob.id);
  for await (const r of rowsOf(store, versions)) for (const e of r.value.entries) if (!e.marker) referenced.add(e.blob.id);
  for await (const r of rowsOf(store, parts)) referenced.add(r.value.blob.id);
  let removed = 0;
  for await (const f of blobs.bodies()) {
    if (f.mtimeMs > wallNow - ORPHAN_AGE_MS || referenced.has(f.id)) continue;
    // A file that gains a row after the scan is one written moments ago (rows are committed right
    // after their file is renamed into place), far younger than an hour: never swept.
    await blobs.remove({ id: f.id, sealedKey: '' }).catch((e: unknown) => log('S3 orphan sweep: removing a file failed', e));
    removed++;
  }
  return removed;
}
