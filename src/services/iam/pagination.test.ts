import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeMarker, encodeMarker, paginate } from './pagination.js';

describe('IAM pagination', () => {
  const items = Array.from({ length: 250 }, (_, i) => `k${String(i).padStart(3, '0')}`);

  it('defaults to 100 items and marks truncation', () => {
    const p = paginate(items, (k) => k, {});
    assert.equal(p.items.length, 100);
    assert.equal(p.IsTruncated, true);
    assert.equal(decodeMarker(p.Marker!), 'k099');
  });

  it('walks every item exactly once', () => {
    const seen: string[] = [];
    let marker: string | undefined;
    do {
      const p = paginate(items, (k) => k, { MaxItems: 37, ...(marker ? { Marker: marker } : {}) });
      seen.push(...p.items);
      marker = p.Marker;
    } while (marker);
    assert.deepEqual(seen, items);
  });

  it('markers round-trip any key', () => {
    assert.equal(decodeMarker(encodeMarker('user/ä|x')), 'user/ä|x');
  });
});
