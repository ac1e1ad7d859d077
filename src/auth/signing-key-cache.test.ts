import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deriveSigningKey, SigningKeyCache } from './signing-key-cache.js';

const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';

test('derives the signing key of the AWS documentation example', () => {
  assert.equal(deriveSigningKey(SECRET, '20120215', 'us-east-1', 'iam').toString('hex'), 'f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d');
});

test('the cache serves the derived key and evicts the least recently used one', () => {
  const cache = new SigningKeyCache(2);
  const a = cache.get(SECRET, '20120215', 'us-east-1', 'iam');
  assert.equal(a.toString('hex'), 'f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d');
  assert.equal(cache.get(SECRET, '20120215', 'us-east-1', 'iam'), a);
  const b = cache.get(SECRET, '20120216', 'us-east-1', 'iam');
  cache.get(SECRET, '20120215', 'us-east-1', 'iam'); // a is now the most recent
  cache.get('other', '20120215', 'us-east-1', 'iam'); // evicts b
  assert.equal(cache.size, 2);
  assert.equal(cache.get(SECRET, '20120215', 'us-east-1', 'iam'), a);
  assert.notEqual(cache.get(SECRET, '20120216', 'us-east-1', 'iam'), b);
  cache.clear();
  assert.equal(cache.size, 0);
  assert.throws(() => new SigningKeyCache(0), RangeError);
});

test('the cache keys never contain the secret', () => {
  const cache = new SigningKeyCache();
  cache.get(SECRET, '20120215', 'us-east-1', 'iam');
  const keys = [...(cache as unknown as { entries: Map<string, Buffer> }).entries.keys()].join('|');
  assert.ok(!keys.includes(SECRET));
  assert.ok(!keys.includes('wJalr'));
  assert.ok(!JSON.stringify(cache).includes('wJalr'));
});
