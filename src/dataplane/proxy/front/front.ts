/**
 * The proxy's client-facing HTTP/1.1 front. Each connection is read here while its requests are of the strict
 * subset head.ts reads (nearly every request of a browser or an API client: a head and a body, whole in the bytes
 * at hand), and each such request is served without node:http's request and response streams (they cost about a
 * tenth of the proxy's CPU per request). The first request outside the subset, or not whole in what has arrived,
 * hands the connection to node:http's own connection listener, with its unread bytes put back: from then on Node's
 * parser reads it, with its own limits, timeouts and errors (so a slow or malformed head is Node's to time out or
 * refuse). Requests are answered one at a time, in order: bytes that come while one is answered wait (the socket
 * pauses, so the client's end of the stream is not seen before them either), and so do requests sent while the
 * answers before them fill the socket's buffer (a client that does not read). A client that half-closes gets its
 * answers, then the connection closes (as node:http with httpAllowHalfOpen). Idle connections are closed by a sweep
 * once a second, not a timer per request: with no byte moving either way for the keep-alive timeout between
 * requests, the headers timeout before the first one, or the idle timeout while one is answered or still leaving.
 */
import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import type { ProxyRequest } from '../exchange.js';
import { OTHER, readRequest, type HeadLimits, type SimpleRequest } from './head.js';
import { FastResponse, type AnswerOwner } from './response.js';

export interface FrontOptions {
  readonly limits: HeadLimits;
  readonly headersTimeoutMs: number;
  readonly keepAliveTimeoutMs: number;
  readonly idleTimeoutMs: number;
  /** The answer to this many requests on a connection closes it. */
  readonly maxRequestsPerSocket: number;
  /** Requests node:http is to serve although the front could read them (their handler reads a stream). */
  readonly nodeOnly: (target: string) => boolean;
  /** Serves a request the front read (`body`: all of it). */
  readonly serve: (req: FastRequest, res: FastResponse, body: Buffer) => void;
  /** node:http's server takes the connection (its unread bytes are back in the socket). */
  readonly handOver: (socket: Socket) => void;
}

export class FastRequest implements ProxyRequest {
  readonly httpVersion = '1.1';
  readonly destroyed = false;
  constructor(public method: string, public url: string, readonly rawHeaders: string[], readonly socket: Socket) {}
}

const SWEEP_MS = 1000;

class Connection implements AnswerOwner {
  /** Bytes read and not yet taken by a request. */
  private buf: Buffer | undefined;
  /** A request is being answered. */
  private busy = false;
  private pumping = false;
  private paused = false;
  /** Answers written and not yet taken by the client fill the socket's buffer: no request is read until it drains. */
  private draining = false;
  /** The client has sent all it will (half-close). */
  private ended = false;
  private served = 0;
  private current: FastResponse | undefined;
  /** When the sweep last saw bytes move either way (or the connection opened). */
  private lastActive = Date.now();
  /** Bytes read and handed to the kernel, when the sweep last looked. */
  private progress = 0;

  private readonly onData = (d: Buffer): void => {
    this.buf = this.buf === undefined ? d : Buffer.concat([this.buf, d]);
    if (!this.busy && !this.draining) this.pump();
    else if (!this.paused) {
      this.paused = true;
      this.socket.pause();
    }
  };

  /** The client's half-close: requests already read are answered, the last answer closes the connection. */
  private readonly onEnd = (): void => {
    this.ended = true;
    if (this.buf !== undefined) return;
    if (!this.busy) this.socket.end();
    else if (this.current && !this.current.headersSent) this.current.last = true;
  };

  private readonly onDrain = (): void => {
    this.draining = false;
    this.pump();
  };

  private readonly onClose = (): void => {
    this.front.forget(this);
    this.current?.broken();
  };

  constructor(private readonly front: Front, readonly socket: Socket) {
    socket.on('data', this.onData);
    socket.on('end', this.onEnd);
    socket.on('close', this.onClose);
    socket.on('error', noop);
  }

  /**
   * Closes the connection if no byte has moved either way for too long (`now`: Date.now()). An answer still
   * leaving (bytes not yet handed to the kernel: a slow client) counts as one being written.
   */
  sweep(now: number, o: FrontOptions, late: boolean): void {
    const s = this.socket;
    const progress = s.bytesRead + s.bytesWritten - s.writableLength;
    if (progress !== this.progress) {
      this.progress = progress;
      this.lastActive = now;
      return;
    }
    // After a stall of the event loop, timers run before the I/O that completed meanwhile is accounted.
    if (late) return;
    const limit = this.busy || s.writableLength > 0 ? o.idleTimeoutMs : this.served === 0 ? o.headersTimeoutMs : o.keepAliveTimeoutMs;
    if (now - this.lastActive >= limit) s.destroy();
  }

  answered(res: FastResponse): void {
    if (res !== this.current) return;
    this.busy = false;
    this.current = undefined;
    if (res.last) {
      this.socket.end();
      return;
    }
    this.pump();
  }

  /** Serves the requests that are whole in the buffer, one at a time; hands the connection over at the first other one. */
  private pump(): void {
    if (this.pumping || this.draining) return;
    this.pumping = true;
    const o = this.front.options;
    while (!this.busy && this.buf !== undefined && !this.socket.destroyed) {
      // A client that sends requests without reading the answers: they wait in its socket's buffer, not in memory.
      if (this.socket.writableNeedDrain) {
        this.draining = true;
        this.socket.once('drain', this.onDrain);
        break;
      }
      const r = readRequest(this.buf, o.limits);
      if (r === OTHER || o.nodeOnly(r.target)) {
        this.pumping = false;
        this.handOver();
        return;
      }
      this.buf = r.bytes === this.buf.length ? undefined : this.buf.subarray(r.bytes);
      this.dispatch(r, o);
    }
    this.pumping = false;
    if (this.busy || this.draining) {
      // Pipelined bytes wait for the answer being written: read no more (nor the client's end) until then.
      if (this.buf !== undefined && !this.paused) {
        this.paused = true;
        this.socket.pause();
      }
    } else if (this.ended) this.socket.end();
    else if (this.paused) {
      this.paused = false;
      this.socket.resume();
    }
  }

  private dispatch(r: SimpleRequest, o: FrontOptions): void {
    this.busy = true;
    this.served++;
    const last = r.close || (this.ended && this.buf === undefined) || this.served >= o.maxRequestsPerSocket;
    const res = new FastResponse(this.socket, this, r.method === 'HEAD', last, this.front.keepAliveSeconds);
    this.current = res;
    o.serve(new FastRequest(r.method, r.target, r.rawHeaders, this.socket), res, r.body);
  }

  /**
   * node:http's server reads the connection from here on, starting with the bytes not taken. When the client's
   * end was read already, those bytes and the end are handed to node:http's listeners as the stream would have.
   */
  private handOver(): void {
    const s = this.socket;
    const buf = this.buf;
    this.buf = undefined;
    s.off('data', this.onData);
    s.off('end', this.onEnd);
    s.off('close', this.onClose);
    s.off('error', noop);
    this.front.forget(this);
    s.pause();
    if (this.ended) {
      this.front.options.handOver(s);
      if (buf !== undefined) s.emit('data', buf);
      s.emit('end');
      return;
    }
    if (buf !== undefined) s.unshift(buf);
    this.front.options.handOver(s);
    s.resume();
  }
}

function noop(): void {}

export class Front {
  private readonly conns = new Set<Connection>();
  private readonly sweeper: NodeJS.Timeout;
  /** The keep-alive timeout as answers announce it (`Keep-Alive: timeout=N`). */
  readonly keepAliveSeconds: number;

  constructor(readonly options: FrontOptions) {
    this.keepAliveSeconds = Math.floor(options.keepAliveTimeoutMs / 1000);
    let last = Date.now();
    this.sweeper = setInterval(() => {
      const now = Date.now();
      // A sweep half an interval late follows a stalled event loop (a process busy or starved of CPU): it closes nothing.
      const late = now - last > SWEEP_MS * 1.5;
      last = now;
      for (const c of this.conns) c.sweep(now, options, late);
    }, SWEEP_MS);
    this.sweeper.unref();
  }

  /** Reads `socket`'s requests (a new connection, already admitted by Shield Standard's caps). */
  accept(socket: Socket): void {
    this.conns.add(new Connection(this, socket));
  }

  /** @internal */
  forget(c: Connection): void {
    this.conns.delete(c);
  }

  /** The connections it reads now. */
  get size(): number {
    return this.conns.size;
  }

  /** Closes every connection it reads. */
  close(): void {
    clearInterval(this.sweeper);
    for (const c of this.conns) c.socket.destroy();
    this.conns.clear();
  }
}

/**
 * Puts a front before `server`: the connections it accepts, and those emitted to it (the TLS listener's), are
 * read by the front, after the 'connection' listeners added before this call (Shield Standard's caps: a
 * connection they destroy is not read); node:http's own connection listener reads a connection the front hands over.
 */
export function frontFor(server: Server, options: Omit<FrontOptions, 'handOver'>): Front {
  const nodeReads = server.listeners('connection')[0] as ((socket: Socket) => void) | undefined;
  // node:http adds it when the server is made, first of all.
  if (nodeReads?.name !== 'connectionListener') throw new Error("node:http's connection listener was not found");
  server.removeListener('connection', nodeReads);
  const front = new Front({ ...options, handOver: (socket) => nodeReads.call(server, socket) });
  server.on('connection', (socket: Socket) => {
    if (!socket.destroyed) front.accept(socket);
  });
  return front;
}
