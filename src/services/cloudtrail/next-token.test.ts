import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createSecretSealer } from '../../storage/secret-sealer.js';
import { openToken, queryDigest, sealToken } from './next-token.js';

const sealer = createSecretSealer('test-master-key-0123456789abcdefghijklmnop');
const other = createSecretSealer('another-master-key-0123456789abcdefghijklm');
const A = '111111111111';
const q = queryDigest(['EventName', 'GetUser', null, null, null]);

describe('LookupEvents NextToken', () => {
  it('opens to its cursor with the same account, region, query and master key only', () => {
    const t = sealToken(sealer, A, 'us-east-1', { eventTime: 1_700_000_000_000, seq: 42 }, q);
    assert.deepEqual(openToken(sealer, A, 'us-east-1', t, q), { eventTime: 1_700_000_000_000, seq: 42 });
    const invalid = (e: unknown) => (e as { code?: string }).code === 'InvalidNextTokenException';
    assert.throws(() => openToken(sealer, '222222222222', 'us-east-1', t, q), invalid);
    assert.throws(() => openToken(sealer, A, 'eu-west-1', t, q), invalid);
    assert.throws(() => openToken(sealer, A, 'us-east-1', t, queryDigest(['EventName', 'ListUsers', null, null, null])), invalid);
    assert.throws(() => openToken(other, A, 'us-east-1', t, q), invalid);
    // Every character but the sealer's key mark (bytes 28..43 of the sealed value: characters 41..62).
    for (let i = 4; i < t.length; i++) {
      if (i >= 41 && i <= 62) continue;
      const flipped = t.slice(0, i) + (t[i] === 'A' ? 'B' : 'A') + t.slice(i + 1);
      assert.throws(() => openToken(sealer, A, 'us-east-1', flipped, q), invalid, `edited at ${i}`);
    }
    for (const bad of ['', 'x', 'rs2:', 'A'.repeat(5000), JSON.stringify({ t: 1, s: 1, q })]) assert.throws(() => openToken(sealer, A, 'us-east-1', bad, q), invalid);
  });
});
