import { test } from 'node:test';
import assert from 'node:assert/strict';
import { comesFromElsewhere, isNodeInjection, isPhpFunctionPath, isScannerHeaderLine, isScannerPath, isSessionIdName } from './probes.js';

test('scanners announce themselves in headers and fingerprinting paths', () => {
  for (const line of ['acunetix-product:WVS/5.0 (Acunetix Web Vulnerability Scanner - EVALUATION)', 'x-ratproxy-loop:1', 'x-scanner:Netsparker', 'cookie:myvar=1234']) {
    assert.ok(isScannerHeaderLine(line), line);
  }
  for (const line of ['user-agent:Mozilla/5.0 (X11; Linux x86_64)', 'x-product:acunetix', 'accept:*/*', 'cookie:myvar=12345']) assert.ok(!isScannerHeaderLine(line), line);
  for (const p of ['/nessustest', '/AppScan_fingerprint/MAC_ADDRESS_01234567890.html', '/w00tw00t.at.ISC.SANS.DFind:)', '/nikto-test-8xYz.html']) assert.ok(isScannerPath(p), p);
  for (const p of ['/', '/products/nessus-plugins', '/docs/appscan', '/w00t']) assert.ok(!isScannerPath(p), p);
});

test('Node.js code injection, as it is or base64-encoded', () => {
  for (const v of ['_$$ND_FUNC$$_function (){require("child_process").exec("id")}()', '__js_function', 'function() { return 1 }', 'function ( ) {',
    'new Function ("return process")()', 'module.exports=1', 'XyQkTkRfRlVOQyQkXwo=', Buffer.from('{"rce":"_$$ND_FUNC$$_function(){}()"}').toString('base64'),
    'this.constructor.constructor("return process")()', "require('child_process')"]) assert.ok(isNodeInjection(v), v);
  for (const v of ['how to write a function in javascript', 'functional programming', 'module exports', 'new functions for 2026', 'Zm9vYmFyYmF6cXV4',
    'dGhlIHF1aWNrIGJyb3duIGZveA==', 'process.env is read at start', 'eyJhbGciOiJIUzI1NiJ9']) assert.ok(!isNodeInjection(v), v);
});

test('session identifiers of server platforms, and requests that come from elsewhere', () => {
  for (const n of ['jsessionid', 'JSESSIONID', 'PHPSESSID', 'ASPSESSIONIDQQGGGRCA', 'ASP.NET_SessionId', 'cftoken']) assert.ok(isSessionIdName(n), n);
  for (const n of ['session_id', 'sessionid2', 'sid', 'aspsessionid1', 'id']) assert.ok(!isSessionIdName(n), n);
  assert.ok(comesFromElsewhere(undefined, 'shop.example'));
  assert.ok(comesFromElsewhere('http://www.attackersite.com/test', 'shop.example'));
  assert.ok(comesFromElsewhere('not a url', 'shop.example'));
  assert.ok(!comesFromElsewhere('https://Shop.Example/cart', 'shop.example'));
});

test('paths named after high-risk PHP functions', () => {
  for (const p of ['/base64_decode', '/x/shell_exec.php', '/PHPINFO', '/a/call_user_func_array/b']) assert.ok(isPhpFunctionPath(p), p);
  for (const p of ['/', '/system/status', '/exec', '/eval', '/docs/base64-decoding', '/base64_decoder', '/phpinfo2']) assert.ok(!isPhpFunctionPath(p), p);
});
