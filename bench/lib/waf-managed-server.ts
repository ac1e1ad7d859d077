/**
 * Test-only server for measuring the managed rule groups: answers 403 when a Block rule of the given groups
 * matches (first terminating match, in order) and 200 otherwise. Not the WAF proxy (branch waf-engine).
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { InspectedRequest, ManagedRuleGroupLogic } from '../../src/dataplane/waf/inspected-request.js';
import { firstBlockingMatch } from '../../src/dataplane/waf/managed/index.js';

/** AWS's default body inspection limit for regional web ACLs. */
const INSPECT_BYTES = 8192;
const READ_LIMIT = 65536;

export interface HarnessStats {
  readonly byRule: Map<string, number>;
  blocked: number;
  allowed: number;
}

function toInspected(req: IncomingMessage, body: Buffer, oversize: boolean): InspectedRequest {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const headers: [string, string][] = [];
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) headers.push([req.rawHeaders[i] as string, req.rawHeaders[i + 1] as string]);
  return {
    method: req.method ?? 'GET',
    path: q < 0 ? url : url.slice(0, q),
    query: q < 0 ? '' : url.slice(q + 1),
    headers,
    body: body.subarray(0, INSPECT_BYTES),
    bodyOversize: oversize || body.length > INSPECT_BYTES,
    clientIp: req.socket.remoteAddress ?? '',
    httpVersion: `HTTP/${req.httpVersion}`,
  };
}

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
      const { match } = firstBlockingMatch(groups, toInspected(req, Buffer.concat(chunks), oversize), overrides);
      if (match) {
        stats.blocked++;
        stats.byRule.set(match.rule.name, (stats.byRule.get(match.rule.name) ?? 0) + 1);
      } else stats.allowed++;
      res.writeHead(match ? 403 : 200, { 'content-type': 'text/plain' });
      res.end(match ? `blocked by ${match.group}:${match.rule.name}\n` : 'ok\n');
    });
  });
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return { server, url: `http://127.0.0.1:${port}`, stats };
}
