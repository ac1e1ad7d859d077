import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { percentEncodeHigh, readRefusedHead } from './refused-head.js';

const LIMITS = { maxBytes: 16 * 1024, maxHeaders: 100 };
const read = (s: string, at = 0, limits = LIMITS) => readRefusedHead(Buffer.from(s, 'latin1'), at, limits);

describe('readRefusedHead', () => {
  it('reads the method, target, version and headers of a request line Node refuses', () => {
    const h = read('TEST /a?b=1 HTTP/1.1\r\nHost: shop.example\r\nUser-Agent:  curl/8 \r\n\r\n');
    assert.deepEqual({ ...h, body: h?.body.length }, { method: 'TEST', target: '/a?b=1', version: 'HTTP/1.1', rawHeaders: ['Host', 'shop.example', 'User-Agent', 'curl/8'], body: 0, forwardable: false });
    assert.equal(read('|GET / HTTP/1.1\r\nHost: a\r\n\r\n')?.method, '|GET');
    assert.equal(read('GET / HTTP/3.0\r\nHost: a\r\n\r\n', 14)?.version, 'HTTP/3.0');
    assert.equal(read('GET /fr/cat\xe9gorie HTTP/1.1\r\nHost: a\r\n\r\n', 11)?.target, '/fr/cat\xe9gorie');
  });

  it('keeps the body bytes that came with the head, up to Content-Length', () => {
    assert.equal(read('POST ?x=1 HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabcdef', 5)?.body.toString(), 'abc');
    assert.equal(read('POST ?x=1 HTTP/1.1\r\nHost: a\r\nContent-Length: 9\r\n\r\nab', 5)?.body.toString(), 'ab');
    assert.equal(read('POST ?x=1 HTTP/1.1\r\nHost: a\r\nContent-Length: -3\r\n\r\nab', 5)?.body.length, 0);
    assert.equal(read('POST ?x=1 HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nab\r\n0\r\n\r\n', 5)?.body.length, 0);
  });

  it('starts at the line that holds the error: earlier requests and leading empty lines are skipped', () => {
    const first = 'GET /ok HTTP/1.1\r\nHost: a\r\n\r\n';
    const raw = `${first}\r\nFOO /x HTTP/1.1\r\nHost: b\r\n\r\n`;
    const h = read(raw, first.length + 3);
    assert.equal(h?.method, 'FOO');
    assert.deepEqual(h?.rawHeaders, ['Host', 'b']);
  });

  it('reads nothing from a head that is not whole or not well formed', () => {
    assert.equal(read('TEST / HTTP/1.1\r\nHost: a\r\n'), undefined, 'no end of head');
    assert.equal(read('TEST  / HTTP/1.1\r\nHost: a\r\n\r\n'), undefined, 'two spaces');
    assert.equal(read('TEST /\r\nHost: a\r\n\r\n'), undefined, 'no version');
    assert.equal(read('TE\x01ST / HTTP/1.1\r\n\r\n'), undefined, 'control character');
    assert.equal(read('TEST / HTTP/1.1\r\nHo st: a\r\n\r\n'), undefined, 'header name with a space');
    assert.equal(read('TEST / HTTP/1.1\r\nno colon\r\n\r\n'), undefined, 'header without a colon');
    assert.equal(read('TEST / HTTP/1.1\r\n folded\r\n\r\n'), undefined, 'obsolete line folding');
  });

  it('is bounded by the head size and header count limits', () => {
    const many = `TEST / HTTP/1.1\r\n${'X-A: 1\r\n'.repeat(5)}\r\n`;
    assert.equal(read(many, 0, { maxBytes: 1024, maxHeaders: 5 })?.rawHeaders.length, 10);
    assert.equal(read(many, 0, { maxBytes: 1024, maxHeaders: 4 }), undefined);
    assert.equal(read(`TEST /${'a'.repeat(100)} HTTP/1.1\r\n\r\n`, 0, { maxBytes: 64, maxHeaders: 5 }), undefined);
  });
});

describe('readRefusedHead: a raw UTF-8 path', () => {
  const utf8 = (s: string) => Buffer.from(s, 'utf8').toString('latin1');
  const path = utf8('/fr/catégorie/chaussures?q=été');
  const head = (req: string, code = 'HPE_INVALID_URL') => readRefusedHead(Buffer.from(req, 'latin1'), 11, LIMITS, code);

  it('is forwardable when that is its only fault, its bytes kept as sent', () => {
    const h = head(`GET ${path} HTTP/1.1\r\nHost: shop.example\r\nUser-Agent: curl/8\r\n\r\n`);
    assert.equal(h?.forwardable, true);
    assert.equal(Buffer.from(h!.target, 'latin1').toString('utf8'), '/fr/catégorie/chaussures?q=été');
    assert.equal(percentEncodeHigh(h!.target), '/fr/cat%C3%A9gorie/chaussures?q=%C3%A9t%C3%A9');
    assert.equal(decodeURIComponent(percentEncodeHigh(h!.target)), '/fr/catégorie/chaussures?q=été');
    assert.equal(head(`HEAD ${path} HTTP/1.0\r\nHost: a\r\nContent-Length: 0\r\n\r\n`)?.forwardable, true);
  });

  it('is not forwardable with anything else wrong, or another error', () => {
    const not = (req: string, code?: string) => assert.equal(head(req, code)?.forwardable ?? false, false, req);
    not(`GET ${path} HTTP/1.1\r\nHost: a\r\n\r\n`, 'HPE_INVALID_METHOD');
    not(`TEST ${path} HTTP/1.1\r\nHost: a\r\n\r\n`);
    not(`GET ${path} HTTP/3.0\r\nHost: a\r\n\r\n`);
    not('GET /plain/ascii HTTP/1.1\r\nHost: a\r\n\r\n');
    not(`GET ${utf8('é/x')} HTTP/1.1\r\nHost: a\r\n\r\n`);
    not(`GET ${path} HTTP/1.1\r\n\r\n`);
    not(`GET ${path} HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n`);
    not(`POST ${path} HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc`);
    not(`POST ${path} HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`);
    not(`GET ${path} HTTP/1.1\r\nHost: a\r\nX: a\x01b\r\n\r\n`);
  });
});
