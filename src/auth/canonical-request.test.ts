import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  buildCanonicalRequest,
  buildStringToSign,
  canonicalHeaderValue,
  canonicalQueryString,
  canonicalUri,
  parseQuery,
  sha256Hex,
  trimAll,
} from './canonical-request.js';

const canonicalQuery = (raw: string) => canonicalQueryString(parseQuery(raw));

test('canonical query strings (SigV4 test suite and S3 cases recorded against AWS)', () => {
  assert.equal(canonicalQuery('Param2=value2&Param1=value1'), 'Param1=value1&Param2=value2');
  assert.equal(canonicalQuery('Param-3=Value3&Param=Value2&%E1%88%B4=Value1'), '%E1%88%B4=Value1&Param=Value2&Param-3=Value3');
  assert.equal(canonicalQuery('b=2&a=1'), 'a=1&b=2');
  assert.equal(canonicalQuery('a=2&a=1&a=&A=3'), 'A=3&a=&a=1&a=2');
  assert.equal(canonicalQuery('acl&b='), 'acl=&b=');
  assert.equal(canonicalQuery('a=b+c&d=e%2Bf&g=%20'), 'a=b%20c&d=e%2Bf&g=%20');
  // Sorted by name first: "-" and "." sort below "=".
  assert.equal(canonicalQuery('k=1&k-x=2&k.y=3&k0=4'), 'k=1&k-x=2&k.y=3&k0=4');
  assert.equal(canonicalQuery("k=%c3%bc~!*'()&l=a=b&m=a:b/c"), 'k=%C3%BC~%21%2A%27%28%29&l=a%3Db&m=a%3Ab%2Fc');
  assert.equal(canonicalQuery('a=1&&b=2&'), 'a=1&b=2');
  assert.equal(canonicalQuery(''), '');
});

test('canonicalQueryString can omit parameters (X-Amz-Signature of a presigned URL)', () => {
  const params = parseQuery('X-Amz-Signature=abc&a=1');
  assert.equal(canonicalQueryString(params, (p) => p.name === 'X-Amz-Signature'), 'a=1');
  assert.equal(params[0]?.value, 'abc');
});

test('S3 canonical URI: decoded and encoded once, not normalised', () => {
  assert.equal(canonicalUri('/test-bucket/a%20b/a+b', true), '/test-bucket/a%20b/a%2Bb');
  assert.equal(canonicalUri('/test-bucket/%c3%bc/%E4%B8%AD', true), '/test-bucket/%C3%BC/%E4%B8%AD');
  assert.equal(canonicalUri('/test-bucket/100%25/100%', true), '/test-bucket/100%25/100%25');
  assert.equal(canonicalUri('/test-bucket//a//b/', true), '/test-bucket//a//b/');
  assert.equal(canonicalUri('/test-bucket/./a/../b', true), '/test-bucket/./a/../b');
  assert.equal(canonicalUri('/test%24file.text', true), '/test%24file.text');
  assert.equal(canonicalUri('', true), '/');
});

test('canonical URI of the other services: normalised, then encoded again (SigV4 test suite)', () => {
  assert.equal(canonicalUri('/', false), '/');
  assert.equal(canonicalUri('//', false), '/');
  assert.equal(canonicalUri('/./', false), '/');
  assert.equal(canonicalUri('//example//', false), '/example/');
  assert.equal(canonicalUri('/example/..', false), '/');
  assert.equal(canonicalUri('/example1/example2/../..', false), '/');
  assert.equal(canonicalUri('/./example', false), '/example');
  assert.equal(canonicalUri('/example space/', false), '/example%20space/');
  assert.equal(canonicalUri('/ሴ', false), '/%E1%88%B4');
  assert.equal(canonicalUri('/a%20b/%2F/!', false), '/a%2520b/%252F/%21');
  assert.equal(canonicalUri('/-._~', false), '/-._~');
  assert.equal(canonicalUri('.', false), '');
  assert.equal(canonicalUri('', false), '/');
});

test('header values: trimmed, runs of spaces and tabs collapsed, repeated values joined with commas', () => {
  assert.equal(trimAll('  a   b \t c  '), 'a b c');
  assert.equal(trimAll('"a   b   c"'), '"a b c"');
  assert.equal(trimAll('\t'), '');
  assert.equal(canonicalHeaderValue(['value2', ' value2 ', 'value1']), 'value2,value2,value1');
  assert.equal(canonicalHeaderValue(['a  b ', '  c']), 'a b,c');
  // Node hands headers over as latin1 strings; the canonical form keeps the bytes.
  assert.equal(Buffer.from(canonicalHeaderValue(['Ã©']), 'latin1').toString('utf8'), 'é');
});

test('canonical request and string to sign of get-vanilla-query-order-key-case (SigV4 test suite)', () => {
  const canonical = buildCanonicalRequest({
    method: 'GET',
    canonicalUri: '/',
    canonicalQuery: canonicalQuery('Param2=value2&Param1=value1'),
    headers: [
      ['host', 'example.amazonaws.com'],
      ['x-amz-date', '20150830T123600Z'],
    ],
    signedHeaders: 'host;x-amz-date',
    payloadHash: sha256Hex(''),
  });
  assert.equal(
    canonical,
    'GET\n/\nParam1=value1&Param2=value2\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  );
  assert.equal(
    buildStringToSign('20150830T123600Z', '20150830/us-east-1/service/aws4_request', canonical),
    'AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n816cd5b414d056048ba4f7c5386d6e0533120fb1fcfa93762cf0fc39e2cf19e0',
  );
});
