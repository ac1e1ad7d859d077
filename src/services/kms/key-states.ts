/**
 * Which operations a key's state permits, from AWS's "Key states of AWS KMS keys" table
 * (kms-key-state-table.tsv, every row). Encoded as data; key-states.test.ts checks it against the
 * table row by row. Conditional cells (COND/OK with a note about imported material, rotation of
 * asymmetric keys, ...) are 'ok' here and decided by the handler, which knows the key's kind.
 * Columns: Enabled, Disabled, PendingDeletion, PendingImport; PendingReplicaDeletion answers as
 * PendingDeletion (a replica waiting to be deleted is a key pending deletion to its callers).
 */
import { disabled, notPendingDeletion, pendingDeletion, pendingImport, unsupported } from './errors.js';
import type { KeyRecord, ServedKeyState } from './store.js';

/**
 * What a state answers: ok, or the note of the table: 1 DisabledException "is disabled", 3
 * KMSInvalidStateException "is pending deletion", 4 "is not pending deletion", 5 "is pending
 * import", 6 UnsupportedOperationException (origin EXTERNAL).
 */
export type StateRule = 'ok' | 1 | 3 | 4 | 5 | 6;
type Column = 'Enabled' | 'Disabled' | 'PendingDeletion' | 'PendingImport';
type Rules = Readonly<Record<Column, StateRule>>;

const ALL: Rules = { Enabled: 'ok', Disabled: 'ok', PendingDeletion: 'ok', PendingImport: 'ok' };
/** Management that a key pending deletion refuses. */
const MANAGE: Rules = { Enabled: 'ok', Disabled: 'ok', PendingDeletion: 3, PendingImport: 'ok' };
/** Enable/DisableKey: also refused while the material is missing. */
const TOGGLE: Rules = { Enabled: 'ok', Disabled: 'ok', PendingDeletion: 3, PendingImport: 5 };
/** Cryptographic use (table cells FAIL[1], FAIL[2,3], FAIL[5]; N/A for PendingImport answers as 5). */
const CRYPTO: Rules = { Enabled: 'ok', Disabled: 1, PendingDeletion: 3, PendingImport: 5 };
/** Automatic rotation settings: COND[7] / FAIL[1,7] / FAIL[3,7] / FAIL[6]. */
const ROTATION: Rules = { Enabled: 'ok', Disabled: 1, PendingDeletion: 3, PendingImport: 6 };
/** Imported material: COND[9] / COND[9] / FAIL[8,9] / OK. */
const IMPORT: Rules = { Enabled: 'ok', Disabled: 'ok', PendingDeletion: 3, PendingImport: 'ok' };

export const KEY_STATE_RULES = {
  CancelKeyDeletion: { Enabled: 4, Disabled: 4, PendingDeletion: 'ok', PendingImport: 4 },
  CreateAlias: MANAGE,
  CreateGrant: CRYPTO,
  Decrypt: CRYPTO,
  DeleteAlias: ALL,
  DeleteImportedKeyMaterial: ALL,
  DeriveSharedSecret: CRYPTO,
  DescribeKey: ALL,
  DisableKey: TOGGLE,
  DisableKeyRotation: ROTATION,
  EnableKey: TOGGLE,
  EnableKeyRotation: ROTATION,
  Encrypt: CRYPTO,
  GenerateDataKey: CRYPTO,
  GenerateDataKeyPair: CRYPTO,
  GenerateDataKeyPairWithoutPlaintext: CRYPTO,
  GenerateDataKeyWithoutPlaintext: CRYPTO,
  GenerateMac: CRYPTO,
  GetKeyPolicy: ALL,
  GetKeyRotationStatus: { Enabled: 'ok', Disabled: 'ok', PendingDeletion: 'ok', PendingImport: 6 },
  GetParametersForImport: IMPORT,
  GetPublicKey: CRYPTO,
  ImportKeyMaterial: IMPORT,
  ListAliases: ALL,
  ListGrants: ALL,
  ListKeyPolicies: ALL,
  // Not in the archived table (added to KMS in 2024): as GetKeyRotationStatus (a read of the key's rotations).
  ListKeyRotations: { Enabled: 'ok', Disabled: 'ok', PendingDeletion: 'ok', PendingImport: 6 },
  ListResourceTags: ALL,
  PutKeyPolicy: ALL,
  ReEncrypt: CRYPTO,
  ReplicateKey: CRYPTO,
  RetireGrant: ALL,
  RevokeGrant: ALL,
  // Not in the archived table (2024): rotating now needs a key in use, as EnableKeyRotation.
  RotateKeyOnDemand: ROTATION,
  ScheduleKeyDeletion: MANAGE,
  Sign: CRYPTO,
  TagResource: MANAGE,
  UntagResource: MANAGE,
  // Note 10: UpdateAlias is allowed when the alias's current key is pending deletion, not the new one.
  UpdateAlias: MANAGE,
  UpdateKeyDescription: MANAGE,
  UpdatePrimaryRegion: CRYPTO,
  Verify: CRYPTO,
  VerifyMac: CRYPTO,
} as const satisfies Readonly<Record<string, Rules>>;

export type StatefulOperation = keyof typeof KEY_STATE_RULES;

const column = (state: ServedKeyState): Column => (state === 'PendingReplicaDeletion' ? 'PendingDeletion' : state);

/** Throws AWS's error when `op` may not act on `key` in its state. */
export function checkState(op: StatefulOperation, key: KeyRecord): void {
  const rule: StateRule = KEY_STATE_RULES[op][column(key.state)];
  if (rule === 'ok') return;
  if (rule === 1) throw disabled(key.arn);
  if (rule === 3) throw pendingDeletion(key.arn);
  if (rule === 5) throw pendingImport(key.arn);
  if (rule === 6) throw unsupported(`${key.arn} origin is EXTERNAL which is not valid for this operation.`);
  throw notPendingDeletion(key.arn);
}
