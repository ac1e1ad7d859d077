/**
 * Forwarding an allowed request to the upstream through a pool of keep-alive connections
 * (`upstream/pool.ts`: no request or response stream objects per request): the inspected prefix first,
 * then the rest of the body streamed; X-Forwarded-For / -Proto / -Port added; hop-by-hop headers dropped
 * both ways; the answer streamed back with backpressure (requests and answers leave at the end of the event loop's
 * turn, together: turn-end.ts); 502 when the upstream refuses or breaks, 504 when it does not
 * answer in time (no headers, or a body that stalls, within the timeout).
 */
import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import type { UpstreamCall, UpstreamPool } from './upstream/pool.js';
import type { UpstreamError } from './upstream/errors.js';
import type { CustomHTTPHeader } from '../../services/wafv2/api.generated.js';
import type { ProxyRequest, ProxyResponse } from './exchange.js';
import type { BodyPrefix } from './request-body.js';
import { rawHeader } from './raw-headers.js';
import { sendPage } from './responses.js';
import { atTurnEnd, corkUntilTurnEnd } from './turn-end.js';

/**
 * Headers not forwarded: the hop-by-hop ones, and `expect` (Node's server has answered 100 Continue
 * to the client already; the pool sends the body without waiting).
 */
const NONE: ReadonlySet<string> = new Set();
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'proxy-authenticate', 'proxy-authorization', 'expect']);

export interface ForwardTarget {
  /** The upstream's connection pool. */
  readonly pool: UpstreamPool;
  readonly listenPort: number;
  /** The HTTPS listener's port (requests that came over TLS). */
  readonly httpsPort: number;
  readonly timeoutMs: number;
}

/**
 * The upstream request's headers as a flat [name, value, ...] list (Node writes it as given: the
 * client's names and order, repeated headers kept), without the hop-by-hop ones and those the
 * rule's inserted headers replace; one Host; X-Forwarded-For/-Proto/-Port as a load balancer sets them.
 * A chunked request body is sent chunked again (the pool frames a body of unknown length so).
 */
function requestHeaders(req: ProxyRequest, clientIp: string, t: ForwardTarget, inserted: readonly CustomHTTPHeader[]): string[] {
  const out: string[] = [];
  const raw = req.rawHeaders;
  // Headers the rule's inserted ones replace, and those a Connection header names as hop-by-hop (none
  // beyond keep-alive / close usually: no set to build then).
  const connection = rawHeader(raw, 'connection');
  const named = connection === undefined || /^\s*(?:keep-alive|close)\s*$/i.test(connection) ? [] : connection.split(',');
  const dropped = inserted.length === 0 && named.length === 0 ? NONE : new Set([...inserted.map((h) => h.Name.toLowerCase()), ...named.map((n) => n.trim().toLowerCase())]);
  const xff: string[] = [];
  let host = false;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const n = raw[i]!.toLowerCase();
    if (HOP_BY_HOP.has(n) || dropped.has(n) || n.startsWith('x-forwarded-proto') || n === 'x-forwarded-port') continue;
    if (n === 'x-forwarded-for') {
      xff.push(raw[i + 1]!);
      continue;
    }
    if (n === 'host') {
      if (host) continue;
      host = true;
    }
    out.push(raw[i]!, raw[i + 1]!);
  }
  const secure = (req.socket as { encrypted?: boolean }).encrypted === true;
  out.push('x-forwarded-for', xff.length > 0 ? `${xff.join(', ')}, ${clientIp}` : clientIp);
  out.push('x-forwarded-proto', secure ? 'https' : 'http');
  out.push('x-forwarded-port', String(secure ? t.httpsPort : t.listenPort));
  for (const h of inserted) out.push(h.Name, h.Value);
  return out;
}

/** The request body: the inspected prefix, then the rest as it arrives. */
async function* restOf(req: IncomingMessage, prefix: readonly Buffer[]): AsyncGenerator<Buffer> {
  yield* prefix;
  for await (const c of req) yield c as Buffer;
}

/**
 * The answer to a request that could not be forwarded: 504 when the upstream timed out, 400 when the
 * request itself cannot be sent on (a request target that is not a path, such as `OPTIONS *`), 502 otherwise.
 */
function failureStatus(err: UpstreamError): number {
  return err.code === 'UPSTREAM_TIMEOUT' ? 504 : err.code === 'UPSTREAM_INVALID_REQUEST' ? 400 : 502;
}

/** What a load balancer forwards: every method but CONNECT (a tunnel, answered 405 here). */
const FORWARDED_METHODS = 'GET, HEAD, POST, PUT, DELETE, OPTIONS, PATCH';

/**
 * Forwards `req` and relays the answer to `res`. `body`: what was read of the body (all of it when ended);
 * `stream`: where the rest of it is read from (node:http's request; absent when the front read the request whole).
 */
export function forward(req: ProxyRequest, res: ProxyResponse, body: BodyPrefix, stream: IncomingMessage | undefined, clientIp: string, t: ForwardTarget, inserted: readonly CustomHTTPHeader[]): void {
  if (req.method === 'CONNECT') {
    sendPage(res, 405, { allow: FORWARDED_METHODS, connection: 'close' });
    return;
  }
  const ended = body.ended || !stream;
  let call: UpstreamCall | undefined;
  let done = false;
  const fail = (err: UpstreamError): void => {
    if (done) return;
    done = true;
    if (!res.headersSent) sendPage(res, failureStatus(err), ended ? {} : { connection: 'close' });
    else res.destroy();
    if (!ended) stream.destroy();
  };
  res.on('close', () => {
    if (!res.writableFinished && !done) {
      done = true;
      call?.abort(new Error('client closed'));
    }
  });
  const prefix = body.chunks;
  const payload = ended ? (prefix.length === 0 ? null : prefix.length === 1 ? prefix[0]! : Buffer.concat(prefix)) : Readable.from(restOf(stream, prefix), { objectMode: false });
  try {
    call = t.pool.request(
      { path: req.url ?? '/', method: req.method ?? 'GET', headers: requestHeaders(req, clientIp, t, inserted), body: payload, timeoutMs: t.timeoutMs },
      {
        onHead({ status, reason, rawHeaders }) {
          const hs: string[] = [];
          for (let i = 0; i + 1 < rawHeaders.length; i += 2) if (!HOP_BY_HOP.has(rawHeaders[i]!.toLowerCase())) hs.push(rawHeaders[i]!, rawHeaders[i + 1]!);
          try {
            res.writeHead(status, reason, hs);
            // The answer goes out with the others of this turn (turn-end.ts).
            const s = res.socket;
            if (s && !s.destroyed) corkUntilTurnEnd(s);
          } catch (e) {
            // A header Node refuses to write: the answer cannot be relayed (502, as the call's error).
            call?.abort(e as Error);
          }
        },
        onData(chunk) {
          if (res.write(chunk)) return true;
          res.once('drain', () => call?.resume());
          return false;
        },
        onEnd() {
          done = true;
          atTurnEnd(() => {
            if (!res.destroyed) res.end();
          });
        },
        onError(err) {
          fail(err);
        },
      },
    );
  } catch (e) {
    fail(e as UpstreamError);
  }
}
