/** What the asymmetric, HMAC and key agreement handlers share: checks of the key and its material. */
import type { KeyObject } from 'node:crypto';
import type { Store } from '../../../storage/types.js';
import type { KeyUsageType } from '../api.generated.js';
import { privateKeyOf } from '../asymmetric.js';
import { wrongUsage } from '../asymmetric-errors.js';
import { materialOf } from '../deps.js';
import { unsupported } from '../errors.js';
import { KEY_SPECS, type SpecInfo } from '../key-specs.js';
import { specOf, usageOf, type KeyRecord } from '../store.js';

/** What these requests may carry that Rampart refuses: Recipient. (GrantTokens are checked for every operation: grants.ts.) */
export function checkRequest(input: { GrantTokens?: string[]; Recipient?: unknown }): void {
  if (input.Recipient !== undefined) throw unsupported('Recipient (Nitro Enclaves attestation) is not supported by Rampart.');
}

/** The key's spec data, when its usage is `usage`; InvalidKeyUsageException otherwise. */
export function requireUsage(key: KeyRecord, usage: KeyUsageType, op: string): SpecInfo {
  const info = KEY_SPECS[specOf(key)];
  if (usageOf(key) !== usage || !info) throw wrongUsage(key.arn, usageOf(key), op);
  return info;
}

/** The key's material (current version), opened; the caller zeroes it. */
export const rawMaterial = (store: Store, key: KeyRecord): Promise<Buffer> => materialOf(store, store, key, key.materialVersion);

/** The key's private key (PKCS#8 material, opened; the opened bytes are zeroed). */
export async function privateKeyFor(store: Store, key: KeyRecord): Promise<KeyObject> {
  const der = await rawMaterial(store, key);
  try {
    return privateKeyOf(der);
  } finally {
    der.fill(0);
  }
}
