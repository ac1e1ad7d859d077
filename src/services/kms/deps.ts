/** What every KMS handler group needs, and the typing helpers they share. */
import type { Authorizer } from '../../authz/authorizer.js';
import type { Handler, HandlerContext } from '../../protocol/service-definition.js';
import type { Store, StoreOps } from '../../storage/types.js';
import type { Input, KeyMetadata, OperationName, Output } from './api.generated.js';
import type { Here } from './keys.js';
import { BlobKey } from './ciphertext.js';
import { material, materialKey, originOf, regionScope, specOf, usageOf, KMS_TABLES, type KeyRecord, type MaterialRecord } from './store.js';
import { invalidCiphertext } from './errors.js';
import { configurationOf } from './multi-region.js';
import { algorithmsOf, customerMasterKeySpec } from './key-specs.js';

export interface KmsDeps {
  readonly store: Store;
  /**
   * The store's reads with the key and material tables cached (invalidated by committed writes, on
   * every node): for the cryptographic operations' reads outside transactions.
   */
  readonly reader: StoreOps;
  /** For the lockout safety check of key policies. */
  readonly authorizer: () => Authorizer;
}

export type OpHandler<Op extends OperationName> = Handler<Input<Op>, Output<Op>>;
export type OpHandlers<K extends OperationName> = { readonly [Op in K]: OpHandler<Op> };

export const hereOf = (ctx: HandlerContext): Here => ({ accountId: ctx.caller.principal.accountId, region: ctx.caller.region });

/** Where one version of a key's material is stored and sealed (the seal is bound to this location). */
export const materialAt = (key: KeyRecord, version: number) => ({ table: KMS_TABLES.material, scope: regionScope(key.accountId, key.region), key: materialKey(key.id, version) });

/**
 * Opened material per stored record object: the cached reader hands out the same frozen record
 * while it is current, so the material is opened (and its BlobKey built) once per record; a record
 * read inside a transaction is a new object and is opened afresh. Entries go with their records.
 * The material is as exposed here as it is to any process holding the master key.
 */
const opened = new WeakMap<MaterialRecord, BlobKey>();
const openedBytes = new WeakMap<MaterialRecord, Buffer>();

async function materialRecord(ops: StoreOps, key: KeyRecord, version: number): Promise<{ rec: MaterialRecord; where: ReturnType<typeof materialAt> }> {
  const where = materialAt(key, version);
  const rec = await material.get(ops, where.scope, where.key);
  if (!rec) throw invalidCiphertext();
  return { rec, where };
}

/**
 * One version of a key's material, opened: the caller's own copy, to zero after use.
 * InvalidCiphertextException when there is no such version.
 */
export async function materialOf(ops: StoreOps, store: Store, key: KeyRecord, version: number): Promise<Buffer> {
  const { rec, where } = await materialRecord(ops, key, version);
  let bytes = openedBytes.get(rec);
  if (!bytes) {
    bytes = store.sealer.open(rec.sealed, where);
    openedBytes.set(rec, bytes);
  }
  return Buffer.from(bytes);
}

/** One version of a symmetric key's material as a BlobKey (seals and opens ciphertext blobs). */
export async function blobKeyOf(ops: StoreOps, store: Store, key: KeyRecord, version: number): Promise<BlobKey> {
  const { rec, where } = await materialRecord(ops, key, version);
  let k = opened.get(rec);
  if (!k) {
    const bytes = store.sealer.open(rec.sealed, where);
    k = new BlobKey(bytes);
    bytes.fill(0);
    opened.set(rec, k);
  }
  return k;
}

/** KeyMetadata as AWS describes the key. */
export function metadata(k: KeyRecord): KeyMetadata {
  return {
    AWSAccountId: k.accountId,
    KeyId: k.id,
    Arn: k.arn,
    CreationDate: new Date(k.createdAt),
    Enabled: k.state === 'Enabled',
    Description: k.description,
    KeyUsage: usageOf(k),
    KeyState: k.state,
    ...(k.deletionDate !== undefined ? { DeletionDate: new Date(k.deletionDate) } : {}),
    Origin: originOf(k),
    ...(k.expirationModel !== undefined ? { ExpirationModel: k.expirationModel } : {}),
    ...(k.validTo !== undefined ? { ValidTo: new Date(k.validTo) } : {}),
    KeyManager: k.keyManager ?? 'CUSTOMER',
    ...customerMasterKeySpec(specOf(k)),
    KeySpec: specOf(k),
    ...algorithmsOf(specOf(k), usageOf(k)),
    MultiRegion: k.multiRegion !== undefined,
    ...(k.multiRegion ? { MultiRegionConfiguration: configurationOf(k) } : {}),
    ...(k.state === 'PendingReplicaDeletion' ? { PendingDeletionWindowInDays: k.pendingWindowInDays } : {}),
  };
}
