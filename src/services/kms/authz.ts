/**
 * How KMS operations are authorized: on the canonical ARN of the key the request names (key id, key
 * ARN, alias name or alias ARN resolved to the key; Decrypt and ReEncrypt without a key id: the key
 * the ciphertext names) with the key policy as a resource policy that must grant (`mustGrant`: an IAM
 * policy alone allows nothing unless the key policy delegates to the account through its root
 * principal), in the key's account (cross-account needs both sides). Alias operations are also
 * authorized on the alias ARN (IAM policies only: aliases have no policy). Condition keys:
 * kms:CallerAccount, kms:KeySpec, kms:KeyUsage, kms:KeyOrigin, kms:MultiRegion, kms:MultiRegionKeyType,
 * kms:ReplicaRegion (ReplicateKey), kms:PrimaryRegion (UpdatePrimaryRegion), kms:RequestAlias,
 * kms:ResourceAliases (the key's aliases, alias-index.ts),
 * kms:EncryptionContext:*, kms:EncryptionContextKeys, aws:ResourceTag/*; the operations of asymmetric
 * and HMAC keys and their condition keys: authz-asymmetric.ts. Grants (grant-authz.ts): every rule is
 * wrapped so that grant tokens are checked first and the key policy of every key target it resolves
 * gets a statement for the grants that apply to the caller.
 */
import type { OperationAuthz, ResolveEnv, ServiceAuthorization, TargetResource } from '../../authz/service-rules.js';
import type { ContextValue } from '../../policy/index.js';
import type { Store, StoreOps } from '../../storage/types.js';
import { AliasIndex } from './alias-index.js';
import { addAsymmetricAuthz } from './authz-asymmetric.js';
import { parseBlob } from './ciphertext.js';
import { invalidCiphertext, missingCiphertext } from './errors.js';
import { aliasArn, locate, parseKeyRef, type Here, type KeyRef, type Located } from './keys.js';
import { POLICY_NAME } from './key-policy.js';
import { GRANT_TABLES, KMS_TABLES, aliases, originOf, regionScope, specOf, usageOf } from './store.js';
import { grantRules, withGrantsApplied } from './grant-authz.js';
import { GRANT_TOKEN_KEY_TABLE } from './grant-tokens.js';
import { ensureManagedKey } from './managed-keys.js';
import { blobRegion, mrTypeOf } from './multi-region.js';

type Input = Readonly<Record<string, unknown>>;

/** kms:EncryptionContext:<key> and kms:EncryptionContextKeys of an encryption context. */
export function encryptionContextKeys(ec: unknown): Record<string, ContextValue> {
  if (!ec || typeof ec !== 'object') return {};
  const entries = Object.entries(ec as Record<string, string>);
  if (entries.length === 0) return {};
  const out: Record<string, ContextValue> = { 'kms:EncryptionContextKeys': entries.map(([k]) => k) };
  for (const [k, v] of entries) out[`kms:EncryptionContext:${k}`] = v;
  return out;
}

/** aws:RequestTag/<key> and aws:TagKeys of KMS's `Tags` ([{TagKey, TagValue}]: the generic reading knows only Key/Value). */
export function requestTagKeys(tags: unknown): Record<string, ContextValue> {
  if (!Array.isArray(tags)) return {};
  const out: Record<string, ContextValue> = { 'aws:TagKeys': [] };
  for (const t of tags as { TagKey?: unknown; TagValue?: unknown }[]) {
    if (typeof t?.TagKey !== 'string') continue;
    out[`aws:RequestTag/${t.TagKey}`] = String(t.TagValue ?? '');
    (out['aws:TagKeys'] as string[]).push(t.TagKey);
  }
  return out;
}

const here = (env: ResolveEnv): Here => ({ accountId: env.accountId, region: env.region });

function keyTarget(found: Located, env: ResolveEnv, extra: Record<string, ContextValue> = {}): TargetResource {
  const k = found.key;
  const keys: Record<string, ContextValue> = { 'kms:CallerAccount': env.accountId, ...extra };
  if (found.alias !== undefined) keys['kms:RequestAlias'] = found.alias;
  if (k) {
    Object.assign(keys, { 'kms:KeySpec': specOf(k), 'kms:KeyUsage': usageOf(k), 'kms:KeyOrigin': originOf(k), 'kms:MultiRegion': String(k.multiRegion !== undefined) });
    const mrType = mrTypeOf(k);
    if (mrType) keys['kms:MultiRegionKeyType'] = mrType;
    for (const t of k.tags) keys[`aws:ResourceTag/${t.TagKey}`] = t.TagValue;
  }
  return {
    arn: found.arn,
    ...(found.aliasMissing ? {} : { type: 'key' }),
    accountId: found.accountId,
    keys,
    ...(k ? { policy: { record: { id: `${k.arn}/policy/${POLICY_NAME}`, name: POLICY_NAME, document: k.policy }, mustGrant: true } } : {}),
  };
}

/** `reader`: the service's cached reads of keys and aliases; `store` for grants, their token key and AWS managed keys. */
export function kmsAuthorization(store: Store, reader: StoreOps = store, now: () => number = Date.now): ServiceAuthorization {
  const aliasIndex = new AliasIndex(store);
  /** The key a reference names, with kms:ResourceAliases (its aliases) when it has any. */
  const byRef = async (ref: KeyRef, env: ResolveEnv, extra?: Record<string, ContextValue>) => {
    const found = await locate(reader, ref, here(env));
    const names = found.key ? await aliasIndex.of(found.key.accountId, found.key.region, found.key.id) : [];
    return keyTarget(found, env, names.length > 0 ? { ...extra, 'kms:ResourceAliases': [...names] } : extra);
  };
  /** The key of an operation that creates an AWS managed key on first use (`alias/aws/<service>` of the caller's account and Region). */
  const creating = (member: string, context?: string): OperationAuthz => ({
    resolve: async (input, env) => {
      const ref = parseKeyRef(String(input[member]), here(env), true);
      if (ref.kind === 'alias' && ref.accountId === env.accountId && ref.region === env.region) await ensureManagedKey(store, env.partition, env.accountId, env.region, ref.name, now());
      return [await byRef(ref, env, encryptionContextKeys(context ? input[context] : undefined))];
    },
  });
  /** The key of member `member` (aliases where the operation accepts them). */
  const key = (member: string, alias: boolean, context?: string): OperationAuthz => ({
    resolve: async (input, env) => [await byRef(parseKeyRef(String(input[member]), here(env), alias), env, encryptionContextKeys(context ? input[context] : undefined))],
  });
  /** The key a Decrypt/ReEncrypt source names: its key id member, else the ciphertext's header. */
  const source = async (input: Input, env: ResolveEnv, member: string, context: string): Promise<TargetResource> => {
    const id = input[member];
    const extra = encryptionContextKeys(input[context]);
    if (typeof id === 'string') return byRef(parseKeyRef(id, here(env), true), env, extra);
    const blob = input['CiphertextBlob'];
    if (blob === undefined) throw missingCiphertext();
    const parsed = blob instanceof Uint8Array ? parseBlob(blob) : undefined;
    if (!parsed) throw invalidCiphertext();
    const h = parsed.header;
    return byRef({ kind: 'key', accountId: h.accountId, region: blobRegion(h, env.region), keyId: h.keyId }, env, extra);
  };
  const star: OperationAuthz = { resolve: async (_input, env) => [{ arn: '*', keys: { 'kms:CallerAccount': env.accountId } }] };
  const aliasTarget = (input: Input, env: ResolveEnv): TargetResource => ({ arn: aliasArn(env.partition, env.region, env.accountId, String(input['AliasName'])), type: 'alias' });
  /** The key an existing alias points to (none when the alias does not exist). */
  const aliasKey = async (input: Input, env: ResolveEnv): Promise<TargetResource[]> => {
    const a = await aliases.get(reader, regionScope(env.accountId, env.region), String(input['AliasName']));
    return a ? [await byRef({ kind: 'key', accountId: env.accountId, region: env.region, keyId: a.targetKeyId }, env)] : [];
  };

  const operations: Record<string, OperationAuthz> = {
    CreateKey: {
      resolve: async (input, env) => [
        {
          arn: '*',
          keys: {
            'kms:CallerAccount': env.accountId,
            'kms:KeySpec': String(input['KeySpec'] ?? input['CustomerMasterKeySpec'] ?? 'SYMMETRIC_DEFAULT'),
            'kms:KeyUsage': String(input['KeyUsage'] ?? 'ENCRYPT_DECRYPT'),
            'kms:KeyOrigin': String(input['Origin'] ?? 'AWS_KMS'),
            'kms:MultiRegion': String(input['MultiRegion'] === true),
            ...requestTagKeys(input['Tags']),
          },
        },
      ],
    },
    ListKeys: star,
    ListAliases: star,
    GenerateRandom: star,
    DescribeKey: creating('KeyId'),
    UpdateKeyDescription: key('KeyId', false),
    EnableKey: key('KeyId', false),
    DisableKey: key('KeyId', false),
    ScheduleKeyDeletion: key('KeyId', false),
    CancelKeyDeletion: key('KeyId', false),
    TagResource: { resolve: async (input, env) => [await byRef(parseKeyRef(String(input['KeyId']), here(env), false), env, requestTagKeys(input['Tags']))] },
    UntagResource: key('KeyId', false),
    ListResourceTags: key('KeyId', false),
    GetKeyPolicy: key('KeyId', false),
    PutKeyPolicy: key('KeyId', false),
    ListKeyPolicies: key('KeyId', false),
    Encrypt: creating('KeyId', 'EncryptionContext'),
    GenerateDataKey: creating('KeyId', 'EncryptionContext'),
    GenerateDataKeyWithoutPlaintext: creating('KeyId', 'EncryptionContext'),
    Decrypt: { resolve: async (input, env) => [await source(input, env, 'KeyId', 'EncryptionContext')] },
    ReEncrypt: {
      actions: ['ReEncryptFrom', 'ReEncryptTo'],
      resolve: async (input, env) =>
        env.action.endsWith(':ReEncryptFrom')
          ? [await source(input, env, 'SourceKeyId', 'SourceEncryptionContext')]
          : creating('DestinationKeyId', 'DestinationEncryptionContext').resolve!(input, env),
    },
    EnableKeyRotation: key('KeyId', false),
    DisableKeyRotation: key('KeyId', false),
    GetKeyRotationStatus: key('KeyId', false),
    RotateKeyOnDemand: key('KeyId', false),
    ListKeyRotations: key('KeyId', false),
    GetParametersForImport: key('KeyId', false),
    // AWS: kms:ReplicateKey on the primary; kms:CreateKey (and kms:TagResource with Tags) in an IAM policy for the replica.
    ReplicateKey: {
      resolve: async (input, env) => [await byRef(parseKeyRef(String(input['KeyId']), here(env), false), env, { 'kms:ReplicaRegion': String(input['ReplicaRegion']) })],
      extraChecks: async (input, env) => [
        { action: 'kms:CreateKey', resource: '*', context: { 'kms:CallerAccount': env.accountId } },
        ...(Array.isArray(input['Tags']) && input['Tags'].length > 0 ? [{ action: 'kms:TagResource', resource: '*', context: { 'kms:CallerAccount': env.accountId, ...requestTagKeys(input['Tags']) } }] : []),
      ],
    },
    UpdatePrimaryRegion: { resolve: async (input, env) => [await byRef(parseKeyRef(String(input['KeyId']), here(env), false), env, { 'kms:PrimaryRegion': String(input['PrimaryRegion']) })] },
    ImportKeyMaterial: key('KeyId', false),
    DeleteImportedKeyMaterial: key('KeyId', false),
    CreateAlias: { resolve: async (input, env) => [aliasTarget(input, env), await byRef(parseKeyRef(String(input['TargetKeyId']), here(env), false), env)] },
    UpdateAlias: { resolve: async (input, env) => [aliasTarget(input, env), ...(await aliasKey(input, env)), await byRef(parseKeyRef(String(input['TargetKeyId']), here(env), false), env)] },
    DeleteAlias: { resolve: async (input, env) => [aliasTarget(input, env), ...(await aliasKey(input, env))] },
    ...grantRules(store, byRef),
  };
  addAsymmetricAuthz(operations, byRef, encryptionContextKeys);
  return {
    prefix: 'kms',
    variables: { Alias: ['AliasName'] },
    operations: withGrantsApplied(store, operations),
    tables: [KMS_TABLES.keys, KMS_TABLES.aliases, GRANT_TABLES.grants, GRANT_TABLES.byGrantee, GRANT_TABLES.byRetiree, GRANT_TOKEN_KEY_TABLE],
    viaServiceKey: 'kms:ViaService',
    viaServiceFlags: ['kms:GrantIsForAWSResource'],
    resourceControlPolicies: true,
  };
}
