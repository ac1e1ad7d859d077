import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { accountOfAccessKeyId, newAccessKeyIdFor } from './key-ids.js';

describe('access key ids that encode their account', () => {
  it('round-trips the account through AKIA and ASIA ids', () => {
    for (const acct of ['123456789012', '999999999999', '100000000000', '000000000001']) {
      for (const prefix of ['AKIA', 'ASIA'] as const) {
        const id = newAccessKeyIdFor(prefix, acct);
        assert.match(id, /^(AKIA|ASIA)[A-Z2-7]{16}$/);
        assert.equal(accountOfAccessKeyId(id), acct);
      }
    }
  });

  it('agrees with the published decoding (base32, first 6 bytes, mask 0x7fffffffff80, >> 7)', () => {
    // Value computed with the reference Python snippet of the key-id analysis write-ups.
    assert.equal(accountOfAccessKeyId('AKIAQYLPMN5HHHFPZAM2'), '052310077262');
  });

  it('ids differ each time and refuse malformed input', () => {
    assert.notEqual(newAccessKeyIdFor('ASIA', '123456789012'), newAccessKeyIdFor('ASIA', '123456789012'));
    assert.equal(accountOfAccessKeyId('AKIA1234'), undefined);
    assert.equal(accountOfAccessKeyId('test'), undefined);
  });
});
