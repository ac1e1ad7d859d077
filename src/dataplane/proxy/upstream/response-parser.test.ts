import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_RESPONSE_HEAD, ResponseParser, type ResponseHead } from './response-parser.js';

interface Seen {
  head?: ResponseHead;
  body: string;
  ends: number;
  parser: ResponseParser;
}

/** Feeds `bytes` in pieces of `step` bytes (every split point is exercised with step 1). */
function parse(bytes: string, o: { step?: number; headRequest?: boolean; close?: boolean } = {}): Seen {
  const seen: Seen = { body: '', ends: 0 } as Seen;
  seen.parser = new ResponseParser({ head: (h) => (seen.head = h), data: (c) => (seen.body += c.toString('latin1')), end: () => seen.ends++ }, o.headRequest ?? false);
  const buf = Buffer.from(bytes, 'latin1');
  const step = o.step ?? buf.length;
  for (let i = 0; i < buf.length; i += step) seen.parser.feed(buf.subarray(i, i + step));
  if (o.close) seen.parser.finish();
  return seen;
}

const fails = (bytes: string, why: RegExp, o: Parameters<typeof parse>[1] = {}) =>
  assert.throws(() => parse(bytes, o), (e: Error & { code?: string }) => e.code === 'UPSTREAM_BAD_RESPONSE' && why.test(e.message));

describe('ResponseParser', () => {
  it('keeps nothing of a buffer it was lent: every piece fed through one reused buffer, scribbled over after each feed', () => {
    const body = Array.from({ length: 300 }, (_, i) => String.fromCharCode(33 + (i % 90))).join('');
    const chunked = `HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX-Long: ${'v'.repeat(200)}\r\n\r\n${[body.slice(0, 120), body.slice(120)].map((c) => `${c.length.toString(16)}\r\n${c}\r\n`).join('')}0\r\nX-Trailer: ${'t'.repeat(50)}\r\n\r\n`;
    const sized = `HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\nX-Long: ${'v'.repeat(200)}\r\n\r\n${body}`;
    for (const r of [chunked, sized]) {
      const bytes = Buffer.from(r, 'latin1');
      for (const step of [1, 3, 17, 64, 250]) {
        let got = '';
        let head: ResponseHead | undefined;
        let ends = 0;
        const p = new ResponseParser({ head: (h) => (head = h), data: (c) => (got += c.toString('latin1')), end: () => ends++ }, false);
        const lent = Buffer.alloc(step);
        for (let i = 0; i < bytes.length; i += step) {
          const n = bytes.copy(lent, 0, i, i + step);
          p.feed(lent.subarray(0, n));
          lent.fill(0x23);
        }
        assert.equal(got, body, `step ${step}`);
        assert.equal(head?.rawHeaders.at(-1), 'v'.repeat(200));
        assert.equal(ends, 1);
      }
    }
  });

  it('reads a Content-Length body, split at every byte', () => {
    const r = 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\n\r\nhello';
    for (const step of [1, 2, 7, 1000]) {
      const s = parse(r, { step });
      assert.deepEqual(s.head, { status: 200, reason: 'OK', rawHeaders: ['Content-Type', 'text/plain', 'Content-Length', '5', 'Set-Cookie', 'a=1', 'Set-Cookie', 'b=2'] });
      assert.equal(s.body, 'hello');
      assert.equal(s.ends, 1);
      assert.equal(s.parser.keepAlive, true);
      assert.equal(s.parser.extraBytes, false);
    }
  });

  it('takes the spaces and tabs around a value off, keeps empty values, and reads a head with no headers', () => {
    const s = parse('HTTP/1.1 200 OK\r\nX-A: \t v w \t\r\nX-B:\r\ncontent-LENGTH:  2\r\n\r\nok', { step: 3 });
    assert.deepEqual(s.head?.rawHeaders, ['X-A', 'v w', 'X-B', '', 'content-LENGTH', '2']);
    assert.equal(s.body, 'ok');
    const bare = parse('HTTP/1.0 204 No Content\r\n\r\n');
    assert.deepEqual(bare.head, { status: 204, reason: 'No Content', rawHeaders: [] });
    assert.equal(bare.parser.keepAlive, false);
  });

  it('decodes a chunked body with extensions and trailers, split at every byte', () => {
    const r = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;name=x\r\nhello\r\n1\r\n \r\nA\r\n0123456789\r\n0\r\nX-Trailer: t\r\n\r\n';
    for (const step of [1, 3, 1000]) {
      const s = parse(r, { step });
      assert.equal(s.body, 'hello 0123456789');
      assert.equal(s.ends, 1);
      assert.equal(s.parser.keepAlive, true);
    }
  });

  it('reads to the end of the connection without a length, and then does not reuse it', () => {
    const s = parse('HTTP/1.1 200 OK\r\n\r\nuntil close', { step: 4, close: true });
    assert.equal(s.body, 'until close');
    assert.equal(s.ends, 1);
    assert.equal(s.parser.keepAlive, false);
    const coded = parse('HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\nzz', { close: true });
    assert.equal(coded.body, 'zz');
    assert.equal(coded.parser.keepAlive, false);
  });

  it('has no body after HEAD, 204 and 304, whatever the headers say', () => {
    const head = parse('HTTP/1.1 200 OK\r\nContent-Length: 99\r\n\r\n', { headRequest: true });
    assert.equal(head.ends, 1);
    assert.equal(head.parser.done, true);
    assert.equal(parse('HTTP/1.1 204 No Content\r\n\r\n').ends, 1);
    assert.equal(parse('HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n').ends, 1);
  });

  it('skips 1xx answers; refuses 101', () => {
    const s = parse('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok', { step: 5 });
    assert.equal(s.head?.status, 201);
    assert.equal(s.body, 'ok');
    fails('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n', /101/);
  });

  it('does not reuse a connection after Connection: close, HTTP/1.0, both framings, or bytes after the answer', () => {
    assert.equal(parse('HTTP/1.1 200 OK\r\nConnection: keep-alive, close\r\nContent-Length: 0\r\n\r\n').parser.keepAlive, false);
    assert.equal(parse('HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n').parser.keepAlive, false);
    const both = parse('HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nab\r\n0\r\n\r\n');
    assert.equal(both.body, 'ab', 'Transfer-Encoding decides');
    assert.equal(both.parser.keepAlive, false);
    const extra = parse('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1 200 OK\r\n');
    assert.equal(extra.body, 'ok');
    assert.equal(extra.parser.extraBytes, true);
    assert.equal(extra.ends, 1);
  });

  it('refuses what breaks HTTP/1.1, never buffering without bound', () => {
    fails('HTTP/2 200 OK\r\n\r\n', /status line/);
    fails('HTTP/1.1 20 OK\r\n\r\n', /status line/);
    fails('HTTP/1.1 200 OK\r\nBad Header: x\r\n\r\n', /header line/);
    fails('HTTP/1.1 200 OK\r\nX: a\r\n folded\r\n\r\n', /header line/);
    fails('HTTP/1.1 200 OK\r\nContent-Length: 1x\r\n\r\n', /Content-Length/);
    fails('HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n', /Content-Length/);
    fails('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n', /chunk size/);
    fails('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabXX', /CRLF/);
    fails(`HTTP/1.1 200 OK\r\nX: ${'a'.repeat(MAX_RESPONSE_HEAD)}`, /too large/, { step: 1024 });
    fails(`HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1;${'e'.repeat(5000)}`, /chunk-size line/);
    fails(`HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n${'X: y\r\n'.repeat(3000)}`, /trailers/, { step: 100 });
    fails('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort', /closed before/, { close: true });
    fails('HTTP/1.1 200 OK\r\nContent-Len', /closed before/, { close: true });
  });
});
