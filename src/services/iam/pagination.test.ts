import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isAwsError } from '../../shared/aws-error.js';
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

  it('refuses markers it cannot have made with ValidationError "Invalid Marker." (400)', () => {
    // 'AA' is a NUL byte; '!!' and '====' are not base64url; 'AAE' is not canonical; '_-8' is not
    // UTF-8; a trailing '=' is base64 padding the encoder never writes.
    for (const marker of ['AA', 'AAAA', '!!', '====', 'A', 'AAE', '_-8', 'Lw==', encodeMarker('a\u0000b'), encodeMarker('a\nb'), '%00', 'é']) {
      assert.throws(
        () => decodeMarker(marker),
        (e: unknown) => isAwsError(e) && e.code === 'ValidationError' && e.httpStatus === 400 && e.message === 'Invalid Marker.',
        `marker ${JSON.stringify(marker)}`,
      );
      assert.throws(() => paginate(items, (k) => k, { Marker: marker }), isAwsError);
    }
  });
});
