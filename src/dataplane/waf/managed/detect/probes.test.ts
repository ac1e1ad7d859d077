import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  comesFromElsewhere, isNodeInjection, isPhpFunctionPath, isScannerHeaderLine, isScannerPath, isScriptSinkName, isSessionIdName, isXmlExternalReference,
} from './probes.js';

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

test('XML that fetches from elsewhere: schema locations naming a URL, external entities, XInclude', () => {
  for (const v of [
    '<aai xmlns="http://a.b/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://a.b/ http://c5ip.examplefoo.bar/aai.xsd">aai</aai>',
    "<r xsi:noNamespaceSchemaLocation='https://oob.example/x.xsd'/>", '<x XSI:SCHEMALOCATION = "urn:a ftp://198.51.100.7/s.xsd"/>',
    '<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><r>&xxe;</r>', '<!ENTITY % dtd PUBLIC "x" "http://oob.example/e.dtd">',
    '<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="http://oob.example/"/>',
  ]) assert.ok(isXmlExternalReference(v), v);
  for (const v of [
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle r="4"/></svg>', 'schemaLocation is an XML Schema attribute',
    '<r xsi:schemaLocation="urn:orders orders.xsd"/>', 'the entity system of the game', '<!ENTITY copy "&#169;">', 'xi:include',
  ]) assert.ok(!isXmlExternalReference(v), v);
});

test('argument and cookie names that are script sinks or comment markers', () => {
  for (const n of ['window.location', 'Document.Cookie', 'x.innerHTML', 'a<!--', '--><script>', '<![CDATA[', 'location.href', '-moz-binding']) assert.ok(isScriptSinkName(n), n);
  for (const n of ['location', 'window', 'document_id', 'innerhtml', 'cookie.consent', 'user.location', 'filter[window]', 'a-b--c']) assert.ok(!isScriptSinkName(n), n);
});
