import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isPhpFileName, isPhpInjection } from './php.js';
import { isUnixCommandInjection, isWindowsCommandInjection } from './shell.js';

test('PHP: a variable function with whitespace and comments between the indexes and the call; prices pass', () => {
  assert.ok(isPhpInjection('$fn # c\n  [0] // d\n  ["k"]\t/* e */ ("id")'));
  assert.ok(isPhpInjection('$x {1} (2)'));
  assert.equal(isPhpInjection('costs $5 [approx] (incl. tax)'), false);
  assert.equal(isPhpInjection('$total [see table] in USD'), false);
});

test('PHP: file names with any version digits and trailing dots; other extensions pass', () => {
  assert.ok(isPhpFileName('shell.php73'));
  assert.ok(isPhpFileName('dir/a.php8..  '));
  assert.ok(isPhpFileName('b.php56.jpg'));
  assert.equal(isPhpFileName('report.phpx'), false);
  assert.equal(isPhpFileName('notes.txt'), false);
});

test('Windows: FOR with an empty loop variable; prose with "for" and percent passes', () => {
  assert.ok(isWindowsCommandInjection('FOR /F "delims=" %% IN (x.txt) DO type %%'));
  assert.ok(isWindowsCommandInjection('for % in (a) do calc'));
  assert.equal(isWindowsCommandInjection('discount for 10% in (most) stores'), false);
  assert.equal(isWindowsCommandInjection('for % of users in the survey'), false);
});

test('Unix: a word-like command with a lone number closing it (blind timing probes); prose with a number after passes', () => {
  assert.ok(isUnixCommandInjection('42;sleep 10'));
  assert.ok(isUnixCommandInjection('x|sleep${IFS}7|'));
  assert.ok(isUnixCommandInjection('a&&ping 3 #'));
  assert.equal(isUnixCommandInjection('mon; sleep 8 hours'), false);
  assert.equal(isUnixCommandInjection('rooms: 3; cat 2 dogs'), false);
});

test('Windows: IF EXIST / DEFINED / ERRORLEVEL need a command or a block after the operand; prose passes', () => {
  assert.ok(isWindowsCommandInjection('if exist %TEMP%\\a.bat call %TEMP%\\a.bat'));
  assert.ok(isWindowsCommandInjection('IF /I NOT DEFINED X (whoami)'));
  assert.ok(isWindowsCommandInjection('if errorlevel 2 goto :eof'));
  assert.equal(isWindowsCommandInjection('if exist in batch files'), false);
  assert.equal(isWindowsCommandInjection('valid only if defined by the admin'), false);
});

test('Unix: brace expansion and path-named commands after a separator; prose with commas and braces passes', () => {
  assert.ok(isUnixCommandInjection('x;{id,}'));
  assert.ok(isUnixCommandInjection('1;{head,-n1,/etc/hostname}'));
  assert.ok(isUnixCommandInjection('q;/usr/bin/id'));
  assert.equal(isUnixCommandInjection('pets; cat, dog and fish'), false);
  assert.equal(isUnixCommandInjection('genres; {rock, jazz}'), false);
});

test('Windows: English-looking commands with their distinctive subcommands (net localgroup, sc query, reg add); prose passes', () => {
  assert.ok(isWindowsCommandInjection('1&net user backdoor P@ss /add'));
  assert.ok(isWindowsCommandInjection('x;sc queryex type= service'));
  assert.ok(isWindowsCommandInjection('a&reg add HKCU\\Software\\x /v y'));
  assert.equal(isWindowsCommandInjection('sports; net worth of players'), false);
  assert.equal(isWindowsCommandInjection('rock & start again'), false);
});
