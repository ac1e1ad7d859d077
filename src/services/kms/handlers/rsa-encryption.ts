/**
 * Encrypt, Decrypt and ReEncrypt with RSA KMS keys (RSAES_OAEP_SHA_1, RSAES_OAEP_SHA_256), layered
 * over the symmetric handlers (crypto.ts), which still serve every request that names no asymmetric
 * key. The ciphertext is the raw RSAES-OAEP ciphertext, as AWS returns it, so data encrypted with
 * the public key (GetPublicKey) anywhere decrypts here; it names no key, so Decrypt needs KeyId and
 * EncryptionAlgorithm; one that does not decrypt is IncorrectKeyException (as AWS), one of the wrong
 * length InvalidCiphertextException. Plaintext limits are OAEP's: k − 2·hLen − 2 bytes. An encryption context is
 * refused (AWS supports it only with symmetric keys). GenerateDataKey(WithoutPlaintext) with an
 * asymmetric key is InvalidKeyUsageException.
 */
import type { HandlerContext } from '../../../protocol/service-definition.js';
import type { EncryptionAlgorithmSpec } from '../api.generated.js';
import { rsaDecrypt, rsaEncrypt } from '../asymmetric.js';
import { contextNotSupported, invalidCiphertext, plaintextTooLong, rsaIncorrectKey, wrongAlgorithm, wrongSpec, wrongUsage } from '../asymmetric-errors.js';
import { dryRun, missingCiphertext } from '../errors.js';
import { oaepMaxPlaintext } from '../key-specs.js';
import type { StatefulOperation } from '../key-states.js';
import { locate, parseKeyRef, requireKey } from '../keys.js';
import { specOf, usageOf, type KeyRecord } from '../store.js';
import { hereOf, type KmsDeps, type OpHandlers } from '../deps.js';
import { checkRequest, privateKeyFor, requireUsage } from './asymmetric-common.js';

export type SymmetricOps = 'Encrypt' | 'Decrypt' | 'ReEncrypt' | 'GenerateDataKey' | 'GenerateDataKeyWithoutPlaintext';
type Context = Readonly<Record<string, string>> | undefined;

export function rsaEncryptionHandlers({ store, reader }: KmsDeps, sym: OpHandlers<SymmetricOps>): OpHandlers<SymmetricOps> {
  /** The key a KeyId names when it exists and is not symmetric (no checks: the handler that serves the request makes them). */
  const asymmetricKey = async (id: string | undefined, ctx: HandlerContext): Promise<KeyRecord | undefined> => {
    if (id === undefined) return undefined;
    try {
      // The cached reader: this runs before every symmetric Encrypt/Decrypt/ReEncrypt/GenerateDataKey too.
      const key = (await locate(reader, parseKeyRef(id, hereOf(ctx), true), hereOf(ctx))).key;
      return key && specOf(key) !== 'SYMMETRIC_DEFAULT' ? key : undefined;
    } catch {
      return undefined;
    }
  };
  /** The RSA key `id` names, usable for `op` with `alg` and no encryption context. */
  const rsaKey = async (id: string, alg: EncryptionAlgorithmSpec | undefined, ec: Context, op: StatefulOperation, ctx: HandlerContext) => {
    const key = await requireKey(reader, id, ctx, { op, alias: true, crossAccount: true });
    const info = requireUsage(key, 'ENCRYPT_DECRYPT', op === 'ReEncrypt' ? 'ReEncrypt' : op);
    if (info.key.kind !== 'rsa') throw wrongSpec(key.arn, specOf(key), op);
    const algorithm = alg ?? 'SYMMETRIC_DEFAULT';
    if (!info.encryption?.includes(algorithm)) throw wrongAlgorithm(algorithm, specOf(key));
    if (ec !== undefined && Object.keys(ec).length > 0) throw contextNotSupported();
    return { key, algorithm, bits: info.key.bits };
  };
  const encrypt = async (k: { key: KeyRecord; algorithm: EncryptionAlgorithmSpec; bits: number }, plaintext: Uint8Array): Promise<Buffer> => {
    const max = oaepMaxPlaintext(k.bits, k.algorithm);
    if (plaintext.length > max) throw plaintextTooLong(k.algorithm, specOf(k.key), max);
    return rsaEncrypt(await privateKeyFor(store, k.key), k.algorithm, plaintext);
  };
  const decrypt = async (k: { key: KeyRecord; algorithm: EncryptionAlgorithmSpec; bits: number }, blob: Uint8Array | undefined): Promise<Buffer> => {
    if (blob === undefined) throw missingCiphertext();
    if (blob.length !== k.bits / 8) throw invalidCiphertext();
    const plaintext = rsaDecrypt(await privateKeyFor(store, k.key), k.algorithm, blob);
    if (!plaintext) throw rsaIncorrectKey();
    return plaintext;
  };
  const noDataKey = (op: 'GenerateDataKey' | 'GenerateDataKeyWithoutPlaintext') =>
    async (input: Parameters<OpHandlers<SymmetricOps>[typeof op]>[0], ctx: HandlerContext) => {
      if (!(await asymmetricKey(input.KeyId, ctx))) return sym[op](input as never, ctx);
      checkRequest(input);
      const key = await requireKey(store, input.KeyId, ctx, { op, alias: true, crossAccount: true });
      throw usageOf(key) !== 'ENCRYPT_DECRYPT' ? wrongUsage(key.arn, usageOf(key), op) : wrongSpec(key.arn, specOf(key), op);
    };
  return {
    async Encrypt(input, ctx) {
      if (!(await asymmetricKey(input.KeyId, ctx))) return sym.Encrypt(input, ctx);
      checkRequest(input);
      const k = await rsaKey(input.KeyId, input.EncryptionAlgorithm, input.EncryptionContext, 'Encrypt', ctx);
      if (input.DryRun === true) throw dryRun();
      return { CiphertextBlob: await encrypt(k, input.Plaintext), KeyId: k.key.arn, EncryptionAlgorithm: k.algorithm };
    },

    async Decrypt(input, ctx) {
      if (!(await asymmetricKey(input.KeyId, ctx))) return sym.Decrypt(input, ctx);
      checkRequest(input);
      const k = await rsaKey(input.KeyId!, input.EncryptionAlgorithm, input.EncryptionContext, 'Decrypt', ctx);
      if (input.DryRun === true) throw dryRun();
      return { KeyId: k.key.arn, Plaintext: await decrypt(k, input.CiphertextBlob), EncryptionAlgorithm: k.algorithm };
    },

    async ReEncrypt(input, ctx) {
      const srcAsym = await asymmetricKey(input.SourceKeyId, ctx);
      const dstAsym = await asymmetricKey(input.DestinationKeyId, ctx);
      if (!srcAsym && !dstAsym) return sym.ReEncrypt(input, ctx);
      checkRequest(input);
      const dst = dstAsym ? await rsaKey(input.DestinationKeyId, input.DestinationEncryptionAlgorithm, input.DestinationEncryptionContext, 'ReEncrypt', ctx) : undefined;
      let source: { arn: string; algorithm: EncryptionAlgorithmSpec; plaintext: Buffer };
      if (srcAsym) {
        const src = await rsaKey(input.SourceKeyId!, input.SourceEncryptionAlgorithm, input.SourceEncryptionContext, 'ReEncrypt', ctx);
        source = { arn: src.key.arn, algorithm: src.algorithm, plaintext: await decrypt(src, input.CiphertextBlob) };
      } else {
        const d = await sym.Decrypt({ ...(input.CiphertextBlob ? { CiphertextBlob: input.CiphertextBlob } : {}), ...(input.SourceEncryptionContext ? { EncryptionContext: input.SourceEncryptionContext } : {}), ...(input.SourceKeyId ? { KeyId: input.SourceKeyId } : {}), ...(input.SourceEncryptionAlgorithm ? { EncryptionAlgorithm: input.SourceEncryptionAlgorithm } : {}) }, ctx);
        source = { arn: d.KeyId!, algorithm: 'SYMMETRIC_DEFAULT', plaintext: Buffer.from(d.Plaintext!) };
      }
      try {
        if (input.DryRun === true) throw dryRun();
        if (dst) return { CiphertextBlob: await encrypt(dst, source.plaintext), SourceKeyId: source.arn, KeyId: dst.key.arn, SourceEncryptionAlgorithm: source.algorithm, DestinationEncryptionAlgorithm: dst.algorithm };
        const e = await sym.Encrypt({ KeyId: input.DestinationKeyId, Plaintext: source.plaintext, ...(input.DestinationEncryptionContext ? { EncryptionContext: input.DestinationEncryptionContext } : {}), ...(input.DestinationEncryptionAlgorithm ? { EncryptionAlgorithm: input.DestinationEncryptionAlgorithm } : {}) }, ctx);
        return { CiphertextBlob: e.CiphertextBlob!, SourceKeyId: source.arn, KeyId: e.KeyId!, SourceEncryptionAlgorithm: source.algorithm, DestinationEncryptionAlgorithm: 'SYMMETRIC_DEFAULT' };
      } finally {
        source.plaintext.fill(0);
      }
    },

    GenerateDataKey: noDataKey('GenerateDataKey'),
    GenerateDataKeyWithoutPlaintext: noDataKey('GenerateDataKeyWithoutPlaintext'),
  };
}
