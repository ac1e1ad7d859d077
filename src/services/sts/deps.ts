import type { Authorizer } from '../../authz/authorizer.js';
import type { MfaVerifier } from '../../authz/sources.js';
import type { Store } from '../../storage/types.js';
import type { IssuerKeys } from './web-identity/issuer-keys.js';

/** An OpenID Connect provider as STS needs it (IAM stores them; the gateway wires the lookup). */
export interface OidcProviderView {
  readonly arn: string;
  /** The URL without `https://` (the token's `iss` minus its scheme). */
  readonly url: string;
  readonly clientIds: readonly string[];
  readonly thumbprints: readonly string[];
}

/** Finds the OIDC provider of an issuer in an account. */
export interface OidcProviderLookup {
  /** The provider of `accountId` whose URL key is `url`, or undefined. */
  oidcProvider(accountId: string, url: string): Promise<OidcProviderView | undefined>;
}

/** What STS needs from the rest of Rampart; the gateway wires it. */
export interface StsDeps {
  readonly store: Store;
  /** Authorization (trust-policy evaluation for AssumeRole) and the PIP (roles, managed policies). */
  readonly authorizer: Authorizer;
  /** MFA code checks (IAM's devices); `REJECT_ALL_MFA` until IAM provides one. */
  readonly mfa: MfaVerifier;
  /** Called after a role is assumed (IAM's RoleLastUsed bookkeeping); best effort, never awaited. */
  readonly onRoleAssumed?: (accountId: string, roleName: string, region: string, now: number) => void;
  /** IAM's OIDC providers (AssumeRoleWithWebIdentity); without it no issuer is known. */
  readonly oidcProviders?: OidcProviderLookup;
  /** The issuers' signing keys (fetched and cached, or offline); a fetching cache by default. */
  readonly issuerKeys?: IssuerKeys;
}
