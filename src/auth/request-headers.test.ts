import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RequestHeaders } from './request-headers.js';

test('headers are looked up without regard to case and repeated lines are kept in order', () => {
  const h = RequestHeaders.fromRaw(['Host', 'example.com', 'My-Header1', 'value2', 'my-header1', 'value1', 'Empty', '', 'odd']);
  assert.equal(h.get('host'), 'example.com');
  assert.deepEqual(h.all('MY-HEADER1'), ['value2', 'value1']);
  assert.equal(h.get('my-header1'), 'value2,value1');
  assert.ok(h.has('empty'));
  assert.equal(h.get('empty'), '');
  assert.equal(h.get('missing'), undefined);
  assert.ok(!h.has('odd'));
  assert.deepEqual([...h.names()], ['host', 'my-header1', 'empty']);
});

test('toRecord gives every header once, lower-case, repeated values joined; __proto__ stays an ordinary key', () => {
  const h = RequestHeaders.fromRaw(['Host', 'example.com', 'X-A', '1', 'x-a', '2', '__proto__', 'p']);
  const r = h.toRecord();
  assert.deepEqual(Object.entries(r), [['host', 'example.com'], ['x-a', '1,2'], ['__proto__', 'p']]);
  assert.equal(Object.getPrototypeOf(r), Object.prototype);
});
