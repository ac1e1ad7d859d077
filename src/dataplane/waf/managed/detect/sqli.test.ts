import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isSqli, isSqliExtended } from './sqli.js';

test('SQLi: a negation right after the closed string; prose with exclamations passes', () => {
  assert.ok(isSqli("'!'1"));
  assert.ok(isSqli('"! @x'));
  assert.ok(isSqli('`!0'));
  assert.equal(isSqli("it's great! really"), false);
  assert.equal(isSqli('wow! "quoted" text'), false);
});

test('SQLi: a closed identifier quote then SQL; code in backticks passes', () => {
  assert.ok(isSqli('name` or 1=1 -- '));
  assert.ok(isSqliExtended('col` RLIKE '));
  assert.equal(isSqli('run `npm test` or `make`'), false);
  assert.equal(isSqliExtended('use `regexp` carefully'), false);
});

test('SQLi: a dangerous function called after a concatenation dot; a method call in prose passes', () => {
  assert.ok(isSqli("abc'.benchmark(9000000,md5(1)).'"));
  assert.ok(isSqli('x".pg_sleep(5)."'));
  assert.equal(isSqli('python time.sleep(1) in a loop'), false);
  assert.equal(isSqli('call obj.sleep(2) to wait'), false);
});

test('SQLi extended: a pattern comparison between parenthesised expressions; one LIKE in prose passes', () => {
  assert.ok(isSqliExtended('1) RLIKE (select 1'));
  assert.ok(isSqliExtended('x) regexp (0x41'));
  assert.equal(isSqliExtended('apples (red) are like oranges'), false);
  assert.equal(isSqliExtended('I like (some) things'), false);
});

test('SQLi: a comparison with a subquery right after the closed string; prose with a parenthesis passes', () => {
  assert.ok(isSqli("7' REGEXP (SELECT IF(1=1,1,0x28))"));
  assert.ok(isSqli("a' = ((select 1"));
  assert.equal(isSqli("it's like (sort of) a dream"), false);
  assert.equal(isSqli("o'neil = (selected)"), false);
});

test('SQLi near misses: `insert into` as English, a quoted word in prose, `is not <number>`; the SQL forms still match', () => {
  assert.equal(isSqli("I'd like to insert into my cart"), false);
  assert.equal(isSqli('please (gently) insert into the slot'), false);
  assert.equal(isSqli("what does 'and' mean"), false);
  assert.equal(isSqli('q=the answer is not 42'), false);
  assert.ok(isSqli("1'; insert into users values(1,'a')--"));
  assert.ok(isSqli("x');insert into t(a) select 1"));
  assert.ok(isSqli("1' or '1"));
  assert.ok(isSqli('1) or 1'));
});

test('SQLi: a boolean literal ending a condition after a closed string, number or paren; prose passes', () => {
  assert.ok(isSqli("' or true--"));
  assert.ok(isSqli('7 || false'));
  assert.ok(isSqli("id') or true"));
  assert.equal(isSqli('true or false'), false);
  assert.equal(isSqli('is it true or false?'), false);
  assert.equal(isSqli('5 or false answers'), false);
});

test('SQLi extended: `(select` needs a select list; survey prose in parentheses passes', () => {
  assert.ok(isSqliExtended('id in (select passwd from accounts'));
  assert.ok(isSqliExtended('(select distinct name, x from t'));
  assert.ok(isSqliExtended('=(select secret)'));
  assert.ok(isSqliExtended("(select 'x'||chr(65))"));
  assert.equal(isSqliExtended('Colours (select all that apply)'), false);
  assert.equal(isSqliExtended('(select one answer below)'), false);
});

test('SQLi: after a closed string, a logic operator then a number needs SQL after it; a height in prose passes', () => {
  assert.equal(isSqli('I\'m 5\'11" and 170 pounds'), false);
  assert.ok(isSqli("9' and 0 union select 1"));
  assert.ok(isSqli("9' or 2 -- x"));
  assert.ok(isSqli('9" and 3'));
});

test('SQLi extended: server-side JavaScript injection after a closed string (NoSQL $where); ordinary script and prose pass', () => {
  assert.ok(isSqliExtended("x'; return true; var y='"));
  assert.ok(isSqliExtended('q" || (function(){ var t=Date.now(); while(Date.now()-t<3000){} }()) || "'));
  assert.ok(isSqliExtended("u' && this.role != 'x"));
  assert.equal(isSqliExtended('"use strict"; (function () { init(); })();'), false);
  assert.equal(isSqliExtended("she said 'return to sender' twice"), false);
  assert.equal(isSqliExtended('bind "this.value" in templates'), false);
});
