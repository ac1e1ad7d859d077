/**
 * A minimal Redis client (RESP2 over TCP): pipelined commands, replies in order, reconnect on the
 * next command after a failure. Enough for the rate counter (HINCRBY, PEXPIRE, HGETALL, HDEL, DEL,
 * SCAN); see docs/dependencies.md for why not the `redis` or `ioredis` package.
 */
import { connect, type Socket } from 'node:net';

export type RespValue = string | number | null | RespValue[];

interface Pending {
  resolve(v: RespValue): void;
  reject(e: Error): void;
}

/** Reply size bound: a reply larger than this closes the connection (protects the proxy's memory). */
const MAX_BUFFER = 8 * 1024 * 1024;

export class RespClient {
  private socket: Socket | undefined;
  private buf: Buffer = Buffer.alloc(0);
  private readonly pending: Pending[] = [];
  private closed = false;

  constructor(private readonly url: URL, private readonly timeoutMs = 1000) {}

  static fromUrl(url: string): RespClient {
    const u = new URL(url);
    if (u.protocol !== 'redis:') throw new Error(`--redis must be a redis:// URL, not '${url}'`);
    return new RespClient(u);
  }

  private ensure(): Socket {
    if (this.socket && !this.socket.destroyed) return this.socket;
    const s = connect({ host: this.url.hostname || '127.0.0.1', port: Number(this.url.port || 6379) });
    s.setNoDelay(true);
    s.on('data', (d: Buffer) => this.onData(d));
    const fail = (e: Error) => this.failAll(e);
    s.on('error', fail);
    s.on('close', () => fail(new Error('redis connection closed')));
    this.socket = s;
    this.buf = Buffer.alloc(0);
    const auth: string[][] = [];
    if (this.url.password) auth.push(this.url.username ? ['AUTH', decodeURIComponent(this.url.username), decodeURIComponent(this.url.password)] : ['AUTH', decodeURIComponent(this.url.password)]);
    const db = this.url.pathname.replace(/^\//, '');
    if (db) auth.push(['SELECT', db]);
    for (const c of auth) this.send(s, c, { resolve: () => undefined, reject: () => undefined });
    return s;
  }

  private send(s: Socket, args: readonly string[], p: Pending): void {
    this.pending.push(p);
    s.write(`*${args.length}\r\n` + args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join(''));
  }

  /** Sends commands in one write; resolves with their replies (an error reply rejects). */
  pipeline(cmds: readonly (readonly string[])[]): Promise<RespValue[]> {
    if (this.closed) return Promise.reject(new Error('redis client closed'));
    const s = this.ensure();
    return new Promise((resolve, reject) => {
      const out: RespValue[] = [];
      let failed = false;
      const timer = setTimeout(() => {
        failed = true;
        reject(new Error('redis timeout'));
        s.destroy();
      }, this.timeoutMs);
      cmds.forEach((c, i) =>
        this.send(s, c, {
          resolve: (v) => {
            out[i] = v;
            if (i === cmds.length - 1 && !failed) {
              clearTimeout(timer);
              resolve(out);
            }
          },
          reject: (e) => {
            if (failed) return;
            failed = true;
            clearTimeout(timer);
            reject(e);
          },
        }),
      );
    });
  }

  private failAll(e: Error): void {
    this.socket = undefined;
    for (const p of this.pending.splice(0)) p.reject(e);
  }

  private onData(d: Buffer): void {
    this.buf = this.buf.length ? Buffer.concat([this.buf, d]) : d;
    if (this.buf.length > MAX_BUFFER) {
      this.socket?.destroy();
      return;
    }
    for (;;) {
      const r = parse(this.buf, 0);
      if (!r) return;
      this.buf = this.buf.subarray(r.end);
      const p = this.pending.shift();
      if (r.value instanceof Error) p?.reject(r.value);
      else p?.resolve(r.value);
    }
  }

  close(): void {
    this.closed = true;
    this.socket?.destroy();
    this.failAll(new Error('redis client closed'));
  }
}

type Parsed = { value: RespValue | Error; end: number } | undefined;

function parse(b: Buffer, at: number): Parsed {
  const nl = b.indexOf('\r\n', at);
  if (nl < 0) return undefined;
  const line = b.toString('latin1', at + 1, nl);
  const next = nl + 2;
  switch (b[at]) {
    case 0x2b: // +
      return { value: line, end: next };
    case 0x2d: // -
      return { value: new Error(`redis: ${line}`), end: next };
    case 0x3a: // :
      return { value: Number(line), end: next };
    case 0x24: { // $
      const n = Number(line);
      if (n < 0) return { value: null, end: next };
      if (b.length < next + n + 2) return undefined;
      return { value: b.toString('utf8', next, next + n), end: next + n + 2 };
    }
    case 0x2a: { // *
      const n = Number(line);
      if (n < 0) return { value: null, end: next };
      const items: RespValue[] = [];
      let pos = next;
      for (let i = 0; i < n; i++) {
        const r = parse(b, pos);
        if (!r) return undefined;
        if (r.value instanceof Error) return r;
        items.push(r.value);
        pos = r.end;
      }
      return { value: items, end: pos };
    }
    default:
      return { value: new Error('redis: protocol error'), end: b.length };
  }
}
