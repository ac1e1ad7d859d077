/**
 * What every WAFv2 entity shares: lookup by Name+Scope+Id or ARN, names unique per kind and scope,
 * per-kind limits, optimistic locking with LockToken, deletion refused while referenced, and the
 * NextMarker paging of the List operations. Handlers and authorization use the same lookups.
 */
import { randomUUID } from 'node:crypto';
import type { StoreOps } from '../../storage/types.js';
import type { Scope, Tag } from './api.generated.js';
import { checkScope, entityArn, parseEntityArn, type Here, type Kind } from './arns.js';
import { associated, duplicate, invalidParameter, limitsExceeded, nonexistent, staleLock, BAD_FORMAT } from './errors.js';
import { associations, entities, entityKey, kindPrefix, logging, regionScope, storable, type DataOf, type EntityRecord } from './store.js';

/** AWS WAF's default quotas per account, Region and scope (developer guide, "AWS WAF quotas"). */
export const MAX_PER_KIND: Readonly<Record<Kind, number>> = { webacl: 100, rulegroup: 100, ipset: 100, regexpatternset: 10 };
/** The SourceType AWS names in WAFLimitsExceededException. (unconfirmed) */
const SOURCE_TYPE: Readonly<Record<Kind, string>> = { webacl: 'WebACL', rulegroup: 'RuleGroup', ipset: 'IPSet', regexpatternset: 'RegexPatternSet' };

/** The entity of this account and region named by Name, Scope and Id; WAFNonexistentItemException otherwise. */
export async function requireEntity<K extends Kind>(ops: StoreOps, here: Here, kind: K, scope: Scope, name: string, id: string): Promise<EntityRecord<K>> {
  checkScope(scope, here);
  const rec = (await entities.get(ops, regionScope(here.accountId, here.region), entityKey(kind, scope, id))) as EntityRecord<K> | undefined;
  if (!rec || rec.name !== name) throw nonexistent();
  return rec;
}

/** The entity an ARN names, if it exists in this account and region. */
export async function entityByArn(ops: StoreOps, here: Here, arn: string): Promise<EntityRecord | undefined> {
  const p = parseEntityArn(arn);
  if (!p || p.accountId !== here.accountId || p.region !== here.region) return undefined;
  const rec = await entities.get(ops, regionScope(here.accountId, here.region), entityKey(p.kind, p.scope, p.id));
  return rec && rec.name === p.name ? rec : undefined;
}

/** Get operations that take Name+Scope+Id or ARN (GetWebACL, GetRuleGroup). */
export async function requireByNameOrArn<K extends Kind>(ops: StoreOps, here: Here, kind: K, input: { Name?: string; Scope?: Scope; Id?: string; ARN?: string }): Promise<EntityRecord<K>> {
  if (input.ARN !== undefined) {
    const rec = await entityByArn(ops, here, input.ARN);
    if (!rec || rec.kind !== kind) throw nonexistent();
    return rec as EntityRecord<K>;
  }
  if (input.Name === undefined || input.Scope === undefined || input.Id === undefined) throw invalidParameter('RESOURCE_ARN', 'ARN', BAD_FORMAT);
  return requireEntity(ops, here, kind, input.Scope, input.Name, input.Id);
}

export interface NewEntity<K extends Kind> {
  readonly kind: K;
  readonly scope: Scope;
  readonly name: string;
  readonly description?: string;
  readonly tags?: readonly Tag[];
  readonly refs: readonly string[];
  readonly data: DataOf[K];
}

/** Creates an entity: scope served here, name unique in kind and scope, within the kind's quota. */
export async function createEntity<K extends Kind>(ops: StoreOps, here: Here, now: number, e: NewEntity<K>): Promise<EntityRecord<K>> {
  checkScope(e.scope, here);
  const scope = regionScope(here.accountId, here.region);
  const existing = await entities.list(ops, scope, { prefix: kindPrefix(e.kind, e.scope) });
  if (existing.some((r) => r.value.name === e.name)) throw duplicate();
  if (existing.length >= MAX_PER_KIND[e.kind]) throw limitsExceeded(SOURCE_TYPE[e.kind]);
  const id = randomUUID();
  const rec: EntityRecord<K> = {
    kind: e.kind,
    id,
    name: e.name,
    scope: e.scope,
    arn: entityArn(here, e.scope, e.kind, e.name, id),
    accountId: here.accountId,
    region: here.region,
    ...(e.description !== undefined ? { description: e.description } : {}),
    lockToken: randomUUID(),
    tags: (e.tags ?? []).map((t) => ({ Key: t.Key, Value: t.Value })),
    refs: e.refs,
    createdAt: now,
    data: storable(e.data),
  };
  await entities.put(ops, scope, entityKey(e.kind, e.scope, id), rec as EntityRecord);
  return rec;
}

/** Checks the caller's LockToken against the entity's current one. */
export function checkLock(rec: EntityRecord, lockToken: string): void {
  if (rec.lockToken !== lockToken) throw staleLock();
}

/** Writes a changed entity with a new LockToken (returned as NextLockToken). */
export async function saveEntity<K extends Kind>(ops: StoreOps, rec: EntityRecord<K>, change: Partial<Pick<EntityRecord<K>, 'description' | 'tags' | 'refs' | 'data'>>, bumpLock = true): Promise<EntityRecord<K>> {
  const next = { ...rec, ...change, ...(change.data !== undefined ? { data: storable(change.data) } : {}), ...(bumpLock ? { lockToken: randomUUID() } : {}) } as EntityRecord<K>;
  await entities.put(ops, regionScope(rec.accountId, rec.region), entityKey(rec.kind, rec.scope, rec.id), next as EntityRecord);
  return next;
}

/** The web ACLs and rule groups of the same scope that reference `arn`. */
export async function referrers(ops: StoreOps, rec: EntityRecord): Promise<EntityRecord[]> {
  const scope = regionScope(rec.accountId, rec.region);
  const out: EntityRecord[] = [];
  for (const kind of ['webacl', 'rulegroup'] as const) {
    for (const r of await entities.list(ops, scope, { prefix: kindPrefix(kind, rec.scope) })) if (r.value.refs.includes(rec.arn)) out.push(r.value);
  }
  return out;
}

/** Deletes an entity: the LockToken must be current and nothing may use it (references, associations). */
export async function deleteEntity(ops: StoreOps, rec: EntityRecord, lockToken: string): Promise<void> {
  checkLock(rec, lockToken);
  if ((await referrers(ops, rec)).length > 0) throw associated();
  const scope = regionScope(rec.accountId, rec.region);
  if (rec.kind === 'webacl') {
    for (const a of await associations.list(ops, scope)) if (a.value.webAclArn === rec.arn) throw associated();
    await logging.delete(ops, scope, rec.arn);
  }
  await entities.delete(ops, scope, entityKey(rec.kind, rec.scope, rec.id));
}

const ID = /^[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$/;

/** One page of a kind's entities in a scope (Limit 1..100, default 100; NextMarker is the last id returned). */
export async function listEntities<K extends Kind>(ops: StoreOps, here: Here, kind: K, s: Scope, marker: string | undefined, limit: number | undefined) {
  checkScope(s, here);
  if (marker !== undefined && !ID.test(marker)) throw invalidParameter('ENTITY_LIMIT', marker, BAD_FORMAT);
  const prefix = kindPrefix(kind, s);
  const rows = await entities.list(ops, regionScope(here.accountId, here.region), { prefix, ...(marker !== undefined ? { after: prefix + marker } : {}) });
  const n = limit ?? 100;
  const items = rows.slice(0, n).map((r) => r.value as EntityRecord<K>);
  return { items, next: rows.length > n ? items[items.length - 1]!.id : undefined };
}

/** The summary every List and Create operation returns. */
export const summary = (r: EntityRecord) => ({
  Name: r.name,
  Id: r.id,
  ...(r.description !== undefined ? { Description: r.description } : {}),
  LockToken: r.lockToken,
  ARN: r.arn,
});
