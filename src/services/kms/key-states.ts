/**
 * Which operations a key's state permits, from AWS's "Key states of AWS KMS keys" table
 * (kms-key-state-table.tsv) for the operations served and the states a symmetric AWS_KMS key
 * reaches (Enabled, Disabled, PendingDeletion). Encoded as data; key-states.test.ts checks it
 * against the table's rows.
 */
import { disabled, notPendingDeletion, pendingDeletion } from './errors.js';
import type { KeyRecord, ServedKeyState } from './store.js';

/** What a state answers: ok, or the note of the table (1 disabled, 3 pending deletion, 4 not pending deletion). */
export type StateRule = 'ok' | 1 | 3 | 4;
type Rules = Readonly<Record<ServedKeyState, StateRule>>;

const ALL: Rules = { Enabled: 'ok', Disabled: 'ok', PendingDeletion: 'ok' };
const MANAGE: Rules = { Enabled: 'ok', Disabled: 'ok', PendingDeletion: 3 };
const CRYPTO: Rules = { Enabled: 'ok', Disabled: 1, PendingDeletion: 3 };

export const KEY_STATE_RULES = {
  CancelKeyDeletion: { Enabled: 4, Disabled: 4, PendingDeletion: 'ok' },
  CreateAlias: MANAGE,
  Decrypt: CRYPTO,
  DeleteAlias: ALL,
  DescribeKey: ALL,
  DisableKey: MANAGE,
  EnableKey: MANAGE,
  Encrypt: CRYPTO,
  GenerateDataKey: CRYPTO,
  GenerateDataKeyWithoutPlaintext: CRYPTO,
  GetKeyPolicy: ALL,
  ListAliases: ALL,
  ListKeyPolicies: ALL,
  ListResourceTags: ALL,
  PutKeyPolicy: ALL,
  ReEncrypt: CRYPTO,
  ScheduleKeyDeletion: MANAGE,
  TagResource: MANAGE,
  UntagResource: MANAGE,
  // Note 10: UpdateAlias is allowed when the alias's current key is pending deletion, not the new one.
  UpdateAlias: MANAGE,
  UpdateKeyDescription: MANAGE,
} as const satisfies Readonly<Record<string, Rules>>;

export type StatefulOperation = keyof typeof KEY_STATE_RULES;

/** Throws AWS's error when `op` may not act on `key` in its state. */
export function checkState(op: StatefulOperation, key: KeyRecord): void {
  const rule: StateRule = KEY_STATE_RULES[op][key.state];
  if (rule === 'ok') return;
  if (rule === 1) throw disabled(key.arn);
  if (rule === 3) throw pendingDeletion(key.arn);
  throw notPendingDeletion(key.arn);
}
