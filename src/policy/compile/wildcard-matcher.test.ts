import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fillResourceArn } from './compile-statement.js';
import { compileWildcard, matchTokens, tokenizeWildcards } from './wildcard-matcher.js';

test('literal, star and question mark', () => {
  const m = compileWildcard('a*b?c');
  assert.equal(m('abxc'), true);
  assert.equal(m('a123b4c'), true);
  assert.equal(m('abc'), false);
  assert.equal(m('ab12c'), false);
});

test('fast paths', () => {
  assert.equal(compileWildcard('*')(''), true);
  assert.equal(compileWildcard('s3:Get*')('s3:GetObject'), true);
  assert.equal(compileWildcard('*Report')('iam:GetReport'), true);
  assert.equal(compileWildcard('exact')('exact'), true);
  assert.equal(compileWildcard('exact')('exactly'), false);
  assert.equal(compileWildcard('')(''), true);
});

test('ignoreCase lowercases the pattern', () => {
  assert.equal(compileWildcard('S3:GET*', true)('s3:getobject'), true);
});

test('adjacent stars collapse and backtracking is linear', () => {
  assert.deepEqual(tokenizeWildcards('a**b'), ['a', 0, 'b']);
  const tokens = tokenizeWildcards(`${'*a'.repeat(30)}*b`);
  const start = process.hrtime.bigint();
  assert.equal(matchTokens(tokens, 'a'.repeat(5000)), false);
  assert.ok(Number(process.hrtime.bigint() - start) < 2e9);
});

test('star matches across separators', () => {
  assert.equal(compileWildcard('arn:aws:s3:::*log*')('arn:aws:s3:::my-logs'), true);
  assert.equal(compileWildcard('a*?')('a'), false);
  assert.equal(compileWildcard('a*?')('ab'), true);
});

test('fillResourceArn: missing ARN components become *, variables keep their colons', () => {
  assert.equal(fillResourceArn('arn:aws:quantumledger', true), 'arn:aws:quantumledger:*:*:*');
  assert.equal(fillResourceArn('urn:aws-eu:queues', true), 'arn:aws-eu:queues:*:*:*');
  assert.equal(fillResourceArn('arn:aws:s3:::b/*', true), 'arn:aws:s3:::b/*');
  assert.equal(fillResourceArn('arn:aws:s3:::b/a:b:c', true), 'arn:aws:s3:::b/a:b:c');
  assert.equal(fillResourceArn('arn:aws:s3${aws:x}', true), 'arn:aws:s3${aws:x}:*:*:*');
  assert.equal(fillResourceArn('arn:aws:s3${aws:x}', false), 'arn:aws:s3${aws:x}:*:*');
  assert.equal(fillResourceArn('*', true), '*');
  assert.equal(fillResourceArn('bucket', true), 'bucket');
});
