/**
 * Multi-Region keys: a primary key (id `mrk-<32 hex>`) and its replicas, one per Region of the same
 * account and partition, sharing the key material (every version, each sealed for its own location),
 * the rotation, the key spec, usage and origin; each has its own policy, description, tags and
 * state. The set's configuration is kept on every key and updated on all together. A ciphertext
 * made by any key of the set decrypts with any other (the blob names the Region it was made in).
 */
import { randomBytes } from 'node:crypto';
import type { Store, StoreOps } from '../../storage/types.js';
import type { MultiRegionConfiguration } from './api.generated.js';
import type { BlobHeader } from './ciphertext.js';
import { scheduleWork } from './due-work.js';
import { partitionOfRegion } from '../../shared/regions.js';
import { keys, KMS_TABLES, material, materialKey, purgeKey, regionScope, rotations, type KeyRecord } from './store.js';

const DAY_MS = 86_400_000;

import { MRK_ID } from './key-id.js';

export const isMrk = (id: string): boolean => MRK_ID.test(id);
export const newMrkId = (): string => `mrk-${randomBytes(16).toString('hex')}`;

export type MultiRegionKeyType = 'PRIMARY' | 'REPLICA';
export const mrTypeOf = (k: KeyRecord): MultiRegionKeyType | undefined => (k.multiRegion ? (k.multiRegion.primaryRegion === k.region ? 'PRIMARY' : 'REPLICA') : undefined);
/** Every Region of the key's set (primary first). */
export const regionsOf = (k: KeyRecord): string[] => (k.multiRegion ? [k.multiRegion.primaryRegion, ...k.multiRegion.replicaRegions] : [k.region]);
/** The other keys' Regions of the set. */
export const otherRegions = (k: KeyRecord): string[] => regionsOf(k).filter((r) => r !== k.region);

/** MultiRegionConfiguration as DescribeKey shows it. */
export function configurationOf(k: KeyRecord): MultiRegionConfiguration | undefined {
  if (!k.multiRegion) return undefined;
  const partition = partitionOfRegion(k.region)?.id ?? 'aws';
  const at = (region: string) => ({ Arn: `arn:${partition}:kms:${region}:${k.accountId}:key/${k.id}`, Region: region });
  return { MultiRegionKeyType: mrTypeOf(k)!, PrimaryKey: at(k.multiRegion.primaryRegion), ReplicaKeys: k.multiRegion.replicaRegions.map(at) };
}

/** The Region where the key a blob names is looked up from `hereRegion`: for a multi-Region key, the key of the set here. */
export const blobRegion = (h: BlobHeader, hereRegion: string): string => (isMrk(h.keyId) ? hereRegion : h.region);

/** Whether `key` may open a blob made in `region` (its own Region, or any Region of its set). */
export const opensBlobOf = (key: KeyRecord, region: string): boolean => key.region === region || (key.multiRegion !== undefined && regionsOf(key).includes(region));

/** The key of the set in `region`, if any. */
export const memberIn = (ops: StoreOps, k: KeyRecord, region: string): Promise<KeyRecord | undefined> => keys.get(ops, regionScope(k.accountId, region), k.id);

/** Writes the set's configuration on every key of the set (keys missing are skipped). */
export async function writeSet(ops: StoreOps, k: KeyRecord, set: NonNullable<KeyRecord['multiRegion']>, change: (m: KeyRecord) => KeyRecord = (m) => m): Promise<void> {
  for (const region of new Set([...regionsOf(k), set.primaryRegion, ...set.replicaRegions])) {
    const m = region === k.region ? k : await memberIn(ops, k, region);
    if (m) await keys.put(ops, regionScope(m.accountId, region), m.id, change({ ...m, multiRegion: set }));
  }
}

/** Copies every material version (and the rotation records) of `from` to the key `to` of its set. */
export async function copyMaterial(ops: StoreOps, store: Store, from: KeyRecord, to: KeyRecord): Promise<void> {
  const src = regionScope(from.accountId, from.region);
  const dst = regionScope(to.accountId, to.region);
  for (const row of await material.list(ops, src, { prefix: `${from.id}/` })) {
    const bytes = store.sealer.open(row.value.sealed, { table: KMS_TABLES.material, scope: src, key: row.key });
    try {
      await material.put(ops, dst, row.key, { ...row.value, sealed: store.sealer.seal(bytes, { table: KMS_TABLES.material, scope: dst, key: row.key }) });
    } finally {
      bytes.fill(0);
    }
  }
  for (const row of await rotations.list(ops, src, { prefix: `${from.id}/` })) await rotations.put(ops, dst, row.key, row.value);
}

/** Adds one material version, with the same bytes and id, to every other key of the set (a rotation of the primary). */
export async function addMaterialToSet(ops: StoreOps, store: Store, primary: KeyRecord, version: number, bytes: Buffer, id: string): Promise<KeyRecord[]> {
  const out: KeyRecord[] = [];
  for (const region of otherRegions(primary)) {
    const m = await memberIn(ops, primary, region);
    if (!m) continue;
    const scope = regionScope(m.accountId, region);
    const key = materialKey(m.id, version);
    await material.put(ops, scope, key, { sealed: store.sealer.seal(bytes, { table: KMS_TABLES.material, scope, key }), id });
    out.push(m);
  }
  return out;
}

/**
 * Deletes a key at the end of its waiting period. For a replica, the set forgets its Region, and a
 * primary waiting for its replicas' deletion (PendingReplicaDeletion) starts its own waiting period
 * once the last replica is gone.
 */
export async function deleteKey(ops: StoreOps, key: KeyRecord, now: number): Promise<void> {
  await purgeKey(ops, key);
  if (!key.multiRegion || mrTypeOf(key) !== 'REPLICA') return;
  const set = { ...key.multiRegion, replicaRegions: key.multiRegion.replicaRegions.filter((r) => r !== key.region) };
  const primary = await memberIn(ops, key, set.primaryRegion);
  if (!primary) {
    for (const region of set.replicaRegions) {
      const m = await memberIn(ops, key, region);
      if (m) await keys.put(ops, regionScope(m.accountId, region), m.id, { ...m, multiRegion: set });
    }
    return;
  }
  const lastReplicaGone = primary.state === 'PendingReplicaDeletion' && set.replicaRegions.length === 0;
  const deletionDate = now + (primary.pendingWindowInDays ?? 30) * DAY_MS;
  await writeSet(ops, primary, set, (m) => (m.region === primary.region && lastReplicaGone ? { ...m, state: 'PendingDeletion', deletionDate } : m));
  if (lastReplicaGone) await scheduleWork(ops, { kind: 'deletion', accountId: key.accountId, region: primary.region, keyId: key.id, dueAt: deletionDate });
}
