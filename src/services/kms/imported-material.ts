/**
 * Imported key material (origin EXTERNAL) and its end: DeleteImportedKeyMaterial and expiry at
 * ValidTo both delete the material and leave the key PendingImport (AWS: "When the key material
 * expires, KMS deletes the key material from the KMS key"). The id of the material imported first
 * stays on the key: a re-import must be the same material.
 */
import type { StoreOps } from '../../storage/types.js';
import { keys, material, originOf, regionScope, type KeyRecord } from './store.js';

/** Whether the key's imported material has expired at `now`. */
export const isExpired = (key: KeyRecord, now: number): boolean =>
  originOf(key) === 'EXTERNAL' && key.state !== 'PendingImport' && key.expirationModel === 'KEY_MATERIAL_EXPIRES' && key.validTo !== undefined && key.validTo <= now;

/**
 * Deletes the key's material: the key becomes PendingImport (a key pending deletion stays so: its
 * material is gone all the same). Returns the key as stored afterwards.
 */
export async function removeMaterial(ops: StoreOps, key: KeyRecord): Promise<KeyRecord> {
  const scope = regionScope(key.accountId, key.region);
  await material.deletePrefix(ops, scope, `${key.id}/`);
  const { validTo: _v, expirationModel: _m, ...rest } = key;
  const next: KeyRecord = { ...rest, state: key.state === 'PendingDeletion' ? 'PendingDeletion' : 'PendingImport' };
  await keys.put(ops, scope, key.id, next);
  return next;
}

/** The key, its expired material deleted first (the check at access; the scheduler does it on time). */
export async function expireIfDue(ops: StoreOps, key: KeyRecord, now: number): Promise<KeyRecord> {
  return isExpired(key, now) ? removeMaterial(ops, key) : key;
}
