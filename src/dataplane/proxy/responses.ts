/**
 * The proxy's own answers: ALB-like error pages (502, 504, 400), the WAF's default block page (403),
 * custom responses, and the CAPTCHA (405) and Challenge (202) interstitials.
 */
import type { ProxyResponse } from './exchange.js';
import type { CustomHTTPHeader, CustomResponseBody } from '../../services/wafv2/api.generated.js';
import type { Act } from '../waf/evaluate.js';

const REASONS: Record<number, string> = { 400: 'Bad Request', 403: 'Forbidden', 405: 'Method Not Allowed', 202: 'Accepted', 413: 'Payload Too Large', 431: 'Request Header Fields Too Large', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Time-out' };

/** ALB's error page shape. */
export function albPage(status: number): string {
  const t = `${status} ${REASONS[status] ?? ''}`.trim();
  return `<html>\r\n<head><title>${t}</title></head>\r\n<body>\r\n<center><h1>${t}</h1></center>\r\n</body>\r\n</html>\r\n`;
}

export function sendPage(res: ProxyResponse, status: number, extra: Record<string, string> = {}): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = albPage(status);
  const headers = ['server', 'awselb/2.0', 'content-type', 'text/html', 'content-length', String(Buffer.byteLength(body))];
  for (const name in extra) headers.push(name, extra[name]!);
  res.writeHead(status, undefined, headers);
  res.end(body);
}

const CONTENT_TYPES: Record<string, string> = { TEXT_PLAIN: 'text/plain', TEXT_HTML: 'text/html', APPLICATION_JSON: 'application/json' };

/** A Block: 403 and the default page, or the custom response (status, headers, body). */
export function sendBlock(res: ProxyResponse, act: Act): void {
  const cr = act.response;
  if (!cr) {
    sendPage(res, 403);
    return;
  }
  const body: CustomResponseBody | undefined = cr.CustomResponseBodyKey ? act.bodies?.[cr.CustomResponseBodyKey] : undefined;
  const headers = ['server', 'awselb/2.0'];
  for (const h of cr.ResponseHeaders ?? ([] as CustomHTTPHeader[])) headers.push(h.Name, h.Value);
  const content = body ? Buffer.from(body.Content, 'utf8') : Buffer.alloc(0);
  if (body) headers.push('content-type', CONTENT_TYPES[body.ContentType] ?? 'text/plain');
  headers.push('content-length', String(content.length));
  try {
    res.writeHead(cr.ResponseCode, undefined, headers);
    res.end(content);
  } catch {
    sendPage(res, 403);
  }
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** CAPTCHA: 405 with a page that asks for the code it shows and posts it to the verify endpoint. */
export function sendCaptcha(res: ProxyResponse, code: string, ticket: string, back: string): void {
  const body = `<!doctype html><html><head><meta charset="utf-8"><title>Human Verification</title></head><body>
<h1>Let's confirm you are human</h1><p>Type the code <b id="code">${esc(code)}</b> below.</p>
<form method="POST" action="/.rampart-waf/verify"><input type="hidden" name="kind" value="captcha">
<input type="hidden" name="ticket" value="${esc(ticket)}"><input type="hidden" name="back" value="${esc(back)}">
<input name="answer" autocomplete="off" autofocus><button type="submit">Verify</button></form></body></html>`;
  res.writeHead(405, undefined, ['server', 'awselb/2.0', 'x-amzn-waf-action', 'captcha', 'content-type', 'text/html; charset=utf-8', 'cache-control', 'no-store', 'content-length', String(Buffer.byteLength(body))]);
  res.end(body);
}

/** Challenge: 202 with a silent JavaScript proof of work that posts its answer and reloads. */
export function sendChallenge(res: ProxyResponse, ticket: string, back: string): void {
  const body = `<!doctype html><html><head><meta charset="utf-8"><title>Checking your browser</title></head><body><noscript>JavaScript is required.</noscript>
<script>(async()=>{const t=${JSON.stringify(ticket)};const enc=new TextEncoder();for(let n=0;;n++){const h=new Uint8Array(await crypto.subtle.digest('SHA-256',enc.encode(t+':'+n)));if(h[0]===0&&h[1]<16){const f=new URLSearchParams({kind:'challenge',ticket:t,answer:String(n)});await fetch('/.rampart-waf/verify',{method:'POST',body:f,credentials:'same-origin'});location.replace(${JSON.stringify(back)});return;}}})();</script></body></html>`;
  res.writeHead(202, undefined, ['server', 'awselb/2.0', 'x-amzn-waf-action', 'challenge', 'content-type', 'text/html; charset=utf-8', 'cache-control', 'no-store', 'content-length', String(Buffer.byteLength(body))]);
  res.end(body);
}
