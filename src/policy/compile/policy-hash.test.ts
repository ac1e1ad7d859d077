import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CompiledPolicyCache, policyHash } from './policy-hash.js';

test('policyHash is the sha256 of the text', () => {
  assert.equal(policyHash(''), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
});

test('the cache compiles once per content, type and id and evicts the oldest', () => {
  const cache = new CompiledPolicyCache(2);
  const json = '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}';
  const a = cache.get(json, 'p', 'identity');
  assert.equal(cache.get(json, 'p', 'identity'), a);
  assert.notEqual(cache.get(json, 'p', 'boundary'), a);
  cache.get(`${json} `, 'p', 'identity');
  assert.equal(cache.size, 2);
  assert.equal(cache.get('not json', 'x', 'identity'), undefined);
});
