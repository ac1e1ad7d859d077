/**
 * Rotation of a key's material: a rotation adds a material version (`<keyId>/<version>`, sealed for
 * its own location) and makes it current; older versions stay, so every ciphertext made before still
 * decrypts (its header names its version). Used by RotateKeyOnDemand and by the scheduler (automatic
 * rotation when NextRotationDate passes).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Store, StoreOps } from '../../storage/types.js';
import { unsupported } from './errors.js';
import { addMaterialToSet, mrTypeOf } from './multi-region.js';
import { keys, material, materialKey, originOf, regionScope, rotations, specOf, type KeyRecord, type MaterialRecord, type RotationRecord } from './store.js';
import { KMS_TABLES } from './store.js';

export const DAY_MS = 86_400_000;
/** RotationPeriodInDays: 90–2560, default 365 (EnableKeyRotation). */
export const MIN_PERIOD_DAYS = 90;
export const MAX_PERIOD_DAYS = 2560;
export const DEFAULT_PERIOD_DAYS = 365;
/** The on-demand rotation quota per key (developer guide, "Resource quotas": 25, not adjustable). */
export const MAX_ON_DEMAND_ROTATIONS = 25;

/** The 10-digit key of a material version in kms.key-rotations (so versions sort by number). */
export const versionKey = (keyId: string, version: number): string => `${keyId}/${String(version).padStart(10, '0')}`;

/** A new KeyMaterialId: 64 hex digits, as AWS's. */
export const newMaterialId = (): string => randomBytes(32).toString('hex');

/** The KeyMaterialId of a stored material (records of the first increment have none: derived from the sealed value). */
export const materialIdOf = (m: MaterialRecord): string => m.id ?? createHash('sha256').update(m.sealed).digest('hex');

/** Stores fresh random material as `version` of `key`; returns its id. */
export async function addMaterial(ops: StoreOps, store: Store, key: KeyRecord, version: number, bytes: Buffer = randomBytes(32), id: string = newMaterialId()): Promise<string> {
  const where = { table: KMS_TABLES.material, scope: regionScope(key.accountId, key.region), key: materialKey(key.id, version) };
  const sealed = store.sealer.seal(bytes, where);
  bytes.fill(0);
  await material.put(ops, where.scope, where.key, { sealed, id });
  return id;
}

/**
 * Whether a key can have its material rotated (COND[7] of the key state table): symmetric encryption
 * keys of origin AWS_KMS only; changes (not reads: `read`) also not on AWS managed keys nor on
 * multi-Region replicas (their primary rotates the set). (texts unconfirmed)
 */
export function checkRotatable(key: KeyRecord, read = false): void {
  if (originOf(key) === 'EXTERNAL') throw unsupported(`${key.arn} origin is EXTERNAL which is not valid for this operation.`);
  if (specOf(key) !== 'SYMMETRIC_DEFAULT') throw unsupported(`You cannot perform this operation on a non-symmetric key or a key with non-ENCRYPT_DECRYPT key usage. ${key.arn} has KeySpec ${specOf(key)}.`);
  if (read) return;
  if (key.keyManager === 'AWS') throw unsupported(`${key.arn} is an AWS managed key: its rotation is managed by AWS.`);
  if (mrTypeOf(key) === 'REPLICA') throw unsupported(`${key.arn} is a multi-Region replica key: rotation is managed on its primary key ${key.multiRegion!.primaryRegion}.`);
}

/** Rotates `key` now (within `ops`, a transaction): returns the key as stored afterwards. A multi-Region primary rotates its whole set. */
export async function rotate(ops: StoreOps, store: Store, key: KeyRecord, type: RotationRecord['type'], now: number): Promise<KeyRecord> {
  const version = key.materialVersion + 1;
  const bytes = randomBytes(32);
  const materialId = newMaterialId();
  let replicas: KeyRecord[] = [];
  try {
    replicas = await addMaterialToSet(ops, store, key, version, bytes, materialId);
    await addMaterial(ops, store, key, version, bytes, materialId);
  } finally {
    bytes.fill(0);
  }
  const record: RotationRecord = { version, materialId, rotatedAt: now, type };
  for (const r of replicas) {
    await rotations.put(ops, regionScope(r.accountId, r.region), versionKey(r.id, version), record);
    await keys.put(ops, regionScope(r.accountId, r.region), r.id, { ...r, materialVersion: version });
  }
  await rotations.put(ops, regionScope(key.accountId, key.region), versionKey(key.id, version), record);
  const next: KeyRecord = {
    ...key,
    materialVersion: version,
    ...(type === 'ON_DEMAND' ? { onDemandRotations: (key.onDemandRotations ?? 0) + 1 } : {}),
    ...(type === 'AUTOMATIC' && key.rotation ? { rotation: { ...key.rotation, nextAt: now + key.rotation.periodDays * DAY_MS } } : {}),
  };
  await keys.put(ops, regionScope(key.accountId, key.region), key.id, next);
  return next;
}
