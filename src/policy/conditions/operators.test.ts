import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileConditionEntry } from './compile-condition.js';
import { parseOperator } from './condition-operator.js';
import { normalizeContext } from '../evaluate/request-context.js';
import type { ContextValue } from '../model/request.js';

function check(operator: string, values: string[], context: Record<string, ContextValue>, key = 'k:x', variables = true): boolean {
  const fn = compileConditionEntry({ operator, key, values, valuesWereArray: true }, variables);
  return fn(normalizeContext(context));
}

test('operator names parse case-insensitively with modifiers', () => {
  assert.equal(parseOperator('forallvalues:stringlikeifexists')?.ifExists, true);
  assert.equal(parseOperator('ForAnyValue:StringEquals')?.setModifier, 'ForAnyValue');
  assert.equal(parseOperator('StringEqualz'), undefined);
  assert.equal(parseOperator('Foo:StringEquals'), undefined);
  assert.equal(parseOperator('Null')?.isNull, true);
});

test('string family', () => {
  assert.equal(check('StringEquals', ['a', 'b'], { 'k:x': 'b' }), true);
  assert.equal(check('StringEquals', ['A'], { 'k:x': 'a' }), false);
  assert.equal(check('StringEqualsIgnoreCase', ['A'], { 'k:x': 'a' }), true);
  assert.equal(check('StringNotEquals', ['a', 'b'], { 'k:x': 'b' }), false);
  assert.equal(check('StringNotEquals', ['a', 'b'], { 'k:x': 'c' }), true);
  assert.equal(check('StringNotEqualsIgnoreCase', ['A'], { 'k:x': 'a' }), false);
  assert.equal(check('StringLike', ['a*'], { 'k:x': 'abc' }), true);
  assert.equal(check('StringNotLike', ['a*'], { 'k:x': 'abc' }), false);
  assert.equal(check('StringEquals', ['a*'], { 'k:x': 'abc' }), false);
});

test('missing keys: positive false, negated true, IfExists true', () => {
  assert.equal(check('StringEquals', ['a'], {}), false);
  assert.equal(check('StringNotEquals', ['a'], {}), true);
  assert.equal(check('StringEqualsIfExists', ['a'], {}), true);
  assert.equal(check('NumericLessThan', ['1'], {}), false);
  assert.equal(check('NotIpAddress', ['10.0.0.0/8'], {}), true);
});

test('condition key names are case-insensitive', () => {
  assert.equal(check('StringEquals', ['a'], { 'K:X': 'a' }, 'k:x'), true);
  assert.equal(check('StringEquals', ['a'], { 'k:x': 'a' }, 'K:X'), true);
});

test('numeric family', () => {
  assert.equal(check('NumericEquals', ['10'], { 'k:x': '10.0' }), true);
  assert.equal(check('NumericLessThan', ['10'], { 'k:x': '9' }), true);
  assert.equal(check('NumericLessThanEquals', ['10'], { 'k:x': '10' }), true);
  assert.equal(check('NumericGreaterThan', ['10'], { 'k:x': '10' }), false);
  assert.equal(check('NumericGreaterThanEquals', ['10'], { 'k:x': '10' }), true);
  assert.equal(check('NumericNotEquals', ['10'], { 'k:x': '11' }), true);
  assert.equal(check('NumericEquals', ['10'], { 'k:x': 'ten' }), false);
});

test('date family: ISO 8601 and epoch seconds', () => {
  assert.equal(check('DateGreaterThan', ['2020-01-01T00:00:01Z'], { 'k:x': '2021-01-01T00:00:00Z' }), true);
  assert.equal(check('DateLessThan', ['2020-01-01T00:00:00Z'], { 'k:x': '1577836799' }), true);
  assert.equal(check('DateEquals', ['1577836800'], { 'k:x': '2020-01-01T00:00:00Z' }), true);
  assert.equal(check('DateNotEquals', ['2020-01-01'], { 'k:x': '2020-01-02' }), true);
  assert.equal(check('DateLessThanEquals', ['2020-01-01'], { 'k:x': 'garbage' }), false);
});

test('bool, binary, null', () => {
  assert.equal(check('Bool', ['true'], { 'k:x': 'TRUE' }), true);
  assert.equal(check('Bool', ['false'], { 'k:x': 'true' }), false);
  assert.equal(check('BinaryEquals', ['QmluYXJ5'], { 'k:x': 'QmluYXJ5' }), true);
  assert.equal(check('Null', ['true'], {}), true);
  assert.equal(check('Null', ['false'], {}), false);
  assert.equal(check('Null', ['false'], { 'k:x': 'v' }), true);
});

test('ip addresses v4 and v6', () => {
  assert.equal(check('IpAddress', ['203.0.113.0/24'], { 'k:x': '203.0.113.7' }), true);
  assert.equal(check('IpAddress', ['203.0.113.0/24'], { 'k:x': '203.0.114.7' }), false);
  assert.equal(check('IpAddress', ['203.0.113.5'], { 'k:x': '203.0.113.5' }), true);
  assert.equal(check('IpAddress', ['2001:DB8:1234:5678::/64'], { 'k:x': '2001:db8:1234:5678:1::1' }), true);
  assert.equal(check('IpAddress', ['2001:DB8:1234:5678::/64'], { 'k:x': '2001:db8:1234:5679::1' }), false);
  assert.equal(check('NotIpAddress', ['10.0.0.0/8'], { 'k:x': '11.0.0.1' }), true);
  assert.equal(check('IpAddress', ['10.0.0.0/8'], { 'k:x': '::1' }), false);
});

test('arn family matches component by component', () => {
  const value = 'arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt';
  assert.equal(check('ArnLike', ['arn:aws:someservice:*:111122223333:finance/*'], { 'k:x': value }), false);
  assert.equal(check('StringLike', ['arn:aws:someservice:*:111122223333:finance/*'], { 'k:x': value }), true);
  assert.equal(check('ArnEquals', ['arn:aws:sns:*:123456789012:topic'], { 'k:x': 'arn:aws:sns:us-east-1:123456789012:topic' }), true);
  assert.equal(check('ArnNotLike', ['arn:aws:sns:*:123456789012:*'], { 'k:x': 'arn:aws:sns:us-east-1:123456789012:t' }), false);
  assert.equal(check('ArnLike', ['arn:*'], { 'k:x': 'not-an-arn' }), false);
});

test('set modifiers', () => {
  const attrs = { 'k:x': ['PostDateTime', 'Message'] };
  assert.equal(check('ForAllValues:StringLike', ['PostDateTime', 'Message', 'Tags'], attrs), true);
  assert.equal(check('ForAllValues:StringLike', ['PostDateTime', 'Tags'], attrs), false);
  assert.equal(check('ForAnyValue:StringLike', ['ID', 'PostDateTime'], attrs), true);
  assert.equal(check('ForAllValues:StringEquals', ['a'], {}), true);
  assert.equal(check('ForAnyValue:StringEquals', ['a'], {}), false);
  assert.equal(check('ForAllValues:StringEquals', ['a'], { 'k:x': [] }), true);
  assert.equal(check('ForAnyValue:StringEquals', ['a'], { 'k:x': [] }), false);
  assert.equal(check('ForAllValues:StringNotLike', ['key1*'], { 'k:x': ['key2:audit'] }), true);
  assert.equal(check('ForAllValues:StringNotLike', ['key1*'], { 'k:x': ['key1:legal'] }), false);
  assert.equal(check('StringEquals', ['a'], { 'k:x': ['a'] }), false);
});

test('policy variables in condition values; unresolved values are skipped', () => {
  assert.equal(check('StringLike', ['${aws:username}/*'], { 'k:x': 'bob/x', 'aws:username': 'bob' }), true);
  assert.equal(check('StringEquals', ['${aws:username}'], { 'k:x': 'bob' }), false);
  assert.equal(check('StringNotEquals', ['${aws:username}'], { 'k:x': 'bob' }), true);
  assert.equal(check('StringEquals', ['${aws:username}'], { 'k:x': '${aws:username}' }, 'k:x', false), true);
  assert.equal(check('NumericEquals', ['${k:n}'], { 'k:x': '1', 'k:n': '1' }), false);
});
