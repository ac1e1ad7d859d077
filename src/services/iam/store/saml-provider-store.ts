/**
 * SAML providers (`iam.saml-providers`, keyed by lower-cased name), in the layout STS reads
 * (`src/authz/saml-provider-records.ts`). Private keys are stored only sealed for the provider's
 * own record; a provider never changes key (there is no rename), so they never need sealing again.
 */
import type { Scope, StoreOps } from '../../../storage/types.js';
import { SAML_PROVIDERS_TABLE, samlProviderKey, type SamlProviderRecord } from '../../../authz/saml-provider-records.js';
import { Table } from './table.js';

export type { SamlPrivateKeyRecord, SamlProviderRecord } from '../../../authz/saml-provider-records.js';

/** The account's SAML providers. */
export const SAML_PROVIDERS = new Table<SamlProviderRecord>(SAML_PROVIDERS_TABLE);

/** SAML providers per account ("IAM and AWS STS quotas"). */
export const SAML_PROVIDERS_QUOTA = 100;

/** The provider named `name` (ignoring case), if any. */
export function getSamlProvider(ops: StoreOps, scope: Scope, name: string): Promise<SamlProviderRecord | undefined> {
  return SAML_PROVIDERS.get(ops, scope, samlProviderKey(name));
}

/** Writes the provider at its key. */
export function putSamlProvider(ops: StoreOps, scope: Scope, rec: SamlProviderRecord): Promise<void> {
  return SAML_PROVIDERS.put(ops, scope, samlProviderKey(rec.name), rec);
}

/** Deletes the provider named `name`. */
export function deleteSamlProvider(ops: StoreOps, scope: Scope, name: string): Promise<boolean> {
  return SAML_PROVIDERS.delete(ops, scope, samlProviderKey(name));
}
