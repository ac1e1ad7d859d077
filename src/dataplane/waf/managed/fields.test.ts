import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bodyFields } from './fields.js';
import { inspected } from './test-request.js';
import { RequestMemo } from '../request-memo.js';

const json = (bodyText: string) => bodyFields(inspected({ method: 'POST', bodyText, headers: [['Host', 'a.example'], ['Content-Type', 'application/json']] }), new RequestMemo());

test('bodyFields: a JSON body\'s keys and strings, decoded when the text has something to decode', () => {
  // Nothing to decode: the leaves as they are.
  assert.deepEqual(json('{"name":"blue shirt","n":3,"tags":["gift","wrap"]}'), ['name', 'blue shirt', 'n', 'tags', 'gift', 'wrap']);
  // Percent, HTML entity and backslash forms are decoded (a JSON escape first, then the rest).
  assert.deepEqual(json('{"q":"%3Cscript%3E","h":"&lt;b&gt;","x":"\\\\x3cimg"}'), ['q', '<script>', 'h', '<b>', 'x', '<img']);
  assert.deepEqual(json('{"u":"\\u0025\\u0033\\u0043svg"}'), ['u', '<svg']);
  // A leaf past the decoding bound is cut to it on both paths.
  const long = 'a'.repeat(9000);
  assert.equal(json(`{"k":"${long}"}`)[1]!.length, 8192);
  assert.equal(json(`{"k":"${long}%41"}`)[1]!.length, 8192);
});
