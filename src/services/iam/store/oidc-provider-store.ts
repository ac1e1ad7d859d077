/**
 * OpenID Connect identity providers (`iam.oidc-providers`), keyed by their URL without `https://`
 * exactly as given (`token.actions.githubusercontent.com`, `example.com/tenant/`): the key is both
 * the last part of the ARN (`arn:aws:iam::ACCT:oidc-provider/<key>`) and the token `iss` claim minus
 * its scheme, so the issuer of a token finds its provider with one read.
 */
import { canonicalArn } from '../../../shared/arn.js';
import type { Scope, StoreOps } from '../../../storage/types.js';
import { NoSuchEntityException } from '../api.generated.js';
import type { TagRecord } from '../tag-list.js';
import { Table } from './table.js';
import { IAM_TABLES } from './tables.js';

/** A stored OIDC provider. */
export interface OidcProviderRecord {
  /** The URL without `https://`, as given to CreateOpenIDConnectProvider (the storage key). */
  readonly url: string;
  readonly arn: string;
  /** Audiences (client ids) its tokens may be issued for, in the order added, each once. */
  readonly clientIds: string[];
  /** SHA-1 thumbprints (40 hex digits) of the top certificate of the provider's TLS chains. */
  readonly thumbprints: string[];
  readonly createDate: string;
  readonly tags: TagRecord[];
}

/** The providers of an account. */
export const OIDC_PROVIDERS = new Table<OidcProviderRecord>(IAM_TABLES.oidcProviders);

const OIDC_ARN = /^arn:aws:iam::(\d{12}):oidc-provider\/(.+)$/;

/** The account and URL key an OIDC provider ARN names, or undefined when it is not one. */
export function parseOidcProviderArn(arn: string): { accountId: string; url: string } | undefined {
  const m = OIDC_ARN.exec(arn);
  return m ? { accountId: m[1]!, url: m[2]! } : undefined;
}

/** The ARN of the provider with URL key `url` in `accountId`. */
export function oidcProviderArn(accountId: string, url: string): string {
  return canonicalArn('iam', '', accountId, `oidc-provider/${url}`);
}

/** NoSuchEntity for an OIDC provider ARN. */
export function noSuchOidcProvider(arn: string): NoSuchEntityException {
  return new NoSuchEntityException(`OpenIDConnect Provider not found for arn ${arn}`);
}

/** The provider `arn` names exactly in `accountId`, or undefined. */
export async function oidcProviderByArn(ops: StoreOps, scope: Scope, accountId: string, arn: string): Promise<OidcProviderRecord | undefined> {
  const parts = parseOidcProviderArn(arn);
  if (!parts || parts.accountId !== accountId) return undefined;
  const p = await OIDC_PROVIDERS.get(ops, scope, parts.url);
  return p && p.arn === arn ? p : undefined;
}
