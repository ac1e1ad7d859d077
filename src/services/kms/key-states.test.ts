import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KEY_STATE_RULES, checkState } from './key-states.js';
import type { KeyRecord } from './store.js';

/**
 * Every row of AWS's key state table (research data kms-key-state-table.tsv, from the KMS developer
 * guide's key-state page), columns Enabled / Disabled / PendingDeletion / PendingImport, and three
 * operations added to KMS after it was archived (the last three rows, ruled as their neighbours).
 * FAIL[2,3] (crypto on a key pending deletion) is served as note 3, KMSInvalidStateException, as AWS
 * answers today. Conditional cells (COND, OK[9]) pass the state check; the handler decides them.
 * N/A (a key of that kind cannot be pending import) answers as note 5.
 */
const TSV = `CancelKeyDeletion	FAIL[4]	FAIL[4]	OK	FAIL[4]
CreateAlias	OK	OK	FAIL[3]	OK
CreateGrant	OK	FAIL[1]	FAIL[2,3]	FAIL[5]
Decrypt	OK	FAIL[1]	FAIL[2,3]	FAIL[5]
DeleteAlias	OK	OK	OK	OK
DeleteImportedKeyMaterial	OK[9]	OK[9]	OK[9]	OK
DescribeKey	OK	OK	OK	OK
DisableKey	OK	OK	FAIL[3]	FAIL[5]
DisableKeyRotation	COND[7]	FAIL[1,7]	FAIL[3,7]	FAIL[6]
EnableKey	OK	OK	FAIL[3]	FAIL[5]
EnableKeyRotation	COND[7]	FAIL[1,7]	FAIL[3,7]	FAIL[6]
Encrypt	OK	FAIL[1]	FAIL[2,3]	FAIL[5]
GenerateDataKey	OK	FAIL[1]	FAIL[2,3]	FAIL[5]
GenerateDataKeyPair	OK	FAIL[1]	FAIL[2,3]	FAIL[5]
GenerateDataKeyPairWithoutPlaintext	OK	FAIL[1]	FAIL[2,3]	FAIL[5]
GenerateDataKeyWithoutPlaintext	OK	FAIL[1]	FAIL[2,3]	FAIL[5]
GenerateMac	OK	FAIL[1]	FAIL[2,3]	N/A
GetKeyPolicy	OK	OK	OK	OK
GetKeyRotationStatus	COND[7]	COND[7]	COND[7]	FAIL[6]
GetParametersForImport	COND[9]	COND[9]	FAIL[8,9]	OK
GetPublicKey	OK	FAIL[1]	FAIL[2,3]	N/A
ImportKeyMaterial	COND[9]	COND[9]	FAIL[8,9]	OK
ListAliases	OK	OK	OK	OK
ListGrants	OK	OK	OK	OK
ListKeyPolicies	OK	OK	OK	OK
ListResourceTags	OK	OK	OK	OK
PutKeyPolicy	OK	OK	OK	OK
ReEncrypt	OK	FAIL[1]	FAIL[2,3]	FAIL[5]
ReplicateKey	OK	FAIL[1]	FAIL[2,3]	FAIL[5]
RetireGrant	OK	OK	OK	OK
RevokeGrant	OK	OK	OK	OK
ScheduleKeyDeletion	OK	OK	FAIL[3]	OK
Sign	OK	FAIL[1]	FAIL[2,3]	N/A
TagResource	OK	OK	FAIL[3]	OK
UntagResource	OK	OK	FAIL[3]	OK
UpdateAlias	OK	OK	COND[10]	OK
UpdateKeyDescription	OK	OK	FAIL[3]	OK
UpdatePrimaryRegion	OK	FAIL[1]	FAIL[2,3]	FAIL[5]
Verify	OK	FAIL[1]	FAIL[2,3]	N/A
VerifyMac	OK	FAIL[1]	FAIL[2,3]	N/A
ListKeyRotations	OK	OK	OK	FAIL[6]
RotateKeyOnDemand	COND[7]	FAIL[1,7]	FAIL[3,7]	FAIL[6]
DeriveSharedSecret	OK	FAIL[1]	FAIL[2,3]	N/A`;

const CODES: Record<string, string> = {
  'FAIL[1]': 'DisabledException',
  'FAIL[1,7]': 'DisabledException',
  'FAIL[2,3]': 'KMSInvalidStateException',
  'FAIL[3]': 'KMSInvalidStateException',
  'FAIL[3,7]': 'KMSInvalidStateException',
  'FAIL[4]': 'KMSInvalidStateException',
  'FAIL[5]': 'KMSInvalidStateException',
  'FAIL[6]': 'UnsupportedOperationException',
  'FAIL[8,9]': 'KMSInvalidStateException',
  'N/A': 'KMSInvalidStateException',
  // Note 10: UpdateAlias onto a key pending deletion fails (the state check is of the new key).
  'COND[10]': 'KMSInvalidStateException',
};
const PASSES = (cell: string) => cell === 'OK' || (cell.startsWith('COND') && cell !== 'COND[10]') || cell.startsWith('OK[');
const key = (state: KeyRecord['state']): KeyRecord => ({ id: 'k', accountId: '111122223333', region: 'us-east-1', arn: 'arn:aws:kms:us-east-1:111122223333:key/k', createdAt: 0, description: '', state, policy: '{}', tags: [], materialVersion: 1 });

describe('KMS key state rules', () => {
  it("match every row of AWS's table", () => {
    const rows = TSV.split('\n').map((l) => l.split('\t'));
    assert.deepEqual(rows.map((r) => r[0]).sort(), Object.keys(KEY_STATE_RULES).sort());
    for (const [op, ...cells] of rows) {
      (['Enabled', 'Disabled', 'PendingDeletion', 'PendingImport'] as const).forEach((state, i) => {
        const cell = cells[i]!;
        const want = PASSES(cell) ? 'OK' : CODES[cell];
        assert.ok(want, `${op} ${state}: cell ${cell} has no expected answer`);
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
    assert.throws(() => checkState('Encrypt', key('PendingImport')), { message: `${arn} is pending import.` });
    assert.throws(() => checkState('Encrypt', key('PendingReplicaDeletion')), { message: `${arn} is pending deletion.` });
    assert.throws(() => checkState('CancelKeyDeletion', key('Enabled')), { message: `${arn} is not pending deletion.` });
  });
});
