import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as OTPAuth from 'otpauth';
import { base32Decode, base32Encode, findConsecutive, findStep, hotp, newTotpSeed, timeStep, totpAt } from './totp.js';

describe('Base32 (RFC 4648 test vectors)', () => {
  const vectors: [string, string][] = [
    ['', ''],
    ['f', 'MY======'],
    ['fo', 'MZXQ===='],
    ['foo', 'MZXW6==='],
    ['foob', 'MZXW6YQ='],
    ['fooba', 'MZXW6YTB'],
    ['foobar', 'MZXW6YTBOI======'],
  ];
  for (const [plain, encoded] of vectors) {
    it(`"${plain}" <-> "${encoded}"`, () => {
      assert.equal(base32Encode(Buffer.from(plain)), encoded);
      assert.equal(base32Decode(encoded).toString(), plain);
      assert.equal(base32Decode(encoded.toLowerCase().replace(/=/g, '')).toString(), plain);
    });
  }
  it('rejects characters outside the alphabet', () => {
    assert.throws(() => base32Decode('MZ1W'), RangeError);
  });
});

describe('TOTP (RFC 6238 appendix B, SHA-1, last 6 digits)', () => {
  const key = Buffer.from('12345678901234567890');
  const vectors: [number, string][] = [
    [59, '287082'],
    [1111111109, '081804'],
    [1111111111, '050471'],
    [1234567890, '005924'],
    [2000000000, '279037'],
    [20000000000, '353130'],
  ];
  for (const [t, code] of vectors) {
    it(`T=${t}`, () => assert.equal(totpAt(key, timeStep(t * 1000)), code));
  }
  it('HOTP of RFC 4226 appendix D', () => {
    assert.deepEqual([0, 1, 2, 9].map((c) => hotp(key, c)), ['755224', '287082', '359152', '520489']);
  });

  it('agrees with the otpauth package for a random seed', () => {
    const seed = newTotpSeed();
    const secret = base32Encode(seed);
    const ref = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 });
    for (const ts of [0, 1_700_000_000_000, Date.now()]) assert.equal(totpAt(seed, timeStep(ts)), ref.generate({ timestamp: ts }));
  });

  it('finds single and consecutive codes in a window', () => {
    const seed = newTotpSeed();
    const now = timeStep(Date.now());
    assert.equal(findStep(seed, totpAt(seed, now - 1), now - 1, now + 1), now - 1);
    assert.equal(findStep(seed, totpAt(seed, now - 5), now - 1, now + 1), undefined);
    assert.equal(findConsecutive(seed, totpAt(seed, now - 3), totpAt(seed, now - 2), now - 10, now + 1), now - 3);
    assert.equal(findConsecutive(seed, totpAt(seed, now - 2), totpAt(seed, now - 3), now - 10, now + 1), undefined);
  });
});
