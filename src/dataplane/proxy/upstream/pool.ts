/**
 * The proxy's client to its upstream: keep-alive HTTP/1.1 connections (at most `max` at once, the rest of
 * the requests queued), one request at a time on each. A request goes out in one write (head and a body
 * already read) at the end of the event loop's turn (turn-end.ts), or its body is streamed with
 * backpressure (chunked when its length is unknown); the answer is read (into one buffer every connection
 * shares, node:net's `onread`: no buffer and stream event per read) by `ResponseParser` and handed
 * over as head, chunks (the connection pauses while the client is slow) and end. One socket timeout covers
 * the wait for the answer and a body that stalls (UPSTREAM_TIMEOUT, the proxy's 504). A connection idle
 * for 3 to 4 s is closed (by a sweep: no timer is set per request) before an upstream's own keep-alive
 * timeout (Node's is 5 s) can race a request; a reused connection that the upstream closed anyway before
 * answering is retried once on a new one when the request can be sent again (its body was not streamed). Replaces undici's Pool, whose per-request machinery cost ~10 µs (docs/dependencies.md).
 */
import { connect, type Socket } from 'node:net';
import type { Readable } from 'node:stream';
import { UpstreamError } from './errors.js';
import { ResponseParser, type ResponseHead } from './response-parser.js';
import { HTTP_TOKEN } from '../http-token.js';
import { corkUntilTurnEnd } from '../turn-end.js';

export interface UpstreamRequest {
  readonly method: string;
  /** Origin form (`/path?query`), as sent. */
  readonly path: string;
  /** Names and values, alternating, sent in this order (a Host is added when there is none). */
  readonly headers: readonly string[];
  /** None, the whole body, or a stream (sent chunked unless `headers` carry a Content-Length). */
  readonly body: Buffer | null | Readable;
  readonly timeoutMs: number;
}

export interface UpstreamHandler {
  onHead(head: ResponseHead): void;
  /** false: the client is slow, the connection pauses until `resume()`. */
  onData(chunk: Buffer): boolean;
  onEnd(): void;
  onError(err: UpstreamError): void;
}

export interface UpstreamCall {
  abort(reason?: Error): void;
  resume(): void;
}

const IDLE_MS = 4000;
/** What every upstream connection reads into (node:net's `onread`). */
const READ_BUFFER = Buffer.allocUnsafe(64 * 1024);
const BAD_VALUE = /[\0\r\n]/;
/** A path the request line can carry: origin form, visible ASCII and the Latin-1 bytes a client sent. */
const PATH = /^\/[\x21-\xff]*$/;
const WITH_PAYLOAD = new Set(['POST', 'PUT', 'PATCH']);
const invalid = (why: string) => new UpstreamError('UPSTREAM_INVALID_REQUEST', `the request cannot be forwarded: ${why}`);

interface Conn {
  readonly socket: Socket;
  call: Call | undefined;
  /** Whether it carried a request before this one. */
  used: boolean;
  /** The socket's timeout now (set again only when a request asks for another). */
  timeoutMs: number;
  /** When it went back to the pool (Date.now()). */
  idleSince: number;
}

/** The request head, with the Host, Content-Length or chunked Transfer-Encoding it needs added; `chunked`: the body is framed so. */
function requestHead(r: UpstreamRequest, hostHeader: string): { head: string; chunked: boolean } {
  if (!HTTP_TOKEN.test(r.method)) throw invalid('invalid method');
  if (!PATH.test(r.path)) throw invalid('the target is not a path');
  let head = `${r.method} ${r.path} HTTP/1.1\r\n`;
  let length = false;
  let host = false;
  const hs = r.headers;
  for (let i = 0; i + 1 < hs.length; i += 2) {
    const name = hs[i]!;
    const value = hs[i + 1]!;
    if (!HTTP_TOKEN.test(name) || BAD_VALUE.test(value)) throw invalid(`invalid header ${JSON.stringify(name)}`);
    if (name.length === 14 && name.toLowerCase() === 'content-length') length = true;
    else if (name.length === 4 && name.toLowerCase() === 'host') host = true;
    head += `${name}: ${value}\r\n`;
  }
  if (!host) head += `host: ${hostHeader}\r\n`;
  const body = r.body;
  let chunked = false;
  if (body === null) {
    if (!length && WITH_PAYLOAD.has(r.method)) head += 'content-length: 0\r\n';
  } else if (Buffer.isBuffer(body)) {
    if (!length) head += `content-length: ${body.length}\r\n`;
  } else if (!length) {
    head += 'transfer-encoding: chunked\r\n';
    chunked = true;
  }
  return { head: `${head}\r\n`, chunked };
}

class Call implements UpstreamCall {
  conn: Conn | undefined;
  parser: ResponseParser;
  done = false;
  retried = false;
  /** The whole request went out (a connection is reused only then). */
  sent = false;

  constructor(readonly pool: UpstreamPool, readonly req: UpstreamRequest, readonly framing: { head: string; chunked: boolean }, readonly handler: UpstreamHandler) {
    this.parser = this.newParser();
  }

  newParser(): ResponseParser {
    return new ResponseParser({
      head: (h) => this.handler.onHead(h),
      // The parser lends views of the connections' shared read buffer: the handler gets a copy to keep.
      data: (c) => {
        if (!this.handler.onData(Buffer.from(c))) this.conn?.socket.pause();
      },
      end: () => this.finish(),
    }, this.req.method === 'HEAD');
  }

  abort(reason?: Error): void {
    this.fail(new UpstreamError('UPSTREAM_ABORTED', reason?.message ?? 'aborted', { cause: reason }));
  }

  resume(): void {
    this.conn?.socket.resume();
  }

  /** The answer is complete: the connection goes back to the pool when it can carry another request. */
  private finish(): void {
    if (this.done) return;
    this.done = true;
    const conn = this.conn!;
    this.conn = undefined;
    conn.call = undefined;
    this.handler.onEnd();
    this.pool.release(conn, this.parser.keepAlive && !this.parser.extraBytes && this.sent);
  }

  fail(err: UpstreamError): void {
    if (this.done) return;
    const conn = this.conn;
    // A reused connection the upstream had closed: once more on a new one, when nothing was answered and the body can be sent again.
    if (conn?.used && err.code === 'UPSTREAM_CONNECTION' && !this.parser.started && !this.retried && !isStream(this.req.body)) {
      this.retried = true;
      this.detach(conn);
      this.parser = this.newParser();
      this.sent = false;
      this.pool.start(this, true);
      return;
    }
    this.done = true;
    if (conn) this.detach(conn);
    else this.pool.dequeue(this);
    this.handler.onError(err);
  }

  private detach(conn: Conn): void {
    conn.call = undefined;
    this.conn = undefined;
    conn.socket.destroy();
  }

  /** Sends the request on `conn`. */
  send(conn: Conn): void {
    this.conn = conn;
    conn.call = this;
    const s = conn.socket;
    if (conn.timeoutMs !== this.req.timeoutMs) s.setTimeout((conn.timeoutMs = this.req.timeoutMs));
    s.resume();
    const body = this.req.body;
    // The request goes out with the others of this turn (turn-end.ts).
    corkUntilTurnEnd(s);
    s.write(this.framing.head, 'latin1');
    if (Buffer.isBuffer(body) && body.length > 0) s.write(body);
    if (isStream(body)) void this.pump(conn, body);
    else this.sent = true;
  }

  /** Streams the body (chunked framing when its length is unknown), waiting for `drain` when the upstream is slow. */
  private async pump(conn: Conn, body: Readable): Promise<void> {
    const s = conn.socket;
    const chunked = this.framing.chunked;
    try {
      for await (const c of body as AsyncIterable<Buffer>) {
        if (this.conn !== conn) return;
        if (c.length === 0) continue;
        let ok: boolean;
        if (chunked) {
          s.cork();
          s.write(`${c.length.toString(16)}\r\n`, 'latin1');
          s.write(c);
          ok = s.write('\r\n', 'latin1');
          s.uncork();
        } else ok = s.write(c);
        if (!ok) await drained(s);
      }
      if (this.conn !== conn) return;
      if (chunked) s.write('0\r\n\r\n', 'latin1');
      this.sent = true;
      // The answer may have come in full before the body went out: the connection was not reused then.
    } catch (e) {
      if (this.conn === conn) this.fail(new UpstreamError('UPSTREAM_ABORTED', `the request body failed: ${String(e)}`, { cause: e }));
    }
  }
}

const isStream = (b: UpstreamRequest['body']): b is Readable => b !== null && !Buffer.isBuffer(b);

/** Bytes read on `conn` (lent until this returns); false stops reading. */
function received(conn: Conn, bytes: Buffer): boolean {
  const call = conn.call;
  if (!call) {
    // Bytes while idle: the connection is not trustworthy any more.
    conn.socket.destroy();
    return false;
  }
  try {
    call.parser.feed(bytes);
  } catch (e) {
    call.fail(e instanceof UpstreamError ? e : new UpstreamError('UPSTREAM_BAD_RESPONSE', String(e), { cause: e }));
  }
  return true;
}

/** Resolves on `drain`, or when the socket closes (the call has failed then). */
function drained(s: Socket): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      s.off('drain', done);
      s.off('close', done);
      resolve();
    };
    s.once('drain', done);
    s.once('close', done);
  });
}

export class UpstreamPool {
  private readonly idle: Conn[] = [];
  private readonly conns = new Set<Conn>();
  private readonly queue: Call[] = [];
  private closed = false;
  private readonly hostHeader: string;

  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly host: string, private readonly port: number, private readonly max = 256, idleMs = IDLE_MS) {
    const h = host.includes(':') ? `[${host}]` : host;
    this.hostHeader = port === 80 ? h : `${h}:${port}`;
    // Idle connections are closed by a sweep every quarter of the idle time (no timer set per request):
    // each after 3/4 to all of idleMs without a request.
    const every = Math.max(1, Math.floor(idleMs / 4));
    this.sweeper = setInterval(() => this.sweep(idleMs - every), every);
    this.sweeper.unref();
  }

  /** Closes the connections idle for `ms` or more. */
  private sweep(ms: number): void {
    const now = Date.now();
    for (const c of this.idle) if (now - c.idleSince >= ms) c.socket.destroy();
  }

  /** Sends `req`; the handler hears the answer or the error. Throws UPSTREAM_INVALID_REQUEST for a request that cannot be sent. */
  request(req: UpstreamRequest, handler: UpstreamHandler): UpstreamCall {
    const call = new Call(this, req, requestHead(req, this.hostHeader), handler);
    this.start(call, false);
    return call;
  }

  /** @internal Puts the call on an idle connection, a new one, or in the queue. */
  start(call: Call, fresh: boolean): void {
    if (this.closed) {
      call.fail(new UpstreamError('UPSTREAM_ABORTED', 'the proxy is closing'));
      return;
    }
    let conn: Conn | undefined;
    if (!fresh) while ((conn = this.idle.pop()) && conn.socket.destroyed);
    if (conn) call.send(conn);
    else if (this.conns.size < this.max) call.send(this.connect());
    else this.queue.push(call);
  }

  /** @internal */
  dequeue(call: Call): void {
    const i = this.queue.indexOf(call);
    if (i >= 0) this.queue.splice(i, 1);
  }

  /** @internal The call on `conn` is complete; `reusable`: the connection may carry another request. */
  release(conn: Conn, reusable: boolean): void {
    if (!reusable || this.closed || conn.socket.destroyed) {
      conn.socket.destroy();
      return;
    }
    const next = this.queue.shift();
    conn.used = true;
    if (next) {
      next.send(conn);
      return;
    }
    conn.idleSince = Date.now();
    this.idle.push(conn);
  }

  private connect(): Conn {
    // Bytes are read into one buffer that every connection shares (each read is handled before the next is
    // made), not into a new buffer per read passed through a stream: the parser copies what it keeps.
    const socket = connect({
      host: this.host, port: this.port, noDelay: true, keepAlive: true, keepAliveInitialDelay: 60_000,
      onread: { buffer: READ_BUFFER, callback: (n: number, buf: Buffer) => received(conn, buf.subarray(0, n)) },
    });
    const conn: Conn = { socket, call: undefined, used: false, timeoutMs: 0, idleSince: 0 };
    this.conns.add(conn);
    socket.on('end', () => {
      const call = conn.call;
      if (!call) return;
      try {
        call.parser.finish();
      } catch (e) {
        call.fail(new UpstreamError('UPSTREAM_CONNECTION', (e as Error).message, { cause: e }));
      }
    });
    socket.on('timeout', () => {
      const call = conn.call;
      if (call) call.fail(new UpstreamError('UPSTREAM_TIMEOUT', 'the upstream did not answer in time'));
      else socket.destroy();
    });
    socket.on('error', (e: Error) => conn.call?.fail(new UpstreamError('UPSTREAM_CONNECTION', e.message, { cause: e })));
    socket.on('close', () => {
      this.conns.delete(conn);
      const i = this.idle.indexOf(conn);
      if (i >= 0) this.idle.splice(i, 1);
      conn.call?.fail(new UpstreamError('UPSTREAM_CONNECTION', 'the upstream closed the connection'));
      // A place freed: the next queued request opens a connection.
      const next = this.queue.shift();
      if (next) this.start(next, false);
    });
    return conn;
  }

  /** Closes every connection; queued requests fail. */
  close(): void {
    this.closed = true;
    clearInterval(this.sweeper);
    for (const c of this.queue.splice(0)) c.fail(new UpstreamError('UPSTREAM_ABORTED', 'the proxy is closing'));
    this.idle.length = 0;
    for (const c of this.conns) c.socket.destroy();
  }
}
