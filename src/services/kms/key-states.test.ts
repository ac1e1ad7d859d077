import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KEY_STATE_RULES, checkState } from './key-states.js';
import type { KeyRecord } from './store.js';

/**
 * The rows of AWS's key state table (research data kms-key-state-table.tsv, from the KMS developer
 * guide's key-state page) for the served operations, columns Enabled / Disabled / PendingDeletion.
 * FAIL[2,3] (crypto on a key pending deletion) is served as note 3, KMSInvalidStateException, as AWS
 * answers today; COND[10] (UpdateAlias) as the new key's rule.
 */
const TSV = `CancelKeyDeletion	FAIL[4]	FAIL[4]	OK
CreateAlias	OK	OK	FAIL[3]
Decrypt	OK	FAIL[1]	FAIL[2,3]
DeleteAlias	OK	OK	OK
DescribeKey	OK	OK	OK
DisableKey	OK	OK	FAIL[3]
EnableKey	OK	OK	FAIL[3]
Encrypt	OK	FAIL[1]	FAIL[2,3]
GenerateDataKey	OK	FAIL[1]	FAIL[2,3]
GenerateDataKeyWithoutPlaintext	OK	FAIL[1]	FAIL[2,3]
GetKeyPolicy	OK	OK	OK
ListAliases	OK	OK	OK
ListKeyPolicies	OK	OK	OK
ListResourceTags	OK	OK	OK
PutKeyPolicy	OK	OK	OK
ReEncrypt	OK	FAIL[1]	FAIL[2,3]
ScheduleKeyDeletion	OK	OK	FAIL[3]
TagResource	OK	OK	FAIL[3]
UntagResource	OK	OK	FAIL[3]
UpdateAlias	OK	OK	COND[10]
UpdateKeyDescription	OK	OK	FAIL[3]`;

const CODES: Record<string, string> = { 'FAIL[1]': 'DisabledException', 'FAIL[2,3]': 'KMSInvalidStateException', 'FAIL[3]': 'KMSInvalidStateException', 'FAIL[4]': 'KMSInvalidStateException', 'COND[10]': 'KMSInvalidStateException' };
const key = (state: KeyRecord['state']): KeyRecord => ({ id: 'k', accountId: '111122223333', region: 'us-east-1', arn: 'arn:aws:kms:us-east-1:111122223333:key/k', createdAt: 0, description: '', state, policy: '{}', tags: [], materialVersion: 1 });

describe('KMS key state rules', () => {
  it('match every row of AWS\'s table for the served operations', () => {
    const rows = TSV.split('\n').map((l) => l.split('\t'));
    assert.deepEqual(rows.map((r) => r[0]).sort(), Object.keys(KEY_STATE_RULES).sort());
    for (const [op, ...cells] of rows) {
      (['Enabled', 'Disabled', 'PendingDeletion'] as const).forEach((state, i) => {
        const want = cells[i] === 'OK' ? 'OK' : CODES[cells[i]!];
        let got = 'OK';
        try {
          checkState(op as keyof typeof KEY_STATE_RULES, key(state));
        } catch (e) {
          got = (e as { code: string }).code;
        }
        assert.equal(got, want, `${op} ${state}`);
      });
    }
  });

  it('words the errors as AWS does', () => {
    const arn = key('Enabled').arn;
    assert.throws(() => checkState('Encrypt', key('Disabled')), { message: `${arn} is disabled.` });
    assert.throws(() => checkState('Encrypt', key('PendingDeletion')), { message: `${arn} is pending deletion.` });
    assert.throws(() => checkState('CancelKeyDeletion', key('Enabled')), { message: `${arn} is not pending deletion.` });
  });
});
