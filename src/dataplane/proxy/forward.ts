/**
 * Forwarding an allowed request to the upstream: the inspected prefix first, then the rest of the
 * body streamed; X-Forwarded-For / -Proto / -Port added; hop-by-hop headers dropped both ways;
 * 502 when the upstream refuses or breaks, 504 when it does not answer in time.
 */
import { request as httpRequest, type Agent, type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import type { CustomHTTPHeader } from '../../services/wafv2/api.generated.js';
import { sendPage } from './responses.js';

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'proxy-authenticate', 'proxy-authorization']);

export interface ForwardTarget {
  readonly upstream: URL;
  readonly agent: Agent;
  readonly listenPort: number;
  /** The HTTPS listener's port (requests that came over TLS). */
  readonly httpsPort: number;
  readonly timeoutMs: number;
}

function requestHeaders(req: IncomingMessage, clientIp: string, t: ForwardTarget, inserted: readonly CustomHTTPHeader[]): OutgoingHttpHeaders {
  const out: Record<string, string[]> = {};
  const raw = req.rawHeaders;
  const dropped = new Set(inserted.map((h) => h.Name.toLowerCase()));
  // A Connection header may name more hop-by-hop headers.
  for (const n of (req.headers.connection ?? '').split(',')) dropped.add(n.trim().toLowerCase());
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const n = raw[i]!.toLowerCase();
    if (HOP_BY_HOP.has(n) || dropped.has(n) || n.startsWith('x-forwarded-proto') || n === 'x-forwarded-port') continue;
    (out[n] ??= []).push(raw[i + 1]!);
  }
  const xff = out['x-forwarded-for'];
  out['x-forwarded-for'] = [xff ? `${xff.join(', ')}, ${clientIp}` : clientIp];
  const secure = (req.socket as { encrypted?: boolean }).encrypted === true;
  out['x-forwarded-proto'] = [secure ? 'https' : 'http'];
  out['x-forwarded-port'] = [String(secure ? t.httpsPort : t.listenPort)];
  for (const h of inserted) (out[h.Name.toLowerCase()] ??= []).push(h.Value);
  if (req.headers['transfer-encoding'] !== undefined) out['transfer-encoding'] = ['chunked'];
  // Node takes a list only for headers that may repeat; one value is a string.
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, v.length === 1 ? v[0]! : k === 'host' ? v[0]! : v]));
}

export function forward(req: IncomingMessage, res: ServerResponse, prefix: readonly Buffer[], ended: boolean, clientIp: string, t: ForwardTarget, inserted: readonly CustomHTTPHeader[]): void {
  let timedOut = false;
  const up = httpRequest(
    {
      protocol: t.upstream.protocol,
      hostname: t.upstream.hostname,
      port: t.upstream.port || 80,
      method: req.method,
      path: req.url,
      headers: requestHeaders(req, clientIp, t, inserted),
      agent: t.agent,
      setHost: false,
    },
    (ur) => {
      const hs: string[] = [];
      const raw = ur.rawHeaders;
      for (let i = 0; i + 1 < raw.length; i += 2) if (!HOP_BY_HOP.has(raw[i]!.toLowerCase())) hs.push(raw[i]!, raw[i + 1]!);
      try {
        res.writeHead(ur.statusCode ?? 502, ur.statusMessage, hs);
      } catch {
        ur.destroy();
        sendPage(res, 502);
        return;
      }
      ur.pipe(res);
      ur.on('error', () => res.destroy());
    },
  );
  up.setTimeout(t.timeoutMs, () => {
    timedOut = true;
    up.destroy();
  });
  up.on('error', () => {
    if (!res.headersSent) sendPage(res, timedOut ? 504 : 502, ended ? {} : { connection: 'close' });
    else res.destroy();
    if (!ended) req.destroy();
  });
  res.on('close', () => {
    if (!res.writableFinished) up.destroy();
  });
  for (const c of prefix) up.write(c);
  if (ended) up.end();
  else req.pipe(up);
}
