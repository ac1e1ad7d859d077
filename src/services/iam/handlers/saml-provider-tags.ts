/** Tag/Untag/ListSAMLProviderTags. */
import { putSamlProvider } from '../store/saml-provider-store.js';
import { mergeTags, removeTags } from '../tag-list.js';
import { scopeOf, type IamDeps, type OpHandlers } from '../deps.js';
import { requireSamlProvider } from './saml-providers.js';
import { tagPage } from './tags.js';

/** SAML provider tagging operations. */
export function samlProviderTagHandlers({ store }: IamDeps): OpHandlers<'TagSAMLProvider' | 'UntagSAMLProvider' | 'ListSAMLProviderTags'> {
  return {
    async TagSAMLProvider(input, ctx) {
      await store.transaction(async (tx) => {
        const p = await requireSamlProvider(tx, ctx, input.SAMLProviderArn);
        await putSamlProvider(tx, scopeOf(ctx), { ...p, tags: mergeTags(p.tags, input.Tags, 'TagsPerSAMLProvider') });
      });
    },
    async UntagSAMLProvider(input, ctx) {
      await store.transaction(async (tx) => {
        const p = await requireSamlProvider(tx, ctx, input.SAMLProviderArn);
        await putSamlProvider(tx, scopeOf(ctx), { ...p, tags: removeTags(p.tags, input.TagKeys) });
      });
    },
    async ListSAMLProviderTags(input, ctx) {
      return tagPage((await requireSamlProvider(store, ctx, input.SAMLProviderArn)).tags, input);
    },
  };
}
