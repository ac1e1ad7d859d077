/** Shared pieces of the WAF proxy e2e: an upstream that echoes what it received, raw HTTP, timing. */
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface Echo {
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly bodyLength: number;
}

export interface Upstream {
  readonly url: string;
  close(): Promise<void>;
}

/** An app that answers 200 with what it received (JSON); `/slow` never answers; `/big?n=N` answers N bytes with two cookies. */
export async function startUpstream(): Promise<Upstream> {
  const server: Server = createServer((req, res) => {
    let n = 0;
    req.on('data', (c: Buffer) => (n += c.length));
    req.on('end', () => {
      if (req.url?.startsWith('/slow')) return;
      if (req.url?.startsWith('/big')) {
        const n = Number(new URL(req.url, 'http://x').searchParams.get('n'));
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'set-cookie': ['a=1', 'b=2'] });
        res.end(Buffer.alloc(n, 120));
        return;
      }
      const body = JSON.stringify({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, bodyLength: n } satisfies Echo);
      res.writeHead(200, { 'content-type': 'application/json', 'x-upstream': 'yes' });
      res.end(body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((r) => {
      server.close(() => r());
      server.closeAllConnections();
    }),
  };
}

/** A response handler resolving with the status and, when the app answered, what it echoed. */
export function echoed(resolve: (r: { status: number; echo?: Echo }) => void, reject: (e: Error) => void): (res: IncomingMessage) => void {
  return (res) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => resolve({ status: res.statusCode ?? 0, ...(res.headers['x-upstream'] ? { echo: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Echo } : {}) }));
    res.on('error', reject);
  };
}

export interface Answer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

/** One HTTP request (no keep-alive, so that each test's request stands alone). */
export function send(base: string, path: string, o: { method?: string; headers?: Record<string, string>; body?: Buffer | string } = {}): Promise<Answer> {
  const u = new URL(path, base);
  return new Promise((resolve, reject) => {
    const req = request({ hostname: u.hostname, port: u.port, path: u.pathname + u.search, method: o.method ?? 'GET', headers: { connection: 'close', ...o.headers }, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(o.body);
  });
}

/** Sends raw bytes and returns whatever comes back before the server closes (or 2 s pass). */
export function raw(base: string, bytes: string | Buffer, o: { halfClose?: boolean } = {}): Promise<string> {
  const u = new URL(base);
  return new Promise((resolve) => {
    const s = connect(Number(u.port), u.hostname);
    let out = '';
    const t = setTimeout(() => {
      s.destroy();
      resolve(out);
    }, 2000);
    s.on('data', (d) => (out += d.toString('latin1')));
    s.on('error', () => undefined);
    s.on('close', () => {
      clearTimeout(t);
      resolve(out);
    });
    s.write(bytes);
    // Shut down the sending side once the request is out (the answer must still come).
    if (o.halfClose) s.end();
  });
}

/** Polls `check` until it is true; returns the milliseconds it took (fails after `maxMs`). */
export async function within(maxMs: number, check: () => Promise<boolean>): Promise<number> {
  const start = Date.now();
  for (;;) {
    if (await check()) return Date.now() - start;
    if (Date.now() - start > maxMs) throw new Error(`not within ${maxMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
