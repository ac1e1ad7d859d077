import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkVersionId, newVersionId } from './versioning.js';

describe('version ids', () => {
  it('are 32 characters of [0-9A-Za-z], newer first in ASCII order, even within one millisecond', () => {
    const t = Date.UTC(2026, 0, 1);
    const ids = [newVersionId(t), newVersionId(t), newVersionId(t + 1), newVersionId(t + 86_400_000)];
    for (const id of ids) assert.match(id, /^[0-9A-Za-z]{32}$/);
    assert.deepEqual([...ids].sort(), [...ids].reverse());
  });
  it('accepts null and well-formed ids only', () => {
    checkVersionId('null');
    checkVersionId(newVersionId(Date.now()));
    for (const bad of ['', 'NULL', 'a'.repeat(31), 'a'.repeat(33), `${'a'.repeat(31)}/`, '../../etc/passwd']) {
      assert.throws(
        () => checkVersionId(bad),
        (e: { code?: string }) => e.code === 'InvalidArgument',
        bad,
      );
    }
  });
});
