/**
 * DeriveSharedSecret: ECDH between the private key of a KEY_AGREEMENT KMS key (NIST curves) and a
 * public key given as DER SubjectPublicKeyInfo of the same curve. The shared secret is the raw ECDH
 * output (the x-coordinate, as AWS returns it), for the caller's own key derivation.
 */
import { createPublicKey, diffieHellman, type KeyObject } from 'node:crypto';
import { badPublicKey } from '../asymmetric-errors.js';
import { dryRun, validation } from '../errors.js';
import { requireKey } from '../keys.js';
import { originOf, specOf } from '../store.js';
import type { KmsDeps, OpHandlers } from '../deps.js';
import { checkRequest, privateKeyFor, requireUsage } from './asymmetric-common.js';

/** The public key, when it is a DER SPKI EC key of the same curve as `priv`. */
function peerKey(der: Uint8Array, priv: KeyObject): KeyObject | undefined {
  try {
    const pub = createPublicKey({ key: Buffer.from(der), format: 'der', type: 'spki' });
    return pub.asymmetricKeyType === 'ec' && pub.asymmetricKeyDetails?.namedCurve === priv.asymmetricKeyDetails?.namedCurve ? pub : undefined;
  } catch {
    return undefined;
  }
}

export function keyAgreementHandlers({ store }: KmsDeps): OpHandlers<'DeriveSharedSecret'> {
  return {
    async DeriveSharedSecret(input, ctx) {
      checkRequest(input);
      const key = await requireKey(store, input.KeyId, ctx, { op: 'DeriveSharedSecret', alias: true, crossAccount: true });
      requireUsage(key, 'KEY_AGREEMENT', 'DeriveSharedSecret');
      // The model has one value, ECDH; anything else is refused as the model's enum would be.
      if (input.KeyAgreementAlgorithm !== 'ECDH') throw validation(`1 validation error detected: Value '${String(input.KeyAgreementAlgorithm)}' at 'keyAgreementAlgorithm' failed to satisfy constraint: Member must satisfy enum value set: [ECDH]`);
      const priv = await privateKeyFor(store, key);
      const pub = peerKey(input.PublicKey, priv);
      if (!pub) throw badPublicKey(specOf(key));
      if (input.DryRun === true) throw dryRun();
      return { KeyId: key.arn, SharedSecret: diffieHellman({ privateKey: priv, publicKey: pub }), KeyAgreementAlgorithm: 'ECDH', KeyOrigin: originOf(key) };
    },
  };
}
