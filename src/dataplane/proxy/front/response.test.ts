import assert from 'node:assert/strict';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { connect, createServer as createNetServer, Socket, type AddressInfo, type Server } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { ProxyResponse } from '../exchange.js';
import { FastResponse } from './response.js';

type Script = (res: ProxyResponse) => void;

/** The calls the proxy makes on an answer, each written by node:http and by FastResponse. */
const SCRIPTS: Record<string, Script> = {
  'a body of known length': (r) => {
    r.writeHead(200, undefined, ['content-type', 'text/plain', 'content-length', '5']);
    r.end('hello');
  },
  'a reason phrase; a body of unknown length, chunked': (r) => {
    r.writeHead(201, 'Made', ['x-a', '1', 'X-A', '2']);
    r.write(Buffer.from('ab'));
    r.write(Buffer.from('cd'));
    r.end();
  },
  'a chunked answer given its Transfer-Encoding': (r) => {
    r.writeHead(200, undefined, ['transfer-encoding', 'chunked']);
    r.write(Buffer.from('abc'));
    r.end(Buffer.from('de'));
  },
  'a 204 has no body': (r) => {
    r.writeHead(204, undefined, ['x', 'y']);
    r.end();
  },
  'a 304 has no body': (r) => {
    r.writeHead(304, undefined, ['etag', '"x"']);
    r.end();
  },
  'Connection: close given': (r) => {
    r.writeHead(200, undefined, ['Connection', 'close', 'content-length', '2']);
    r.end('ok');
  },
  'setHeader, then writeHead replacing one of the same name': (r) => {
    r.setHeader('connection', 'close');
    r.setHeader('x-b', 'old');
    r.writeHead(502, undefined, ['X-B', 'new', 'content-length', '0']);
    r.end();
  },
  'a date of its own': (r) => {
    r.writeHead(200, undefined, ['date', 'Thu, 01 Jan 1970 00:00:00 GMT', 'content-length', '1']);
    r.end(Buffer.from('x'));
  },
};

/** What a client receives for `request` from `server` (the Date header's value blanked). */
function received(server: Server, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect((server.address() as AddressInfo).port, '127.0.0.1', () => s.write(request));
    let text = '';
    let quiet: NodeJS.Timeout | undefined;
    s.setEncoding('latin1');
    // The connection may stay open after the answer: it is read until nothing more comes for a while.
    s.on('data', (c: string) => {
      text += c;
      clearTimeout(quiet);
      quiet = setTimeout(() => s.destroy(), 50);
    });
    s.on('error', reject);
    s.on('close', () => resolve(text.replace(/^(Date: ).*$/im, '$1-')));
  });
}

describe('FastResponse writes what node:http writes', () => {
  let current: { script: Script } = { script: () => {} };
  const node = createServer((_req, res) => current.script(res));
  const fast = createNetServer((socket) => {
    socket.once('data', (d: Buffer) => {
      const owner = { answered: () => {} };
      current.script(new FastResponse(socket, owner, d.toString('latin1').startsWith('HEAD'), false, 5));
    });
  });
  before(async () => {
    for (const s of [node, fast]) await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  });
  after(async () => {
    for (const s of [node, fast]) await new Promise<void>((r) => s.close(() => r()));
  });

  for (const [name, script] of Object.entries(SCRIPTS)) {
    for (const method of ['GET', 'HEAD']) {
      it(`${name} (${method})`, async () => {
        current = { script };
        const request = `${method} / HTTP/1.1\r\nHost: a\r\n\r\n`;
        const expected = await received(node, request);
        const actual = await received(fast, request);
        assert.equal(actual, expected);
      });
    }
  }
});

describe('FastResponse refuses what node:http refuses', () => {
  const fake = () => new Socket();
  const cases: [string, (r: ProxyResponse) => void][] = [
    ['a header name that is not a token', (r) => r.writeHead(200, undefined, ['a b', 'c'])],
    ['a header value with CR LF', (r) => r.writeHead(200, undefined, ['x', 'a\r\nSet-Cookie: y'])],
    ['a header value with NUL', (r) => r.writeHead(200, undefined, ['x', 'a\0'])],
    ['a status below 100', (r) => r.writeHead(99, undefined, [])],
    ['a status above 999', (r) => r.writeHead(1000, undefined, [])],
    ['a reason phrase with CR LF', (r) => r.writeHead(200, 'OK\r\nX: y', [])],
  ];
  for (const [name, call] of cases) {
    it(name, () => {
      const nodeRes = new ServerResponse(new IncomingMessage(fake()));
      const code = (f: () => void): string | undefined => {
        try {
          f();
          return undefined;
        } catch (e) {
          return (e as { code?: string }).code;
        }
      };
      const expected = code(() => call(nodeRes));
      assert.ok(expected, 'node:http refuses it');
      const res = new FastResponse(fake(), { answered: () => {} }, false, false, 5);
      assert.equal(code(() => call(res)), expected);
      assert.equal(res.headersSent, false, 'nothing was written');
    });
  }
});

describe('FastResponse events', () => {
  it("emits 'finish' then 'close' after end(), not during it; the owner hears of the answer at once", async () => {
    const server = createNetServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const client = connect((server.address() as AddressInfo).port, '127.0.0.1');
    const socket = await new Promise<Socket>((r) => server.once('connection', r));
    const seen: string[] = [];
    const res = new FastResponse(socket, { answered: () => seen.push('answered') }, false, false, 5);
    res.on('finish', () => seen.push('finish'));
    res.on('close', () => seen.push('close'));
    res.writeHead(200, undefined, ['content-length', '0']);
    res.end();
    assert.deepEqual(seen, ['answered']);
    assert.equal(res.writableFinished, true);
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(seen, ['answered', 'finish', 'close']);
    client.destroy();
    socket.destroy();
    await new Promise<void>((r) => server.close(() => r()));
  });

  it("emits 'close' alone when the connection breaks before the answer is complete", () => {
    const res = new FastResponse(new Socket(), { answered: () => {} }, false, false, 5);
    const seen: string[] = [];
    res.on('finish', () => seen.push('finish'));
    res.on('close', () => seen.push('close'));
    res.broken();
    assert.deepEqual(seen, ['close']);
    assert.equal(res.destroyed, true);
    assert.equal(res.writableFinished, false);
  });
});
