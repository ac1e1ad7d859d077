import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normalizeEncoding, percentDecode, uriEncode, wireBytes } from './uri-encoding.js';

test('uriEncode keeps only the RFC 3986 unreserved characters', () => {
  assert.equal(uriEncode('AZaz09-_.~'), 'AZaz09-_.~');
  assert.equal(uriEncode("a b+c/d=e&f!*'()"), 'a%20b%2Bc%2Fd%3De%26f%21%2A%27%28%29');
  assert.equal(uriEncode('ሴ😀'), '%E1%88%B4%F0%9F%98%80');
  assert.equal(uriEncode(Buffer.from([0x00, 0x7f, 0xff])), '%00%7F%FF');
});

test('percentDecode decodes escapes of either case and keeps invalid ones literally', () => {
  assert.equal(percentDecode('%c3%BC', false).toString('utf8'), 'ü');
  assert.equal(percentDecode('a+b', true).toString(), 'a b');
  assert.equal(percentDecode('a+b', false).toString(), 'a+b');
  assert.equal(percentDecode('%zz%4', false).toString(), '%zz%4');
  assert.equal(percentDecode('100%', true).toString(), '100%');
  assert.deepEqual([...percentDecode('%00%FF', false)], [0, 255]);
});

test('normalizeEncoding gives the canonical form S3 computes (emulator suite recorded against AWS)', () => {
  assert.equal(normalizeEncoding('a+b', false), 'a%2Bb');
  assert.equal(normalizeEncoding('%c3%bc', false), '%C3%BC');
  assert.equal(normalizeEncoding("!*'()~=&:@$,;", false), '%21%2A%27%28%29~%3D%26%3A%40%24%2C%3B');
  assert.equal(normalizeEncoding('%21%2A%27%28%29%7E%3D%26%3A', false), '%21%2A%27%28%29~%3D%26%3A');
  assert.equal(normalizeEncoding('100%', false), '100%25');
  assert.equal(normalizeEncoding('b+c', true), 'b%20c');
});

test('wireBytes reads Node latin1 strings as bytes and wider strings as UTF-8', () => {
  assert.deepEqual([...wireBytes('Ã©')], [0xc3, 0xa9]);
  assert.deepEqual([...wireBytes('中')], [0xe4, 0xb8, 0xad]);
  assert.deepEqual([...wireBytes('plain')], [...Buffer.from('plain')]);
});
