/**
 * KMS state, per account and region (scope `region`), as AWS keeps it (keys and aliases are regional):
 * - kms.keys          `<keyId>`             KeyRecord (metadata, key policy, tags)
 * - kms.key-material  `<keyId>/<version>`   MaterialRecord: the 32-byte key material, sealed with the
 *                                            store's sealer for exactly this location (never stored clear)
 * - kms.aliases       `<alias name>`        AliasRecord (`alias/...`, case-sensitive)
 * - kms.grants        `<keyId>/<grantId>`   GrantRecord (grants.ts), in the key's scope
 * - kms.grants-by-grantee `<keyId>/<grantee index>/<grantId>`  the same record, found by grantee
 * - kms.grants-by-retiree `<retiree>/<keyAccount>/<keyId>/<grantId>`  the same record, in the
 *                        retiring principal's account (ListRetirableGrants)
 * - kms.key-rotations `<keyId>/<version>`   RotationRecord: one per rotation (version 10 digits, so keys sort)
 * - kms.import-params `<keyId>`             ImportParamsRecord: the wrapping private key (sealed) and token
 * - kms.due-work      (global scope)        the scheduler's index of due work (scheduler.ts)
 * - kms.scheduler     (global scope)        the scheduler's lease (lease.ts)
 */
import type { Scope, StoreOps } from '../../storage/types.js';
import { Table } from '../../storage/table.js';
import type { GrantConstraints, GrantOperation, KeySpec, KeyUsageType, Tag } from './api.generated.js';

export const KMS_TABLES = {
  keys: 'kms.keys',
  material: 'kms.key-material',
  aliases: 'kms.aliases',
  rotations: 'kms.key-rotations',
  importParams: 'kms.import-params',
  dueWork: 'kms.due-work',
  scheduler: 'kms.scheduler',
} as const;
export const GRANT_TABLES = { grants: 'kms.grants', byGrantee: 'kms.grants-by-grantee', byRetiree: 'kms.grants-by-retiree' } as const;

/**
 * The key states Rampart's keys reach. `Creating`/`Updating` (multi-Region changes in progress) and
 * `Unavailable` (custom key stores) are never reached: replication is synchronous here and custom key
 * stores are not served.
 */
export type ServedKeyState = 'Enabled' | 'Disabled' | 'PendingDeletion' | 'PendingImport' | 'PendingReplicaDeletion';

export interface KeyRecord {
  readonly id: string;
  readonly accountId: string;
  readonly region: string;
  readonly arn: string;
  /** Epoch ms. */
  readonly createdAt: number;
  readonly description: string;
  readonly state: ServedKeyState;
  /** Epoch ms the key is deleted at (PendingDeletion). */
  readonly deletionDate?: number;
  readonly pendingWindowInDays?: number;
  /** The key policy as stored (returned as is by GetKeyPolicy). */
  readonly policy: string;
  readonly tags: readonly Tag[];
  /** The version of the material new ciphertexts are made with (1: no rotation yet). */
  readonly materialVersion: number;
  /** Absent in records of the first increment: SYMMETRIC_DEFAULT. */
  readonly keySpec?: KeySpec;
  /** Absent: ENCRYPT_DECRYPT. */
  readonly keyUsage?: KeyUsageType;
  /** Absent: AWS_KMS. */
  readonly origin?: 'AWS_KMS' | 'EXTERNAL';
  /** Absent: CUSTOMER; AWS for the AWS managed keys (`alias/aws/...`). */
  readonly keyManager?: 'CUSTOMER' | 'AWS';
  /** Automatic rotation (absent: disabled): its period and the next date (epoch ms). */
  readonly rotation?: { readonly periodDays: number; readonly nextAt: number };
  /** On-demand rotations made so far (RotateKeyOnDemand's quota). */
  readonly onDemandRotations?: number;
  /** Origin EXTERNAL: the id of the material imported once (a re-import must be the same material). */
  readonly importedMaterialId?: string;
  /** Origin EXTERNAL with material: whether it expires, and when (epoch ms). */
  readonly expirationModel?: 'KEY_MATERIAL_EXPIRES' | 'KEY_MATERIAL_DOES_NOT_EXPIRE';
  readonly validTo?: number;
  /**
   * Multi-Region keys (id `mrk-...`): the set's primary Region and its replica Regions, the same on
   * every key of the set (all are updated together). The key's own role follows from its region.
   */
  readonly multiRegion?: { readonly primaryRegion: string; readonly replicaRegions: readonly string[] };
}

export const specOf = (k: KeyRecord): KeySpec => k.keySpec ?? 'SYMMETRIC_DEFAULT';
export const usageOf = (k: KeyRecord): KeyUsageType => k.keyUsage ?? 'ENCRYPT_DECRYPT';
export const originOf = (k: KeyRecord): 'AWS_KMS' | 'EXTERNAL' => k.origin ?? 'AWS_KMS';

export interface MaterialRecord {
  readonly sealed: string;
  /** KeyMaterialId (64 hex digits); absent in records of the first increment (derived from `sealed`). */
  readonly id?: string;
}

/** One rotation of a key's material. */
export interface RotationRecord {
  readonly version: number;
  readonly materialId: string;
  /** Epoch ms. */
  readonly rotatedAt: number;
  readonly type: 'AUTOMATIC' | 'ON_DEMAND';
}

/** The outstanding parameters of GetParametersForImport (one set per key: a new call replaces it). */
export interface ImportParamsRecord {
  /** The import token's id (hex). */
  readonly tokenId: string;
  readonly algorithm: string;
  /** The wrapping private key (PKCS#8 DER), sealed for this location. */
  readonly sealedPrivateKey: string;
  /** Epoch ms. */
  readonly validTo: number;
}

export interface AliasRecord {
  readonly name: string;
  readonly targetKeyId: string;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** A grant on a key (grants.ts): immutable from creation until it is retired or revoked. */
export interface GrantRecord {
  /** 64 hex digits. */
  readonly id: string;
  readonly keyId: string;
  readonly keyAccountId: string;
  readonly region: string;
  readonly keyArn: string;
  readonly name?: string;
  /** Epoch ms. */
  readonly createdAt: number;
  readonly granteePrincipal: string;
  readonly retiringPrincipal?: string;
  /** `arn:<partition>:iam::<account>:root` of the caller that created the grant. */
  readonly issuingAccount: string;
  readonly operations: readonly GrantOperation[];
  readonly constraints?: GrantConstraints;
}

export const keys = new Table<KeyRecord>(KMS_TABLES.keys);
export const material = new Table<MaterialRecord>(KMS_TABLES.material);
export const aliases = new Table<AliasRecord>(KMS_TABLES.aliases);
export const rotations = new Table<RotationRecord>(KMS_TABLES.rotations);
export const importParams = new Table<ImportParamsRecord>(KMS_TABLES.importParams);

export const regionScope = (accountId: string, region: string): Scope => ({ kind: 'region', accountId, region });
export const materialKey = (keyId: string, version: number): string => `${keyId}/${version}`;

export const grants = new Table<GrantRecord>(GRANT_TABLES.grants);
export const grantsByGrantee = new Table<GrantRecord>(GRANT_TABLES.byGrantee);
export const grantsByRetiree = new Table<GrantRecord>(GRANT_TABLES.byRetiree);

/** The scope and key of a grant's ListRetirableGrants entry: the retiring principal's account (the key's for a service principal). */
export function retireeEntry(g: GrantRecord, retiring: string): { scope: Scope; key: string } {
  const account = /^arn:[^:]+:(?:iam|sts)::(\d{12}):/.exec(retiring)?.[1] ?? g.keyAccountId;
  return { scope: regionScope(account, g.region), key: `${Buffer.from(retiring, 'utf8').toString('base64url')}/${g.keyAccountId}/${g.keyId}/${g.id}` };
}

/** The index key of a grantee (any partition): accounts and roles by account and name (a role's sessions find its grants), others exactly. */
export function granteeIndex(principal: string): string {
  const root = /^arn:[^:]+:iam::(\d{12}):root$/.exec(principal);
  const role = /^arn:[^:]+:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(principal);
  const k = root ? `a:${root[1]}` : role ? `r:${role[1]}:${role[2]!.toLowerCase()}` : `p:${principal.replace(/^arn:[^:]+:/, 'arn::')}`;
  return Buffer.from(k, 'utf8').toString('base64url');
}

/** Deletes a grant and its index entries. */
export async function deleteGrant(ops: StoreOps, g: GrantRecord): Promise<void> {
  const scope = regionScope(g.keyAccountId, g.region);
  await grants.delete(ops, scope, `${g.keyId}/${g.id}`);
  await grantsByGrantee.delete(ops, scope, `${g.keyId}/${granteeIndex(g.granteePrincipal)}/${g.id}`);
  if (g.retiringPrincipal !== undefined) {
    const r = retireeEntry(g, g.retiringPrincipal);
    await grantsByRetiree.delete(ops, r.scope, r.key);
  }
}

/** Deletes a key, its material, its grants and the aliases that point to it (the end of its waiting period). */
export async function purgeKey(ops: StoreOps, key: KeyRecord): Promise<void> {
  const scope = regionScope(key.accountId, key.region);
  for (const g of await grants.list(ops, scope, { prefix: `${key.id}/` })) await deleteGrant(ops, g.value);
  for (const a of await aliases.list(ops, scope)) if (a.value.targetKeyId === key.id) await aliases.delete(ops, scope, a.key);
  await material.deletePrefix(ops, scope, `${key.id}/`);
  await rotations.deletePrefix(ops, scope, `${key.id}/`);
  await importParams.delete(ops, scope, key.id);
  await keys.delete(ops, scope, key.id);
}
