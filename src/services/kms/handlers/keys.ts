/**
 * Key lifecycle: CreateKey (the key specs of key-specs.ts), DescribeKey, ListKeys, UpdateKeyDescription,
 * EnableKey, DisableKey, ScheduleKeyDeletion (7–30 days; the scheduler deletes the key, with its
 * material and aliases, at its deletion date, and so does the first access after it) and
 * CancelKeyDeletion (back to Disabled, as AWS).
 */
import { KEY_ID } from '../key-id.js';
import { randomUUID } from 'node:crypto';
import { newKeyMaterial } from '../asymmetric.js';
import type { Tag } from '../api.generated.js';
import { scheduleWork } from '../due-work.js';
import { invalidMarker, outOfRange, reservedTag, unsupported } from '../errors.js';
import { checkKeyPolicy, checkLockout, defaultKeyPolicy } from '../key-policy.js';
import { checkCreateKeySpec } from '../spec-check.js';
import { keyArn, liveKey, partitionOf, requireKey } from '../keys.js';
import { mrTypeOf, newMrkId } from '../multi-region.js';
import { keys, material, materialKey, regionScope, type KeyRecord } from '../store.js';
import { hereOf, materialAt, metadata, type KmsDeps, type OpHandlers } from '../deps.js';

type Ops = 'CreateKey' | 'DescribeKey' | 'ListKeys' | 'UpdateKeyDescription' | 'EnableKey' | 'DisableKey' | 'ScheduleKeyDeletion' | 'CancelKeyDeletion';

const DAY_MS = 86_400_000;

/** Tags as AWS accepts them on keys: `aws:` is reserved. */
export function checkTags(tags: readonly Tag[] | undefined): void {
  for (const t of tags ?? []) if (t.TagKey.toLowerCase().startsWith('aws:')) throw reservedTag();
}

/** Limit and Marker of KMS's list operations (Limit 1..1000 is checked by the model; default 100). */
export function page<T>(rows: readonly T[], limit: number | undefined): { items: T[]; truncated: boolean } {
  const n = limit ?? 100;
  return { items: rows.slice(0, n), truncated: rows.length > n };
}

export function keyHandlers({ store, authorizer }: KmsDeps): OpHandlers<Ops> {
  const setState = (op: 'EnableKey' | 'DisableKey', state: 'Enabled' | 'Disabled') =>
    async (input: { KeyId: string }, ctx: Parameters<OpHandlers<Ops>['EnableKey']>[1]): Promise<void> => {
      await store.transaction(async (tx) => {
        const k = await requireKey(tx, input.KeyId, ctx, { op });
        await keys.put(tx, regionScope(k.accountId, k.region), k.id, { ...k, state });
      });
    };
  return {
    async CreateKey(input, ctx) {
      const kind = checkCreateKeySpec(input);
      const origin = input.Origin ?? 'AWS_KMS';
      if (origin !== 'AWS_KMS' && origin !== 'EXTERNAL') throw unsupported(`Origin ${origin} is not supported by Rampart yet: only AWS_KMS and EXTERNAL keys are served.`);
      if (origin === 'EXTERNAL' && kind.spec !== 'SYMMETRIC_DEFAULT') throw unsupported(`Importing key material for KeySpec ${kind.spec} is not supported by Rampart yet: only SYMMETRIC_DEFAULT keys of origin EXTERNAL are served.`);
      if (input.CustomKeyStoreId !== undefined || input.XksKeyId !== undefined) throw unsupported('Custom key stores are not supported by Rampart.');
      const multiRegion = input.MultiRegion === true;
      if (multiRegion && origin === 'EXTERNAL') throw unsupported('Multi-Region keys with imported key material are not supported by Rampart yet.');
      checkTags(input.Tags);
      const here = hereOf(ctx);
      const partition = partitionOf(here.region);
      const id = multiRegion ? newMrkId() : randomUUID();
      const arn = keyArn(partition, here.region, here.accountId, id);
      let policy = defaultKeyPolicy(partition, here.accountId);
      if (input.Policy !== undefined) {
        checkKeyPolicy(input.Policy);
        if (input.BypassPolicyLockoutSafetyCheck !== true) await checkLockout(authorizer(), ctx.caller, arn, input.Policy);
        policy = input.Policy;
      }
      const key: KeyRecord = {
        id,
        accountId: here.accountId,
        region: here.region,
        arn,
        createdAt: ctx.caller.now,
        description: input.Description ?? '',
        // Origin EXTERNAL: no material until ImportKeyMaterial (handlers/import.ts).
        state: origin === 'EXTERNAL' ? 'PendingImport' : 'Enabled',
        policy,
        tags: (input.Tags ?? []).map((t) => ({ TagKey: t.TagKey, TagValue: t.TagValue })),
        materialVersion: 1,
        ...(origin === 'EXTERNAL' ? { origin } : {}),
        ...(multiRegion ? { multiRegion: { primaryRegion: here.region, replicaRegions: [] } } : {}),
        ...(kind.spec !== 'SYMMETRIC_DEFAULT' ? { keySpec: kind.spec, keyUsage: kind.usage } : {}),
      };
      const where = materialAt(key, 1);
      const bytes = await newKeyMaterial(kind.info.key);
      const sealed = store.sealer.seal(bytes, where);
      bytes.fill(0);
      await store.transaction(async (tx) => {
        if (origin === 'AWS_KMS') await material.put(tx, where.scope, where.key, { sealed });
        await keys.put(tx, regionScope(key.accountId, key.region), key.id, key);
      });
      return { KeyMetadata: metadata(key) };
    },

    async DescribeKey(input, ctx) {
      const k = await requireKey(store, input.KeyId, ctx, { op: 'DescribeKey', alias: true, crossAccount: true });
      return { KeyMetadata: metadata(k) };
    },

    async ListKeys(input, ctx) {
      const here = hereOf(ctx);
      if (input.Marker !== undefined && !KEY_ID.test(input.Marker)) throw invalidMarker();
      const rows = await keys.list(store, regionScope(here.accountId, here.region), input.Marker !== undefined ? { after: input.Marker } : {});
      const live: KeyRecord[] = [];
      for (const r of rows) {
        const k = await liveKey(store, here, r.key, ctx.caller.now);
        if (k) live.push(k);
      }
      const p = page(live, input.Limit);
      return {
        Keys: p.items.map((k) => ({ KeyId: k.id, KeyArn: k.arn })),
        Truncated: p.truncated,
        ...(p.truncated ? { NextMarker: p.items[p.items.length - 1]!.id } : {}),
      };
    },

    async UpdateKeyDescription(input, ctx) {
      await store.transaction(async (tx) => {
        const k = await requireKey(tx, input.KeyId, ctx, { op: 'UpdateKeyDescription' });
        await keys.put(tx, regionScope(k.accountId, k.region), k.id, { ...k, description: input.Description });
      });
    },

    EnableKey: setState('EnableKey', 'Enabled'),
    DisableKey: setState('DisableKey', 'Disabled'),

    async ScheduleKeyDeletion(input, ctx) {
      const days = input.PendingWindowInDays ?? 30;
      if (days < 7) throw outOfRange('pendingWindowInDays', days, 'Member must have value greater than or equal to 7');
      if (days > 30) throw outOfRange('pendingWindowInDays', days, 'Member must have value less than or equal to 30');
      return store.transaction(async (tx) => {
        const k = await requireKey(tx, input.KeyId, ctx, { op: 'ScheduleKeyDeletion' });
        // A multi-Region primary with replicas waits for their deletion first (its period starts then).
        if (mrTypeOf(k) === 'PRIMARY' && k.multiRegion!.replicaRegions.length > 0) {
          await keys.put(tx, regionScope(k.accountId, k.region), k.id, { ...k, state: 'PendingReplicaDeletion', pendingWindowInDays: days });
          return { KeyId: k.arn, KeyState: 'PendingReplicaDeletion' as const, PendingWindowInDays: days };
        }
        const deletionDate = ctx.caller.now + days * DAY_MS;
        await keys.put(tx, regionScope(k.accountId, k.region), k.id, { ...k, state: 'PendingDeletion', deletionDate, pendingWindowInDays: days });
        await scheduleWork(tx, { kind: 'deletion', accountId: k.accountId, region: k.region, keyId: k.id, dueAt: deletionDate });
        return { KeyId: k.arn, DeletionDate: new Date(deletionDate), KeyState: 'PendingDeletion' as const, PendingWindowInDays: days };
      });
    },

    async CancelKeyDeletion(input, ctx) {
      return store.transaction(async (tx) => {
        const k = await requireKey(tx, input.KeyId, ctx, { op: 'CancelKeyDeletion' });
        const { deletionDate: _d, pendingWindowInDays: _w, ...rest } = k;
        // A key whose imported material is gone goes back to PendingImport rather than Disabled.
        const hasMaterial = (await material.get(tx, regionScope(k.accountId, k.region), materialKey(k.id, k.materialVersion))) !== undefined;
        await keys.put(tx, regionScope(k.accountId, k.region), k.id, { ...rest, state: hasMaterial ? 'Disabled' : 'PendingImport' });
        return { KeyId: k.arn };
      });
    },
  };
}
