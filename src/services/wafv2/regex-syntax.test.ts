import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { regexProblem } from './regex-syntax.js';

describe('WAF regex syntax', () => {
  it('accepts PCRE patterns WAF supports', () => {
    for (const p of ['^/admin', '(?i)select.+from', 'a{2,5}b', '[a-z0-9_-]+\\.php$', '(foo|bar)baz', '\\d+\\s*\\w', '(?i:abc)', '\\\\1']) assert.equal(regexProblem(p), undefined, p);
  });
  it('refuses constructs WAF does not support and patterns that do not compile', () => {
    const cases: Record<string, string> = {
      '(a)\\1': 'backreference',
      'foo(?=bar)': 'lookaround',
      '(?<!x)y': 'lookaround',
      '(?>abc)': 'atomic group',
      'a++': 'possessive quantifier',
      '(?R)': 'recursion or callout',
      '(*FAIL)': 'backtracking verb',
      'a\\K': '\\K',
      '(unclosed': 'does not compile',
      '[z-a]': 'does not compile',
      '*a': 'does not compile',
    };
    for (const [p, why] of Object.entries(cases)) assert.equal(regexProblem(p), why, p);
  });
});
