import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bodyFields, bodyValues } from './fields.js';
import { Runs } from './rule.js';
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

test('bodyValues: a JSON body without escapes as runs holding exactly bodyFields\' values; any other body as bodyFields', () => {
  const values = (bodyText: string, contentType = 'application/json') => {
    const req = inspected({ method: 'POST', bodyText, headers: [['Host', 'a.example'], ['Content-Type', contentType]] });
    return { runs: bodyValues(req, new RequestMemo()), fields: bodyFields(req, new RequestMemo()) };
  };
  const long = 'a'.repeat(9000);
  const order = `{${Array.from({ length: 120 }, (_, i) => `"f${i}":"v%${i % 3 === 0 ? '3C' : '20'}${i}&lt;"`).join(',')}}`;
  for (const body of ['{"name":"blue shirt","n":3,"tags":["gift","wrap"]}', '{"q":"%3Cscript%3E","h":"&lt;b&gt;"}', `{"k":"${long}"}`, `{"k":"${long}%41","s":"x"}`, order]) {
    const { runs, fields } = values(body);
    assert.ok(runs instanceof Runs, body.slice(0, 40));
    assert.deepEqual(runs.all(), fields, body.slice(0, 40));
  }
  for (const [body, type] of [['{"x":"\\x3cimg"}', 'application/json'], ['{"a":1', 'application/json'], ['a=1&b=2', 'application/x-www-form-urlencoded'], ['{"a":"b"}', 'text/plain'], ['', 'application/json']] as const) {
    const { runs, fields } = values(body, type);
    assert.ok(Array.isArray(runs), body);
    assert.deepEqual(runs, fields, body);
  }
});

test('a JSON body with more strings than the bound is inspected whole too: padding hides no string past it', () => {
  const text = `[${Array(1001).fill('"a"').join(',')},"1' OR '1'='1"]`;
  const req = inspected({ method: 'POST', bodyText: text, headers: [['Host', 'a.example'], ['Content-Type', 'application/json']] });
  const fields = bodyFields(req, new RequestMemo());
  assert.equal(fields.length, 1001);
  assert.equal(fields[1000], text);
  assert.deepEqual(bodyValues(req, new RequestMemo()), fields);
  const under = `[${Array(999).fill('"a"').join(',')}]`;
  assert.ok(bodyValues(inspected({ method: 'POST', bodyText: under, headers: [['Host', 'a.example'], ['Content-Type', 'application/json']] }), new RequestMemo()) instanceof Runs);
});
