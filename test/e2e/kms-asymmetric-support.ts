/** What the asymmetric KMS end-to-end tests share: a client, error capture, key creation, Node's own verification. */
import { constants, createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import type { KMSClient} from '@aws-sdk/client-kms';
import { CreateKeyCommand, type KeySpec, type KeyUsageType } from '@aws-sdk/client-kms';
import type { TestServer } from '../helpers/rampart.js';
import type { Creds } from './authz-support.js';
import { kmsClient, kmsFailure } from './kms-support.js';

export const client = (s: TestServer, creds: Creds = s.credentials) => kmsClient(s, creds);
/** The KMS error a request fails with (a success or any other error fails the test). */
export const fail = kmsFailure;

export async function createKey(c: KMSClient, KeySpec: KeySpec, KeyUsage: KeyUsageType, extra: Record<string, unknown> = {}) {
  return (await c.send(new CreateKeyCommand({ KeySpec, KeyUsage, Description: `${KeySpec} ${KeyUsage}`, ...extra }))).KeyMetadata!;
}

export const spki = (der: Uint8Array): KeyObject => createPublicKey({ key: Buffer.from(der), format: 'der', type: 'spki' });

const HASH: Record<string, string> = { SHA_256: 'sha256', SHA_384: 'sha384', SHA_512: 'sha512' };
export const hashOf = (alg: string): string => HASH[/SHA_(256|384|512)$/.exec(alg)![0]]!;
export const digestOf = (alg: string, msg: Uint8Array): Buffer => createHash(hashOf(alg)).update(msg).digest();

/** Node's verification of a KMS signature over the original message, with the public key GetPublicKey returned. */
export function nodeVerifies(pub: KeyObject, alg: string, msg: Uint8Array, sig: Uint8Array): boolean {
  if (alg === 'ED25519_SHA_512') return verify(null, msg, pub, sig);
  const hash = hashOf(alg);
  if (alg.startsWith('RSASSA_PSS')) return verify(hash, msg, { key: pub, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: createHash(hash).digest().length }, sig);
  if (alg.startsWith('RSASSA_PKCS1')) return verify(hash, msg, { key: pub, padding: constants.RSA_PKCS1_PADDING }, sig);
  return verify(hash, msg, { key: pub, dsaEncoding: 'der' }, sig);
}
