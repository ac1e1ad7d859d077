/**
 * OpenID Connect identity providers: Create/Get/List/Delete, client ids, thumbprints and tags.
 * Providers are named by ARN (`arn:aws:iam::ACCT:oidc-provider/<url without https://>`), which must
 * name a stored provider exactly. Delete, AddClientID (of a present id) and RemoveClientID (of an
 * absent id) are idempotent, as the API reference says.
 */
import type { Scope, StoreOps } from '../../../storage/types.js';
import { EntityAlreadyExistsException } from '../api.generated.js';
import { iamArnOrThrow } from '../iam-arns.js';
import { checkClientIds, checkThumbprints, oidcUrlKey, OIDC_PROVIDERS_QUOTA, providersQuotaExceeded } from '../oidc-provider-rules.js';
import { noSuchOidcProvider, OIDC_PROVIDERS, oidcProviderArn, oidcProviderByArn, parseOidcProviderArn, type OidcProviderRecord } from '../store/oidc-provider-store.js';
import { mergeTags, removeTags, tagsOut } from '../tag-list.js';
import { nowIso, scopeOf, type IamDeps, type OpHandlers } from '../deps.js';
import { tagPage } from './tags.js';

type OidcOps =
  | 'CreateOpenIDConnectProvider'
  | 'GetOpenIDConnectProvider'
  | 'ListOpenIDConnectProviders'
  | 'DeleteOpenIDConnectProvider'
  | 'AddClientIDToOpenIDConnectProvider'
  | 'RemoveClientIDFromOpenIDConnectProvider'
  | 'UpdateOpenIDConnectProviderThumbprint'
  | 'TagOpenIDConnectProvider'
  | 'UntagOpenIDConnectProvider'
  | 'ListOpenIDConnectProviderTags';

/**
 * The provider `arn` names in the caller's account. An ARN that is no IAM ARN at all is InvalidInput
 * ("ARN x is not valid."), one of another resource type or another provider is NoSuchEntity.
 */
async function requireProvider(ops: StoreOps, scope: Scope, accountId: string, arn: string): Promise<OidcProviderRecord> {
  if (!parseOidcProviderArn(arn)) iamArnOrThrow(arn);
  const p = await oidcProviderByArn(ops, scope, accountId, arn);
  if (!p) throw noSuchOidcProvider(arn);
  return p;
}

/** Reads, changes and writes one provider in a transaction. */
async function update(deps: IamDeps, scope: Scope, accountId: string, arn: string, change: (p: OidcProviderRecord) => OidcProviderRecord): Promise<void> {
  await deps.store.transaction(async (tx) => {
    const p = await requireProvider(tx, scope, accountId, arn);
    await OIDC_PROVIDERS.put(tx, scope, p.url, change(p));
  });
}

/** OIDC provider operations. */
export function oidcProviderHandlers(deps: IamDeps): OpHandlers<OidcOps> {
  const { store } = deps;
  return {
    async CreateOpenIDConnectProvider(input, ctx) {
      const scope = scopeOf(ctx);
      const account = ctx.caller.principal.accountId;
      const url = oidcUrlKey(input.Url);
      const rec: OidcProviderRecord = {
        url,
        arn: oidcProviderArn(account, url),
        clientIds: checkClientIds(input.ClientIDList ?? []),
        thumbprints: checkThumbprints(input.ThumbprintList ?? []),
        createDate: nowIso(ctx),
        tags: mergeTags([], input.Tags ?? [], 'TagsPerOpenIDConnectProvider'),
      };
      await store.transaction(async (tx) => {
        if (await OIDC_PROVIDERS.get(tx, scope, url)) throw new EntityAlreadyExistsException(`Provider with url ${input.Url} already exists.`);
        if ((await OIDC_PROVIDERS.count(tx, scope)) >= OIDC_PROVIDERS_QUOTA) throw providersQuotaExceeded();
        await OIDC_PROVIDERS.put(tx, scope, url, rec);
      });
      return { OpenIDConnectProviderArn: rec.arn, Tags: tagsOut(rec.tags) };
    },

    async GetOpenIDConnectProvider(input, ctx) {
      const p = await requireProvider(store, scopeOf(ctx), ctx.caller.principal.accountId, input.OpenIDConnectProviderArn);
      return { Url: p.url, ClientIDList: p.clientIds, ThumbprintList: p.thumbprints, CreateDate: new Date(p.createDate), Tags: tagsOut(p.tags) };
    },

    async ListOpenIDConnectProviders(_input, ctx) {
      const rows = await OIDC_PROVIDERS.list(store, scopeOf(ctx));
      return { OpenIDConnectProviderList: rows.map((r) => ({ Arn: r.value.arn })) };
    },

    async DeleteOpenIDConnectProvider(input, ctx) {
      const scope = scopeOf(ctx);
      if (!parseOidcProviderArn(input.OpenIDConnectProviderArn)) iamArnOrThrow(input.OpenIDConnectProviderArn);
      await store.transaction(async (tx) => {
        const p = await oidcProviderByArn(tx, scope, ctx.caller.principal.accountId, input.OpenIDConnectProviderArn);
        if (p) await OIDC_PROVIDERS.delete(tx, scope, p.url);
      });
    },

    async AddClientIDToOpenIDConnectProvider(input, ctx) {
      await update(deps, scopeOf(ctx), ctx.caller.principal.accountId, input.OpenIDConnectProviderArn, (p) => ({ ...p, clientIds: checkClientIds([...p.clientIds, input.ClientID]) }));
    },

    async RemoveClientIDFromOpenIDConnectProvider(input, ctx) {
      await update(deps, scopeOf(ctx), ctx.caller.principal.accountId, input.OpenIDConnectProviderArn, (p) => ({ ...p, clientIds: p.clientIds.filter((c) => c !== input.ClientID) }));
    },

    async UpdateOpenIDConnectProviderThumbprint(input, ctx) {
      const thumbprints = checkThumbprints(input.ThumbprintList);
      await update(deps, scopeOf(ctx), ctx.caller.principal.accountId, input.OpenIDConnectProviderArn, (p) => ({ ...p, thumbprints }));
    },

    async TagOpenIDConnectProvider(input, ctx) {
      await update(deps, scopeOf(ctx), ctx.caller.principal.accountId, input.OpenIDConnectProviderArn, (p) => ({ ...p, tags: mergeTags(p.tags, input.Tags, 'TagsPerOpenIDConnectProvider') }));
    },

    async UntagOpenIDConnectProvider(input, ctx) {
      await update(deps, scopeOf(ctx), ctx.caller.principal.accountId, input.OpenIDConnectProviderArn, (p) => ({ ...p, tags: removeTags(p.tags, input.TagKeys) }));
    },

    async ListOpenIDConnectProviderTags(input, ctx) {
      const p = await requireProvider(store, scopeOf(ctx), ctx.caller.principal.accountId, input.OpenIDConnectProviderArn);
      return tagPage(p.tags, input);
    },
  };
}
