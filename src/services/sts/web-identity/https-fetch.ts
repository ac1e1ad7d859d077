/**
 * One bounded HTTPS GET of a JSON document from an identity provider: https only, no redirects,
 * a 5 s deadline for the whole exchange, at most 1 MiB of body, status 200 only, and the server
 * trusted by the CA store or by one of the provider's thumbprints (tls-trust.ts). Nothing is sent
 * but the GET of a URL the provider's administrator registered (or its discovery document named):
 * no credentials, no body.
 */
import { request } from 'node:https';
import { isIP } from 'node:net';
import type { DetailedPeerCertificate, TLSSocket } from 'node:tls';
import { trustedByThumbprint } from './tls-trust.js';

/** Limits of one fetch. */
export interface FetchLimits {
  readonly timeoutMs: number;
  readonly maxBytes: number;
}

export const DEFAULT_FETCH_LIMITS: FetchLimits = { timeoutMs: 5000, maxBytes: 1024 * 1024 };

/** Fetches and parses `url`; rejects with an Error whose message says what failed (for the log). */
export function fetchJson(url: string, thumbprints: readonly string[], limits: FetchLimits = DEFAULT_FETCH_LIMITS, now: () => number = Date.now): Promise<unknown> {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return Promise.reject(new Error(`not a URL: ${url}`));
  }
  if (u.protocol !== 'https:' || u.username !== '' || u.password !== '') return Promise.reject(new Error(`not an https URL: ${url}`));
  const hostname = u.hostname.startsWith('[') ? u.hostname.slice(1, -1) : u.hostname;
  return new Promise((resolve, reject) => {
    let settled = false;
    const done = (err: Error | undefined, value?: unknown) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (err) {
        req.destroy();
        reject(err);
      } else resolve(value);
    };
    const req = request(
      {
        host: hostname,
        port: u.port === '' ? 443 : Number(u.port),
        path: `${u.pathname}${u.search}`,
        method: 'GET',
        headers: { accept: 'application/json' },
        agent: false,
        // Verified below: the CA store's verdict, or the provider's thumbprints.
        rejectUnauthorized: false,
        ...(isIP(hostname) ? {} : { servername: hostname }),
      },
      (res) => {
        const socket = res.socket as TLSSocket;
        const trusted = socket.authorized || trustedByThumbprint(socket.getPeerCertificate(true) as DetailedPeerCertificate, hostname, thumbprints, now());
        if (!trusted) return done(new Error(`untrusted certificate at ${u.host}`));
        if (res.statusCode !== 200) return done(new Error(`HTTP ${res.statusCode ?? '?'} from ${url}`));
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > limits.maxBytes) return done(new Error(`response of ${url} exceeds ${limits.maxBytes} bytes`));
          chunks.push(chunk);
        });
        res.on('error', (e) => done(e));
        res.on('end', () => {
          try {
            // protocol-lint: allow an identity provider's discovery document and JWKS are JSON (OpenID Connect Discovery, RFC 7517)
            done(undefined, JSON.parse(Buffer.concat(chunks).toString('utf8')));
          } catch {
            done(new Error(`invalid JSON from ${url}`));
          }
        });
      },
    );
    const timer = setTimeout(() => done(new Error(`no answer from ${u.host} within ${limits.timeoutMs} ms`)), limits.timeoutMs);
    req.on('error', (e) => done(e));
    req.end();
  });
}
