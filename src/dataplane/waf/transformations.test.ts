import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import type { TextTransformationType } from '../../services/wafv2/api.generated.js';
import { applyChain, chainOf, transform } from './transformations.js';

const CASES: readonly [TextTransformationType, string, string][] = [
  ['NONE', 'a B', 'a B'],
  ['COMPRESS_WHITE_SPACE', 'a \t\n\r\f\v  b\xa0c', 'a b c'],
  ['HTML_ENTITY_DECODE', '&lt;script&gt; &quot;&amp;&#x41;&#66;&nbsp;&unknown;', '<script> "&AB\xa0&unknown;'],
  ['LOWERCASE', 'SeLeCT ÄB', 'select Äb'],
  ['CMD_LINE', 'C:\\Windows\\System32 ; "c^at" /etc/PASSWD ,x  (y)', 'c:windowssystem32 cat/etc/passwd x(y)'],
  ['URL_DECODE', '%3Cscript%3E+x%zz%4', '<script> x%zz%4'],
  ['URL_DECODE_UNI', '%u003cb%uFF1C%41', '<b<A'],
  ['BASE64_DECODE', 'PHNjcmlwdD4=', '<script>'],
  ['BASE64_DECODE_EXT', 'PHNj.cmlw-dD4', '<script>'],
  ['HEX_DECODE', '3c7363726970743e', '<script>'],
  ['REPLACE_COMMENTS', 'UNION/**/SELECT/* open', 'UNION SELECT '],
  ['ESCAPE_SEQ_DECODE', '\\x3cb\\n\\101\\\\', '<b\nA\\'],
  ['SQL_HEX_DECODE', "SELECT 0x61646d696e", 'SELECT admin'],
  ['CSS_DECODE', 'jav\\61 script:\\\nx', 'javascript:x'],
  ['JS_DECODE', '\\u003cscript\\x3e\\n', '<script>\n'],
  ['NORMALIZE_PATH', '/a//b/./c/../d/', '/a/b/d/'],
  ['NORMALIZE_PATH', '/../../etc/passwd', '/etc/passwd'],
  ['NORMALIZE_PATH_WIN', '\\a\\..\\b\\c', '/b/c'],
  ['REMOVE_NULLS', 'a\0b\0', 'ab'],
  ['REPLACE_NULLS', 'a\0b', 'a b'],
  ['UTF8_TO_UNICODE', Buffer.from('a€', 'utf8').toString('latin1'), 'a%u20ac'],
];

describe('text transformations', () => {
  for (const [type, input, want] of CASES) {
    it(`${type} ${JSON.stringify(input)}`, () => assert.equal(transform(type, input), want));
  }
  it('MD5 is the binary digest', () => assert.equal(transform('MD5', 'abc'), createHash('md5').update('abc').digest().toString('latin1')));
  it('a chain runs in ascending priority and drops NONE', () => {
    const chain = chainOf([{ Priority: 2, Type: 'LOWERCASE' }, { Priority: 1, Type: 'URL_DECODE' }, { Priority: 0, Type: 'NONE' }]);
    assert.deepEqual(chain, ['URL_DECODE', 'LOWERCASE']);
    assert.equal(applyChain(chain, '%53ELECT'), 'select');
  });
  it('stays linear on long hostile inputs', () => {
    const big = '%'.repeat(64 * 1024) + '&#'.repeat(32 * 1024) + '/*'.repeat(32 * 1024);
    const t = Date.now();
    for (const [type] of CASES) transform(type, big);
    assert.ok(Date.now() - t < 2000, `${Date.now() - t} ms`);
  });
});
