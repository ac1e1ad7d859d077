import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SpaceSaving } from './space-saving.js';

describe('SpaceSaving', () => {
  it('keeps the heavy hitters of a long tail in bounded memory', () => {
    const s = new SpaceSaving(10);
    for (let i = 0; i < 10_000; i++) {
      s.add(`tail-${i}`);
      if (i % 2 === 0) s.add('heavy');
      if (i % 5 === 0) s.add('medium');
    }
    assert.equal(s.size, 10);
    const top = s.top(2).map((h) => h.key);
    assert.deepEqual(top, ['heavy', 'medium']);
    assert.ok(s.get('heavy') >= 5000 && s.get('heavy') - s.top(1)[0]!.error <= 5000);
    assert.equal(s.total, 10_000 + 5000 + 2000);
  });

  it('decays counts and drops what falls under the floor', () => {
    const s = new SpaceSaving(4);
    s.add('a', 100);
    s.add('b', 1);
    s.decay(0.5, 1);
    assert.equal(s.get('a'), 50);
    assert.equal(s.get('b'), 0);
    assert.equal(s.total, 50.5);
  });

  it('refuses a capacity that is not a positive integer', () => {
    assert.throws(() => new SpaceSaving(0), RangeError);
  });
});
