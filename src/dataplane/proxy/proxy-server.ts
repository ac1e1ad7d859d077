/**
 * `rampart proxy`: an HTTP/1.1 reverse proxy in front of one upstream that enforces the web ACL
 * associated with its ALB ARN. Per request: read the inspected body prefix (8 KB, or the web ACL's
 * AssociationConfig size up to 64 KB), evaluate, then answer (block, CAPTCHA, Challenge) or stream
 * the request to the upstream (`upstream/pool.ts`). Connections are read by the proxy's own front
 * (`front/`) while their requests are of a strict subset of HTTP/1.1, read whole; any other request hands
 * its connection to node:http's server. Malformed HTTP and oversized heads get a 400/431 from Node's
 * parser, never a crash; a request line the parser refuses is still shown to the web ACL first
 * (`refused-head.ts`: a rule may block it; it is never forwarded, but for a raw UTF-8 path).
 */
import { createServer, ServerResponse, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo, Server as NetServer, Socket } from 'node:net';
import { join } from 'node:path';
import type { Store } from '../../storage/types.js';
import { builtinDetectors, type Detectors } from '../waf/detectors.js';
import { evaluate, type Decision } from '../waf/evaluate.js';
import { loadGeoDb, type GeoDb } from '../waf/geo.js';
import type { InspectedRequest } from '../waf/inspected-request.js';
import { normalizeIp } from '../waf/ip.js';
import { ManagedRegistry } from '../waf/managed-registry.js';
import { directoryIpListSource, loadBotLists, loadIpLists, managedRuleGroups } from '../waf/managed/index.js';
import { MemoryRateCounter, RedisRateCounter, type RateCounter } from '../waf/rate-counter.js';
import { RespClient } from '../waf/resp-client.js';
import { AclWatcher, type ActiveAcl } from './acl-watcher.js';
import { clientErrorHandler } from './client-errors.js';
import { UpstreamPool } from './upstream/pool.js';
import { refusedRequest, type RefusedHead } from './refused-head.js';
import { Outcomes } from './outcomes.js';
import { prefixBytes, readPrefix, wholeBody, type BodyPrefix } from './request-body.js';
import type { ProxyRequest, ProxyResponse } from './exchange.js';
import { frontFor } from './front/front.js';
import { observeInto } from './shield-observe.js';
import { newCaptcha, newChallenge, safeBack, serveVerify, tokenOf, VERIFY_PATH } from './challenge.js';
import { forward } from './forward.js';
import { fingerprintOf, listenTls } from './tls-listener.js';
import { Recorder } from './recorder.js';
import { registerProxy } from './registration.js';
import { sendBlock, sendCaptcha, sendChallenge, sendPage } from './responses.js';
import { WafLogWriter } from './waf-log.js';
import { S3LogDelivery } from './s3-log-delivery.js';
import type { InternalCaller } from '../trail/s3-target.js';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { ShieldEngine } from '../shield/engine.js';
import { DEFAULT_STANDARD_CONFIG, StandardProtections, type StandardConfig } from '../shield/standard.js';

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
  /** Shield Standard's limits (connection caps, header caps, slow-request timeouts, shedding); AWS's defaults otherwise. */
  readonly standard?: Partial<StandardConfig>;
  /** Shield Advanced detection and automatic mitigation for this resource when it is protected (default on). */
  readonly shield?: ShieldEngine | false;
  /** How the proxy calls the services: WAF logs go to an S3 destination through it (without it they stay in the data dir). */
  readonly internal?: InternalCaller;
  /** Also serve HTTPS here, with this certificate and key (PEM): JA3/JA4 fingerprints are then inspected. */
  readonly https?: { readonly host: string; readonly port: number; readonly cert: string; readonly key: string };
}

export interface RunningProxy {
  readonly albArn: string;
  readonly displayArn: string;
  readonly url: string;
  readonly port: number;
  /** The HTTPS listener's URL and port (with `https`). */
  readonly httpsUrl?: string;
  readonly httpsPort?: number;
  readonly watcher: AclWatcher;
  /** Shield Standard's counters (open connections, shed and refused requests). */
  readonly standard: StandardProtections;
  /** Shield Advanced's engine (absent with `shield: false`). */
  readonly shield?: ShieldEngine;
  /** Writes pending samples and limited keys, and publishes WAF log files to S3, now (tests). */
  flush(): Promise<void>;
  close(): Promise<void>;
}

/** A request on its way through the handler (proxy-server.ts `handle`, `inspect`, `answer`). */
interface Exchange {
  readonly req: ProxyRequest;
  readonly res: ProxyResponse;
  /** node:http's request, its body still to read (absent: the front read the request whole). */
  readonly stream: IncomingMessage | undefined;
  /** The version of a request line node:http refused (refused-head.ts). */
  readonly version: string | undefined;
  /** node:http refused the request and it cannot be forwarded: it gets its 400 unless blocked. */
  readonly refused: boolean;
  readonly url: string;
  readonly nowMs: number;
  readonly clientIp: string;
  readonly active: ActiveAcl;
}

/** A listen host as a URL writes it (an IPv6 address in brackets). */
const urlHost = (host: string): string => (host.includes(':') ? `[${host}]` : host);

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
  // AWS's managed rule groups, with the IP and bot lists the operator keeps in DATA_DIR/waf (empty without them).
  const lists = o.dataDir ? directoryIpListSource(join(o.dataDir, 'waf')) : undefined;
  const managed = o.managed ?? new ManagedRegistry(lists ? managedRuleGroups(await loadIpLists(lists), await loadBotLists(lists)) : managedRuleGroups());
  const watcher = new AclWatcher({
    store: o.store, accountId: o.accountId, region: o.region, albArn: reg.albArn, geo, detectors: o.detectors ?? builtinDetectors, managed, counter, log,
    onLimited: (aclId, rule, key, windowSec, now) => recorder.limitedKey(aclId, rule, key, windowSec, now),
    ...(o.pollMs ? { pollMs: o.pollMs } : {}),
  });
  await watcher.start();
  recorder.start();
  const logs = o.dataDir ? new WafLogWriter(join(o.dataDir, 'waf-logs')) : undefined;
  const s3Logs = o.internal ? new S3LogDelivery({ internal: o.internal, accountId: o.accountId, region: o.region, log, clock }) : undefined;
  s3Logs?.start();
  const outcomes = new Outcomes({ albArn: reg.albArn, recorder, geo, ...(logs ? { logs } : {}), ...(s3Logs ? { s3Logs } : {}) });
  // Keep-alive connections to the upstream, at most 256 at once (as node:http's Agent had).
  const upstreamTimeoutMs = o.upstreamTimeoutMs ?? 60_000;
  // The listen ports are known once listening.
  const target = {
    pool: new UpstreamPool(upstream.hostname.replace(/^\[|\]$/g, ''), Number(upstream.port || 80), 256),
    listenPort: o.port,
    httpsPort: o.https?.port ?? 0,
    timeoutMs: upstreamTimeoutMs,
  };
  // Shield Standard, always on. As ALB's idle timeout: a client connection with no bytes either way
  // for a while is closed (65 s, so that an upstream silent for 60 s gets its 504 first); a long
  // upload that keeps sending is not cut (no whole-request timeout); headers must arrive in time (slowloris).
  // Up to 200 headers: what AWS WAF inspects of a request (more is 431 here).
  const standard = new StandardProtections({ ...DEFAULT_STANDARD_CONFIG, requestTimeoutMs: 0, maxHeaderCount: 200, ...o.standard, idleTimeoutMs: Math.max(65_000, upstreamTimeoutMs + 5_000) });
  const loopDelay = monitorEventLoopDelay({ resolution: 20 });
  loopDelay.enable();
  let lastLoopDelayMs = 0;
  const loopTimer = setInterval(() => {
    lastLoopDelayMs = loopDelay.max / 1e6;
    loopDelay.reset();
  }, 1000);
  loopTimer.unref();
  // Shield Advanced: detection and mitigation for this resource once it is protected.
  const shield = o.shield === false ? undefined : (o.shield ?? new ShieldEngine({ store: o.store, log }));
  shield?.start(clock);

  // Requests whose request line the HTTP parser refused: the web ACL sees them, and one it lets through gets
  // the 400 (or is forwarded when its only fault is a raw UTF-8 path: refused-head.ts).
  const refusedHeads = new WeakMap<IncomingMessage, RefusedHead>();

  /**
   * Serves a request. `source` is where its body is: node:http's request (`req` itself), the body still to
   * read, or the body the front read whole. Returns a promise only when it must wait (a body to read, a
   * rate-based rule's shared count).
   */
  function handle(req: ProxyRequest, res: ProxyResponse, source: IncomingMessage | Buffer): void | Promise<void> {
    const stream = Buffer.isBuffer(source) ? undefined : source;
    const head = stream && refusedHeads.get(stream);
    const refused = head !== undefined && !head.forwardable;
    // An absolute-form target (`GET http://host/path`) is inspected and forwarded as its path.
    const rawUrl = req.url ?? '/';
    const url = rawUrl.charCodeAt(0) !== 47 && /^https?:\/\//i.test(rawUrl) ? absolutePath(rawUrl) : rawUrl;
    req.url = url;
    const nowMs = clock();
    const clientIp = normalizeIp(req.socket.remoteAddress ?? '');
    if (shield?.watches(reg.albArn, nowMs)) observeInto(shield, reg.albArn, req, res, url, clientIp, nowMs, stream ?? (source as Buffer).length);
    if (standard.shouldShed(nowMs, lastLoopDelayMs)) {
      sendPage(res, 503, { 'retry-after': String(standard.config.retryAfterSeconds), connection: 'close' });
      return;
    }
    // The front reads no head over these caps (it leaves such a request to node:http): only node:http's requests are checked.
    if (stream && standard.checkHeaders(req.rawHeaders) !== 'ok') {
      sendPage(res, 431, { connection: 'close' });
      return;
    }
    if (url === VERIFY_PATH && !refused && stream) {
      serveVerify(stream, res, reg.tokenKey, Math.floor(nowMs / 1000));
      return;
    }
    const active = watcher.active;
    const prefix = stream ? readPrefix(stream, active.bodyLimit) : wholeBody(source as Buffer);
    const x: Exchange = { req, res, stream, version: head?.version, refused, url, nowMs, clientIp, active };
    return prefix instanceof Promise ? prefix.then((body) => inspect(x, body)) : inspect(x, prefix);
  }

  /** Evaluates the request under the web ACL (forwards it at once without one). */
  function inspect(x: Exchange, body: BodyPrefix): void | Promise<void> {
    const { req, active, url } = x;
    if (!active.compiled) {
      if (x.refused) sendPage(x.res, 400);
      else forward(req, x.res, body, x.stream, x.clientIp, target, []);
      return;
    }
    const q = url.indexOf('?');
    const whole = prefixBytes(body);
    const inspected: InspectedRequest = {
      method: req.method ?? 'GET',
      path: q < 0 ? url : url.slice(0, q),
      query: q < 0 ? '' : url.slice(q + 1),
      headers: pairs(req.rawHeaders),
      body: whole.subarray(0, active.bodyLimit),
      bodyOversize: whole.length > active.bodyLimit,
      clientIp: x.clientIp,
      httpVersion: x.version ?? `HTTP/${req.httpVersion}`,
      tls: fingerprintOf(req.socket),
    };
    const token = tokenOf(req, reg.tokenKey);
    const nowS = Math.floor(x.nowMs / 1000);
    const pending = evaluate(active.compiled, inspected, {
      captcha: (imm) => token !== undefined && nowS - token.captchaAt <= imm,
      challenge: (imm) => token !== undefined && nowS - token.challengeAt <= imm,
    }, x.nowMs);
    return pending instanceof Promise ? pending.then((d) => answer(x, body, inspected, d)) : answer(x, body, inspected, pending);
  }

  /** Carries out the web ACL's decision. */
  function answer(x: Exchange, body: BodyPrefix, inspected: InspectedRequest, decision: Decision): void {
    const { res } = x;
    const nowS = Math.floor(x.nowMs / 1000);
    if (!body.ended && decision.action !== 'ALLOW') res.setHeader('connection', 'close');
    // A refused request is never forwarded nor offered a CAPTCHA or challenge: only a block changes its 400.
    if (x.refused && decision.action !== 'BLOCK') sendPage(res, 400);
    else switch (decision.action) {
      case 'ALLOW':
        forward(x.req, res, body, x.stream, x.clientIp, target, decision.insertHeaders);
        break;
      case 'BLOCK':
        sendBlock(res, decision.act);
        break;
      case 'CAPTCHA': {
        const c = newCaptcha(reg.tokenKey, nowS);
        sendCaptcha(res, c.code, c.ticket, safeBack(x.url));
        break;
      }
      case 'CHALLENGE':
        sendChallenge(res, newChallenge(reg.tokenKey, nowS), safeBack(x.url));
        break;
    }
    outcomes.after(res, x.active, inspected, decision, x.nowMs);
  }

  const failed = (req: ProxyRequest, res: ProxyResponse, e: unknown): void => {
    log(`request failed: ${String(e)}`);
    if (!res.headersSent) sendPage(res, req.destroyed ? 400 : 502);
    else res.destroy();
  };
  const run = (req: ProxyRequest, res: ProxyResponse, source: IncomingMessage | Buffer): void => {
    let waiting: void | Promise<void>;
    try {
      waiting = handle(req, res, source);
    } catch (e) {
      failed(req, res, e);
      return;
    }
    waiting?.catch((e: unknown) => failed(req, res, e));
  };
  const serve = (req: IncomingMessage, res: ServerResponse): void => run(req, res, req);
  const server: Server = createServer(standard.serverOptions(), serve);
  // A client may shut down its sending side once its request is out (`curl`-style tools, health checkers):
  // it still gets its answer, then the connection closes, as an ALB or nginx does. Node's default aborts
  // the request and ends the socket instead (`httpAllowHalfOpen`, false unless set).
  (server as Server & { httpAllowHalfOpen: boolean }).httpAllowHalfOpen = true;
  /** Serves `req`, which Node's server does not answer itself, on `socket`, then closes the connection. */
  const serveAndClose = (req: IncomingMessage, socket: Socket): void => {
    const res = new ServerResponse(req);
    res.shouldKeepAlive = false;
    res.assignSocket(socket);
    res.once('finish', () => socket.end());
    serve(req, res);
  };
  const c = standard.config;
  server.on('clientError', clientErrorHandler({ maxBytes: c.maxHeaderBytes, maxHeaders: c.maxHeaderCount }, (head, socket) => {
    const req = refusedRequest(head, socket);
    refusedHeads.set(req, head);
    serveAndClose(req, socket);
  }));
  // CONNECT asks for a tunnel, which a load balancer does not open: the web ACL sees the request (an
  // open-proxy probe a rule may block), and an allowed one gets 405. Node's default closes the connection
  // without an answer.
  server.on('connect', serveAndClose);
  // Connections are read by the front while their requests are of its subset; node:http reads them from the first other one.
  standard.configureServer(server);
  const front = frontFor(server, {
    limits: {
      maxHeadBytes: c.maxHeaderBytes,
      maxHeaders: c.maxHeaderCount,
      get maxBody() {
        return watcher.active.bodyLimit;
      },
    },
    headersTimeoutMs: c.headersTimeoutMs,
    keepAliveTimeoutMs: c.keepAliveTimeoutMs,
    idleTimeoutMs: c.idleTimeoutMs,
    maxRequestsPerSocket: c.maxRequestsPerSocket,
    nodeOnly: (t) => t === VERIFY_PATH,
    serve: (req, res, body) => run(req, res, body),
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  target.listenPort = (server.address() as AddressInfo).port;
  let tlsListener: NetServer | undefined;
  if (o.https) {
    try {
      tlsListener = await listenTls({ ...o.https, helloTimeoutMs: standard.config.headersTimeoutMs, maxConnections: standard.config.maxConnections }, server);
    } catch (e) {
      front.close();
      await new Promise<void>((r) => server.close(() => r()));
      throw e;
    }
    target.httpsPort = (tlsListener.address() as AddressInfo).port;
  }
  return {
    albArn: reg.albArn,
    displayArn: reg.displayArn,
    url: `http://${urlHost(o.host)}:${target.listenPort}`,
    port: target.listenPort,
    ...(tlsListener && o.https ? { httpsUrl: `https://${urlHost(o.https.host)}:${target.httpsPort}`, httpsPort: target.httpsPort } : {}),
    watcher,
    standard,
    ...(shield ? { shield } : {}),
    flush: async () => {
      await recorder.flush(clock());
      await s3Logs?.flush();
    },
    async close() {
      watcher.stop();
      clearInterval(loopTimer);
      loopDelay.disable();
      if (o.shield === undefined) await shield?.stop();
      // The TLS listener stops accepting now; it is closed once its connections are, which closing the HTTP server's does.
      const tlsClosed = new Promise<void>((r) => (tlsListener ? tlsListener.close(() => r()) : r()));
      await new Promise<void>((r) => {
        server.close(() => r());
        front.close();
        server.closeAllConnections();
      });
      await tlsClosed;
      target.pool.close();
      await recorder.close();
      await counter.close();
      await logs?.close();
      await s3Logs?.close();
    },
  };
}
