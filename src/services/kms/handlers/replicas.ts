/**
 * Multi-Region keys: ReplicateKey (a replica of a primary key in another Region of the same
 * partition and account: same id and material, its own policy, description and tags;
 * AlreadyExistsException when the set has a key in that Region) and UpdatePrimaryRegion (a replica
 * becomes the primary, the primary a replica; the rotation settings move with the primary role).
 * Replication is synchronous: the replica is Enabled at once (AWS shows Creating for a while).
 */
import { partitionOfRegion } from '../../../shared/regions.js';
import { AlreadyExistsException, NotFoundException } from '../api.generated.js';
import { scheduleWork } from '../due-work.js';
import { unsupported, validation } from '../errors.js';
import { checkKeyPolicy, checkLockout, defaultKeyPolicy } from '../key-policy.js';
import { keyArn, partitionOf, requireKey } from '../keys.js';
import { copyMaterial, memberIn, mrTypeOf, regionsOf, writeSet } from '../multi-region.js';
import { keys, regionScope, type KeyRecord } from '../store.js';
import { metadata, type KmsDeps, type OpHandlers } from '../deps.js';
import { checkTags } from './keys.js';

type Ops = 'ReplicateKey' | 'UpdatePrimaryRegion';

/** (texts unconfirmed) */
const notPrimary = (k: KeyRecord) =>
  unsupported(k.multiRegion ? `${k.arn} is not a multi-Region primary key. Call this operation on the primary key in ${k.multiRegion.primaryRegion}.` : `${k.arn} is not a multi-Region key.`);

export function replicaHandlers({ store, authorizer }: KmsDeps): OpHandlers<Ops> {
  return {
    async ReplicateKey(input, ctx) {
      checkTags(input.Tags);
      const here = ctx.caller.region;
      const target = input.ReplicaRegion;
      const partition = partitionOf(here);
      if (partitionOfRegion(target)?.id !== partition) throw validation(`${target} is not a valid Region for a replica of a key in ${here}.`);
      const key = await requireKey(store, input.KeyId, ctx, { op: 'ReplicateKey' });
      if (mrTypeOf(key) !== 'PRIMARY') throw notPrimary(key);
      const arn = keyArn(partition, target, key.accountId, key.id);
      let policy = defaultKeyPolicy(partition, key.accountId);
      if (input.Policy !== undefined) {
        checkKeyPolicy(input.Policy);
        if (input.BypassPolicyLockoutSafetyCheck !== true) await checkLockout(authorizer(), ctx.caller, arn, input.Policy);
        policy = input.Policy;
      }
      return store.transaction(async (tx) => {
        const primary = await requireKey(tx, input.KeyId, ctx, { op: 'ReplicateKey' });
        if (mrTypeOf(primary) !== 'PRIMARY') throw notPrimary(primary);
        if (regionsOf(primary).includes(target) || (await memberIn(tx, primary, target))) throw new AlreadyExistsException(`A key with the ID ${primary.id} already exists in ${target}.`);
        const set = { primaryRegion: primary.region, replicaRegions: [...primary.multiRegion!.replicaRegions, target] };
        const { rotation: _r, onDemandRotations: _o, deletionDate: _d, pendingWindowInDays: _w, ...shared } = primary;
        const replica: KeyRecord = {
          ...shared,
          region: target,
          arn,
          createdAt: ctx.caller.now,
          description: input.Description ?? '',
          state: 'Enabled',
          policy,
          tags: (input.Tags ?? []).map((t) => ({ TagKey: t.TagKey, TagValue: t.TagValue })),
          multiRegion: set,
        };
        await keys.put(tx, regionScope(replica.accountId, target), replica.id, replica);
        await copyMaterial(tx, store, primary, replica);
        await writeSet(tx, primary, set);
        return { ReplicaKeyMetadata: metadata(replica), ReplicaPolicy: policy, ReplicaTags: replica.tags.map((t) => ({ ...t })) };
      });
    },

    async UpdatePrimaryRegion(input, ctx) {
      await store.transaction(async (tx) => {
        const primary = await requireKey(tx, input.KeyId, ctx, { op: 'UpdatePrimaryRegion' });
        if (mrTypeOf(primary) !== 'PRIMARY') throw notPrimary(primary);
        const target = input.PrimaryRegion;
        if (target === primary.region) return;
        const next = target === undefined ? undefined : await memberIn(tx, primary, target);
        if (!next || !primary.multiRegion!.replicaRegions.includes(target)) throw new NotFoundException(`The multi-Region key ${primary.arn} has no replica key in ${target}.`);
        const set = { primaryRegion: target, replicaRegions: [...primary.multiRegion!.replicaRegions.filter((r) => r !== target), primary.region] };
        const { rotation, onDemandRotations } = primary;
        await writeSet(tx, primary, set, (m) => {
          const { rotation: _r, onDemandRotations: _o, ...rest } = m;
          return m.region === target ? { ...rest, ...(rotation ? { rotation } : {}), ...(onDemandRotations !== undefined ? { onDemandRotations } : {}) } : rest;
        });
        if (rotation) await scheduleWork(tx, { kind: 'rotation', accountId: primary.accountId, region: target, keyId: primary.id, dueAt: rotation.nextAt });
      });
    },
  };
}
