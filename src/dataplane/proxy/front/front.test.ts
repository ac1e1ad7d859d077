import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { frontFor, type Front, type FrontOptions } from './front.js';

/**
 * A front with node:http behind it, as the proxy has them: each answer says who served the request
 * (`front` or `node`), its method, target and body, so that a test sees where each request went.
 */
class Rig {
  readonly server: Server;
  front!: Front;
  /** Answers held back by the front's handler until released (to test order). */
  readonly held: (() => void)[] = [];
  hold = false;

  constructor(private readonly overrides: Partial<Omit<FrontOptions, 'handOver'>> = {}) {
    this.server = createServer({ keepAliveTimeout: 5000 }, (req: IncomingMessage, res: ServerResponse) => {
      let body = '';
      req.setEncoding('latin1');
      req.on('data', (c: string) => (body += c));
      req.on('end', () => {
        const text = `node ${req.method} ${req.url} ${body}`;
        res.writeHead(200, undefined, ['content-length', String(text.length)]);
        res.end(text);
      });
    });
    (this.server as Server & { httpAllowHalfOpen: boolean }).httpAllowHalfOpen = true;
  }

  async start(): Promise<number> {
    this.front = frontFor(this.server, {
      limits: { maxHeadBytes: 16384, maxHeaders: 100, maxBody: 1024 },
      headersTimeoutMs: 10_000,
      keepAliveTimeoutMs: 5000,
      idleTimeoutMs: 60_000,
      maxRequestsPerSocket: 1000,
      nodeOnly: (t) => t === '/node-only',
      serve: (req, res, body) => {
        const answer = () => {
          const text = `front ${req.method} ${req.url} ${body.toString('latin1')}`;
          res.writeHead(200, undefined, ['content-length', String(text.length)]);
          res.end(text);
        };
        if (this.hold) this.held.push(answer);
        else answer();
      },
      ...this.overrides,
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    return (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    this.front.close();
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}

/** A raw client: sends pieces (with pauses between them), collects what comes back until the server closes or `wantAnswers` arrived. */
function exchange(port: number, pieces: (string | number)[], wantAnswers: number, halfClose = false): Promise<{ answers: string[]; closed: boolean; raw: string }> {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1');
    let raw = '';
    let done = false;
    const finish = (closed: boolean) => {
      if (done) return;
      done = true;
      s.destroy();
      resolve({ answers: bodies(raw), closed, raw });
    };
    s.setEncoding('latin1');
    s.on('data', (c: string) => {
      raw += c;
      if (!halfClose && bodies(raw).length >= wantAnswers) setTimeout(() => finish(false), 20);
    });
    s.on('end', () => finish(true));
    s.on('error', reject);
    s.on('connect', async () => {
      for (const p of pieces) {
        if (typeof p === 'number') await new Promise((r) => setTimeout(r, p));
        else s.write(p, 'latin1');
      }
      if (halfClose) s.end();
    });
  });
}

/** Resolves once `cond` holds (checked every 5 ms; fails after 5 s). */
async function until(cond: () => boolean): Promise<void> {
  for (const end = Date.now() + 5000; !cond(); ) {
    if (Date.now() > end) throw new Error('the condition did not come true within 5 s');
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** The bodies of the answers in `raw` (all framed by Content-Length here). */
function bodies(raw: string): string[] {
  const out: string[] = [];
  let at = 0;
  for (;;) {
    const end = raw.indexOf('\r\n\r\n', at);
    if (end < 0) return out;
    const length = /content-length: (\d+)/i.exec(raw.slice(at, end));
    const n = length ? Number(length[1]) : 0;
    if (raw.length < end + 4 + n) return out;
    out.push(raw.slice(end + 4, end + 4 + n));
    at = end + 4 + n;
  }
}

const get = (path: string, extra = '') => `GET ${path} HTTP/1.1\r\nHost: a\r\n${extra}\r\n`;
const post = (path: string, body: string) => `POST ${path} HTTP/1.1\r\nHost: a\r\nContent-Length: ${body.length}\r\n\r\n${body}`;
const chunked = (path: string, body: string) => `POST ${path} HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n`;

describe('Front: the proxy reads a connection itself until a request is not of its subset', () => {
  const rig = new Rig();
  let port = 0;
  before(async () => {
    port = await rig.start();
  });
  after(() => rig.stop());

  it('serves keep-alive requests of the subset itself, a body read whole', async () => {
    const r = await exchange(port, [get('/a'), 5, post('/b', 'hello'), 5, get('/c')], 3);
    assert.deepEqual(r.answers, ['front GET /a ', 'front POST /b hello', 'front GET /c ']);
    assert.match(r.raw, /Connection: keep-alive\r\nKeep-Alive: timeout=5/);
  });

  it('hands the connection to node:http at the first other request, with the bytes after it: pipelined answers stay in order', async () => {
    const r = await exchange(port, [get('/1') + chunked('/2', 'abc') + get('/3') + post('/4', 'xy')], 4);
    assert.deepEqual(r.answers, ['front GET /1 ', 'node POST /2 abc', 'node GET /3 ', 'node POST /4 xy']);
  });

  it('a head or body that is not whole in the bytes at hand goes to node:http, which reads the rest', async () => {
    const p = post('/slow', 'abcdef');
    const r = await exchange(port, [get('/x'), 10, p.slice(0, 12), 30, p.slice(12, -3), 30, p.slice(-3), 10, get('/after')], 3);
    assert.deepEqual(r.answers, ['front GET /x ', 'node POST /slow abcdef', 'node GET /after ']);
  });

  it('a request its handler must read as a stream goes to node:http', async () => {
    const r = await exchange(port, [get('/node-only')], 1);
    assert.deepEqual(r.answers, ['node GET /node-only ']);
  });

  it('pipelined requests wait for the answer before them, and are answered in order', async () => {
    rig.hold = true;
    const pending = exchange(port, [get('/p1') + get('/p2') + chunked('/p3', 'z')], 3);
    await until(() => rig.held.length > 0);
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(rig.held.length, 1, 'the second request waits for the first answer');
    rig.hold = false;
    rig.held.shift()!();
    const r = await pending;
    assert.deepEqual(r.answers, ['front GET /p1 ', 'front GET /p2 ', 'node POST /p3 z']);
  });

  it('Connection: close gets its answer, then the connection closes; bytes after it are not read', async () => {
    const r = await exchange(port, [get('/c', 'Connection: close\r\n') + get('/ignored')], 9);
    assert.deepEqual(r.answers, ['front GET /c ']);
    assert.equal(r.closed, true);
    assert.match(r.raw, /Connection: close/);
  });

  it('a client that half-closes after its requests gets every answer, then the connection closes', async () => {
    const r = await exchange(port, [get('/h1') + get('/h2')], 2, true);
    assert.deepEqual(r.answers, ['front GET /h1 ', 'front GET /h2 ']);
    assert.equal(r.closed, true);
    const other = await exchange(port, [get('/h3') + chunked('/h4', 'q')], 2, true);
    assert.deepEqual(other.answers, ['front GET /h3 ', 'node POST /h4 q']);
    assert.equal(other.closed, true);
  });

  it('requests pipelined with the half-close, read while one is answered, are all answered before the connection closes', async () => {
    for (const tail of [get('/e2') + get('/e3'), get('/e2') + chunked('/e3', 'w')]) {
      rig.hold = true;
      const pending = new Promise<{ answers: string[]; closed: boolean }>((resolve, reject) => {
        const s = connect(port, '127.0.0.1', () => s.end(get('/e1') + tail, 'latin1'));
        let raw = '';
        s.setEncoding('latin1');
        s.on('data', (c: string) => (raw += c));
        s.on('end', () => resolve({ answers: bodies(raw), closed: true }));
        s.on('error', reject);
      });
      // The client's end arrives while the first answer is held back.
      await until(() => rig.held.length > 0);
      await new Promise((r) => setTimeout(r, 50));
      rig.hold = false;
      rig.held.shift()!();
      const r = await pending;
      assert.deepEqual(r.answers.map((x) => x.replace(/^(front|node) /, '')), ['GET /e1 ', 'GET /e2 ', tail.includes('chunked') ? 'POST /e3 w' : 'GET /e3 ']);
      assert.equal(r.closed, true);
    }
  });

  it('a malformed request after good ones gets node:http\'s 400 after their answers', async () => {
    const r = await exchange(port, [`${get('/ok')}GET /bad HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nxy`], 9);
    assert.deepEqual(r.answers.slice(0, 1), ['front GET /ok ']);
    assert.match(r.raw, /HTTP\/1\.1 400 Bad Request/);
    assert.equal(r.closed, true);
  });

  it('on random request sequences cut at random points, every request is answered once, in order', async () => {
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    for (let round = 0; round < 40; round++) {
      const sent: string[] = [];
      let stream = '';
      for (let i = 0, n = 1 + rand(6); i < n; i++) {
        const path = `/r${round}-${i}`;
        const kind = rand(4);
        const body = 'b'.repeat(rand(40));
        stream += kind === 0 ? get(path) : kind === 1 ? post(path, body) : kind === 2 ? chunked(path, body || 'c') : get(path, 'X-Long: ' + 'v'.repeat(rand(200)) + '\r\n');
        sent.push(`${kind === 0 || kind === 3 ? 'GET' : 'POST'} ${path} ${kind === 2 ? body || 'c' : kind === 1 ? body : ''}`);
      }
      const pieces: (string | number)[] = [];
      for (let at = 0; at < stream.length; ) {
        const size = 1 + rand(stream.length);
        pieces.push(stream.slice(at, at + size));
        if (rand(3) === 0) pieces.push(2);
        at += size;
      }
      const r = await exchange(port, pieces, sent.length);
      assert.deepEqual(r.answers.map((a) => a.replace(/^(front|node) /, '')), sent, JSON.stringify(pieces));
    }
  });
});

describe('Front: limits', () => {
  it('a slow client keeps its connection while its answer is still leaving, past the idle timeout', async () => {
    // Written as forward() writes an upstream's answer: a chunk at a time, waiting for 'drain'.
    const chunk = Buffer.alloc(64 * 1024, 'x');
    const total = 160 * chunk.length;
    const rig = new Rig({
      idleTimeoutMs: 300,
      keepAliveTimeoutMs: 200,
      serve: (_req, res) => {
        res.writeHead(200, undefined, ['content-length', String(total)]);
        let sent = 0;
        const pump = (): void => {
          while (sent < total) {
            sent += chunk.length;
            if (sent === total) res.end(chunk);
            else if (!res.write(chunk)) {
              res.once('drain', pump);
              return;
            }
          }
        };
        pump();
      },
    });
    const port = await rig.start();
    try {
      const got = await new Promise<number>((resolve, reject) => {
        const s = connect(port, '127.0.0.1', () => s.write(get('/big')));
        let bytes = 0;
        s.on('data', (c: Buffer) => {
          bytes += c.length;
          // Reads a little, then waits: the whole answer takes seconds to leave.
          s.pause();
          setTimeout(() => s.resume(), 15);
        });
        const stop = setTimeout(() => s.destroy(), 10_000);
        s.on('close', () => {
          clearTimeout(stop);
          resolve(bytes);
        });
        s.on('error', reject);
      });
      assert.ok(got > total, `${got} bytes of ${total} arrived`);
    } finally {
      await rig.stop();
    }
  });

  it('a client that pipelines requests without reading the answers is read no further until it does', async () => {
    const answer = Buffer.alloc(32 * 1024, 'a');
    let served = 0;
    const rig = new Rig({
      serve: (_req, res) => {
        served++;
        res.writeHead(200, undefined, ['content-length', String(answer.length)]);
        res.end(answer);
      },
    });
    const port = await rig.start();
    try {
      const requests = 1000;
      const s = connect(port, '127.0.0.1');
      s.pause();
      await new Promise((r) => s.once('connect', r));
      s.write(get('/r').repeat(requests));
      await new Promise((r) => setTimeout(r, 300));
      assert.ok(served < requests / 2, `${served} of ${requests} answered while the client read nothing`);
      let bytes = 0;
      await new Promise<void>((resolve) => {
        s.on('data', (c: Buffer) => {
          bytes += c.length;
          if (bytes >= requests * answer.length) resolve();
        });
        s.resume();
      });
      assert.equal(served, requests);
      s.destroy();
    } finally {
      await rig.stop();
    }
  });

  it('the answer to the last request a connection may carry closes it', async () => {
    const rig = new Rig({ maxRequestsPerSocket: 2 });
    const port = await rig.start();
    try {
      const r = await exchange(port, [get('/1') + get('/2') + get('/3')], 9);
      assert.deepEqual(r.answers, ['front GET /1 ', 'front GET /2 ']);
      assert.equal(r.closed, true);
    } finally {
      await rig.stop();
    }
  });

  it('a connection idle past the keep-alive timeout is closed by the sweep; one that never sent a request, past the headers timeout', async () => {
    const rig = new Rig({ keepAliveTimeoutMs: 200, headersTimeoutMs: 200 });
    const port = await rig.start();
    try {
      const r = await exchange(port, [get('/1')], 99);
      assert.deepEqual(r.answers, ['front GET /1 ']);
      assert.equal(r.closed, true);
      const silent = await exchange(port, [], 99);
      assert.equal(silent.closed, true);
      await until(() => rig.front.size === 0);
    } finally {
      await rig.stop();
    }
  });
});
