import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isXss } from './xss.js';

test('XSS: JSFuck coercions, also with a form body\'s `+` turned into spaces; markdown images pass', () => {
  assert.ok(isXss('[][(![]+[])[+[]]+([![]]+[][[]])[+!+[]+[+[]]]]'));
  assert.ok(isXss('x=(![] [])[ ! [] ! []]'));
  assert.ok(isXss('[ !+[]]'));
  assert.equal(isXss('![](logo.png) and ![](banner.png)'), false);
  assert.equal(isXss('see [docs] (v2) or ![alt](x.png)'), false);
});

test('XSS: a namespaced script element spaced out; prose with a colon passes', () => {
  assert.ok(isXss('< svg : script>'));
  assert.ok(isXss('<h:script'));
  assert.equal(isXss('a < b: scripting is fun'), false);
  assert.equal(isXss('note: script review at 10 < 11'), false);
});

test('XSS: attribute break-outs to formaction / srcdoc, attributes with `/` before `=`; the words alone pass', () => {
  assert.ok(isXss('" formaction=//evil.example/'));
  assert.ok(isXss("x' srcdoc=&lt;b&gt;"));
  assert.ok(isXss('<a / x href /= //evil.example/>'));
  assert.equal(isXss('the formaction attribute explained'), false);
  assert.equal(isXss('"srcdoc" vs "src" in iframes'), false);
});
