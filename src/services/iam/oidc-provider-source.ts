/**
 * IAM's OIDC providers as STS reads them (AssumeRoleWithWebIdentity finds the provider of a token's
 * issuer in the role's account); the gateway wires it into STS's dependencies.
 */
import type { Store } from '../../storage/types.js';
import { OIDC_PROVIDERS } from './store/oidc-provider-store.js';
import { accountScope } from './store/tables.js';

/** An OIDC provider: its ARN, URL key, client ids and thumbprints. */
export interface OidcProviderInfo {
  readonly arn: string;
  readonly url: string;
  readonly clientIds: readonly string[];
  readonly thumbprints: readonly string[];
}

/** Looks providers up by account and URL key (the URL without `https://`). */
export interface OidcProviderSource {
  oidcProvider(accountId: string, url: string): Promise<OidcProviderInfo | undefined>;
}

/** The provider source over `store`. */
export function createOidcProviderSource(store: Store): OidcProviderSource {
  return {
    async oidcProvider(accountId, url) {
      const p = await OIDC_PROVIDERS.get(store, accountScope(accountId), url);
      return p && { arn: p.arn, url: p.url, clientIds: p.clientIds, thumbprints: p.thumbprints };
    },
  };
}
