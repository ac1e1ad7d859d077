/**
 * GenerateDataKeyPair and GenerateDataKeyPairWithoutPlaintext: a fresh key pair of KeyPairSpec (RSA
 * pairs made off the event loop), the private key as PKCS#8 DER encrypted under a symmetric
 * encryption KMS key with the encryption context (the symmetric Encrypt, so Decrypt of
 * PrivateKeyCiphertextBlob gives the PKCS#8 back), the public key as DER SubjectPublicKeyInfo.
 */
import type { HandlerContext } from '../../../protocol/service-definition.js';
import type { DataKeyPairSpec } from '../api.generated.js';
import { newKeyMaterial, privateKeyOf, publicKeyDer } from '../asymmetric.js';
import { notServedSpec, wrongSpec, wrongUsage } from '../asymmetric-errors.js';
import { dryRun } from '../errors.js';
import { DATA_KEY_PAIR_SPECS, KEY_SPECS } from '../key-specs.js';
import { requireKey } from '../keys.js';
import { specOf, usageOf } from '../store.js';
import type { KmsDeps, OpHandlers } from '../deps.js';
import { checkRequest } from './asymmetric-common.js';

type Ops = 'GenerateDataKeyPair' | 'GenerateDataKeyPairWithoutPlaintext';

interface PairRequest {
  KeyId: string;
  KeyPairSpec: DataKeyPairSpec;
  EncryptionContext?: Record<string, string>;
  GrantTokens?: string[];
  Recipient?: unknown;
  DryRun?: boolean;
}

export function dataKeyPairHandlers({ store }: KmsDeps, sym: OpHandlers<'Encrypt'>): OpHandlers<Ops> {
  const pair = async (input: PairRequest, ctx: HandlerContext, op: Ops) => {
    checkRequest(input);
    const spec = DATA_KEY_PAIR_SPECS[input.KeyPairSpec];
    if (!spec) throw notServedSpec(`KeyPairSpec ${input.KeyPairSpec}`, 'SM2 key pairs are available only in AWS China Regions');
    const key = await requireKey(store, input.KeyId, ctx, { op, alias: true, crossAccount: true });
    if (usageOf(key) !== 'ENCRYPT_DECRYPT') throw wrongUsage(key.arn, usageOf(key), op);
    if (specOf(key) !== 'SYMMETRIC_DEFAULT') throw wrongSpec(key.arn, specOf(key), op);
    if (input.DryRun === true) throw dryRun();
    const pkcs8 = await newKeyMaterial(KEY_SPECS[spec]!.key);
    const publicKey = publicKeyDer(privateKeyOf(pkcs8));
    const enc = await sym.Encrypt({ KeyId: key.arn, Plaintext: pkcs8, ...(input.EncryptionContext ? { EncryptionContext: input.EncryptionContext } : {}) }, ctx);
    return { key, pkcs8, publicKey, blob: enc.CiphertextBlob! };
  };
  return {
    async GenerateDataKeyPair(input, ctx) {
      const r = await pair(input, ctx, 'GenerateDataKeyPair');
      return { PrivateKeyCiphertextBlob: r.blob, PrivateKeyPlaintext: r.pkcs8, PublicKey: r.publicKey, KeyId: r.key.arn, KeyPairSpec: input.KeyPairSpec };
    },
    async GenerateDataKeyPairWithoutPlaintext(input, ctx) {
      const r = await pair(input, ctx, 'GenerateDataKeyPairWithoutPlaintext');
      r.pkcs8.fill(0);
      return { PrivateKeyCiphertextBlob: r.blob, PublicKey: r.publicKey, KeyId: r.key.arn, KeyPairSpec: input.KeyPairSpec };
    },
  };
}
