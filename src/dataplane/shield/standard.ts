/**
 * Shield Standard as a user-space proxy can give it, always on in every proxy: caps on connections
 * (per client IP and in all), on header count and size, slow-request timeouts (slowloris: headers
 * that never finish; slow bodies; idle keep-alive connections), and a shedding gate that answers 503
 * early when the process is overloaded (a token bucket on the request rate, and the event loop's
 * delay), so that it stays responsive. Pure and configurable: the proxy calls `onConnection` /
 * `onRelease` per connection, `checkHeaders` and `shouldShed` per request, and creates its server
 * with `serverOptions()` and `configureServer()`. What it cannot do (volumetric L3/L4 floods that fill
 * the link before user space sees them) is out of reach of any process and is not pretended.
 */
import type { Server, ServerOptions } from 'node:http';
import { normalizeIp } from '../waf/ip.js';

export interface StandardConfig {
  /** Concurrent connections from one client IP. */
  readonly maxConnectionsPerIp: number;
  /** Concurrent connections in all. */
  readonly maxConnections: number;
  /** Request headers per request (Node's maxHeadersCount; more are a 431 here). */
  readonly maxHeaderCount: number;
  /** Bytes of the request line and headers (Node's maxHeaderSize: more is a 431). */
  readonly maxHeaderBytes: number;
  /** Time to receive the complete headers (slowloris). */
  readonly headersTimeoutMs: number;
  /** Time to receive the complete request, body included (slow POST). */
  readonly requestTimeoutMs: number;
  /** Idle time of a keep-alive connection between requests. */
  readonly keepAliveTimeoutMs: number;
  /** Inactivity of a socket at any time (no byte either way). */
  readonly idleTimeoutMs: number;
  /** Requests served on one connection. */
  readonly maxRequestsPerSocket: number;
  /** Sustained requests per second the process accepts before shedding ... */
  readonly shedRatePerSecond: number;
  /** ... with bursts of this many. */
  readonly shedBurst: number;
  /** Event loop delay (ms) above which new requests are shed. */
  readonly maxEventLoopDelayMs: number;
  /** Retry-After of a shed request's 503 (seconds). */
  readonly retryAfterSeconds: number;
}

export const DEFAULT_STANDARD_CONFIG: StandardConfig = {
  maxConnectionsPerIp: 128,
  maxConnections: 10_000,
  maxHeaderCount: 100,
  maxHeaderBytes: 16 * 1024,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 60_000,
  keepAliveTimeoutMs: 5_000,
  idleTimeoutMs: 60_000,
  maxRequestsPerSocket: 10_000,
  shedRatePerSecond: 20_000,
  shedBurst: 40_000,
  maxEventLoopDelayMs: 500,
  retryAfterSeconds: 1,
};

export type ConnectionVerdict = 'allow' | 'refuse';
export type HeaderVerdict = 'ok' | 'too-many' | 'too-large';

export { normalizeIp };

export class StandardProtections {
  private readonly perIp = new Map<string, number>();
  private open = 0;
  private tokens: number;
  private refilledAt: number | undefined;
  private shedCount = 0;
  private refusedCount = 0;

  constructor(readonly config: StandardConfig = DEFAULT_STANDARD_CONFIG) {
    this.tokens = config.shedBurst;
  }

  /** A new connection from `ip`: refused beyond the per-IP or global cap (the proxy then destroys it). */
  onConnection(ip: string): ConnectionVerdict {
    const key = normalizeIp(ip);
    const n = this.perIp.get(key) ?? 0;
    if (n >= this.config.maxConnectionsPerIp || this.open >= this.config.maxConnections) {
      this.refusedCount++;
      return 'refuse';
    }
    // INVARIANT: perIp holds only IPs with open connections, so its size is at most maxConnections.
    this.perIp.set(key, n + 1);
    this.open++;
    return 'allow';
  }

  /** An allowed connection closed (call once per allowed connection). */
  onRelease(ip: string): void {
    const key = normalizeIp(ip);
    const n = this.perIp.get(key);
    if (n === undefined) return;
    if (n <= 1) this.perIp.delete(key);
    else this.perIp.set(key, n - 1);
    this.open = Math.max(0, this.open - 1);
  }

  /** Header caps beyond Node's own: `rawHeaders` as Node gives them (name, value, name, value...). */
  checkHeaders(rawHeaders: readonly string[]): HeaderVerdict {
    if (rawHeaders.length / 2 > this.config.maxHeaderCount) return 'too-many';
    let bytes = 0;
    for (const h of rawHeaders) bytes += Buffer.byteLength(h) + 2;
    return bytes > this.config.maxHeaderBytes ? 'too-large' : 'ok';
  }

  /**
   * Whether to answer this request 503 at once (with `retryAfterSeconds`): the token bucket is empty
   * or the event loop lags (`eventLoopDelayMs`, e.g. from `monitorEventLoopDelay`). Takes a token otherwise.
   */
  shouldShed(now: number, eventLoopDelayMs = 0): boolean {
    const c = this.config;
    if (this.refilledAt === undefined) this.refilledAt = now;
    const elapsed = Math.max(0, now - this.refilledAt) / 1000;
    this.tokens = Math.min(c.shedBurst, this.tokens + elapsed * c.shedRatePerSecond);
    this.refilledAt = Math.max(this.refilledAt, now);
    if (eventLoopDelayMs > c.maxEventLoopDelayMs || this.tokens < 1) {
      this.shedCount++;
      return true;
    }
    this.tokens -= 1;
    return false;
  }

  /** Options of `http.createServer` (Node checks the timeouts every `connectionsCheckingInterval`). */
  serverOptions(): ServerOptions {
    const c = this.config;
    return {
      headersTimeout: c.headersTimeoutMs,
      requestTimeout: c.requestTimeoutMs,
      keepAliveTimeout: c.keepAliveTimeoutMs,
      maxHeaderSize: c.maxHeaderBytes,
      connectionsCheckingInterval: Math.max(100, Math.min(1000, Math.floor(c.headersTimeoutMs / 4))),
    };
  }

  /** Settings Node takes on the server object rather than as options. */
  configureServer(server: Server): void {
    const c = this.config;
    server.maxHeadersCount = c.maxHeaderCount;
    server.maxRequestsPerSocket = c.maxRequestsPerSocket;
    server.maxConnections = c.maxConnections;
    server.setTimeout(c.idleTimeoutMs, (socket) => socket.destroy());
    server.on('connection', (socket) => {
      const ip = socket.remoteAddress ?? '';
      if (this.onConnection(ip) === 'refuse') {
        socket.destroy();
        return;
      }
      socket.once('close', () => this.onRelease(ip));
    });
  }

  stats(): { openConnections: number; clients: number; shed: number; refused: number } {
    return { openConnections: this.open, clients: this.perIp.size, shed: this.shedCount, refused: this.refusedCount };
  }
}
