import assert from 'node:assert/strict';
import { test } from 'node:test';
import { badQueryParam, badRequestDate, bothMechanisms, malformedCredential, malformedSignedHeaders, missingQueryParams } from './auth-failures.js';

test('malformed credentials and dates', () => {
  assert.equal(malformedCredential('query', false, 'a/b/c/d').message, "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got 'a/b/c/d'");
  assert.equal(malformedCredential('s3', false, 'a').message, 'The authorization header is malformed; the Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".');
  assert.equal(malformedCredential('s3', true, 'a').code, 'AuthorizationQueryParametersError');
  assert.equal(badRequestDate('json', false, '201').message, "Date must be in ISO-8601 'basic format'. Got '201'. See http://en.wikipedia.org/wiki/ISO_8601");
  assert.deepEqual([badRequestDate('s3', false, 'x').code, badRequestDate('s3', false, 'x').httpStatus], ['AccessDenied', 403]);
  assert.equal(badRequestDate('s3', true, 'x').message, `X-Amz-Date must be in the ISO8601 Long Format "yyyyMMdd'T'HHmmss'Z'"`);
});


test('two mechanisms, presign parameters and signed-header lists', () => {
  const both = bothMechanisms('s3', 'AWS4-HMAC-SHA256 a');
  assert.deepEqual([both.code, both.fields], ['InvalidArgument', { ArgumentName: 'Authorization', ArgumentValue: 'AWS4-HMAC-SHA256 a' }]);
  assert.equal(bothMechanisms('query', 'x').code, 'IncompleteSignature');
  assert.equal(missingQueryParams('query', ['X-Amz-Credential', 'X-Amz-Date']).message,
    "AWS query-string parameters must include 'X-Amz-Credential'. AWS query-string parameters must include 'X-Amz-Date'. Re-examine the query-string parameters.");
  assert.equal(badQueryParam('s3', 'X-Amz-Date', 'x').message, 'X-Amz-Date was specified more than once.');
  assert.equal(badQueryParam('json', 'X-Amz-Algorithm', 'AWS4-HMAC-SHA1').message, "Unsupported AWS 'algorithm': 'AWS4-HMAC-SHA1'");
  assert.equal(malformedSignedHeaders('s3', true, 'host;;a').code, 'AuthorizationQueryParametersError');
  assert.equal(malformedSignedHeaders('s3', false, 'host;;a').code, 'AuthorizationHeaderMalformed');
});
