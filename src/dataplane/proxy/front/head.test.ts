import assert from 'node:assert/strict';
import { createServer, type IncomingMessage } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { OTHER, readRequest, type SimpleRequest } from './head.js';

const LIMITS = { maxHeadBytes: 16 * 1024, maxHeaders: 100, maxBody: 8192 };
const read = (s: string, limits = LIMITS) => readRequest(Buffer.from(s, 'latin1'), limits);
const req = (s: string): SimpleRequest => {
  const r = read(s);
  assert.notEqual(r, OTHER, JSON.stringify(s));
  return r as SimpleRequest;
};

describe('readRequest: the strict subset of HTTP/1.1 the front reads', () => {
  it('reads a GET: method, target, headers without the blanks around their values, no body', () => {
    const raw = 'GET /a/b?c=1&d=%27 HTTP/1.1\r\nHost: shop.example\r\nUser-Agent: \t curl/8 \t\r\nX-Empty:\r\n\r\n';
    const r = req(raw);
    assert.deepEqual({ ...r, body: r.body.length }, {
      method: 'GET', target: '/a/b?c=1&d=%27', rawHeaders: ['Host', 'shop.example', 'User-Agent', 'curl/8', 'X-Empty', ''], body: 0,
      bytes: raw.length, close: false,
    });
  });

  it('reads a body whole with its head; a body not all there, or over the limit, is not read', () => {
    const head = 'POST /orders HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\n';
    const r = req(`${head}hello`);
    assert.equal(r.body.toString(), 'hello');
    assert.equal(r.bytes, head.length + 5);
    assert.equal(req(`${head}helloGET`).bytes, head.length + 5, 'pipelined bytes after it are not part of it');
    assert.equal(read(`${head}hell`), OTHER);
    assert.equal(read('POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 9\r\n\r\n123456789', { ...LIMITS, maxBody: 8 }), OTHER);
    assert.equal(req('POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n').body.length, 0);
    assert.equal(req('POST / HTTP/1.1\r\nHost: a\r\ncontent-length: 007\r\n\r\n1234567').body.length, 7);
  });

  it('Connection: close (any case) asks for the connection to close; keep-alive does not', () => {
    assert.equal(req('GET / HTTP/1.1\r\nHost: a\r\nConnection: Close\r\n\r\n').close, true);
    assert.equal(req('GET / HTTP/1.1\r\nHost: a\r\nconnection: keep-alive\r\n\r\n').close, false);
  });

  it('leaves to node:http every request outside the subset', () => {
    const others: Record<string, string> = {
      'no end of head': 'GET / HTTP/1.1\r\nHost: a\r\n',
      'HTTP/1.0': 'GET / HTTP/1.0\r\nHost: a\r\n\r\n',
      'HTTP/2 preface': 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n',
      'another method': 'TRACE / HTTP/1.1\r\nHost: a\r\n\r\n',
      'a lower-case method': 'get / HTTP/1.1\r\nHost: a\r\n\r\n',
      CONNECT: 'CONNECT a:443 HTTP/1.1\r\nHost: a\r\n\r\n',
      'absolute form': 'GET http://a/ HTTP/1.1\r\nHost: a\r\n\r\n',
      'asterisk form': 'OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n',
      'a raw UTF-8 path': 'GET /caf\xc3\xa9 HTTP/1.1\r\nHost: a\r\n\r\n',
      'two spaces': 'GET  / HTTP/1.1\r\nHost: a\r\n\r\n',
      'a leading empty line': '\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n',
      'obsolete line folding': 'GET / HTTP/1.1\r\nHost: a\r\nX-A: b\r\n c\r\n\r\n',
      'a bare LF': 'GET / HTTP/1.1\nHost: a\r\n\r\n',
      'a bare LF in a header line': 'GET / HTTP/1.1\r\nHost: a\nX: b\r\n\r\n',
      'a bare CR': 'GET / HTTP/1.1\r\nHost: a\rX: b\r\n\r\n',
      'a space before the colon': 'GET / HTTP/1.1\r\nHost : a\r\n\r\n',
      'no colon': 'GET / HTTP/1.1\r\nHost: a\r\nnocolon\r\n\r\n',
      'a control character in a value': 'GET / HTTP/1.1\r\nHost: a\r\nX: a\x01b\r\n\r\n',
      'DEL in a value': 'GET / HTTP/1.1\r\nHost: a\r\nX: a\x7fb\r\n\r\n',
      'a byte above 0x7E in a value': 'GET / HTTP/1.1\r\nHost: a\r\nX: caf\xe9\r\n\r\n',
      'NUL in a value': 'GET / HTTP/1.1\r\nHost: a\r\nX: a\x00b\r\n\r\n',
      'no Host': 'GET / HTTP/1.1\r\nX: a\r\n\r\n',
      'two Hosts': 'GET / HTTP/1.1\r\nHost: a\r\nhost: b\r\n\r\n',
      'two Content-Lengths': 'POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\nx',
      'a Content-Length list': 'POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1, 1\r\n\r\nx',
      'a signed Content-Length': 'POST / HTTP/1.1\r\nHost: a\r\nContent-Length: +1\r\n\r\nx',
      'a hexadecimal Content-Length': 'POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 0x1\r\n\r\nx',
      'an empty Content-Length': 'POST / HTTP/1.1\r\nHost: a\r\nContent-Length:\r\n\r\n',
      'a huge Content-Length': 'POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999999999999\r\n\r\n',
      'Transfer-Encoding': 'POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
      'Transfer-Encoding with Content-Length (smuggling)': 'POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\ntransfer-encoding: chunked\r\n\r\n0\r\n\r\n',
      'Transfer-Encoding in another case': 'POST / HTTP/1.1\r\nHost: a\r\nTRANSFER-ENCODING: identity\r\n\r\n',
      Expect: 'POST / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 1\r\n\r\nx',
      Upgrade: 'GET / HTTP/1.1\r\nHost: a\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n',
      'a Connection naming other headers': 'GET / HTTP/1.1\r\nHost: a\r\nConnection: keep-alive, X-Secret\r\n\r\n',
    };
    for (const [why, raw] of Object.entries(others)) assert.equal(read(raw), OTHER, why);
  });

  it('leaves to node:http a head over the byte or header-count limits (its 431)', () => {
    const many = `GET / HTTP/1.1\r\nHost: a\r\n${'X: y\r\n'.repeat(100)}\r\n`;
    assert.equal(read(many), OTHER);
    assert.notEqual(read(many, { ...LIMITS, maxHeaders: 101 }), OTHER);
    const big = `GET / HTTP/1.1\r\nHost: a\r\nX: ${'y'.repeat(1000)}\r\n\r\n`;
    assert.equal(read(big, { ...LIMITS, maxHeadBytes: 1000 }), OTHER);
    assert.notEqual(read(big, { ...LIMITS, maxHeadBytes: big.length }), OTHER);
  });

  it('reads a value of many blanks in one pass (no backtracking pattern)', () => {
    const r = req(`GET / HTTP/1.1\r\nHost: a\r\nX: ${' '.repeat(15000)}z${' '.repeat(100)}\r\n\r\n`);
    assert.deepEqual(r.rawHeaders, ['Host', 'a', 'X', 'z']);
  });
});

/** What node:http's parser makes of one request sent alone. */
interface Parsed { method: string; url: string; rawHeaders: string[]; body: number }

describe('readRequest agrees with node:http on every request it reads', () => {
  let port = 0;
  const server = createServer((r: IncomingMessage, res) => {
    let body = 0;
    r.on('data', (c: Buffer) => (body += c.length));
    r.on('end', () => res.end(JSON.stringify({ method: r.method ?? '', url: r.url ?? '', rawHeaders: r.rawHeaders, body } satisfies Parsed)));
  });
  before(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));

  /** Node's reading of `raw` (undefined when it answered 400 or did not answer). */
  function nodeReads(raw: Buffer): Promise<Parsed | undefined> {
    return new Promise((resolve) => {
      const s = connect(port, '127.0.0.1', () => s.end(raw));
      const chunks: Buffer[] = [];
      s.on('data', (c: Buffer) => chunks.push(c));
      s.on('error', () => resolve(undefined));
      s.on('close', () => {
        const text = Buffer.concat(chunks).toString('latin1');
        if (!text.startsWith('HTTP/1.1 200')) return resolve(undefined);
        resolve(JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4)) as Parsed);
      });
    });
  }

  it('on 400 random variations of a request (bytes replaced, inserted, removed), the front reads nothing Node reads otherwise', async () => {
    const base = 'POST /p/a?q=1 HTTP/1.1\r\nHost: shop.example\r\nContent-Length: 4\r\nX-A:  v a l \r\nCookie: a=b; c=d\r\n\r\nbody';
    const alphabet = ['\r', '\n', ' ', '\t', ':', '\x00', '\x7f', '\xe9', 'a', '0', '5', ',', '/', 'H', ';', '"'];
    let seed = 42;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    let read = 0;
    for (let i = 0; i < 400; i++) {
      let s = base;
      for (let k = 0, n = 1 + rand(3); k < n; k++) {
        const at = rand(s.length);
        const c = alphabet[rand(alphabet.length)]!;
        const op = rand(3);
        s = op === 0 ? s.slice(0, at) + c + s.slice(at + 1) : op === 1 ? s.slice(0, at) + c + s.slice(at) : s.slice(0, at) + s.slice(at + 1);
      }
      const raw = Buffer.from(s, 'latin1');
      const front = readRequest(raw, LIMITS);
      if (front === OTHER) continue;
      read++;
      const node = await nodeReads(raw.subarray(0, front.bytes));
      assert.ok(node, `node:http refuses what the front reads: ${JSON.stringify(s)}`);
      assert.deepEqual({ method: front.method, url: front.target, rawHeaders: front.rawHeaders, body: front.body.length }, node, JSON.stringify(s));
    }
    assert.ok(read > 50, `only ${read} variations were read by the front`);
  });
});
