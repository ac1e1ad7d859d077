/** What Shield Advanced learns of each request to a resource it watches. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ShieldEngine } from '../shield/engine.js';
import { rawHeader } from './raw-headers.js';

/** Hands the answered request to Shield Advanced (status 0 when the connection closed before an answer). */
export function observeInto(shield: ShieldEngine, resourceArn: string, req: IncomingMessage, res: ServerResponse, url: string, clientIp: string, time: number): void {
  let bytes = 0;
  for (const h of req.rawHeaders) bytes += h.length + 2;
  req.on('data', (c: Buffer) => (bytes += c.length));
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
