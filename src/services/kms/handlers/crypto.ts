/**
 * Cryptographic operations with symmetric keys: Encrypt, Decrypt, ReEncrypt, GenerateDataKey,
 * GenerateDataKeyWithoutPlaintext, GenerateRandom. Ciphertexts are Rampart's blob (ciphertext.ts):
 * AES-256-GCM under the key's material, the encryption context bound as AAD.
 */
import { randomBytes } from 'node:crypto';
import type { HandlerContext } from '../../../protocol/service-definition.js';
import type { Store, StoreOps } from '../../../storage/types.js';
import type { EncryptionAlgorithmSpec } from '../api.generated.js';
import { parseBlob } from '../ciphertext.js';
import { wrongAlgorithm } from '../asymmetric-errors.js';
import { dryRun, incorrectKey, invalidCiphertext, missingCiphertext, unsupported, validation } from '../errors.js';
import type { StatefulOperation } from '../key-states.js';
import { keyArn, partitionOf, requireKey } from '../keys.js';
import { blobRegion, opensBlobOf } from '../multi-region.js';
import { specOf, type KeyRecord } from '../store.js';
import { blobKeyOf, type KmsDeps, type OpHandlers } from '../deps.js';

type Ops = 'Encrypt' | 'Decrypt' | 'ReEncrypt' | 'GenerateDataKey' | 'GenerateDataKeyWithoutPlaintext' | 'GenerateRandom';
type Context = Readonly<Record<string, string>> | undefined;

/** What every cryptographic request may carry that this increment refuses or checks (GrantTokens: grants.ts, checked for every operation). */
function checkCommon(input: { GrantTokens?: string[]; EncryptionAlgorithm?: EncryptionAlgorithmSpec; Recipient?: unknown }, key?: KeyRecord): void {
  if (input.EncryptionAlgorithm !== undefined && input.EncryptionAlgorithm !== 'SYMMETRIC_DEFAULT')
    throw wrongAlgorithm(input.EncryptionAlgorithm, key ? specOf(key) : 'SYMMETRIC_DEFAULT');
  if (input.Recipient !== undefined) throw unsupported('Recipient (Nitro Enclaves attestation) is not supported by Rampart.');
}

/** Encrypts under the key's current material (read through `ops`, the cached reader). */
async function encryptWith(ops: StoreOps, store: Store, key: KeyRecord, plaintext: Uint8Array, ctx: Context): Promise<Buffer> {
  const k = await blobKeyOf(ops, store, key, key.materialVersion);
  return k.seal({ accountId: key.accountId, region: key.region, keyId: key.id, materialVersion: key.materialVersion }, plaintext, ctx);
}

/**
 * The plaintext of a ciphertext: the key it names (or `keyId`, which must be that key:
 * IncorrectKeyException otherwise) in a state that permits `op`, then the tag check.
 */
async function decryptBlob(ops: StoreOps, store: Store, blob: Uint8Array | undefined, ec: Context, keyId: string | undefined, op: StatefulOperation, ctx: HandlerContext): Promise<{ key: KeyRecord; plaintext: Buffer }> {
  if (blob === undefined) throw missingCiphertext();
  const parsed = parseBlob(blob);
  if (!parsed) throw invalidCiphertext();
  const h = parsed.header;
  // A multi-Region key's blob is opened by the key of its set in the caller's Region.
  const region = blobRegion(h, ctx.caller.region);
  const named = keyArn(partitionOf(region), region, h.accountId, h.keyId);
  const key = await requireKey(ops, keyId ?? named, ctx, { op, alias: true, crossAccount: true });
  if (key.id !== h.keyId || key.accountId !== h.accountId || !opensBlobOf(key, h.region)) throw keyId !== undefined ? incorrectKey() : invalidCiphertext();
  const plaintext = (await blobKeyOf(ops, store, key, h.materialVersion)).open(parsed, ec);
  if (!plaintext) throw invalidCiphertext();
  return { key, plaintext };
}

/** The data key length of GenerateDataKey(WithoutPlaintext): KeySpec or NumberOfBytes, exactly one. */
function dataKeyBytes(input: { KeySpec?: string; NumberOfBytes?: number }): number {
  if ((input.KeySpec === undefined) === (input.NumberOfBytes === undefined)) throw validation('Please specify either number of bytes or key spec.');
  return input.NumberOfBytes ?? (input.KeySpec === 'AES_128' ? 16 : 32);
}

export function cryptoHandlers({ store, reader }: KmsDeps): OpHandlers<Ops> {
  const dataKey = async (input: { KeyId: string; KeySpec?: 'AES_256' | 'AES_128'; NumberOfBytes?: number; EncryptionContext?: Record<string, string>; GrantTokens?: string[]; DryRun?: boolean; Recipient?: unknown }, ctx: HandlerContext, op: 'GenerateDataKey' | 'GenerateDataKeyWithoutPlaintext') => {
    checkCommon(input);
    const n = dataKeyBytes(input);
    const key = await requireKey(reader, input.KeyId, ctx, { op, alias: true, crossAccount: true });
    if (input.DryRun === true) throw dryRun();
    const plaintext = randomBytes(n);
    return { key, plaintext, blob: await encryptWith(reader, store, key, plaintext, input.EncryptionContext) };
  };
  return {
    async Encrypt(input, ctx) {
      checkCommon(input);
      const key = await requireKey(reader, input.KeyId, ctx, { op: 'Encrypt', alias: true, crossAccount: true });
      if (input.DryRun === true) throw dryRun();
      return { CiphertextBlob: await encryptWith(reader, store, key, input.Plaintext, input.EncryptionContext), KeyId: key.arn, EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' };
    },

    async Decrypt(input, ctx) {
      checkCommon(input);
      const { key, plaintext } = await decryptBlob(reader, store, input.CiphertextBlob, input.EncryptionContext, input.KeyId, 'Decrypt', ctx);
      if (input.DryRun === true) throw dryRun();
      return { KeyId: key.arn, Plaintext: plaintext, EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' };
    },

    async ReEncrypt(input, ctx) {
      checkCommon({ ...(input.GrantTokens ? { GrantTokens: input.GrantTokens } : {}) });
      for (const alg of [input.SourceEncryptionAlgorithm, input.DestinationEncryptionAlgorithm]) if (alg !== undefined) checkCommon({ EncryptionAlgorithm: alg });
      const dst = await requireKey(reader, input.DestinationKeyId, ctx, { op: 'ReEncrypt', alias: true, crossAccount: true });
      const { key: src, plaintext } = await decryptBlob(reader, store, input.CiphertextBlob, input.SourceEncryptionContext, input.SourceKeyId, 'ReEncrypt', ctx);
      try {
        if (input.DryRun === true) throw dryRun();
        return {
          CiphertextBlob: await encryptWith(reader, store, dst, plaintext, input.DestinationEncryptionContext),
          SourceKeyId: src.arn,
          KeyId: dst.arn,
          SourceEncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
          DestinationEncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
        };
      } finally {
        plaintext.fill(0);
      }
    },

    async GenerateDataKey(input, ctx) {
      const r = await dataKey(input, ctx, 'GenerateDataKey');
      return { CiphertextBlob: r.blob, Plaintext: r.plaintext, KeyId: r.key.arn };
    },

    async GenerateDataKeyWithoutPlaintext(input, ctx) {
      const r = await dataKey(input, ctx, 'GenerateDataKeyWithoutPlaintext');
      r.plaintext.fill(0);
      return { CiphertextBlob: r.blob, KeyId: r.key.arn };
    },

    GenerateRandom(input) {
      if (input.CustomKeyStoreId !== undefined) throw unsupported('Custom key stores are not supported by Rampart.');
      if (input.Recipient !== undefined) throw unsupported('Recipient (Nitro Enclaves attestation) is not supported by Rampart.');
      if (input.NumberOfBytes === undefined) throw validation("1 validation error detected: Value null at 'numberOfBytes' failed to satisfy constraint: Member must not be null");
      return { Plaintext: randomBytes(input.NumberOfBytes) };
    },
  };
}
