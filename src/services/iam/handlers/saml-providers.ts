/**
 * SAML identity providers: Create/Get/List/Update/Delete. The metadata document is parsed when it
 * is written (entity id, signing certificates, `validUntil`) and kept as sent; private keys for
 * encrypted assertions are sealed at once and only their KeyId and Timestamp are ever answered.
 */
import { randomBytes } from 'node:crypto';
import type { HandlerContext } from '../../../protocol/service-definition.js';
import { canonicalArn } from '../../../shared/arn.js';
import type { StoreOps } from '../../../storage/types.js';
import type { GetSAMLProviderResponse, SAMLProviderListEntry } from '../api.generated.js';
import { invalidInput, quotaExceeded } from '../errors.js';
import { iamArnOrThrow } from '../iam-arns.js';
import { addPrivateKey, removePrivateKey } from '../saml/private-keys.js';
import { parseSamlMetadata } from '../saml/saml-metadata.js';
import { deleteSamlProvider, getSamlProvider, putSamlProvider, SAML_PROVIDERS, SAML_PROVIDERS_QUOTA, type SamlProviderRecord } from '../store/saml-provider-store.js';
import { mergeTags } from '../tag-list.js';
import { nowIso, scopeOf, type IamDeps, type OpHandlers } from '../deps.js';
import { samlProviderExists, samlProviderNotFound } from '../saml/saml-errors.js';

type SamlOps = 'CreateSAMLProvider' | 'GetSAMLProvider' | 'ListSAMLProviders' | 'UpdateSAMLProvider' | 'DeleteSAMLProvider';

const UUID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** A new SAMLProviderUUID (`SAMLSP` + 16 of `[A-Z0-9]`). */
function newProviderUuid(): string {
  let id = 'SAMLSP';
  for (const b of randomBytes(16)) id += UUID_ALPHABET[b % UUID_ALPHABET.length];
  return id;
}

/** ValidUntil without a `validUntil` in the metadata: a hundred years after creation, as AWS answers. */
function hundredYearsAfter(iso: string): string {
  const d = new Date(iso);
  d.setUTCFullYear(d.getUTCFullYear() + 100);
  return d.toISOString();
}

/**
 * The provider `arn` names exactly, or AWS's NoSuchEntity ("Manifest not found for arn ..."). An
 * ARN IAM does not take is InvalidInput; the ARN of another account's provider names nothing here.
 */
export async function requireSamlProvider(ops: StoreOps, ctx: HandlerContext, arn: string): Promise<SamlProviderRecord> {
  const parts = iamArnOrThrow(arn);
  const rec = parts.type === 'saml-provider' && parts.accountId === ctx.caller.principal.accountId && parts.path === '/' ? await getSamlProvider(ops, scopeOf(ctx), parts.name) : undefined;
  if (!rec || rec.arn !== arn) throw samlProviderNotFound(arn);
  return rec;
}

/** GetSAMLProvider's answer: never the private keys themselves. */
function providerView(p: SamlProviderRecord): GetSAMLProviderResponse {
  return {
    SAMLProviderUUID: p.uuid,
    SAMLMetadataDocument: p.metadataDocument,
    CreateDate: new Date(p.createDate),
    ValidUntil: new Date(p.validUntil),
    Tags: p.tags.map((t) => ({ Key: t.Key, Value: t.Value })),
    AssertionEncryptionMode: p.assertionEncryptionMode,
    PrivateKeyList: p.privateKeys.map((k) => ({ KeyId: k.keyId, Timestamp: new Date(k.timestamp) })),
  };
}

const REQUIRED_WITHOUT_KEY = 'Unable to set assertion encryption mode to Required because no private key is provided.';

/** SAML provider operations. */
export function samlProviderHandlers({ store }: IamDeps): OpHandlers<SamlOps> {
  return {
    async CreateSAMLProvider(input, ctx) {
      const scope = scopeOf(ctx);
      const accountId = ctx.caller.principal.accountId;
      const tags = mergeTags([], input.Tags ?? [], 'TagsPerSAMLProvider');
      const mode = input.AssertionEncryptionMode ?? 'Allowed';
      if (mode === 'Required' && input.AddPrivateKey === undefined) throw invalidInput(REQUIRED_WITHOUT_KEY);
      const metadata = parseSamlMetadata(input.SAMLMetadataDocument);
      const now = nowIso(ctx);
      const privateKeys = input.AddPrivateKey === undefined ? [] : addPrivateKey([], input.AddPrivateKey, { accountId, name: input.Name, now, sealer: store.sealer });
      const rec: SamlProviderRecord = {
        name: input.Name,
        arn: canonicalArn('iam', '', accountId, `saml-provider/${input.Name}`),
        uuid: newProviderUuid(),
        metadataDocument: input.SAMLMetadataDocument,
        entityId: metadata.entityId,
        certificates: metadata.certificates,
        createDate: now,
        validUntil: metadata.validUntil ?? hundredYearsAfter(now),
        assertionEncryptionMode: mode,
        privateKeys,
        tags,
      };
      await store.transaction(async (tx) => {
        if (await getSamlProvider(tx, scope, input.Name)) throw samlProviderExists(input.Name);
        if ((await SAML_PROVIDERS.count(tx, scope)) >= SAML_PROVIDERS_QUOTA) throw quotaExceeded('SAMLProvidersPerAccount', SAML_PROVIDERS_QUOTA);
        await putSamlProvider(tx, scope, rec);
      });
      return { SAMLProviderArn: rec.arn, ...(tags.length ? { Tags: tags.map((t) => ({ Key: t.Key, Value: t.Value })) } : {}) };
    },

    async GetSAMLProvider(input, ctx) {
      return providerView(await requireSamlProvider(store, ctx, input.SAMLProviderArn));
    },

    async ListSAMLProviders(_input, ctx) {
      const rows = await SAML_PROVIDERS.list(store, scopeOf(ctx));
      const list: SAMLProviderListEntry[] = rows.map(({ value: p }) => ({ Arn: p.arn, ValidUntil: new Date(p.validUntil), CreateDate: new Date(p.createDate) }));
      return { SAMLProviderList: list };
    },

    async UpdateSAMLProvider(input, ctx) {
      const { SAMLMetadataDocument: doc, AssertionEncryptionMode: mode, AddPrivateKey: add, RemovePrivateKey: remove } = input;
      const scope = scopeOf(ctx);
      // The ARN is checked before the request's contents (as for IAM's other entities).
      await requireSamlProvider(store, ctx, input.SAMLProviderArn);
      if (doc === undefined && mode === undefined && add === undefined && remove === undefined) {
        throw invalidInput('Unable to update identity provider. No updates are defined for metadata or encryption assertion.');
      }
      if (add !== undefined && remove !== undefined) throw invalidInput('Unable to add and remove private keys in the same request. Set a value for only one of the two parameters.');
      const metadata = doc === undefined ? undefined : parseSamlMetadata(doc);
      const now = nowIso(ctx);
      const arn = await store.transaction(async (tx) => {
        const p = await requireSamlProvider(tx, ctx, input.SAMLProviderArn);
        let keys = p.privateKeys;
        if (add !== undefined) keys = addPrivateKey(keys, add, { accountId: ctx.caller.principal.accountId, name: p.name, now, sealer: store.sealer });
        if (remove !== undefined) keys = removePrivateKey(keys, remove);
        const newMode = mode ?? p.assertionEncryptionMode;
        if (newMode === 'Required' && keys.length === 0) throw invalidInput(remove !== undefined ? 'Failed to remove private key.' : REQUIRED_WITHOUT_KEY);
        const next: SamlProviderRecord = {
          ...p,
          ...(metadata && doc !== undefined
            ? { metadataDocument: doc, entityId: metadata.entityId, certificates: metadata.certificates, validUntil: metadata.validUntil ?? hundredYearsAfter(p.createDate) }
            : {}),
          assertionEncryptionMode: newMode,
          privateKeys: keys,
        };
        await putSamlProvider(tx, scope, next);
        return p.arn;
      });
      return { SAMLProviderArn: arn };
    },

    async DeleteSAMLProvider(input, ctx) {
      const scope = scopeOf(ctx);
      await store.transaction(async (tx) => {
        const p = await requireSamlProvider(tx, ctx, input.SAMLProviderArn);
        await deleteSamlProvider(tx, scope, p.name);
      });
    },
  };
}
