import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rawHeader } from './raw-headers.js';

test('rawHeader reads a header case-insensitively and joins repeats as Node joins req.headers', () => {
  const raw = ['Host', 'a.example', 'Cookie', 'a=1', 'CONNECTION', 'keep-alive', 'cookie', 'b=2', 'connection', 'x-foo'];
  assert.equal(rawHeader(raw, 'host'), 'a.example');
  assert.equal(rawHeader(raw, 'cookie'), 'a=1; b=2');
  assert.equal(rawHeader(raw, 'connection'), 'keep-alive, x-foo');
  assert.equal(rawHeader(raw, 'referer'), undefined);
  assert.equal(rawHeader(['Cookies', 'x'], 'cookie'), undefined);
});
