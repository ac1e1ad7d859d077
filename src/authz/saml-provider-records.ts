/**
 * Storage layout of IAM's SAML providers, which STS reads to verify AssumeRoleWithSAML (services
 * meet through storage, as STS's sessions meet authentication in `session-store.ts`). IAM writes
 * them (`src/services/iam/store/saml-provider-store.ts`); nobody else does.
 *
 *   iam.saml-providers   <lower-cased name>   SamlProviderRecord   (account scope)
 *
 * Names are unique ignoring case, as IAM's other names; an ARN names a provider only when it is
 * exactly the stored ARN.
 */
import type { SealContext, Scope, StoreOps } from '../storage/types.js';

/** The table of SAML providers. */
export const SAML_PROVIDERS_TABLE = 'iam.saml-providers';

/** A private key that decrypts encrypted assertions: only its id and time are ever shown. */
export interface SamlPrivateKeyRecord {
  /** `[A-Z0-9]{22..64}`, as AWS's KeyId. */
  readonly keyId: string;
  /** ISO 8601 time it was added. */
  readonly timestamp: string;
  /** The PEM private key, sealed for the provider's record (`samlProviderSecretsAt`). */
  readonly sealedKey: string;
}

/** A stored SAML provider. */
export interface SamlProviderRecord {
  readonly name: string;
  readonly arn: string;
  /** `SAMLProviderUUID`. */
  readonly uuid: string;
  /** The metadata document as sent. */
  readonly metadataDocument: string;
  /** What verification needs from it: the IdP's entity id and its signing certificates (PEM). */
  readonly entityId: string;
  readonly certificates: readonly string[];
  readonly createDate: string;
  readonly validUntil: string;
  readonly assertionEncryptionMode: 'Required' | 'Allowed';
  readonly privateKeys: readonly SamlPrivateKeyRecord[];
  readonly tags: readonly { readonly Key: string; readonly Value: string }[];
}

/** The account's scope (as IAM's). */
function scopeOf(accountId: string): Scope {
  return { kind: 'account', accountId };
}

/** Storage key of a provider name. */
export function samlProviderKey(name: string): string {
  return name.toLowerCase();
}

/** Where a provider's private keys are sealed: its own record. */
export function samlProviderSecretsAt(accountId: string, name: string): SealContext {
  return { table: SAML_PROVIDERS_TABLE, scope: scopeOf(accountId), key: samlProviderKey(name) };
}

const PROVIDER_ARN = /^arn:aws:iam::(\d{12}):saml-provider\/([\w.-]{1,128})$/;

/** The provider `arn` names exactly (canonical partition), or undefined. */
export async function samlProviderByArn(ops: StoreOps, arn: string): Promise<SamlProviderRecord | undefined> {
  const m = PROVIDER_ARN.exec(arn);
  if (!m) return undefined;
  const item = await ops.get(SAML_PROVIDERS_TABLE, scopeOf(m[1]!), samlProviderKey(m[2]!));
  const rec = item?.value as unknown as SamlProviderRecord | undefined;
  return rec && rec.arn === arn ? rec : undefined;
}
