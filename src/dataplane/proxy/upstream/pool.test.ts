import assert from 'node:assert/strict';
import { createServer as createHttpServer, type IncomingMessage } from 'node:http';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { Readable } from 'node:stream';
import { after, describe, it } from 'node:test';
import type { UpstreamError } from './errors.js';
import { UpstreamPool, type UpstreamCall, type UpstreamRequest } from './pool.js';

interface Answer {
  status?: number;
  headers?: string[];
  body: string;
  error?: UpstreamError;
}

function send(pool: UpstreamPool, req: Partial<UpstreamRequest>): Promise<Answer> {
  return new Promise((resolve) => {
    const a: Answer = { body: '' };
    pool.request({ method: 'GET', path: '/', headers: ['Host', 'app'], body: null, timeoutMs: 2000, ...req }, {
      onHead: (h) => {
        a.status = h.status;
        a.headers = h.rawHeaders;
      },
      onData: (c) => {
        a.body += c.toString();
        return true;
      },
      onEnd: () => resolve(a),
      onError: (e) => resolve({ ...a, error: e }),
    });
  });
}

const servers: Server[] = [];
after(() => {
  for (const s of servers) {
    s.close();
    (s as Server & { closeAllConnections?: () => void }).closeAllConnections?.();
  }
});

/** A raw upstream: `onRequest` gets each request's head (and the bytes after it) and its socket. */
async function rawUpstream(onData: (text: string, socket: Socket) => void): Promise<{ port: number; sockets: Set<Socket> }> {
  const sockets = new Set<Socket>();
  const s = createServer((socket) => {
    sockets.add(socket);
    socket.on('data', (d) => onData(d.toString('latin1'), socket));
    socket.on('error', () => undefined);
  });
  servers.push(s);
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return { port: (s.address() as AddressInfo).port, sockets };
}

/** A node:http upstream echoing method, url, headers and body. */
async function echoUpstream(): Promise<{ port: number; connections: () => number }> {
  let connections = 0;
  const s = createHttpServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => res.end(JSON.stringify({ method: req.method, url: req.url, headers: req.headers, body })));
  });
  s.on('connection', () => connections++);
  servers.push(s);
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return { port: (s.address() as AddressInfo).port, connections: () => connections };
}

/** A node:http upstream answering each request with `bodyOf(its url)`; its port. */
async function bodyUpstream(bodyOf: (url: string) => Buffer): Promise<number> {
  const s = createHttpServer((req, res) => res.end(bodyOf(req.url ?? '/')));
  servers.push(s);
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return (s.address() as AddressInfo).port;
}

/**
 * GETs `path` and resolves with every chunk the handler was given, kept as given. `next` (after each chunk is
 * kept) answers for the handler: false, the client is slow until it calls `call.resume()`.
 */
function getKept(pool: UpstreamPool, path: string, next: (got: Buffer[], call: UpstreamCall) => boolean = () => true): Promise<Buffer[]> {
  return new Promise((resolve, reject) => {
    const got: Buffer[] = [];
    const call = pool.request({ method: 'GET', path, headers: ['Host', 'app'], body: null, timeoutMs: 5000 }, {
      onHead: () => undefined,
      onData: (c) => {
        got.push(c);
        return next(got, call);
      },
      onEnd: () => resolve(got),
      onError: reject,
    });
  });
}

describe('UpstreamPool', () => {
  it('reuses a keep-alive connection, adds Host and the body framing it needs', async () => {
    const up = await echoUpstream();
    const pool = new UpstreamPool('127.0.0.1', up.port);
    const a = await send(pool, { headers: [] });
    assert.equal(a.status, 200);
    assert.equal(JSON.parse(a.body).headers.host, `127.0.0.1:${up.port}`);
    const post = JSON.parse((await send(pool, { method: 'POST', body: null })).body);
    assert.equal(post.headers['content-length'], '0');
    const buf = JSON.parse((await send(pool, { method: 'PUT', body: Buffer.from('abc') })).body);
    assert.deepEqual([buf.headers['content-length'], buf.body], ['3', 'abc']);
    const streamed = JSON.parse((await send(pool, { method: 'POST', body: Readable.from([Buffer.from('x'.repeat(70_000)), Buffer.from('yz')]) })).body);
    assert.equal(streamed.headers['transfer-encoding'], 'chunked');
    assert.equal(streamed.body, `${'x'.repeat(70_000)}yz`);
    const sized = JSON.parse((await send(pool, { method: 'POST', headers: ['Host', 'a', 'Content-Length', '4'], body: Readable.from([Buffer.from('ab'), Buffer.from('cd')]) })).body);
    assert.deepEqual([sized.headers['transfer-encoding'], sized.body], [undefined, 'abcd']);
    assert.equal(up.connections(), 1, 'one connection for every request');
    pool.close();
  });

  it('hands the handler chunks it may keep, while other connections read (no view of a shared read buffer)', async () => {
    // Two answers of 1 MB each, of different bytes, read in many pieces on two connections at once.
    const body = (seed: number) => Buffer.from(Array.from({ length: 1 << 20 }, (_, i) => (i * seed + (i >> 10)) & 0xff));
    const pool = new UpstreamPool('127.0.0.1', await bodyUpstream((url) => body(url === '/a' ? 7 : 13)));
    const [a, b] = await Promise.all([getKept(pool, '/a'), getKept(pool, '/b')]);
    assert.ok(a.length > 1 && b.length > 1, 'read in several pieces');
    assert.ok(Buffer.concat(a).equals(body(7)));
    assert.ok(Buffer.concat(b).equals(body(13)));
    pool.close();
  });

  it('stops reading while the handler is slow and reads on at resume(), losing nothing', async () => {
    const body = Buffer.from(Array.from({ length: 4 << 20 }, (_, i) => (i * 31 + (i >> 12)) & 0xff));
    const pool = new UpstreamPool('127.0.0.1', await bodyUpstream(() => body));
    let stalls = 0;
    let waiting = false;
    const kept = await getKept(pool, '/', (got, call) => {
      assert.equal(waiting, false, 'no data while paused');
      // Every fourth piece, the client is "slow" for 5 ms.
      if (got.length % 4 !== 0) return true;
      stalls++;
      waiting = true;
      setTimeout(() => {
        waiting = false;
        call.resume();
      }, 5);
      return false;
    });
    assert.ok(stalls > 3, `${stalls} stalls`);
    assert.ok(Buffer.concat(kept).equals(body));
    pool.close();
  });

  it('queues past its connection limit', async () => {
    const up = await echoUpstream();
    const pool = new UpstreamPool('127.0.0.1', up.port, 2);
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => send(pool, { path: `/${i}` })));
    assert.deepEqual(answers.map((a) => JSON.parse(a.body).url), Array.from({ length: 10 }, (_, i) => `/${i}`));
    assert.ok(up.connections() <= 2, `${up.connections()} connections`);
    pool.close();
  });

  it('sends a request again on a new connection when a reused one was closed before any answer', async () => {
    let n = 0;
    const up = await rawUpstream((text, socket) => {
      n++;
      // The first connection answers once, then drops the next request without a word (a keep-alive race).
      if (n === 2) socket.destroy();
      else socket.write(`HTTP/1.1 200 OK\r\nContent-Length: ${String(n).length}\r\n\r\n${n}`);
    });
    const pool = new UpstreamPool('127.0.0.1', up.port);
    assert.equal((await send(pool, {})).body, '1');
    const again = await send(pool, {});
    assert.equal(again.error, undefined);
    assert.equal(again.body, '3');
    pool.close();
  });

  it('times out (504) an upstream that does not answer, and fails (502) one that breaks', async () => {
    const silent = await rawUpstream(() => undefined);
    const pool = new UpstreamPool('127.0.0.1', silent.port);
    assert.equal((await send(pool, { timeoutMs: 100 })).error?.code, 'UPSTREAM_TIMEOUT');
    const garbage = await rawUpstream((_, s) => s.write('NOT HTTP\r\n\r\n'));
    assert.equal((await send(new UpstreamPool('127.0.0.1', garbage.port), {})).error?.code, 'UPSTREAM_BAD_RESPONSE');
    const cut = await rawUpstream((_, s) => s.end('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc'));
    const partial = await send(new UpstreamPool('127.0.0.1', cut.port), {});
    assert.deepEqual([partial.status, partial.body, partial.error?.code], [200, 'abc', 'UPSTREAM_CONNECTION']);
    const refused = await rawUpstream(() => undefined);
    const port = refused.port;
    servers.pop()!.close();
    await new Promise((r) => setTimeout(r, 50));
    assert.equal((await send(new UpstreamPool('127.0.0.1', port), {})).error?.code, 'UPSTREAM_CONNECTION');
    pool.close();
  });

  it('does not reuse a connection whose answer was followed by extra bytes', async () => {
    const up = await rawUpstream((_, s) => s.write('HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\naHTTP/1.1 200 OK\r\n\r\n'));
    const pool = new UpstreamPool('127.0.0.1', up.port);
    assert.equal((await send(pool, {})).body, 'a');
    assert.equal((await send(pool, {})).body, 'a');
    assert.equal(up.sockets.size, 2, 'a new connection for the second request');
    pool.close();
  });

  it('refuses to send a target that is not a path or a header with a line break', () => {
    const pool = new UpstreamPool('127.0.0.1', 9);
    const code = (req: Partial<UpstreamRequest>) => {
      try {
        pool.request({ method: 'GET', path: '/', headers: [], body: null, timeoutMs: 1000, ...req }, { onHead() {}, onData: () => true, onEnd() {}, onError() {} });
        return 'sent';
      } catch (e) {
        return (e as UpstreamError).code;
      }
    };
    assert.equal(code({ path: '*' }), 'UPSTREAM_INVALID_REQUEST');
    assert.equal(code({ path: '/a b' }), 'UPSTREAM_INVALID_REQUEST');
    assert.equal(code({ headers: ['X', 'a\r\nInjected: 1'] }), 'UPSTREAM_INVALID_REQUEST');
    assert.equal(code({ headers: ['Bad Name', 'v'] }), 'UPSTREAM_INVALID_REQUEST');
    assert.equal(code({ method: 'G T' }), 'UPSTREAM_INVALID_REQUEST');
    pool.close();
  });

  it('an aborted request closes its connection and reports UPSTREAM_ABORTED', async () => {
    const silent = await rawUpstream(() => undefined);
    const pool = new UpstreamPool('127.0.0.1', silent.port);
    const errors: string[] = [];
    const call = pool.request({ method: 'GET', path: '/', headers: [], body: null, timeoutMs: 5000 }, { onHead() {}, onData: () => true, onEnd() {}, onError: (e) => errors.push(e.code) });
    await new Promise((r) => setTimeout(r, 50));
    call.abort(new Error('client went away'));
    assert.deepEqual(errors, ['UPSTREAM_ABORTED']);
    await new Promise((r) => setTimeout(r, 50));
    assert.ok([...silent.sockets].every((s) => s.destroyed || s.readableEnded), 'the upstream connection closed');
    pool.close();
  });

  it('closes a connection left idle (3/4 of the idle time to all of it), and keeps one in use', async () => {
    const up = await echoUpstream();
    // Idle time 1.6 s: closed after 1.2 to 1.6 s idle. The checks leave the timers of a loaded machine (CI) 0.9 s of slack.
    const pool = new UpstreamPool('127.0.0.1', up.port, 4, 1600);
    try {
      assert.equal((await send(pool, {})).status, 200);
      const idleSince = Date.now();
      const [conn] = (pool as unknown as { idle: { socket: Socket }[] }).idle;
      assert.ok(conn && !conn.socket.destroyed);
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(conn.socket.destroyed, false, `not closed before 3/4 of the idle time (idle for ${Date.now() - idleSince} ms)`);
      await new Promise((r) => setTimeout(r, 2200));
      assert.equal(conn.socket.destroyed, true, 'closed once idle for the idle time');
      // The next request opens a new connection.
      assert.equal((await send(pool, {})).status, 200);
      assert.equal(up.connections(), 2);
    } finally {
      pool.close();
    }
  });
});
