/**
 * The answer to a request the front read (front.ts), written as node:http's ServerResponse writes one, for
 * the calls the proxy makes (exchange.ts): the same validation of the status, reason and headers (a header
 * Node refuses throws here too), a Date header, `Connection: keep-alive` with `Keep-Alive: timeout=N` or
 * `Connection: close`, the body framed by its Content-Length or else chunked, no body after a HEAD request
 * or with a 204 or 304. The head goes out with the first piece of the body. 'finish' and then 'close' are
 * emitted on the next tick after end(); 'close' alone when the connection breaks first.
 */
import { EventEmitter } from 'node:events';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { ProxyResponse } from '../exchange.js';
import { HTTP_TOKEN } from '../http-token.js';

/** What node:http refuses in a header value or a reason phrase (its checkInvalidHeaderChar). */
const INVALID_CHAR = /[^\t\x20-\x7e\x80-\xff]/;
const TE_CHUNKED = /(?:^|\W)chunked(?:$|\W)/i;
const CONN_CLOSE = /(?:^|\W)close(?:$|\W)/i;

let dateSecond = -1;
let dateValue = '';
/** The Date header's value, made once a second. */
function httpDate(): string {
  const s = Math.floor(Date.now() / 1000);
  if (s !== dateSecond) {
    dateSecond = s;
    dateValue = new Date(s * 1000).toUTCString();
  }
  return dateValue;
}

/** The connection an answer belongs to. */
export interface AnswerOwner {
  /** The answer was written whole (its 'finish' is still to come). */
  answered(res: FastResponse): void;
}

const invalid = (what: string): Error => Object.assign(new TypeError(`Invalid character in ${what}`), { code: 'ERR_INVALID_CHAR' });

/** setHeader's headers, then writeHead's, which replace those of the same name (as node:http merges them). */
function merged(extra: readonly string[], headers: string[]): string[] {
  const given = new Set<string>();
  for (let i = 0; i < headers.length; i += 2) given.add(headers[i]!.toLowerCase());
  const out: string[] = [];
  for (let i = 0; i + 1 < extra.length; i += 2) if (!given.has(extra[i]!.toLowerCase())) out.push(extra[i]!, extra[i + 1]!);
  return out.concat(headers);
}

function emitDone(res: FastResponse): void {
  res.emit('finish');
  res.emit('close');
}

export class FastResponse extends EventEmitter implements ProxyResponse {
  statusCode = 200;
  headersSent = false;
  writableFinished = false;
  destroyed = false;
  /** The head, until it goes out with the body's first piece. */
  private head: string | undefined;
  private chunked = false;
  private hasBody: boolean;
  private extra: string[] | undefined;
  private drainHooked = false;

  /**
   * `last`: the connection closes after this answer (the client asked, or its count of requests is reached);
   * a `Connection: close` header given to writeHead sets it too.
   */
  constructor(readonly socket: Socket, private readonly owner: AnswerOwner, headRequest: boolean, public last: boolean, private readonly keepAliveSeconds: number) {
    super();
    this.hasBody = !headRequest;
  }

  setHeader(name: string, value: string): this {
    if (this.headersSent) throw Object.assign(new Error('Cannot set headers after they are sent to the client'), { code: 'ERR_HTTP_HEADERS_SENT' });
    (this.extra ??= []).push(name, value);
    return this;
  }

  writeHead(status: number, reason: string | undefined, headers: string[]): this {
    if (this.headersSent) throw Object.assign(new Error('Cannot write headers after they are sent to the client'), { code: 'ERR_HTTP_HEADERS_SENT' });
    if (!Number.isInteger(status) || status < 100 || status > 999) throw Object.assign(new RangeError(`Invalid status code: ${status}`), { code: 'ERR_HTTP_INVALID_STATUS_CODE' });
    const phrase = reason ?? STATUS_CODES[status] ?? 'unknown';
    if (INVALID_CHAR.test(phrase)) throw invalid('statusMessage');
    const all = this.extra ? merged(this.extra, headers) : headers;
    let head = `HTTP/1.1 ${status} ${phrase}\r\n`;
    let length = false;
    let te = false;
    let date = false;
    let connection = false;
    for (let i = 0; i + 1 < all.length; i += 2) {
      const name = all[i]!;
      const value = String(all[i + 1]);
      if (!HTTP_TOKEN.test(name)) throw Object.assign(new TypeError(`Header name must be a valid HTTP token ["${name}"]`), { code: 'ERR_INVALID_HTTP_TOKEN' });
      if (INVALID_CHAR.test(value)) throw invalid(`header content ["${name}"]`);
      switch (name.length) {
        case 4:
          date ||= name.toLowerCase() === 'date';
          break;
        case 10:
          if (name.toLowerCase() === 'connection') {
            connection = true;
            if (CONN_CLOSE.test(value)) this.last = true;
          }
          break;
        case 14:
          length ||= name.toLowerCase() === 'content-length';
          break;
        case 17:
          if (name.toLowerCase() === 'transfer-encoding') te = TE_CHUNKED.test(value);
          break;
      }
      head += `${name}: ${value}\r\n`;
    }
    if (status === 204 || status === 304 || status < 200) this.hasBody = false;
    if (!date) head += `Date: ${httpDate()}\r\n`;
    if (!connection) head += this.last ? 'Connection: close\r\n' : `Connection: keep-alive\r\nKeep-Alive: timeout=${this.keepAliveSeconds}\r\n`;
    if (!length && this.hasBody) {
      if (!te) head += 'Transfer-Encoding: chunked\r\n';
      this.chunked = true;
    }
    this.head = `${head}\r\n`;
    this.statusCode = status;
    this.headersSent = true;
    return this;
  }

  write(chunk: Buffer): boolean {
    if (this.writableFinished || this.destroyed) return false;
    if (!this.headersSent) this.writeHead(this.statusCode, undefined, []);
    if (!this.hasBody || chunk.length === 0) return true;
    const ok = this.put(chunk);
    if (!ok && !this.drainHooked) {
      this.drainHooked = true;
      this.socket.once('drain', () => {
        this.drainHooked = false;
        this.emit('drain');
      });
    }
    return ok;
  }

  end(chunk?: string | Buffer): this {
    if (this.writableFinished || this.destroyed) return this;
    if (!this.headersSent) this.writeHead(this.statusCode, undefined, []);
    const s = this.socket;
    s.cork();
    if (chunk !== undefined && chunk.length > 0 && this.hasBody) this.put(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    else this.flushHead();
    if (this.chunked) s.write('0\r\n\r\n', 'latin1');
    s.uncork();
    this.writableFinished = true;
    this.owner.answered(this);
    process.nextTick(emitDone, this);
    return this;
  }

  destroy(): this {
    if (!this.destroyed) {
      this.destroyed = true;
      this.socket.destroy();
    }
    return this;
  }

  /** The connection closed before the answer was complete. */
  broken(): void {
    if (this.writableFinished) return;
    this.destroyed = true;
    this.emit('close');
  }

  private flushHead(): void {
    if (this.head === undefined) return;
    this.socket.write(this.head, 'latin1');
    this.head = undefined;
  }

  /** Writes a piece of the body (with the head first, framed as a chunk when chunked). */
  private put(chunk: Buffer): boolean {
    const s = this.socket;
    const head = this.head;
    if (!this.chunked) {
      if (head === undefined) return s.write(chunk);
      // The head and the body's first piece in one buffer: one write of a buffer rather than a vector of a string and a buffer.
      this.head = undefined;
      const out = Buffer.allocUnsafe(head.length + chunk.length);
      out.write(head, 0, 'latin1');
      chunk.copy(out, head.length);
      return s.write(out);
    }
    s.cork();
    this.flushHead();
    s.write(`${chunk.length.toString(16)}\r\n`, 'latin1');
    s.write(chunk);
    const ok = s.write('\r\n', 'latin1');
    s.uncork();
    return ok;
  }
}
