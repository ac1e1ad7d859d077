import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isAwsError } from '../../../shared/aws-error.js';
import { checkCorsRules, corsHeaders, matchingRule, requestedHeaders, wildcardMatch } from './cors.js';

const code = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return isAwsError(e) ? `${e.code}: ${e.message}` : String(e);
  }
  return 'ok';
};

describe('CORS rules', () => {
  it('checks methods, wildcards, ExposeHeader, counts', () => {
    assert.equal(code(() => checkCorsRules([{ AllowedOrigins: ['*'], AllowedMethods: ['OPTIONS'] }])), 'InvalidRequest: Found unsupported HTTP method in CORS config. Unsupported method is OPTIONS');
    assert.equal(code(() => checkCorsRules([{ AllowedOrigins: ['*'], AllowedMethods: ['get'] }])), 'InvalidRequest: Found unsupported HTTP method in CORS config. Unsupported method is get');
    assert.match(code(() => checkCorsRules([{ AllowedOrigins: ['**'], AllowedMethods: ['GET'] }])), /can not have more than one wildcard/);
    assert.match(code(() => checkCorsRules([{ AllowedOrigins: ['*'], AllowedMethods: ['GET'], AllowedHeaders: ['x-*-*'] }])), /AllowedHeader "x-\*-\*"/);
    assert.match(code(() => checkCorsRules([{ AllowedOrigins: ['*'], AllowedMethods: ['GET'], ExposeHeaders: ['x-*'] }])), /ExposeHeader/);
    assert.match(code(() => checkCorsRules([])), /MalformedXML/);
    assert.match(code(() => checkCorsRules([{ AllowedOrigins: [], AllowedMethods: ['GET'] }])), /MalformedXML/);
    assert.match(code(() => checkCorsRules(Array.from({ length: 101 }, () => ({ AllowedOrigins: ['*'], AllowedMethods: ['GET'] })))), /InvalidRequest/);
    assert.match(code(() => checkCorsRules([{ AllowedOrigins: ['x'.repeat(70_000)], AllowedMethods: ['GET'] }])), /64 KB/);
    assert.equal(code(() => checkCorsRules([{ AllowedOrigins: ['https://*.example.com'], AllowedMethods: ['GET', 'HEAD'], MaxAgeSeconds: 0 }])), 'ok');
  });
  it('wildcards match as prefix and suffix, never overlapping', () => {
    assert.equal(wildcardMatch('https://*.example.com', 'https://a.example.com'), true);
    assert.equal(wildcardMatch('https://*.example.com', 'http://a.example.com'), false);
    assert.equal(wildcardMatch('https://*.example.com', 'https://.example.com'), true);
    assert.equal(wildcardMatch('ab*ba', 'aba'), false);
    assert.equal(wildcardMatch('*', ''), true);
    assert.equal(wildcardMatch('X-Amz-*', 'x-amz-date', true), true);
    assert.equal(wildcardMatch('https://A.test', 'https://a.test'), false);
  });
  it('the first rule matching origin, method and every requested header answers', () => {
    const rules = checkCorsRules([
      { AllowedOrigins: ['https://a.test'], AllowedMethods: ['PUT'], AllowedHeaders: ['content-type'] },
      { AllowedOrigins: ['*'], AllowedMethods: ['GET', 'PUT'], MaxAgeSeconds: 5 },
    ]);
    assert.equal(matchingRule(rules, 'https://a.test', 'PUT', ['content-type']), rules[0]);
    assert.equal(matchingRule(rules, 'https://a.test', 'PUT', ['content-type', 'x-other']), undefined);
    assert.equal(matchingRule(rules, 'https://b.test', 'PUT'), rules[1]);
    assert.equal(matchingRule(rules, 'https://b.test', 'DELETE'), undefined);
    assert.deepEqual(requestedHeaders(' Content-Type ,X-Amz-Date,'), ['content-type', 'x-amz-date']);
    assert.match(code(() => requestedHeaders(Array.from({ length: 101 }, (_, i) => `h${i}`).join(','))), /BadRequest/);
    const h = corsHeaders(rules[0]!, 'https://a.test', ['content-type']);
    assert.equal(h['access-control-allow-origin'], 'https://a.test');
    assert.equal(h['access-control-allow-credentials'], 'true');
    assert.equal(corsHeaders(rules[1]!, 'https://b.test')['access-control-allow-origin'], '*');
  });
});
