import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HTTP_TOKEN, isTokenChar } from './http-token.js';

describe('isTokenChar', () => {
  it('says of every character code what HTTP_TOKEN says', () => {
    for (let c = 0; c < 256; c++) assert.equal(isTokenChar(c), HTTP_TOKEN.test(String.fromCharCode(c)), `code ${c}`);
  });
});
