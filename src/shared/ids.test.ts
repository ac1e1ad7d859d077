import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { timeOrderedUuids } from './ids.js';

const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('newTimeOrderedUuid', () => {
  it('is a version 7 UUID whose first 48 bits are the time in milliseconds', () => {
    const newTimeOrderedUuid = timeOrderedUuids();
    const t = Date.UTC(2026, 11, 4, 1, 2, 3, 456);
    const id = newTimeOrderedUuid(t);
    assert.match(id, V7);
    assert.equal(parseInt(id.slice(0, 8) + id.slice(9, 13), 16), t);
  });

  it('sorts in creation order, within one millisecond and when the clock steps back', () => {
    const newTimeOrderedUuid = timeOrderedUuids();
    const now = Date.now();
    const ids = [newTimeOrderedUuid(now), newTimeOrderedUuid(now), newTimeOrderedUuid(now - 5000), newTimeOrderedUuid(now + 1)];
    for (const id of ids) assert.match(id, V7);
    assert.deepEqual([...ids].sort(), ids);
    assert.equal(new Set(ids).size, ids.length);
  });

  it('stays ordered past 4,096 ids in one millisecond (the counter borrows the next one)', () => {
    const newTimeOrderedUuid = timeOrderedUuids();
    const now = Date.now();
    const ids = Array.from({ length: 5000 }, () => newTimeOrderedUuid(now));
    assert.deepEqual([...ids].sort(), ids);
    assert.equal(new Set(ids).size, 5000);
  });
});
