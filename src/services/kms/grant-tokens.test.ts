import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { encodeGrantToken, parseGrantToken } from './grant-tokens.js';

const ref = { accountId: '111122223333', region: 'eu-west-1', keyId: '1234abcd-12ab-34cd-56ef-1234567890ab', grantId: 'ab'.repeat(32) };

describe('KMS grant tokens v1', () => {
  it('round-trips, a new token each time, all naming the same grant', () => {
    const k = randomBytes(32);
    const a = encodeGrantToken(ref, k);
    const b = encodeGrantToken(ref, k);
    assert.notEqual(a, b);
    assert.deepEqual(parseGrantToken(a, k), ref);
    assert.deepEqual(parseGrantToken(b, k), ref);
    assert.match(a, /^[A-Za-z0-9_-]+$/);
  });

  it("names a multi-Region key's grant (mrk id, flagged version byte), and a flipped flag is no token", () => {
    const k = randomBytes(32);
    const mrk = { ...ref, keyId: `mrk-${'0f'.repeat(16)}` };
    const t = encodeGrantToken(mrk, k);
    assert.deepEqual(parseGrantToken(t, k), mrk);
    const b = Buffer.from(t, 'base64url');
    b[0] = b[0]! ^ 0x80;
    assert.equal(parseGrantToken(b.toString('base64url'), k), undefined);
  });

  it('every changed byte, a truncation, an extension, another key or another version is no token', () => {
    const k = randomBytes(32);
    const t = encodeGrantToken(ref, k);
    const raw = Buffer.from(t, 'base64url');
    for (let i = 0; i < raw.length; i++) {
      const c = Buffer.from(raw);
      c[i]! ^= 0x01;
      assert.equal(parseGrantToken(c.toString('base64url'), k), undefined, `byte ${i}`);
    }
    for (const len of [0, 1, 13, 14, raw.length - 1]) assert.equal(parseGrantToken(raw.subarray(0, len).toString('base64url'), k), undefined, `length ${len}`);
    assert.equal(parseGrantToken(Buffer.concat([raw, Buffer.from([0])]).toString('base64url'), k), undefined);
    assert.equal(parseGrantToken(t, randomBytes(32)), undefined);
  });

  it('rejects what is not base64url or too long without work, and garbage of the right shape', () => {
    const k = randomBytes(32);
    for (const bad of ['', '====', 'a b', 'é', 'A'.repeat(8193), '+/+/', randomBytes(119).toString('base64url')]) assert.equal(parseGrantToken(bad, k), undefined, bad.slice(0, 20));
  });

  it('carries ids and a MAC only: no trace of the MAC key', () => {
    const k = randomBytes(32);
    const raw = Buffer.from(encodeGrantToken(ref, k), 'base64url');
    assert.equal(raw.indexOf(k), -1);
    assert.ok(raw.includes(Buffer.from(ref.grantId, 'hex')));
  });

  it('refuses to encode fields it could not parse back', () => {
    const k = randomBytes(32);
    for (const bad of [{ ...ref, accountId: '1' }, { ...ref, region: 'EU' }, { ...ref, keyId: 'x' }, { ...ref, grantId: 'g' }]) assert.throws(() => encodeGrantToken(bad, k));
  });
});
