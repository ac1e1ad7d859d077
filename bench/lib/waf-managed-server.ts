/**
 * Test-only server for measuring the managed rule groups: answers 403 when a Block rule of the given groups
 * matches (first terminating match, in order) and 200 otherwise. Not the WAF proxy, but it shows the rules what the
 * proxy shows them: requests the HTTP parser refuses at the request line (client-errors.ts) and CONNECT.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { InspectedRequest, ManagedRuleGroupLogic } from '../../src/dataplane/waf/inspected-request.js';
import { firstBlockingMatch } from '../../src/dataplane/waf/managed/index.js';
import { clientErrorHandler } from '../../src/dataplane/proxy/client-errors.js';
import { percentEncodeHigh, type RefusedHead } from '../../src/dataplane/proxy/refused-head.js';

/** AWS's default body inspection limit for regional web ACLs. */
const INSPECT_BYTES = 8192;
const READ_LIMIT = 65536;

export interface HarnessStats {
  readonly byRule: Map<string, number>;
  blocked: number;
  allowed: number;
}

type Head = Pick<RefusedHead, 'method' | 'target' | 'version' | 'rawHeaders'>;

function toInspected(req: Head, clientIp: string, body: Buffer, oversize: boolean): InspectedRequest {
  const url = req.target;
  const q = url.indexOf('?');
  const headers: [string, string][] = [];
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) headers.push([req.rawHeaders[i] as string, req.rawHeaders[i + 1] as string]);
  return {
    method: req.method,
    path: q < 0 ? url : url.slice(0, q),
    query: q < 0 ? '' : url.slice(q + 1),
    headers,
    body: body.subarray(0, INSPECT_BYTES),
    bodyOversize: oversize || body.length > INSPECT_BYTES,
    clientIp,
    httpVersion: req.version,
  };
}

const headOf = (req: IncomingMessage): Head => ({ method: req.method ?? 'GET', target: req.url ?? '/', version: `HTTP/${req.httpVersion}`, rawHeaders: req.rawHeaders });

export async function startHarness(
  groups: readonly ManagedRuleGroupLogic[],
  overrides: ReadonlyMap<string, 'Block' | 'Count'>,
): Promise<{ server: Server; url: string; stats: HarnessStats }> {
  const stats: HarnessStats = { byRule: new Map(), blocked: 0, allowed: 0 };
  const server = createServer({ requireHostHeader: false, insecureHTTPParser: true }, (req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let oversize = false;
    req.on('data', (c: Buffer) => {
      if (size < READ_LIMIT) chunks.push(c);
      else oversize = true;
      size += c.length;
    });
    req.on('error', () => res.destroy());
    req.on('end', () => {
      const match = check(toInspected(headOf(req), req.socket.remoteAddress ?? '', Buffer.concat(chunks), oversize));
      res.writeHead(match ? 403 : 200, { 'content-type': 'text/plain' });
      res.end(match ? `blocked by ${match.group}:${match.rule.name}\n` : 'ok\n');
    });
  });
  const check = (req: InspectedRequest) => {
    const { match } = firstBlockingMatch(groups, req, overrides);
    if (match) {
      stats.blocked++;
      stats.byRule.set(match.rule.name, (stats.byRule.get(match.rule.name) ?? 0) + 1);
    } else stats.allowed++;
    return match;
  };
  // As the proxy: a request line the parser refuses is shown to the rules, and gets the 400 unless one blocks it
  // (a raw UTF-8 path, its only fault, is served).
  server.on('clientError', clientErrorHandler({ maxBytes: 16 * 1024, maxHeaders: 200 }, (head, socket) => {
    const target = head.forwardable ? percentEncodeHigh(head.target) : head.target;
    const match = check(toInspected({ ...head, target }, socket.remoteAddress ?? '', head.body, false));
    const status = match ? '403 Forbidden' : head.forwardable ? '200 OK' : '400 Bad Request';
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  }));
  // As the proxy: CONNECT is shown to the rules, and an allowed one gets 405 (a load balancer opens no tunnel).
  server.on('connect', (req: IncomingMessage, socket: Socket) => {
    const match = check(toInspected(headOf(req), socket.remoteAddress ?? '', Buffer.alloc(0), false));
    socket.end(`HTTP/1.1 ${match ? '403 Forbidden' : '405 Method Not Allowed'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return { server, url: `http://127.0.0.1:${port}`, stats };
}
