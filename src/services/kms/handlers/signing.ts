/**
 * Sign, Verify and GetPublicKey with asymmetric KMS keys (RSA, NIST and SECG ECC, Ed25519).
 * MessageType RAW (≤ 4096 bytes, the model's limit) is hashed here; DIGEST must have the length of
 * the algorithm's hash. ECDSA signatures are DER, RSASSA-PSS uses a salt as long as the hash, as AWS.
 */
import { createPublicKey } from 'node:crypto';
import type { HandlerContext } from '../../../protocol/service-definition.js';
import type { MessageType, SigningAlgorithmSpec } from '../api.generated.js';
import { publicKeyDer, signWith, signingInfo, verifyWith } from '../asymmetric.js';
import { digestLength, invalidSignature, messageTypeForAlgorithm, noPublicKey, notServedSpec, wrongAlgorithm } from '../asymmetric-errors.js';
import { dryRun } from '../errors.js';
import { algorithmsOf, customerMasterKeySpec, KEY_SPECS } from '../key-specs.js';
import { requireKey } from '../keys.js';
import { specOf, usageOf, type KeyRecord } from '../store.js';
import type { KmsDeps, OpHandlers } from '../deps.js';
import { checkRequest, privateKeyFor, requireUsage } from './asymmetric-common.js';

type Ops = 'Sign' | 'Verify' | 'GetPublicKey';

interface SignatureRequest {
  KeyId: string;
  Message: Uint8Array;
  MessageType?: MessageType;
  SigningAlgorithm: SigningAlgorithmSpec;
  GrantTokens?: string[];
  DryRun?: boolean;
}

export function signingHandlers({ store }: KmsDeps): OpHandlers<Ops> {
  /** The key, its curve and the algorithm's data, after every check AWS makes of a Sign/Verify request. */
  const prepare = async (input: SignatureRequest, ctx: HandlerContext, op: 'Sign' | 'Verify') => {
    checkRequest(input);
    const key = await requireKey(store, input.KeyId, ctx, { op, alias: true, crossAccount: true });
    const info = requireUsage(key, 'SIGN_VERIFY', op);
    if (input.SigningAlgorithm === 'ED25519_PH_SHA_512' && info.key.kind === 'ed25519') throw notServedSpec('SigningAlgorithm ED25519_PH_SHA_512', 'Node.js 20 has no Ed25519ph (pre-hashed Ed25519)');
    const alg = signingInfo(input.SigningAlgorithm);
    if (!alg || !info.signing?.includes(input.SigningAlgorithm)) throw wrongAlgorithm(input.SigningAlgorithm, specOf(key));
    const type = input.MessageType ?? 'RAW';
    if (type === 'EXTERNAL_MU' || (type === 'DIGEST' && alg.scheme === 'ed25519')) throw messageTypeForAlgorithm(type, input.SigningAlgorithm);
    const digest = type === 'DIGEST';
    if (digest && input.Message.length !== alg.digest) throw digestLength(input.SigningAlgorithm);
    if (input.DryRun === true) throw dryRun();
    return { key, alg, digest, curve: info.key.kind === 'ec' ? info.key.curve : undefined };
  };
  return {
    async Sign(input, ctx) {
      const { key, alg, digest, curve } = await prepare(input, ctx, 'Sign');
      const priv = await privateKeyFor(store, key);
      return { KeyId: key.arn, Signature: signWith(priv, alg, input.Message, digest, curve), SigningAlgorithm: input.SigningAlgorithm };
    },

    async Verify(input, ctx) {
      const { key, alg, digest, curve } = await prepare(input, ctx, 'Verify');
      const pub = createPublicKey(await privateKeyFor(store, key));
      if (!verifyWith(pub, alg, input.Message, digest, input.Signature, curve)) throw invalidSignature();
      return { KeyId: key.arn, SignatureValid: true, SigningAlgorithm: input.SigningAlgorithm };
    },

    async GetPublicKey(input, ctx) {
      checkRequest(input);
      const key: KeyRecord = await requireKey(store, input.KeyId, ctx, { op: 'GetPublicKey', alias: true, crossAccount: true });
      const kind = KEY_SPECS[specOf(key)]?.key.kind;
      if (kind === undefined || kind === 'symmetric' || kind === 'hmac') throw noPublicKey(key.arn);
      const spec = specOf(key);
      return {
        KeyId: key.arn,
        PublicKey: publicKeyDer(await privateKeyFor(store, key)),
        ...customerMasterKeySpec(spec),
        KeySpec: spec,
        KeyUsage: usageOf(key),
        ...algorithmsOf(spec, usageOf(key)),
      };
    },
  };
}
