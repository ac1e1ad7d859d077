import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ownLookup, setOwn } from './own-lookup.js';

describe('ownLookup', () => {
  it('finds own keys only, never Object.prototype members', () => {
    const table = { AWS: 'aws', Service: 'service' };
    assert.equal(ownLookup(table, 'AWS'), 'aws');
    for (const k of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'aws']) assert.equal(ownLookup(table, k), undefined, k);
  });

  it('setOwn keeps __proto__ an ordinary own key', () => {
    const o: Record<string, unknown> = {};
    setOwn(o, '__proto__', { polluted: true });
    setOwn(o, 'a', 1);
    assert.equal(Object.getPrototypeOf(o), Object.prototype);
    assert.equal((o as { polluted?: boolean }).polluted, undefined);
    assert.deepEqual(Object.keys(o), ['__proto__', 'a']);
    assert.equal(JSON.stringify(o), '{"__proto__":{"polluted":true},"a":1}');
  });
});
