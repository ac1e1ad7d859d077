/**
 * Aliases: CreateAlias, UpdateAlias, DeleteAlias, ListAliases. Names start with `alias/`; `alias/aws/`
 * is reserved for AWS managed keys (NotAuthorizedException). An alias points to a key of its own
 * account and region; it is deleted with its key.
 */
import { aliasExists, aliasNotFound, invalidMarker, keyNotFound, notAuthorized, validation } from '../errors.js';
import { aliasArn, liveKey, parseKeyRef, partitionOf, requireKey, refArn } from '../keys.js';
import { aliases, regionScope, type AliasRecord } from '../store.js';
import { hereOf, type KmsDeps, type OpHandlers } from '../deps.js';
import { page } from './keys.js';

type Ops = 'CreateAlias' | 'UpdateAlias' | 'DeleteAlias' | 'ListAliases';

/** AWS's checks of an alias name beyond the model's pattern. */
export function checkAliasName(name: string): void {
  if (!name.startsWith('alias/')) throw validation('Alias must start with the prefix "alias/". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html');
  if (name.startsWith('alias/aws/')) throw notAuthorized();
  // (unconfirmed: moto's text) the model's pattern allows ':', AWS does not in alias names.
  if (name.includes(':') || name === 'alias/') throw validation(`${name} contains invalid characters for an alias`);
}

export function aliasHandlers({ store }: KmsDeps): OpHandlers<Ops> {
  return {
    async CreateAlias(input, ctx) {
      checkAliasName(input.AliasName);
      const here = hereOf(ctx);
      const scope = regionScope(here.accountId, here.region);
      await store.transaction(async (tx) => {
        const key = await requireKey(tx, input.TargetKeyId, ctx, { op: 'CreateAlias' });
        if (await aliases.get(tx, scope, input.AliasName)) throw aliasExists(aliasArn(partitionOf(here.region), here.region, here.accountId, input.AliasName));
        const now = ctx.caller.now;
        await aliases.put(tx, scope, input.AliasName, { name: input.AliasName, targetKeyId: key.id, createdAt: now, updatedAt: now });
      });
    },

    async UpdateAlias(input, ctx) {
      checkAliasName(input.AliasName);
      const here = hereOf(ctx);
      const scope = regionScope(here.accountId, here.region);
      await store.transaction(async (tx) => {
        const a = await aliases.get(tx, scope, input.AliasName);
        if (!a) throw aliasNotFound(aliasArn(partitionOf(here.region), here.region, here.accountId, input.AliasName));
        // Note 10 of the key state table: the new key may not be pending deletion; the current one may.
        const key = await requireKey(tx, input.TargetKeyId, ctx, { op: 'UpdateAlias' });
        await aliases.put(tx, scope, input.AliasName, { ...a, targetKeyId: key.id, updatedAt: ctx.caller.now });
      });
    },

    async DeleteAlias(input, ctx) {
      checkAliasName(input.AliasName);
      const here = hereOf(ctx);
      const deleted = await aliases.delete(store, regionScope(here.accountId, here.region), input.AliasName);
      if (!deleted) throw aliasNotFound(aliasArn(partitionOf(here.region), here.region, here.accountId, input.AliasName));
    },

    async ListAliases(input, ctx) {
      const here = hereOf(ctx);
      const partition = partitionOf(here.region);
      let only: string | undefined;
      if (input.KeyId !== undefined) {
        const ref = parseKeyRef(input.KeyId, here, false);
        const k = ref.kind === 'key' && ref.accountId === here.accountId && ref.region === here.region ? await liveKey(store, here, ref.keyId, ctx.caller.now) : undefined;
        if (!k) throw keyNotFound(refArn(ref, partition));
        only = k.id;
      }
      if (input.Marker !== undefined && !input.Marker.startsWith('alias/')) throw invalidMarker();
      const rows = await aliases.list(store, regionScope(here.accountId, here.region), input.Marker !== undefined ? { after: input.Marker } : {});
      const live: AliasRecord[] = [];
      for (const r of rows) {
        if (only !== undefined && r.value.targetKeyId !== only) continue;
        // An alias of a key whose waiting period is over goes with the key.
        if (await liveKey(store, here, r.value.targetKeyId, ctx.caller.now)) live.push(r.value);
      }
      const p = page(live, input.Limit);
      return {
        Aliases: p.items.map((a) => ({
          AliasName: a.name,
          AliasArn: aliasArn(partition, here.region, here.accountId, a.name),
          TargetKeyId: a.targetKeyId,
          CreationDate: new Date(a.createdAt),
          LastUpdatedDate: new Date(a.updatedAt),
        })),
        Truncated: p.truncated,
        ...(p.truncated ? { NextMarker: p.items[p.items.length - 1]!.name } : {}),
      };
    },
  };
}
