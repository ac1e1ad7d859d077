/** What Shield Advanced learns of each request to a resource it watches. */
import type { IncomingMessage } from 'node:http';
import type { ShieldEngine } from '../shield/engine.js';
import type { ProxyRequest, ProxyResponse } from './exchange.js';
import { rawHeader } from './raw-headers.js';

/**
 * Hands the answered request to Shield Advanced (status 0 when the connection closed before an answer).
 * `body`: the body's size when it was read whole, or the stream it is still read from (counted as it goes).
 */
export function observeInto(shield: ShieldEngine, resourceArn: string, req: ProxyRequest, res: ProxyResponse, url: string, clientIp: string, time: number, body: number | IncomingMessage): void {
  let bytes = typeof body === 'number' ? body : 0;
  for (const h of req.rawHeaders) bytes += h.length + 2;
  if (typeof body !== 'number') body.on('data', (c: Buffer) => (bytes += c.length));
  const q = url.indexOf('?');
  const done = (status: number) => {
    const ua = rawHeader(req.rawHeaders, 'user-agent');
    const referrer = rawHeader(req.rawHeaders, 'referer');
    shield.observe({ time, resourceArn, clientIp, path: q < 0 ? url : url.slice(0, q), method: req.method ?? 'GET', status, bytes: bytes + url.length, ...(ua ? { userAgent: ua } : {}), ...(referrer ? { referrer } : {}) });
  };
  res.once('finish', () => done(res.statusCode));
  res.once('close', () => {
    if (!res.writableFinished) done(0);
  });
}
