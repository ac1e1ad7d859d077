/**
 * `rampart proxy`: an HTTP/1.1 reverse proxy in front of one upstream that enforces the web ACL
 * associated with its ALB ARN. Per request: read the inspected body prefix (8 KB, or the web ACL's
 * AssociationConfig size up to 64 KB), evaluate, then answer (block, CAPTCHA, Challenge) or stream
 * the request to the upstream. Malformed HTTP and oversized heads get a 400/431 from Node's parser,
 * never a crash.
 */
import { randomUUID } from 'node:crypto';
import { Agent, createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { join } from 'node:path';
import type { Store } from '../../storage/types.js';
import { builtinDetectors, type Detectors } from '../waf/detectors.js';
import { evaluate, type Decision } from '../waf/evaluate.js';
import { loadGeoDb, type GeoDb } from '../waf/geo.js';
import type { InspectedRequest } from '../waf/inspected-request.js';
import { parseIp } from '../waf/ip.js';
import { ManagedRegistry } from '../waf/managed-registry.js';
import { directoryIpListSource, loadIpLists, managedRuleGroups } from '../waf/managed/index.js';
import { MemoryRateCounter, RedisRateCounter, type RateCounter } from '../waf/rate-counter.js';
import { RespClient } from '../waf/resp-client.js';
import { AclWatcher } from './acl-watcher.js';
import { newCaptcha, newChallenge, safeBack, serveVerify, tokenOf, VERIFY_PATH } from './challenge.js';
import { forward } from './forward.js';
import { Recorder } from './recorder.js';
import { registerProxy } from './registration.js';
import { sendBlock, sendCaptcha, sendChallenge, sendPage } from './responses.js';
import { keep, logRecord, WafLogWriter } from './waf-log.js';

export interface ProxyOptions {
  readonly store: Store;
  readonly accountId: string;
  readonly region: string;
  readonly name: string;
  readonly host: string;
  readonly port: number;
  readonly upstream: string;
  /** Where the country CSV (waf/geoip.csv) is read and WAF logs (waf-logs/) are written. */
  readonly dataDir?: string;
  /** `redis://host:port`: share rate-based counts with other proxies. */
  readonly redis?: string;
  /** Key prefix in Redis (default `rampart:waf:`). */
  readonly redisPrefix?: string;
  /** Milliseconds since the epoch (injectable for tests). */
  readonly clock?: () => number;
  readonly managed?: ManagedRegistry;
  readonly geo?: GeoDb;
  readonly detectors?: Detectors;
  /** Upstream answer timeout (ALB's idle timeout is 60 s). */
  readonly upstreamTimeoutMs?: number;
  readonly pollMs?: number;
  /** How often samples and limited keys are written to the store (default 1 s). */
  readonly flushMs?: number;
  readonly log?: (msg: string) => void;
}

export interface RunningProxy {
  readonly albArn: string;
  readonly displayArn: string;
  readonly url: string;
  readonly port: number;
  readonly watcher: AclWatcher;
  /** Writes pending samples and limited keys now (tests). */
  flush(): Promise<void>;
  close(): Promise<void>;
}

interface BodyPrefix {
  readonly chunks: Buffer[];
  readonly size: number;
  readonly ended: boolean;
}

/** Reads until more than `limit` bytes arrived or the body ended; the rest stays in the stream. */
function readPrefix(req: IncomingMessage, limit: number): Promise<BodyPrefix> {
  const chunks: Buffer[] = [];
  let size = 0;
  return new Promise((resolve, reject) => {
    const done = (ended: boolean) => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onErr);
      resolve({ chunks, size, ended });
    };
    const onData = (c: Buffer) => {
      chunks.push(c);
      size += c.length;
      if (size > limit) {
        req.pause();
        done(false);
      }
    };
    const onEnd = () => done(true);
    const onErr = (e: Error) => {
      req.off('data', onData);
      req.off('end', onEnd);
      reject(e);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onErr);
  });
}

function absolutePath(u: string): string {
  try {
    const p = new URL(u);
    return p.pathname + p.search;
  } catch {
    return '/';
  }
}

function pairs(raw: readonly string[]): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) out.push([raw[i]!, raw[i + 1]!]);
  return out;
}

export async function startProxy(o: ProxyOptions): Promise<RunningProxy> {
  const upstream = new URL(o.upstream);
  if (upstream.protocol !== 'http:') throw new Error(`--upstream must be an http:// URL, not '${o.upstream}'`);
  const clock = o.clock ?? Date.now;
  const log = o.log ?? ((m: string) => console.error(`[rampart proxy ${o.name}] ${m}`));
  const listen = `${o.host}:${o.port}`;
  const reg = await registerProxy(o.store, o.accountId, o.region, o.name, { listen, upstream: o.upstream }, clock());
  const counter: RateCounter = o.redis ? new RedisRateCounter(RespClient.fromUrl(o.redis), o.redisPrefix ?? 'rampart:waf:') : new MemoryRateCounter();
  const geo = o.geo ?? loadGeoDb(o.dataDir ? join(o.dataDir, 'waf', 'geoip.csv') : undefined);
  const recorder = new Recorder(o.store, o.accountId, o.region, o.name, log, o.flushMs);
  // AWS's managed rule groups, with the IP lists the operator keeps in DATA_DIR/waf (empty without them).
  const managed = o.managed ?? new ManagedRegistry(managedRuleGroups(o.dataDir ? await loadIpLists(directoryIpListSource(join(o.dataDir, 'waf'))) : undefined));
  const watcher = new AclWatcher({
    store: o.store, accountId: o.accountId, region: o.region, albArn: reg.albArn, geo, detectors: o.detectors ?? builtinDetectors, managed, counter, log,
    onLimited: (aclId, rule, key, windowSec, now) => recorder.limitedKey(aclId, rule, key, windowSec, now),
    ...(o.pollMs ? { pollMs: o.pollMs } : {}),
  });
  await watcher.start();
  recorder.start();
  const logs = o.dataDir ? new WafLogWriter(join(o.dataDir, 'waf-logs')) : undefined;
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  let listenPort = o.port;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // An absolute-form target (`GET http://host/path`) is inspected and forwarded as its path.
    const rawUrl = req.url ?? '/';
    const url = /^https?:\/\//i.test(rawUrl) ? absolutePath(rawUrl) : rawUrl;
    req.url = url;
    const nowMs = clock();
    const nowS = Math.floor(nowMs / 1000);
    if (url === VERIFY_PATH) {
      serveVerify(req, res, reg.tokenKey, nowS);
      return;
    }
    const active = watcher.active;
    const clientIp = (req.socket.remoteAddress ?? '').replace(/^::ffff:(?=\d+\.)/, '');
    const body = await readPrefix(req, active.bodyLimit);
    if (!active.compiled) {
      forward(req, res, body.chunks, body.ended, clientIp, { upstream, agent, listenPort, timeoutMs: o.upstreamTimeoutMs ?? 60_000 }, []);
      return;
    }
    const q = url.indexOf('?');
    const whole = Buffer.concat(body.chunks);
    const inspected: InspectedRequest = {
      method: req.method ?? 'GET',
      path: q < 0 ? url : url.slice(0, q),
      query: q < 0 ? '' : url.slice(q + 1),
      headers: pairs(req.rawHeaders),
      body: whole.subarray(0, active.bodyLimit),
      bodyOversize: whole.length > active.bodyLimit,
      clientIp,
      httpVersion: `HTTP/${req.httpVersion}`,
    };
    const token = tokenOf(req, reg.tokenKey);
    const decision: Decision = await evaluate(active.compiled, inspected, {
      captcha: (imm) => token !== undefined && nowS - token.captchaAt <= imm,
      challenge: (imm) => token !== undefined && nowS - token.challengeAt <= imm,
    }, nowMs);
    if (!body.ended && decision.action !== 'ALLOW') res.setHeader('connection', 'close');
    switch (decision.action) {
      case 'ALLOW':
        forward(req, res, body.chunks, body.ended, clientIp, { upstream, agent, listenPort, timeoutMs: o.upstreamTimeoutMs ?? 60_000 }, decision.insertHeaders);
        break;
      case 'BLOCK':
        sendBlock(res, decision.act);
        break;
      case 'CAPTCHA': {
        const c = newCaptcha(reg.tokenKey, nowS);
        sendCaptcha(res, c.code, c.ticket, safeBack(url));
        break;
      }
      case 'CHALLENGE':
        sendChallenge(res, newChallenge(reg.tokenKey, nowS), safeBack(url));
        break;
    }
    const snap = active.snapshot;
    const acl = snap.acl;
    if (!acl) return;
    const cfg = logs && snap.logging && keep(snap.logging, decision) ? snap.logging : undefined;
    const sampleMetric = active.compiled.sampleMetric;
    res.once('finish', () => {
      const ip = parseIp(clientIp);
      const country = ip ? geo.countryOf(ip) : undefined;
      recorder.sample(acl.id, sampleMetric, inspected, decision, res.statusCode, country, nowMs);
      if (cfg) logs!.write(acl.name, logRecord(cfg, inspected, decision, { aclArn: acl.arn, albArn: reg.albArn, requestId: randomUUID(), ...(country ? { country } : {}), responseCode: res.statusCode, now: nowMs }));
    });
  }

  const server: Server = createServer({ maxHeaderSize: 16 * 1024, requestTimeout: 0, headersTimeout: 30_000 }, (req, res) => {
    handle(req, res).catch((e: unknown) => {
      log(`request failed: ${String(e)}`);
      if (!res.headersSent) sendPage(res, req.destroyed ? 400 : 502);
      else res.destroy();
    });
  });
  // As ALB's idle timeout: a client connection with no bytes either way for a while is closed (65 s,
  // so that an upstream silent for 60 s gets its 504 first); a long upload that keeps sending is
  // not cut (no whole-request timeout).
  server.setTimeout(Math.max(65_000, (o.upstreamTimeoutMs ?? 60_000) + 5_000));
  server.on('clientError', (err: Error & { code?: string }, socket: Socket) => {
    if (!socket.writable || (socket as Socket & { _httpMessage?: unknown })._httpMessage) {
      socket.destroy();
      return;
    }
    const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
    const reason = status === 431 ? 'Request Header Fields Too Large' : status === 408 ? 'Request Timeout' : 'Bad Request';
    socket.end(`HTTP/1.1 ${status} ${reason}\r\nServer: awselb/2.0\r\nContent-Type: text/html\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  listenPort = (server.address() as AddressInfo).port;
  const hostForUrl = o.host.includes(':') ? `[${o.host}]` : o.host;
  return {
    albArn: reg.albArn,
    displayArn: reg.displayArn,
    url: `http://${hostForUrl}:${listenPort}`,
    port: listenPort,
    watcher,
    flush: () => recorder.flush(clock()),
    async close() {
      watcher.stop();
      await new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      });
      agent.destroy();
      await recorder.close();
      await counter.close();
      await logs?.close();
    },
  };
}
