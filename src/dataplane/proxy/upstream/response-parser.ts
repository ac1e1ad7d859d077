/**
 * An upstream's HTTP/1.1 answer, read incrementally (RFC 9112): the status line and headers, then the body
 * framed by Content-Length, chunked transfer coding or the end of the connection; 1xx answers skipped (the
 * proxy has answered the client's Expect itself), no body after a HEAD request, 204 or 304. Every buffer is
 * bounded (the head, a chunk-size line, the trailers), and anything that breaks the grammar is an
 * UpstreamError (the proxy's 502): an upstream never makes the proxy buffer without bound or guess.
 */
import { UpstreamError } from './errors.js';
import { fieldValue, HTTP_TOKEN } from '../http-token.js';

/** A response head bigger than this is refused (ALB's limit on response headers is 32 KB). */
export const MAX_RESPONSE_HEAD = 32 * 1024;
const MAX_CHUNK_LINE = 4096;
const MAX_TRAILERS = 16 * 1024;

export interface ResponseHead {
  readonly status: number;
  readonly reason: string;
  /** Names and values, alternating, as sent. */
  readonly rawHeaders: string[];
}

export interface ResponseSink {
  head(h: ResponseHead): void;
  data(chunk: Buffer): void;
  end(): void;
}

type State = 'head' | 'length' | 'chunk-size' | 'chunk-data' | 'chunk-crlf' | 'trailers' | 'close' | 'done';

const STATUS_LINE = /^HTTP\/1\.([01]) ([1-5]\d\d)(?: ([^\r\n]*))?$/;
const CHUNK_SIZE = /^([0-9a-fA-F]{1,12})[ \t]*(?:;[^\r\n]*)?$/;

const bad = (why: string) => new UpstreamError('UPSTREAM_BAD_RESPONSE', `the upstream's answer is not valid HTTP/1.1: ${why}`);

export class ResponseParser {
  private state: State = 'head';
  private pending: Buffer | undefined;
  private remaining = 0;
  private trailerBytes = 0;
  /** Whether the connection may carry another request once this answer is complete. */
  keepAlive = true;
  /** Bytes came after the complete answer (the connection is not reused). */
  extraBytes = false;
  private ended = false;

  constructor(private readonly sink: ResponseSink, private readonly headRequest: boolean) {}

  get done(): boolean {
    return this.state === 'done';
  }

  /** Whether any byte of the answer has arrived. */
  get started(): boolean {
    return this.state !== 'head' || this.pending !== undefined;
  }

  /** Reads `chunk`, which is only lent: the data handed to the sink are views of it, valid until the sink returns. */
  feed(chunk: Buffer): void {
    const buf = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
    this.pending = undefined;
    let i = 0;
    while (i < buf.length && this.state !== 'done') i = this.step(buf, i);
    if (this.state === 'done') {
      if (i < buf.length) this.extraBytes = true;
      this.signalEnd();
    }
  }

  /** The connection ended: that completes an answer framed by it, and breaks any other. */
  finish(): void {
    if (this.state === 'close') this.complete();
    else if (this.state !== 'done') throw bad('the connection closed before the answer was complete');
    this.signalEnd();
  }

  /** The sink hears the end once the bytes that came with it are accounted for (extraBytes). */
  private signalEnd(): void {
    if (this.ended) return;
    this.ended = true;
    this.sink.end();
  }

  /** Consumes from `buf` at `i`; returns where it stopped (buf.length: waiting for more). */
  private step(buf: Buffer, i: number): number {
    switch (this.state) {
      case 'head': {
        const end = buf.indexOf('\r\n\r\n', i, 'latin1');
        if (end < 0 || end - i > MAX_RESPONSE_HEAD) return this.wait(buf, i, MAX_RESPONSE_HEAD, 'response head too large');
        this.onHead(buf.toString('latin1', i, end));
        return end + 4;
      }
      case 'length':
      case 'chunk-data': {
        const n = Math.min(this.remaining, buf.length - i);
        this.sink.data(buf.subarray(i, i + n));
        this.remaining -= n;
        if (this.remaining === 0) {
          if (this.state === 'length') this.complete();
          else this.state = 'chunk-crlf';
        }
        return i + n;
      }
      case 'chunk-crlf':
        if (buf.length - i < 2) return this.wait(buf, i, 2, '');
        if (buf[i] !== 13 || buf[i + 1] !== 10) throw bad('no CRLF after a chunk');
        this.state = 'chunk-size';
        return i + 2;
      case 'chunk-size': {
        const nl = buf.indexOf('\r\n', i, 'latin1');
        if (nl < 0) return this.wait(buf, i, MAX_CHUNK_LINE, 'chunk-size line too long');
        const m = CHUNK_SIZE.exec(buf.toString('latin1', i, nl));
        if (!m) throw bad('invalid chunk size');
        this.remaining = parseInt(m[1]!, 16);
        this.state = this.remaining === 0 ? 'trailers' : 'chunk-data';
        return nl + 2;
      }
      case 'trailers': {
        const nl = buf.indexOf('\r\n', i, 'latin1');
        if (nl < 0) return this.wait(buf, i, MAX_TRAILERS - this.trailerBytes, 'trailers too large');
        this.trailerBytes += nl - i + 2;
        if (this.trailerBytes > MAX_TRAILERS) throw bad('trailers too large');
        if (nl === i) this.complete();
        return nl + 2;
      }
      case 'close':
        this.sink.data(i === 0 ? buf : buf.subarray(i));
        return buf.length;
      default:
        return buf.length;
    }
  }

  /** Keeps a copy of `buf` from `i` for the next bytes (the buffer fed is only lent), unless it already holds more than `max`. */
  private wait(buf: Buffer, i: number, max: number, why: string): number {
    if (buf.length - i > max) throw bad(why);
    this.pending = Buffer.from(buf.subarray(i));
    return buf.length;
  }

  private onHead(text: string): void {
    let eol = text.indexOf('\r\n');
    if (eol < 0) eol = text.length;
    const m = STATUS_LINE.exec(text.slice(0, eol));
    if (!m) throw bad('invalid status line');
    const status = Number(m[2]);
    const rawHeaders: string[] = [];
    let length: string | undefined;
    let coding: string | undefined;
    let close = m[1] === '0';
    // Header lines, one `name: value` each, between CRLFs (the value without the spaces and tabs around it).
    for (let at = eol + 2; at < text.length; at = eol + 2) {
      eol = text.indexOf('\r\n', at);
      if (eol < 0) eol = text.length;
      const colon = text.indexOf(':', at);
      if (colon <= at || colon > eol) throw bad('invalid header line');
      const name = text.slice(at, colon);
      if (!HTTP_TOKEN.test(name)) throw bad('invalid header line');
      const value = fieldValue(text, colon + 1, eol);
      rawHeaders.push(name, value);
      // Only three names matter here: lower-cased only at their lengths.
      const n = name.length;
      if (n !== 14 && n !== 17 && n !== 10) continue;
      const lower = name.toLowerCase();
      if (lower === 'content-length') {
        if (!/^\d{1,15}$/.test(value) || (length !== undefined && length !== value)) throw bad('invalid Content-Length');
        length = value;
      } else if (lower === 'transfer-encoding') coding = coding === undefined ? value : `${coding}, ${value}`;
      else if (lower === 'connection' && /(?:^|,)\s*close\s*(?:,|$)/i.test(value)) close = true;
    }
    if (status < 200) {
      // 101 would switch protocols, which the proxy does not forward; the other 1xx are skipped.
      if (status === 101) throw bad('101 Switching Protocols');
      return;
    }
    this.sink.head({ status, reason: m[3] ?? '', rawHeaders });
    if (close) this.keepAlive = false;
    if (this.headRequest || status === 204 || status === 304) {
      this.complete();
      return;
    }
    if (coding !== undefined) {
      // Both framings: Transfer-Encoding decides (RFC 9112 §6.3), and the connection is not trusted again.
      if (length !== undefined) this.keepAlive = false;
      const codings = coding.split(',');
      if (codings[codings.length - 1]!.trim().toLowerCase() === 'chunked') this.state = 'chunk-size';
      else this.closeDelimited();
      return;
    }
    if (length === undefined) {
      this.closeDelimited();
      return;
    }
    this.remaining = Number(length);
    if (this.remaining === 0) this.complete();
    else this.state = 'length';
  }

  private closeDelimited(): void {
    this.state = 'close';
    this.keepAlive = false;
  }

  private complete(): void {
    this.state = 'done';
  }
}
