import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { randomPoolBytes } from './random-pool.js';

describe('randomPoolBytes', () => {
  it('hands out fresh bytes every call, across refills, as copies', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const b = randomPoolBytes(12);
      assert.equal(b.length, 12);
      const hex = b.toString('hex');
      assert.ok(!seen.has(hex), 'no 96-bit value repeats');
      seen.add(hex);
    }
    const a = randomPoolBytes(16);
    const copy = Buffer.from(a);
    randomPoolBytes(16);
    assert.deepEqual(a, copy, 'a later call does not change bytes already handed out');
    assert.throws(() => randomPoolBytes(0), RangeError);
    assert.throws(() => randomPoolBytes(257), RangeError);
  });
});
