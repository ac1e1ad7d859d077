import assert from 'node:assert/strict';
import { createServer, request, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { DEFAULT_STANDARD_CONFIG, normalizeIp, StandardProtections } from './standard.js';

describe('StandardProtections (pure)', () => {
  it('caps connections per IP and in all, and releases them', () => {
    const s = new StandardProtections({ ...DEFAULT_STANDARD_CONFIG, maxConnectionsPerIp: 2, maxConnections: 3 });
    assert.equal(s.onConnection('192.0.2.1'), 'allow');
    assert.equal(s.onConnection('::ffff:192.0.2.1'), 'allow');
    assert.equal(s.onConnection('192.0.2.1'), 'refuse', 'the same client (IPv4-mapped or not)');
    assert.equal(s.onConnection('192.0.2.2'), 'allow');
    assert.equal(s.onConnection('192.0.2.3'), 'refuse', 'the global cap');
    s.onRelease('192.0.2.1');
    assert.equal(s.onConnection('192.0.2.3'), 'allow');
    s.onRelease('198.51.100.9'); // never allowed: ignored
    assert.deepEqual(s.stats(), { openConnections: 3, clients: 3, shed: 0, refused: 2 });
    assert.equal(normalizeIp('::1'), '::1');
  });

  it('checks header count and size', () => {
    const s = new StandardProtections({ ...DEFAULT_STANDARD_CONFIG, maxHeaderCount: 2, maxHeaderBytes: 40 });
    assert.equal(s.checkHeaders(['Host', 'a', 'X', 'b']), 'ok');
    assert.equal(s.checkHeaders(['Host', 'a', 'X', 'b', 'Y', 'c']), 'too-many');
    assert.equal(s.checkHeaders(['Host', 'a'.repeat(40)]), 'too-large');
  });

  it('sheds beyond the sustained rate and burst, and when the event loop lags; recovers with time', () => {
    const s = new StandardProtections({ ...DEFAULT_STANDARD_CONFIG, shedRatePerSecond: 10, shedBurst: 5, maxEventLoopDelayMs: 100 });
    const t = 1_000_000;
    const first = Array.from({ length: 8 }, () => s.shouldShed(t));
    assert.deepEqual(first, [false, false, false, false, false, true, true, true]);
    assert.equal(s.shouldShed(t + 100), false, 'one token back after 100 ms');
    assert.equal(s.shouldShed(t + 100), true);
    assert.equal(s.shouldShed(t + 10_000, 250), true, 'event loop delay');
    assert.equal(s.shouldShed(t + 10_000, 10), false);
    assert.equal(s.stats().shed, 5);
  });
});

describe('StandardProtections on a real server', () => {
  it('cuts slowloris connections (headers never finished) while other clients are served; refuses connections beyond the per-IP cap', async () => {
    const s = new StandardProtections({ ...DEFAULT_STANDARD_CONFIG, headersTimeoutMs: 600, requestTimeoutMs: 1200, maxConnectionsPerIp: 12 });
    const server: Server = createServer(s.serverOptions(), (_req, res) => res.end('ok'));
    s.configureServer(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    try {
      // Ten slowloris connections: a request line and one header byte at a time, never the blank line.
      const slow = Array.from({ length: 10 }, () => {
        const sock = connect(port, '127.0.0.1');
        sock.on('error', () => undefined);
        sock.write('GET / HTTP/1.1\r\nHost: x\r\n');
        const drip = setInterval(() => sock.writable && sock.write('X-a: b\r\n'), 100);
        const closed = new Promise<number>((r) => sock.once('close', () => r(Date.now())));
        return { sock, drip, closed };
      });
      const started = Date.now();
      // Meanwhile a legitimate client is served (a fresh connection each time: keep-alive off).
      for (let i = 0; i < 5; i++) {
        const body = await new Promise<string>((resolve, reject) => {
          const req = request({ port, host: '127.0.0.1', path: '/', agent: false }, (res) => {
            let b = '';
            res.on('data', (c: Buffer) => (b += c.toString()));
            res.on('end', () => resolve(`${res.statusCode} ${b}`));
          });
          req.on('error', reject);
          req.end();
        });
        assert.equal(body, '200 ok');
      }
      const closedAt = await Promise.all(slow.map((c) => c.closed));
      for (const c of slow) clearInterval(c.drip);
      for (const t of closedAt) assert.ok(t - started < 3000, `a slowloris connection lived ${t - started} ms`);
      // Beyond the per-IP cap, connections are refused (closed at once).
      const held = Array.from({ length: 12 }, () => connect(port, '127.0.0.1'));
      await Promise.all(held.map((h) => new Promise((r) => h.once('connect', r))));
      await new Promise((r) => setTimeout(r, 50));
      const extra = connect(port, '127.0.0.1');
      extra.on('error', () => undefined);
      await new Promise<void>((r) => extra.once('close', () => r()));
      assert.ok(s.stats().refused >= 1);
      for (const h of held) h.destroy();
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});
