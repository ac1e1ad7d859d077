import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTemplate, resolveToString, resolveToTokens } from './policy-variables.js';
import { STAR } from '../compile/wildcard-matcher.js';

const lookup = (k: string) => ({ 'aws:username': 'bob', 'aws:principaltag/team': 'red' })[k];

test('variables resolve case-insensitively', () => {
  assert.equal(resolveToString(parseTemplate('home/${AWS:UserName}/'), lookup), 'home/bob/');
  assert.equal(resolveToString(parseTemplate('${aws:PrincipalTag/Team}'), lookup), 'red');
});

test('missing variable without default is unresolvable', () => {
  assert.equal(resolveToString(parseTemplate('x/${aws:userid}'), lookup), undefined);
});

test('default values', () => {
  assert.equal(resolveToString(parseTemplate("${aws:userid, 'anonymous'}"), lookup), 'anonymous');
  assert.equal(resolveToString(parseTemplate("${aws:username, 'anonymous'}"), lookup), 'bob');
  assert.equal(resolveToString(parseTemplate("${aws:userid, 'it''s'}"), lookup), "it's");
});

test('escapes are literal characters, policy wildcards stay wildcards', () => {
  assert.deepEqual(resolveToTokens(parseTemplate('a${*}b*'), lookup), ['a*b', STAR]);
  assert.deepEqual(resolveToTokens(parseTemplate('${?}${$}'), lookup), ['?$']);
  assert.equal(parseTemplate('${*}').hasVariables, false);
});

test('malformed references stay literal', () => {
  assert.equal(resolveToString(parseTemplate('${unclosed'), lookup), '${unclosed');
  assert.equal(resolveToString(parseTemplate('${}'), lookup), '${}');
  assert.equal(resolveToString(parseTemplate('a${b c}'), lookup), 'a${b c}');
});

test('variable values are never wildcards', () => {
  const tokens = resolveToTokens(parseTemplate('${aws:username}'), () => 'a*');
  assert.deepEqual(tokens, ['a*']);
});
