/**
 * CreateKey's KeySpec and KeyUsage: the combinations AWS accepts (key-specs.ts). KeyUsage defaults to
 * ENCRYPT_DECRYPT for every spec, as AWS documents, so an ECC or HMAC key created without KeyUsage
 * is refused like any incompatible pair: `KeyUsage ENCRYPT_DECRYPT is not compatible with KeySpec
 * ECC_NIST_P256` (ValidationException; AWS's text, recorded for HMAC_224).
 */
import type { KeySpec, KeyUsageType } from './api.generated.js';
import { notServedSpec } from './asymmetric-errors.js';
import { validation } from './errors.js';
import { KEY_SPECS, NOT_SERVED_SPECS, type SpecInfo } from './key-specs.js';

export interface CheckedSpec {
  readonly spec: KeySpec;
  readonly usage: KeyUsageType;
  readonly info: SpecInfo;
}

export function checkCreateKeySpec(input: { KeySpec?: KeySpec; CustomerMasterKeySpec?: string; KeyUsage?: KeyUsageType }): CheckedSpec {
  const spec = (input.KeySpec ?? input.CustomerMasterKeySpec ?? 'SYMMETRIC_DEFAULT') as KeySpec;
  const usage = input.KeyUsage ?? 'ENCRYPT_DECRYPT';
  const info = KEY_SPECS[spec];
  if (!info) throw notServedSpec(`KeySpec ${spec}`, NOT_SERVED_SPECS[spec] ?? 'unknown key spec');
  if (!info.usages.includes(usage)) throw validation(`KeyUsage ${usage} is not compatible with KeySpec ${spec}`);
  return { spec, usage, info };
}
