/**
 * Object versions. `s3.objects <bucket>/<key>` keeps holding the current version when it is an
 * object (every existing read path sees exactly what it saw before); `s3.versions <bucket>/<key>`
 * holds the key's other versions and its delete markers, newest first. Invariant: when a key has no
 * current object, the first entry of its stack (if any) is a delete marker. Every change is made
 * inside the caller's transaction and answers the bodies it freed, removed by the caller after the
 * commit. A version's ACL is on its record and goes with it; a legacy per-key ACL row of a freed
 * body is removed in the same transaction (object-acl.ts). A bucket never versioned has no stacks; its objects carry no version id (the `null` version).
 *
 * Version ids are 32 characters of [0-9A-Za-z] (ASCII order = value order): 8 of the inverted
 * millisecond time, 3 of an inverted per-process sequence, 21 random: newer ids sort first. They are
 * looked up only within the key's own stack, so an id of another key or bucket is NoSuchVersion.
 */
import { randomBytes } from 'node:crypto';
import { AwsError, clientError } from '../../shared/aws-error.js';
import { Table } from '../../storage/table.js';
import type { StoreOps } from '../../storage/types.js';
import { invalidArgument } from './errors.js';
import { dropLegacyAcl } from './object-acl.js';
import { GLOBAL, objectKey, objects, S3_TABLES, type BlobRef, type BucketRecord, type ObjectRecord } from './store.js';

export interface DeleteMarker {
  readonly marker: true;
  readonly bucket: string;
  readonly key: string;
  readonly versionId: string;
  /** Epoch ms. */
  readonly lastModified: number;
  readonly owner: string;
}

export type VersionEntry = (ObjectRecord & { readonly marker?: undefined }) | DeleteMarker;

interface VersionStack {
  /** Newest first; never the current object. */
  readonly entries: readonly VersionEntry[];
}

export const versions = new Table<VersionStack>(S3_TABLES.versions);

export const versionIdOf = (v: VersionEntry): string => v.versionId ?? 'null';

const DIGITS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const fixed = (n: number, width: number): string => {
  let out = '';
  for (let i = 0; i < width; i++) {
    out = DIGITS[n % 62]! + out;
    n = Math.floor(n / 62);
  }
  return out;
};
/** 62^8 ms is past the year 8000 and stays below 2^53 (exact in a double). */
const TIME_SPAN = 62 ** 8 - 1;
const SEQ_SPAN = 62 ** 3 - 1;
let lastMs = -1;
let seq = 0;

/** A new version id; ids made later (by time, then by this process's sequence) sort first. */
export function newVersionId(now: number): string {
  if (now === lastMs) seq = Math.min(seq + 1, SEQ_SPAN);
  else {
    lastMs = now;
    seq = 0;
  }
  const rnd = [...randomBytes(21)].map((b) => DIGITS[b % 62]).join('');
  return fixed(TIME_SPAN - now, 8) + fixed(SEQ_SPAN - seq, 3) + rnd;
}

const VERSION_ID = /^[0-9A-Za-z]{32}$/;

/** Throws InvalidArgument "Invalid version id specified" for an id Rampart cannot have made (`null` is valid). */
export function checkVersionId(v: string, argument = 'versionId'): void {
  if (v !== 'null' && !VERSION_ID.test(v)) throw invalidArgument('Invalid version id specified', argument, v.slice(0, 1024));
}

export const noSuchVersion = (key: string, versionId: string) => clientError('NoSuchVersion', 'The specified version does not exist.', 404, { Key: key, VersionId: versionId });

/** 405 for a read of a delete marker by its version id ("Method Not Allowed", with x-amz-delete-marker). */
export const deleteMarkerNotAllowed = (m: DeleteMarker, method: string) =>
  new AwsError({
    code: 'MethodNotAllowed',
    message: 'The specified method is not allowed against this resource.',
    httpStatus: 405,
    senderFault: true,
    fields: { Method: method, ResourceType: 'DeleteMarker' },
    headers: { 'x-amz-delete-marker': 'true', 'x-amz-version-id': m.versionId, 'last-modified': new Date(m.lastModified).toUTCString(), allow: 'DELETE' },
  });

/** Every version of a key: the current object (if any), then the stack (newest first). */
export async function versionsOf(ops: StoreOps, bucket: string, key: string): Promise<{ current?: ObjectRecord; stack: VersionEntry[] }> {
  const current = await objects.get(ops, GLOBAL, objectKey(bucket, key));
  const stack = [...((await versions.get(ops, GLOBAL, objectKey(bucket, key)))?.entries ?? [])];
  return { ...(current ? { current } : {}), stack };
}

/** The version `versionId` of a key and whether it is the latest, or undefined. */
export async function findVersion(ops: StoreOps, bucket: string, key: string, versionId: string): Promise<{ entry: VersionEntry; latest: boolean } | undefined> {
  const { current, stack } = await versionsOf(ops, bucket, key);
  if (current && versionIdOf(current) === versionId) return { entry: current, latest: true };
  const i = stack.findIndex((e) => versionIdOf(e) === versionId);
  return i < 0 ? undefined : { entry: stack[i]!, latest: !current && i === 0 };
}

/** The delete marker that is a key's latest version, if it is one. */
export async function latestMarker(ops: StoreOps, bucket: string, key: string): Promise<DeleteMarker | undefined> {
  const { current, stack } = await versionsOf(ops, bucket, key);
  const top = stack[0];
  return !current && top?.marker ? top : undefined;
}

const blobsOf = (entries: readonly VersionEntry[]): BlobRef[] => entries.flatMap((e) => (e.marker ? [] : [e.blob]));

/** Writes a key's state back: the current object (or none) and its stack (the row goes when empty). */
async function save(tx: StoreOps, bucket: string, key: string, current: ObjectRecord | undefined, stack: readonly VersionEntry[]): Promise<void> {
  const k = objectKey(bucket, key);
  if (current) await objects.put(tx, GLOBAL, k, current);
  else await objects.delete(tx, GLOBAL, k);
  if (stack.length) await versions.put(tx, GLOBAL, k, { entries: stack });
  else await versions.delete(tx, GLOBAL, k);
}

/** Bodies no version keeps any more, once their legacy ACL row (if any) is gone too (inside `tx`). */
async function freeing(tx: StoreOps, bucket: string, key: string, freed: BlobRef[]): Promise<BlobRef[]> {
  await dropLegacyAcl(tx, bucket, key, freed);
  return freed;
}

/** A stack with its `null` version taken out (Suspended: a new `null` version replaces it), and what that frees. */
function withoutNull(stack: readonly VersionEntry[]): { rest: VersionEntry[]; freed: BlobRef[] } {
  const gone = stack.filter((e) => versionIdOf(e) === 'null');
  return { rest: stack.filter((e) => versionIdOf(e) !== 'null'), freed: blobsOf(gone) };
}

/**
 * Makes `rec` the current version of its key (inside `tx`), as the bucket's versioning status says:
 * never enabled: it replaces the object; Enabled: it gets a new id and the replaced one becomes
 * noncurrent; Suspended: it is the `null` version, replacing the previous `null` version.
 */
export async function putCurrent(tx: StoreOps, bucket: BucketRecord, rec: ObjectRecord): Promise<{ stored: ObjectRecord; freed: BlobRef[] }> {
  const { current, stack } = await versionsOf(tx, rec.bucket, rec.key);
  if (!bucket.versioning) {
    await objects.put(tx, GLOBAL, objectKey(rec.bucket, rec.key), rec);
    return { stored: rec, freed: await freeing(tx, rec.bucket, rec.key, current && current.blob.id !== rec.blob.id ? [current.blob] : []) };
  }
  if (bucket.versioning === 'Enabled') {
    const stored = { ...rec, versionId: newVersionId(rec.lastModified) };
    await save(tx, rec.bucket, rec.key, stored, current ? [current, ...stack] : stack);
    return { stored, freed: [] };
  }
  const stored = { ...rec, versionId: 'null' };
  const { rest, freed } = withoutNull(current ? [current, ...stack] : stack);
  await save(tx, rec.bucket, rec.key, stored, rest);
  return { stored, freed: await freeing(tx, rec.bucket, rec.key, freed.filter((b) => b.id !== rec.blob.id)) };
}

/**
 * DeleteObject without a version id (inside `tx`): never versioned: the object goes; Enabled: a new
 * delete marker becomes the latest version (even where the key has no version); Suspended: a `null`
 * delete marker replaces the `null` version.
 */
export async function deleteLatest(tx: StoreOps, bucket: BucketRecord, key: string, now: number, owner: string): Promise<{ marker?: DeleteMarker; freed: BlobRef[] }> {
  const { current, stack } = await versionsOf(tx, bucket.name, key);
  if (!bucket.versioning) {
    if (current) await objects.delete(tx, GLOBAL, objectKey(bucket.name, key));
    return { freed: await freeing(tx, bucket.name, key, current ? [current.blob] : []) };
  }
  const all = current ? [current, ...stack] : stack;
  const marker: DeleteMarker = { marker: true, bucket: bucket.name, key, versionId: bucket.versioning === 'Enabled' ? newVersionId(now) : 'null', lastModified: now, owner };
  const { rest, freed } = bucket.versioning === 'Enabled' ? { rest: all, freed: [] } : withoutNull(all);
  await save(tx, bucket.name, key, undefined, [marker, ...rest]);
  return { marker, freed: await freeing(tx, bucket.name, key, freed) };
}

/**
 * Removes one version for good (inside `tx`); when it was the latest, the next one becomes current
 * (an object is promoted; a delete marker stays the latest). Undefined when there is no such version.
 */
export async function deleteVersion(tx: StoreOps, bucket: string, key: string, versionId: string): Promise<{ removed: VersionEntry; freed: BlobRef[] } | undefined> {
  const { current, stack } = await versionsOf(tx, bucket, key);
  let removed: VersionEntry | undefined;
  let cur = current;
  if (cur && versionIdOf(cur) === versionId) {
    removed = cur;
    cur = undefined;
  } else {
    const i = stack.findIndex((e) => versionIdOf(e) === versionId);
    if (i < 0) return undefined;
    removed = stack.splice(i, 1)[0]!;
  }
  const top = stack[0];
  if (!cur && top && !top.marker) {
    cur = top;
    stack.shift();
  }
  await save(tx, bucket, key, cur, stack);
  return { removed, freed: await freeing(tx, bucket, key, blobsOf([removed])) };
}

/** Replaces one version's record (tags) inside `tx`: the current object or a stack entry. */
export async function updateVersion(tx: StoreOps, bucket: string, key: string, versionId: string, change: (r: ObjectRecord) => ObjectRecord, method: string): Promise<ObjectRecord> {
  const { current, stack } = await versionsOf(tx, bucket, key);
  if (current && versionIdOf(current) === versionId) {
    const next = change(current);
    await objects.put(tx, GLOBAL, objectKey(bucket, key), next);
    return next;
  }
  const i = stack.findIndex((e) => versionIdOf(e) === versionId);
  const found = stack[i];
  if (!found) throw noSuchVersion(key, versionId);
  if (found.marker) throw deleteMarkerNotAllowed(found, method);
  const next = change(found);
  stack[i] = next;
  await versions.put(tx, GLOBAL, objectKey(bucket, key), { entries: stack });
  return next;
}
