/**
 * GenerateMac and VerifyMac with HMAC KMS keys: standard HMAC (RFC 2104) with the key's hash, the
 * message ≤ 4096 bytes (the model's limit). VerifyMac compares in constant time and answers a wrong
 * MAC with KMSInvalidMacException, as AWS.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { HandlerContext } from '../../../protocol/service-definition.js';
import type { MacAlgorithmSpec } from '../api.generated.js';
import { invalidMac, wrongAlgorithm } from '../asymmetric-errors.js';
import { dryRun } from '../errors.js';
import { requireKey } from '../keys.js';
import { specOf, type KeyRecord } from '../store.js';
import type { KmsDeps, OpHandlers } from '../deps.js';
import { checkRequest, rawMaterial, requireUsage } from './asymmetric-common.js';

type Ops = 'GenerateMac' | 'VerifyMac';

interface MacRequest {
  KeyId: string;
  Message: Uint8Array;
  MacAlgorithm: MacAlgorithmSpec;
  GrantTokens?: string[];
  DryRun?: boolean;
}

export function macHandlers({ store }: KmsDeps): OpHandlers<Ops> {
  const mac = async (input: MacRequest, ctx: HandlerContext, op: Ops): Promise<{ key: KeyRecord; mac: Buffer }> => {
    checkRequest(input);
    const key = await requireKey(store, input.KeyId, ctx, { op, alias: true, crossAccount: true });
    const info = requireUsage(key, 'GENERATE_VERIFY_MAC', op);
    if (info.key.kind !== 'hmac' || info.key.algorithm !== input.MacAlgorithm) throw wrongAlgorithm(input.MacAlgorithm, specOf(key));
    if (input.DryRun === true) throw dryRun();
    const secret = await rawMaterial(store, key);
    try {
      return { key, mac: createHmac(info.key.hash, secret).update(input.Message).digest() };
    } finally {
      secret.fill(0);
    }
  };
  return {
    async GenerateMac(input, ctx) {
      const r = await mac(input, ctx, 'GenerateMac');
      return { KeyId: r.key.arn, Mac: r.mac, MacAlgorithm: input.MacAlgorithm };
    },
    async VerifyMac(input, ctx) {
      const r = await mac(input, ctx, 'VerifyMac');
      const given = Buffer.from(input.Mac);
      if (given.length !== r.mac.length || !timingSafeEqual(given, r.mac)) throw invalidMac();
      return { KeyId: r.key.arn, MacValid: true, MacAlgorithm: input.MacAlgorithm };
    },
  };
}
