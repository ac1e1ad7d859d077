import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { issueToken, readToken } from './tokens.js';

describe('aws-waf-token', () => {
  const key = randomBytes(32);
  it('round-trips and refuses any change, another key, junk', () => {
    const t = issueToken(key, { captchaAt: 100, challengeAt: 200 });
    assert.deepEqual(readToken(key, t), { captchaAt: 100, challengeAt: 200 });
    assert.equal(readToken(key, t.replace('v1.100.', 'v1.999.')), undefined);
    assert.equal(readToken(randomBytes(32), t), undefined);
    for (const bad of ['', 'v1.1.2', 'v1.1.2.' + 'A'.repeat(43), 'x'.repeat(5000), undefined]) assert.equal(readToken(key, bad), undefined);
  });
});
