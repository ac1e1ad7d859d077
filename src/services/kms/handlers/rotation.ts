/**
 * Rotation: EnableKeyRotation (RotationPeriodInDays 90–2560, default 365; the first rotation is a
 * period after enabling), DisableKeyRotation, GetKeyRotationStatus, RotateKeyOnDemand (at most 25 per
 * key; synchronous here, so no rotation is ever "in progress": OnDemandRotationStartDate is never
 * returned) and ListKeyRotations. Only symmetric keys of origin AWS_KMS rotate (COND[7]); automatic
 * rotation is carried out by the scheduler (scheduler.ts) when NextRotationDate passes.
 */
import type { RotationsListEntry } from '../api.generated.js';
import { LimitExceededException } from '../api.generated.js';
import { scheduleWork } from '../due-work.js';
import { invalidMarker, outOfRange } from '../errors.js';
import { requireKey } from '../keys.js';
import { memberIn, mrTypeOf } from '../multi-region.js';
import { checkRotatable, DAY_MS, DEFAULT_PERIOD_DAYS, materialIdOf, MAX_ON_DEMAND_ROTATIONS, MAX_PERIOD_DAYS, MIN_PERIOD_DAYS, rotate, versionKey } from '../rotation.js';
import { keys, material, materialKey, originOf, regionScope, rotations, specOf, type KeyRecord } from '../store.js';
import type { KmsDeps, OpHandlers } from '../deps.js';
import { page } from './keys.js';

type Ops = 'EnableKeyRotation' | 'DisableKeyRotation' | 'GetKeyRotationStatus' | 'RotateKeyOnDemand' | 'ListKeyRotations';

/** (text unconfirmed) */
const tooManyOnDemand = (arn: string) => new LimitExceededException(`The key ${arn} has reached the maximum number of on-demand rotations (${MAX_ON_DEMAND_ROTATIONS}).`);

export function rotationHandlers({ store }: KmsDeps): OpHandlers<Ops> {
  return {
    async EnableKeyRotation(input, ctx) {
      const days = input.RotationPeriodInDays ?? DEFAULT_PERIOD_DAYS;
      if (days < MIN_PERIOD_DAYS) throw outOfRange('rotationPeriodInDays', days, `Member must have value greater than or equal to ${MIN_PERIOD_DAYS}`);
      if (days > MAX_PERIOD_DAYS) throw outOfRange('rotationPeriodInDays', days, `Member must have value less than or equal to ${MAX_PERIOD_DAYS}`);
      await store.transaction(async (tx) => {
        const k = await requireKey(tx, input.KeyId, ctx, { op: 'EnableKeyRotation' });
        checkRotatable(k);
        const now = ctx.caller.now;
        // Enabling starts the period now; changing the period of an enabled key keeps its start.
        const since = k.rotation ? k.rotation.nextAt - k.rotation.periodDays * DAY_MS : now;
        const nextAt = Math.max(since + days * DAY_MS, now);
        await keys.put(tx, regionScope(k.accountId, k.region), k.id, { ...k, rotation: { periodDays: days, nextAt } });
        await scheduleWork(tx, { kind: 'rotation', accountId: k.accountId, region: k.region, keyId: k.id, dueAt: nextAt });
      });
    },

    async DisableKeyRotation(input, ctx) {
      await store.transaction(async (tx) => {
        const k = await requireKey(tx, input.KeyId, ctx, { op: 'DisableKeyRotation' });
        checkRotatable(k);
        const { rotation: _r, ...rest } = k;
        await keys.put(tx, regionScope(k.accountId, k.region), k.id, rest);
      });
    },

    async GetKeyRotationStatus(input, ctx) {
      const found = await requireKey(store, input.KeyId, ctx, { op: 'GetKeyRotationStatus', crossAccount: true });
      // A replica answers with its primary's rotation (the set rotates together).
      const primary = mrTypeOf(found) === 'REPLICA' ? await memberIn(store, found, found.multiRegion!.primaryRegion) : undefined;
      const k = primary ? { ...primary, arn: found.arn } : found;
      // Asymmetric and HMAC keys answer "not enabled" (AWS no longer refuses them here).
      if (!k.rotation || specOf(k) !== 'SYMMETRIC_DEFAULT' || originOf(k) !== 'AWS_KMS') return { KeyId: k.arn, KeyRotationEnabled: false };
      return { KeyId: k.arn, KeyRotationEnabled: true, RotationPeriodInDays: k.rotation.periodDays, NextRotationDate: new Date(k.rotation.nextAt) };
    },

    async RotateKeyOnDemand(input, ctx) {
      return store.transaction(async (tx) => {
        const k = await requireKey(tx, input.KeyId, ctx, { op: 'RotateKeyOnDemand' });
        checkRotatable(k);
        if ((k.onDemandRotations ?? 0) >= MAX_ON_DEMAND_ROTATIONS) throw tooManyOnDemand(k.arn);
        await rotate(tx, store, k, 'ON_DEMAND', ctx.caller.now);
        return { KeyId: k.id };
      });
    },

    async ListKeyRotations(input, ctx) {
      const k = await requireKey(store, input.KeyId, ctx, { op: 'ListKeyRotations' });
      checkRotatable(k, true);
      const all = input.IncludeKeyMaterial === 'ALL_KEY_MATERIAL';
      if (input.Marker !== undefined && !/^\d{1,10}$/.test(input.Marker)) throw invalidMarker();
      const after = input.Marker !== undefined ? Number(input.Marker) : 0;
      const scope = regionScope(k.accountId, k.region);
      const entries: { version: number; entry: RotationsListEntry }[] = [];
      if (all && after < 1) entries.push({ version: 1, entry: await initialEntry(k) });
      const limit = input.Limit ?? 100;
      // Versions sort by their 10-digit key: read one more than a page to know whether it is truncated.
      const rows = await rotations.list(store, scope, { prefix: `${k.id}/`, after: versionKey(k.id, Math.max(after, 1)), limit: limit + 1 });
      for (const r of rows) {
        const v = r.value;
        entries.push({ version: v.version, entry: { KeyId: k.arn, KeyMaterialId: v.materialId, KeyMaterialState: v.version === k.materialVersion ? 'CURRENT' : 'NON_CURRENT', RotationDate: new Date(v.rotatedAt), RotationType: v.type } });
      }
      const p = page(entries, limit);
      return {
        Rotations: p.items.map((e) => e.entry),
        Truncated: p.truncated,
        ...(p.truncated ? { NextMarker: String(p.items[p.items.length - 1]!.version) } : {}),
      };

      async function initialEntry(key: KeyRecord): Promise<RotationsListEntry> {
        const m = await material.get(store, scope, materialKey(key.id, 1));
        return { KeyId: key.arn, ...(m ? { KeyMaterialId: materialIdOf(m) } : {}), KeyMaterialState: key.materialVersion === 1 ? 'CURRENT' : 'NON_CURRENT' };
      }
    },
  };
}
