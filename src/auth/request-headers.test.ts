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
