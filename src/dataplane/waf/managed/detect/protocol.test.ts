import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  asksEvasiveCharset, hasControlCharacter, hasInvalidEncoding, isArgProtocolAttack, isBadContentType, isBadRange,
  isBodyProtocolAttack, isConflictingConnection, isEvasiveMultipart, isHeaderProtocolAttack, parseMediaType,
} from './protocol.js';

test('request smuggling, response splitting, header injection and LDAP filters in arguments', () => {
  for (const attack of [
    'x\r\nContent-Length: 0\r\n\r\nHTTP/1.1 200 OK', 'foobar\r\nContent-Length: 02343432423<html>', 'a\nSet-Cookie: sid=1',
    '\r\rRemote-addr\r\r\r: foo.bar.com', 'munch\r\n\r\n<HTML><title></title></HTML>', 'GET http://www.foo.bar HTTP/1.2',
    'barGET /a.html HTTP/1.1\r\nHost: foo.com', 'aaa\r\nGet /foo\r', 'x\n\nHTTP/1.1 302 Found', 'printer)(uid=*)',
    '*)(uid=*))(|(uid=*', 'eb9adbd87d)!(sn=*', 'bar)(&)', 'aaa*aaa)(cn>=bob)', 'a\r\nX-Forwarded-For: 127.0.0.1',
  ]) assert.ok(isArgProtocolAttack(attack), JSON.stringify(attack));
  for (const benign of [
    'Hi,\r\nI ordered size 10 but got 11.\r\nThanks, Alex', 'HTTP/1.1 is described in RFC 9112', 'see (a) and (b)',
    '(userAccountControl:1.2.840.113556.1.4.803:=2)(cn=x)', 'GET requests are idempotent', 'f(x)(y)', 'Location\nBerlin',
  ]) assert.ok(!isArgProtocolAttack(benign), JSON.stringify(benign));
});

test('a body field only counts the headers that frame a message; a header value no LDAP filter', () => {
  assert.ok(isArgProtocolAttack('hello\r\nLocation: Berlin'));
  assert.ok(!isBodyProtocolAttack('hello\r\nLocation: Berlin'));
  assert.ok(isBodyProtocolAttack('hello\r\nContent-Type: text/html'));
  assert.ok(isBodyProtocolAttack('foo)(objectClass=*'));
  assert.ok(!isHeaderProtocolAttack('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)'));
  assert.ok(isHeaderProtocolAttack('http://shop.example/?a=\r\nSet-Cookie: x=1'));
});

test('invalid and evasive percent-encoding', () => {
  for (const bad of ['x=%w20', 'p=%7%6F%6D', 'p=abc%', 'p=%1G', 'test%00=1', 'a=%c0%af', 'a=%C1%81', 'a=%e0%80%af',
    'a=%f0%80%80%af', 'a=%F5%80%BF%BF', 'test=%uff0F', 'a=%03', 'a=%7f', 'a=\u0001'])
    assert.ok(hasInvalidEncoding(bad), bad);
  for (const good of ['q=caf%C3%A9', 'q=%FC', 'q=caf%E9+au+lait', 'q=100%25', 'q=%u00e9', 'a=%0D%0Ab%09', 'q=%E2%82%AC', 'q=%F0%9F%98%80', 'q=%c0'])
    assert.ok(!hasInvalidEncoding(good), good);
  assert.ok(hasControlCharacter('anything%00') && hasControlCharacter('hi%13=bye') && !hasControlCharacter('a%0Ab'));
});

test('Content-Type: grammar, types, charsets and a second media type in a parameter', () => {
  assert.deepEqual(parseMediaType('text/plain; charset="UTF-8"'), { type: 'text', subtype: 'plain', params: [['charset', 'UTF-8']] });
  assert.equal(parseMediaType('text/plain; charset="UTF-8"; garbage'), undefined);
  for (const bad of ['my-new-content-type', 'multipart/', 'multipart/foo; boundary=0000', 'application/foo', 'application',
    'application/x-www-form-urlencoded; charset=garbage', 'application/x-www-form-urlencoded;charset=ibm038',
    'application/x-www-form-urlencoded; charset=utf-8; charset=utf-7', 'application/x-www-form-urlencoded; charset=utf-8; CHARSET=utf-7',
    'application/x-www-form-urlencoded; charset=utf-8; boundary="charset=utf-7"', 'application/x-www-form-urlencoded;boundary="application/json"',
    'multipart/form-data; boundary=  test_data'])
    assert.ok(isBadContentType(bad), bad);
  for (const good of ['application/json', 'application/json; charset=utf-8', 'application/x-www-form-urlencoded; charset=UTF-8',
    'multipart/form-data; boundary=----WebKitFormBoundary7MA4YWxkTrZu0gW', 'application/vnd.api+json', 'application/csp-report',
    'text/xml; charset=utf-8', 'application/octet-stream', 'application/x-protobuf', 'application/merge-patch+json', 'image/png',
    "application/x-www-form-urlencoded; charset='utf-8'", 'multipart/mixed; boundary=-----boundary_data:55780(123,45:667)+part',
    'multipart/related; type="application/xop+xml"; boundary="uuid:a1"; start="<root@x>"; start-info="application/soap+xml"'])
    assert.ok(!isBadContentType(good), good);
});

test('Accept charsets, Connection, Range', () => {
  assert.ok(asksEvasiveCharset('accept', 'text/html;q=0.9;charset=CP1026,*/*;q=0.8'));
  assert.ok(asksEvasiveCharset('accept', 'text/html;charset="iso-8859-1",*/*;q=0.8;charset=utf-16'));
  assert.ok(!asksEvasiveCharset('accept', 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'));
  assert.ok(asksEvasiveCharset('accept-charset', 'utf-7'));
  assert.ok(!asksEvasiveCharset('accept-charset', 'ISO-8859-1,utf-8;q=0.7,*;q=0.7'));
  for (const c of ['keep-alive,keep-alive', 'keep-alive, close', 'close,close']) assert.ok(isConflictingConnection(c), c);
  for (const c of ['keep-alive', 'close', 'Upgrade, keep-alive']) assert.ok(!isConflictingConnection(c), c);
  for (const r of ['bytes=0-,5-0,5-1,5-2,5-3,5-4,5-5', 'bytes=5-1', '1-2', 'test', 'bytes=' + Array.from({ length: 101 }, (_, i) => `${i * 10}-${i * 10 + 1}`).join(',')])
    assert.ok(isBadRange(r), r);
  for (const r of ['bytes=0-1048575', 'bytes=500-', 'bytes=-500', 'bytes=0-10, 20-30', 'bytes=' + Array.from({ length: 40 }, (_, i) => `${i * 10}-${i * 10 + 1}`).join(',')])
    assert.ok(!isBadRange(r), r);
});

test('multipart evasion: charsets, Content-Transfer-Encoding, ";" or "=" in a part name', () => {
  const body = (head: string, text = 'x') => `--b\r\nContent-Disposition: form-data; ${head}\r\n\r\n${text}\r\n--b--\r\n`;
  assert.ok(isEvasiveMultipart(body('name="_charset_"', 'utf-7'), 'b'));
  assert.ok(isEvasiveMultipart(body('name="a"\r\nContent-Type: text/plain; charset=utf-7'), 'b'));
  assert.ok(isEvasiveMultipart(body('name="a"\r\nContent-Transfer-Encoding: 8bit'), 'b'));
  assert.ok(isEvasiveMultipart(body('name="fi;le"; filename="test"'), 'b'));
  assert.ok(isEvasiveMultipart(body('name="f"; filename="file=.txt"'), 'b'));
  assert.ok(!isEvasiveMultipart(body('name="_charset_"', 'UTF-8'), 'b'));
  assert.ok(!isEvasiveMultipart(body('name="avatar"; filename="O\'Brien photo.png"\r\nContent-Type: image/png', '\x89PNG;=a'), 'b'));
});
