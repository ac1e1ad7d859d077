/** IP sets: CreateIPSet, GetIPSet, UpdateIPSet, DeleteIPSet, ListIPSets. */
import { checkAddresses } from '../cidr.js';
import { checkLock, createEntity, deleteEntity, listEntities, requireEntity, saveEntity, summary } from '../entities.js';
import { checkTags, hereOf, type OpHandlers, type Wafv2Deps } from '../deps.js';

type Ops = 'CreateIPSet' | 'GetIPSet' | 'UpdateIPSet' | 'DeleteIPSet' | 'ListIPSets';

export function ipSetHandlers({ store }: Wafv2Deps): OpHandlers<Ops> {
  return {
    async CreateIPSet(input, ctx) {
      checkAddresses(input.Addresses, input.IPAddressVersion);
      checkTags(input.Tags);
      const rec = await store.transaction((tx) =>
        createEntity(tx, hereOf(ctx), ctx.caller.now, {
          kind: 'ipset',
          scope: input.Scope,
          name: input.Name,
          ...(input.Description !== undefined ? { description: input.Description } : {}),
          ...(input.Tags ? { tags: input.Tags } : {}),
          refs: [],
          data: { IPAddressVersion: input.IPAddressVersion, Addresses: [...input.Addresses] },
        }),
      );
      return { Summary: summary(rec) };
    },

    async GetIPSet(input, ctx) {
      const r = await requireEntity(store, hereOf(ctx), 'ipset', input.Scope, input.Name, input.Id);
      return {
        IPSet: { Name: r.name, Id: r.id, ARN: r.arn, ...(r.description !== undefined ? { Description: r.description } : {}), IPAddressVersion: r.data.IPAddressVersion, Addresses: [...r.data.Addresses] },
        LockToken: r.lockToken,
      };
    },

    async UpdateIPSet(input, ctx) {
      return store.transaction(async (tx) => {
        const r = await requireEntity(tx, hereOf(ctx), 'ipset', input.Scope, input.Name, input.Id);
        checkLock(r, input.LockToken);
        checkAddresses(input.Addresses, r.data.IPAddressVersion);
        const next = await saveEntity(tx, r, { description: input.Description, data: { ...r.data, Addresses: [...input.Addresses] } });
        return { NextLockToken: next.lockToken };
      });
    },

    async DeleteIPSet(input, ctx) {
      await store.transaction(async (tx) => deleteEntity(tx, await requireEntity(tx, hereOf(ctx), 'ipset', input.Scope, input.Name, input.Id), input.LockToken));
      return {};
    },

    async ListIPSets(input, ctx) {
      const p = await listEntities(store, hereOf(ctx), 'ipset', input.Scope, input.NextMarker, input.Limit);
      return { IPSets: p.items.map(summary), ...(p.next !== undefined ? { NextMarker: p.next } : {}) };
    },
  };
}
