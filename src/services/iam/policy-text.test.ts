import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertValidPolicy, encodePolicyDocument } from './policy-text.js';

describe('policy text', () => {
  it('encodes as RFC 3986 (unreserved characters only stay as they are)', () => {
    assert.equal(encodePolicyDocument(`{"A":"s3:*"} !'()~-_.`), '%7B%22A%22%3A%22s3%3A%2A%22%7D%20%21%27%28%29~-_.');
    assert.equal(decodeURIComponent(encodePolicyDocument('{\n\t"é": "ü"\n}')), '{\n\t"é": "ü"\n}');
  });

  it('maps validation failures to IAM errors', () => {
    assert.throws(() => assertValidPolicy('nope', 'managed'), { code: 'MalformedPolicyDocument', httpStatus: 400 });
    assert.doesNotThrow(() => assertValidPolicy('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}', 'managed'));
  });
});
