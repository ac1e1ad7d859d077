/**
 * Tickets and the verify endpoint of CAPTCHA and Challenge (`POST /.rampart-waf/verify`). A
 * ticket is signed (HMAC under the proxy's token key) and fresh for 5 minutes; the CAPTCHA ticket
 * binds the code the page shows; the Challenge ticket needs a SHA-256 proof of work (12 zero bits).
 * A solve sets the `aws-waf-token` cookie (tokens.ts). A simple mechanism, not a bot-proof CAPTCHA.
 */
import { createHash, createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { ProxyRequest, ProxyResponse } from './exchange.js';
import { issueToken, readToken, TOKEN_COOKIE, type TokenTimes } from '../waf/tokens.js';
import { rawHeader } from './raw-headers.js';

export const VERIFY_PATH = '/.rampart-waf/verify';
const TICKET_TTL_S = 300;
const MAX_FORM = 4096;

const mac = (key: Buffer, s: string) => createHmac('sha256', key).update(s).digest('base64url');

export function newCaptcha(key: Buffer, nowS: number): { code: string; ticket: string } {
  const code = String(randomInt(100000, 1000000));
  const base = `${nowS}.${randomBytes(9).toString('base64url')}`;
  return { code, ticket: `${base}.${mac(key, `captcha:${base}:${code}`)}` };
}

export function newChallenge(key: Buffer, nowS: number): string {
  const base = `${nowS}.${randomBytes(9).toString('base64url')}`;
  return `${base}.${mac(key, `challenge:${base}`)}`;
}

const same = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** A path on this site to go back to (never another origin). */
export const safeBack = (b: string | undefined) => (b && b.startsWith('/') && !b.startsWith('//') && !b.includes('\\') && b.length < 2048 ? b : '/');

export function tokenOf(req: ProxyRequest, key: Buffer): TokenTimes | undefined {
  const raw = rawHeader(req.rawHeaders, 'cookie');
  if (!raw) return undefined;
  for (const part of raw.split(';')) {
    const [n, ...v] = part.trim().split('=');
    if (n === TOKEN_COOKIE) return readToken(key, v.join('='));
  }
  return undefined;
}

function check(key: Buffer, kind: string, ticket: string, answer: string, nowS: number): boolean {
  const m = /^(\d{1,12})\.([A-Za-z0-9_-]{12})\.([A-Za-z0-9_-]{43})$/.exec(ticket);
  if (!m || nowS - Number(m[1]) > TICKET_TTL_S || Number(m[1]) > nowS + 5) return false;
  const base = `${m[1]}.${m[2]}`;
  if (kind === 'captcha') return /^\d{6}$/.test(answer) && same(m[3]!, mac(key, `captcha:${base}:${answer}`));
  if (!same(m[3]!, mac(key, `challenge:${base}`)) || !/^\d{1,12}$/.test(answer)) return false;
  const h = createHash('sha256').update(`${ticket}:${answer}`).digest();
  return h[0] === 0 && h[1]! < 16;
}

/** Serves the verify endpoint; the body is a small form. */
export function serveVerify(req: IncomingMessage, res: ProxyResponse, key: Buffer, nowS: number): void {
  let body = '';
  let tooBig = false;
  req.setEncoding('latin1');
  req.on('data', (c: string) => {
    body += c;
    if (body.length > MAX_FORM) {
      tooBig = true;
      req.destroy();
    }
  });
  req.on('end', () => {
    if (tooBig) return;
    const f = new URLSearchParams(body);
    const kind = f.get('kind') ?? '';
    const ok = req.method === 'POST' && check(key, kind, f.get('ticket') ?? '', f.get('answer') ?? '', nowS);
    if (!ok) {
      res.writeHead(403, undefined, ['content-type', 'text/plain', 'cache-control', 'no-store']);
      res.end('verification failed');
      return;
    }
    const old = tokenOf(req, key);
    const t: TokenTimes = kind === 'captcha' ? { captchaAt: nowS, challengeAt: nowS } : { captchaAt: old?.captchaAt ?? 0, challengeAt: nowS };
    const cookie = `${TOKEN_COOKIE}=${issueToken(key, t)}; Path=/; HttpOnly; SameSite=Lax; Max-Age=86400`;
    if (kind === 'captcha') res.writeHead(303, undefined, ['location', safeBack(f.get('back') ?? undefined), 'set-cookie', cookie, 'cache-control', 'no-store']);
    else res.writeHead(200, undefined, ['set-cookie', cookie, 'content-type', 'application/json', 'cache-control', 'no-store']);
    res.end(kind === 'captcha' ? '' : '{"ok":true}');
  });
  req.on('error', () => res.destroy());
}
