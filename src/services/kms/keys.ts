/**
 * How a request names a KMS key (key id, key ARN, alias name, alias ARN) and how it is found: the
 * same lookups serve authorization (`authz.ts`) and the handlers, so both act on the same key.
 * Keys and aliases are regional: an ARN of another region names nothing here.
 */
import { KEY_ID } from './key-id.js';
import type { HandlerContext } from '../../protocol/service-definition.js';
import { partitionOfRegion } from '../../shared/regions.js';
import type { StoreOps } from '../../storage/types.js';
import { aliasNotFound, invalidKeyId, keyNotFound } from './errors.js';
import { expireIfDue } from './imported-material.js';
import { checkState, type StatefulOperation } from './key-states.js';
import { deleteKey } from './multi-region.js';
import { aliases, keys, regionScope, type KeyRecord } from './store.js';

export type KeyRef =
  | { readonly kind: 'key'; readonly accountId: string; readonly region: string; readonly keyId: string }
  | { readonly kind: 'alias'; readonly accountId: string; readonly region: string; readonly name: string };

/** A key id: a UUID, or `mrk-<32 hex>` for a multi-Region key. */
const KEY_ARN = /^arn:[a-z-]+:kms:([a-z0-9-]+):(\d{12}):key\/(.+)$/;
const ALIAS_ARN = /^arn:[a-z-]+:kms:([a-z0-9-]+):(\d{12}):(alias\/.+)$/;

export const partitionOf = (region: string): string => partitionOfRegion(region)?.id ?? 'aws';
export const keyArn = (partition: string, region: string, accountId: string, keyId: string) => `arn:${partition}:kms:${region}:${accountId}:key/${keyId}`;
export const aliasArn = (partition: string, region: string, accountId: string, name: string) => `arn:${partition}:kms:${region}:${accountId}:${name}`;

/** Where a request acts: the caller's account and the signed region. */
export interface Here {
  readonly accountId: string;
  readonly region: string;
}

/** The key a KeyId names (aliases only where the operation accepts them). Throws NotFoundException for anything else. */
export function parseKeyRef(id: string, here: Here, allowAlias: boolean): KeyRef {
  if (KEY_ID.test(id)) return { kind: 'key', accountId: here.accountId, region: here.region, keyId: id };
  const k = KEY_ARN.exec(id);
  if (k) return { kind: 'key', region: k[1]!, accountId: k[2]!, keyId: k[3]! };
  if (allowAlias && id.startsWith('alias/')) return { kind: 'alias', accountId: here.accountId, region: here.region, name: id };
  const a = allowAlias ? ALIAS_ARN.exec(id) : null;
  if (a) return { kind: 'alias', region: a[1]!, accountId: a[2]!, name: a[3]! };
  throw invalidKeyId(id);
}

/** The ARN a reference names (the key's, or the alias's). */
export function refArn(ref: KeyRef, partition: string): string {
  return ref.kind === 'key' ? keyArn(partition, ref.region, ref.accountId, ref.keyId) : aliasArn(partition, ref.region, ref.accountId, ref.name);
}

/** What a reference resolves to: the key (when it exists here), its canonical ARN, the alias used. */
export interface Located {
  readonly key?: KeyRecord;
  /** The key's ARN when found, else the ARN the request named. */
  readonly arn: string;
  readonly accountId: string;
  /** The alias name the request used (`kms:RequestAlias`). */
  readonly alias?: string;
  /** The request named an alias that does not exist. */
  readonly aliasMissing?: boolean;
}

export async function locate(ops: StoreOps, ref: KeyRef, here: Here): Promise<Located> {
  const partition = partitionOf(here.region);
  const named = refArn(ref, partition);
  // Keys are regional: a key or alias ARN of another region names nothing in this one.
  if (ref.region !== here.region) return { arn: named, accountId: ref.accountId, ...(ref.kind === 'alias' ? { alias: ref.name, aliasMissing: true } : {}) };
  const scope = regionScope(ref.accountId, ref.region);
  let keyId: string;
  if (ref.kind === 'alias') {
    const a = await aliases.get(ops, scope, ref.name);
    if (!a) return { arn: named, accountId: ref.accountId, alias: ref.name, aliasMissing: true };
    keyId = a.targetKeyId;
  } else keyId = ref.keyId;
  const key = await keys.get(ops, scope, keyId);
  const arn = key?.arn ?? keyArn(partition, ref.region, ref.accountId, keyId);
  return { arn, accountId: ref.accountId, ...(key ? { key } : {}), ...(ref.kind === 'alias' ? { alias: ref.name } : {}) };
}

export interface KeyUse {
  /** The operation (for the key state rules). */
  readonly op: StatefulOperation;
  /** Whether the operation accepts an alias name or alias ARN. */
  readonly alias?: boolean;
  /** Whether a key of another account may be named (cryptographic operations, DescribeKey). */
  readonly crossAccount?: boolean;
}

/** Whether a key's waiting period is over (then it is deleted on this access). */
export const isDue = (key: KeyRecord, now: number): boolean => key.state === 'PendingDeletion' && key.deletionDate !== undefined && key.deletionDate <= now;

/** The key a handler acts on, in a state that permits `use.op`; AWS's errors otherwise. */
export async function requireKey(ops: StoreOps, id: string, ctx: HandlerContext, use: KeyUse): Promise<KeyRecord> {
  const here = { accountId: ctx.caller.principal.accountId, region: ctx.caller.region };
  const ref = parseKeyRef(id, here, use.alias === true);
  const found = await locate(ops, ref, here);
  if (!use.crossAccount && found.accountId !== here.accountId) throw keyNotFound(found.arn);
  if (found.aliasMissing) throw aliasNotFound(found.arn);
  if (!found.key) throw keyNotFound(found.arn);
  if (isDue(found.key, ctx.caller.now)) {
    await deleteKey(ops, found.key, ctx.caller.now);
    throw keyNotFound(found.arn);
  }
  // Imported material past its ValidTo is deleted on this access (the scheduler does it on time).
  const key = await expireIfDue(ops, found.key, ctx.caller.now);
  checkState(use.op, key);
  return key;
}

/** A key of this account and region by id, deleted first if its waiting period is over. */
export async function liveKey(ops: StoreOps, here: Here, keyId: string, now: number): Promise<KeyRecord | undefined> {
  const key = await keys.get(ops, regionScope(here.accountId, here.region), keyId);
  if (key && isDue(key, now)) {
    await deleteKey(ops, key, now);
    return undefined;
  }
  return key;
}
