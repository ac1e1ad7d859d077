import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isAwsError } from '../../shared/aws-error.js';
import { byteRange, checkPreconditions } from './conditions.js';

const code = (f: () => unknown) => {
  try {
    f();
    return 'OK';
  } catch (e) {
    return isAwsError(e) ? `${e.httpStatus} ${e.code}` : String(e);
  }
};
const T = Date.UTC(2026, 0, 10, 12, 0, 0, 500);
const before = new Date(T - 60_000);
const after = new Date(T + 60_000);
const md5 = 'abc';

describe('preconditions', () => {
  it('follows S3 table of combinations', () => {
    assert.equal(code(() => checkPreconditions({ IfMatch: '"abc"' }, md5, T)), 'OK');
    assert.equal(code(() => checkPreconditions({ IfMatch: '"zzz"' }, md5, T)), '412 PreconditionFailed');
    assert.equal(code(() => checkPreconditions({ IfMatch: '*' }, md5, T)), 'OK');
    assert.equal(code(() => checkPreconditions({ IfUnmodifiedSince: before }, md5, T)), '412 PreconditionFailed');
    assert.equal(code(() => checkPreconditions({ IfMatch: '"abc"', IfUnmodifiedSince: before }, md5, T)), 'OK');
    assert.equal(code(() => checkPreconditions({ IfNoneMatch: '"abc"' }, md5, T)), '304 NotModified');
    assert.equal(code(() => checkPreconditions({ IfNoneMatch: '"x", "abc"' }, md5, T)), '304 NotModified');
    assert.equal(code(() => checkPreconditions({ IfNoneMatch: '"zzz"' }, md5, T)), 'OK');
    assert.equal(code(() => checkPreconditions({ IfModifiedSince: after }, md5, T)), '304 NotModified');
    assert.equal(code(() => checkPreconditions({ IfModifiedSince: new Date(T - 500) }, md5, T)), '304 NotModified');
    assert.equal(code(() => checkPreconditions({ IfModifiedSince: before }, md5, T)), 'OK');
    assert.equal(code(() => checkPreconditions({ IfNoneMatch: '"zzz"', IfModifiedSince: after }, md5, T)), 'OK');
  });
});

describe('ranges', () => {
  it('reads ranges as S3 does', () => {
    assert.deepEqual(byteRange('bytes=0-9', 100), { start: 0, end: 9 });
    assert.deepEqual(byteRange('bytes=90-', 100), { start: 90, end: 99 });
    assert.deepEqual(byteRange('bytes=-10', 100), { start: 90, end: 99 });
    assert.deepEqual(byteRange('bytes=-1000', 100), { start: 0, end: 99 });
    assert.deepEqual(byteRange('bytes=50-1000', 100), { start: 50, end: 99 });
    assert.equal(byteRange(undefined, 100), undefined);
    assert.equal(byteRange('bytes=0-1,5-6', 100), undefined);
    assert.equal(byteRange('items=0-1', 100), undefined);
    assert.equal(byteRange('bytes=9-1', 100), undefined);
    assert.equal(code(() => byteRange('bytes=100-', 100)), '416 InvalidRange');
    assert.equal(code(() => byteRange('bytes=0-', 0)), '416 InvalidRange');
    assert.equal(code(() => byteRange('bytes=-0', 100)), '416 InvalidRange');
  });
});
