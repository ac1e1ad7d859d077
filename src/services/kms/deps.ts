/** What every KMS handler group needs, and the typing helpers they share. */
import type { Authorizer } from '../../authz/authorizer.js';
import type { Handler, HandlerContext } from '../../protocol/service-definition.js';
import type { Store, StoreOps } from '../../storage/types.js';
import type { Input, KeyMetadata, OperationName, Output } from './api.generated.js';
import type { Here } from './keys.js';
import { material, materialKey, originOf, regionScope, specOf, usageOf, KMS_TABLES, type KeyRecord } from './store.js';
import { invalidCiphertext } from './errors.js';
import { algorithmsOf, customerMasterKeySpec } from './key-specs.js';

export interface KmsDeps {
  readonly store: Store;
  /** For the lockout safety check of key policies. */
  readonly authorizer: () => Authorizer;
}

export type OpHandler<Op extends OperationName> = Handler<Input<Op>, Output<Op>>;
export type OpHandlers<K extends OperationName> = { readonly [Op in K]: OpHandler<Op> };

export const hereOf = (ctx: HandlerContext): Here => ({ accountId: ctx.caller.principal.accountId, region: ctx.caller.region });

/** Where one version of a key's material is stored and sealed (the seal is bound to this location). */
export const materialAt = (key: KeyRecord, version: number) => ({ table: KMS_TABLES.material, scope: regionScope(key.accountId, key.region), key: materialKey(key.id, version) });

/** One version of a key's material, opened; InvalidCiphertextException when there is no such version. */
export async function materialOf(ops: StoreOps, store: Store, key: KeyRecord, version: number): Promise<Buffer> {
  const where = materialAt(key, version);
  const rec = await material.get(ops, where.scope, where.key);
  if (!rec) throw invalidCiphertext();
  return store.sealer.open(rec.sealed, where);
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
    KeyManager: k.keyManager ?? 'CUSTOMER',
    ...customerMasterKeySpec(specOf(k)),
    KeySpec: specOf(k),
    ...algorithmsOf(specOf(k), usageOf(k)),
    MultiRegion: false,
  };
}
