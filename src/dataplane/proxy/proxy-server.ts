/**
 * `rampart proxy`: an HTTP/1.1 reverse proxy in front of one upstream that enforces the web ACL
 * associated with its ALB ARN. Per request: read the inspected body prefix (8 KB, or the web ACL's
 * AssociationConfig size up to 64 KB), evaluate, then answer (block, CAPTCHA, Challenge) or stream
 * the request to the upstream (`upstream/pool.ts`). Malformed HTTP and oversized heads get a 400/431 from
 * Node's parser, never a crash; a request line the parser refuses is still shown to the web ACL first
 * (`refused-head.ts`: a rule may block it; it is never forwarded, but for a raw UTF-8 path).
 */
import { randomUUID } from 'node:crypto';
import { createServer, IncomingMessage, ServerResponse, type Server } from 'node:http';
import type { AddressInfo, Server as NetServer, Socket } from 'node:net';
import { join } from 'node:path';
import type { Store } from '../../storage/types.js';
import { builtinDetectors, type Detectors } from '../waf/detectors.js';
import { evaluate, type Decision } from '../waf/evaluate.js';
import { loadGeoDb, type GeoDb } from '../waf/geo.js';
import type { InspectedRequest } from '../waf/inspected-request.js';
import { normalizeIp, parseIp } from '../waf/ip.js';
import { ManagedRegistry } from '../waf/managed-registry.js';
import { directoryIpListSource, loadBotLists, loadIpLists, managedRuleGroups } from '../waf/managed/index.js';
import { MemoryRateCounter, RedisRateCounter, type RateCounter } from '../waf/rate-counter.js';
import { RespClient } from '../waf/resp-client.js';
import { AclWatcher } from './acl-watcher.js';
import { clientErrorHandler } from './client-errors.js';
import { UpstreamPool } from './upstream/pool.js';
import { percentEncodeHigh, type RefusedHead } from './refused-head.js';
import { newCaptcha, newChallenge, safeBack, serveVerify, tokenOf, VERIFY_PATH } from './challenge.js';
import { forward } from './forward.js';
import { fingerprintOf, listenTls } from './tls-listener.js';
import { Recorder } from './recorder.js';
import { rawHeader } from './raw-headers.js';
import { registerProxy } from './registration.js';
import { sendBlock, sendCaptcha, sendChallenge, sendPage } from './responses.js';
import { keep, logRecord, WafLogWriter } from './waf-log.js';
import { S3LogDelivery } from './s3-log-delivery.js';
import { s3BucketAndPrefix } from '../../shared/arn.js';
import type { LoggingConfiguration } from '../../services/wafv2/api.generated.js';
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

interface BodyPrefix {
  readonly chunks: Buffer[];
  readonly size: number;
  readonly ended: boolean;
}

const NO_BYTES = Buffer.alloc(0);
const NO_BODY: BodyPrefix = { chunks: [], size: 0, ended: true };

/**
 * Whether the request's framing says it has no body (RFC 9112 §6.3: no Transfer-Encoding, no Content-Length
 * above 0; Node's parser has refused a request whose framing is invalid or ambiguous). Most requests are
 * such GETs: they are evaluated at once, without waiting for the stream's end.
 */
function hasNoBody(raw: readonly string[]): boolean {
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const n = raw[i]!;
    if (n.length === 17 && n.toLowerCase() === 'transfer-encoding') return false;
    if (n.length === 14 && n.toLowerCase() === 'content-length' && raw[i + 1] !== '0') return false;
  }
  return true;
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

/** Hands the answered request to Shield Advanced (status 0 when the connection closed before an answer). */
function observeInto(shield: ShieldEngine, resourceArn: string, req: IncomingMessage, res: ServerResponse, url: string, clientIp: string, time: number): void {
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
  // A logging configuration's S3 destination (null: another kind), read once per configuration loaded.
  const s3DestOf = new WeakMap<LoggingConfiguration, string | null>();
  const s3Destination = (cfg: LoggingConfiguration): string | undefined => {
    let d = s3DestOf.get(cfg);
    if (d === undefined) s3DestOf.set(cfg, (d = s3BucketAndPrefix(cfg.LogDestinationConfigs[0] ?? '') ? cfg.LogDestinationConfigs[0]! : null));
    return d ?? undefined;
  };
  // Keep-alive connections to the upstream, at most 256 at once (as node:http's Agent had).
  const pool = new UpstreamPool(upstream.hostname.replace(/^\[|\]$/g, ''), Number(upstream.port || 80), 256);
  let listenPort = o.port;
  let httpsPort = o.https?.port ?? 0;
  const upstreamTimeoutMs = o.upstreamTimeoutMs ?? 60_000;
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

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const head = refusedHeads.get(req);
    const refused = head && !head.forwardable ? head : undefined;
    // An absolute-form target (`GET http://host/path`) is inspected and forwarded as its path.
    const rawUrl = req.url ?? '/';
    const url = rawUrl.charCodeAt(0) !== 47 && /^https?:\/\//i.test(rawUrl) ? absolutePath(rawUrl) : rawUrl;
    req.url = url;
    const nowMs = clock();
    const nowS = Math.floor(nowMs / 1000);
    const clientIp = normalizeIp(req.socket.remoteAddress ?? '');
    if (shield?.watches(reg.albArn, nowMs)) observeInto(shield, reg.albArn, req, res, url, clientIp, nowMs);
    if (standard.shouldShed(nowMs, lastLoopDelayMs)) {
      sendPage(res, 503, { 'retry-after': String(standard.config.retryAfterSeconds), connection: 'close' });
      return;
    }
    if (standard.checkHeaders(req.rawHeaders) !== 'ok') {
      sendPage(res, 431, { connection: 'close' });
      return;
    }
    if (url === VERIFY_PATH && !refused) {
      serveVerify(req, res, reg.tokenKey, nowS);
      return;
    }
    const active = watcher.active;
    const body = hasNoBody(req.rawHeaders) ? NO_BODY : await readPrefix(req, active.bodyLimit);
    if (!active.compiled) {
      if (refused) sendPage(res, 400);
      else forward(req, res, body.chunks, body.ended, clientIp, { pool, listenPort, httpsPort, timeoutMs: upstreamTimeoutMs }, []);
      return;
    }
    const q = url.indexOf('?');
    const whole = body.chunks.length === 0 ? NO_BYTES : body.chunks.length === 1 ? body.chunks[0]! : Buffer.concat(body.chunks);
    const fingerprint = fingerprintOf(req.socket);
    const inspected: InspectedRequest = {
      method: req.method ?? 'GET',
      path: q < 0 ? url : url.slice(0, q),
      query: q < 0 ? '' : url.slice(q + 1),
      headers: pairs(req.rawHeaders),
      body: whole.subarray(0, active.bodyLimit),
      bodyOversize: whole.length > active.bodyLimit,
      clientIp,
      httpVersion: head?.version ?? `HTTP/${req.httpVersion}`,
      tls: fingerprint,
    };
    const token = tokenOf(req, reg.tokenKey);
    const pending = evaluate(active.compiled, inspected, {
      captcha: (imm) => token !== undefined && nowS - token.captchaAt <= imm,
      challenge: (imm) => token !== undefined && nowS - token.challengeAt <= imm,
    }, nowMs);
    const decision: Decision = pending instanceof Promise ? await pending : pending;
    if (!body.ended && decision.action !== 'ALLOW') res.setHeader('connection', 'close');
    // A refused request is never forwarded nor offered a CAPTCHA or challenge: only a block changes its 400.
    if (refused && decision.action !== 'BLOCK') sendPage(res, 400);
    else switch (decision.action) {
      case 'ALLOW':
        forward(req, res, body.chunks, body.ended, clientIp, { pool, listenPort, httpsPort, timeoutMs: upstreamTimeoutMs }, decision.insertHeaders);
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
    const cfg = snap.logging && keep(snap.logging, decision) ? snap.logging : undefined;
    // An S3 destination is delivered to (with the services at hand); the others are written to the data dir.
    const s3Dest = cfg && s3Logs ? s3Destination(cfg) : undefined;
    const sampleMetric = active.compiled.sampleMetric;
    res.on('finish', () => {
      let country: string | undefined | null = null;
      const countryOf = () => {
        if (country === null) {
          const ip = parseIp(clientIp);
          country = ip ? geo.countryOf(ip) : undefined;
        }
        return country;
      };
      recorder.sample(acl.id, sampleMetric, inspected, decision, res.statusCode, countryOf, nowMs);
      if (cfg && (s3Dest || logs)) {
        const c = countryOf();
        const record = logRecord(cfg, inspected, decision, { aclArn: acl.arn, albArn: reg.albArn, requestId: randomUUID(), ...(c ? { country: c } : {}), responseCode: res.statusCode, now: nowMs });
        if (s3Dest) s3Logs!.add(s3Dest, acl.name, record);
        else logs!.write(acl.name, record);
      }
    });
  }

  const serve = (req: IncomingMessage, res: ServerResponse): void => {
    handle(req, res).catch((e: unknown) => {
      log(`request failed: ${String(e)}`);
      if (!res.headersSent) sendPage(res, req.destroyed ? 400 : 502);
      else res.destroy();
    });
  };
  const server: Server = createServer(standard.serverOptions(), serve);
  standard.configureServer(server);
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
    const req = new IncomingMessage(socket);
    req.method = head.method;
    req.url = head.forwardable ? percentEncodeHigh(head.target) : head.target;
    const minor = head.version === 'HTTP/1.0' ? 0 : 1;
    req.httpVersionMajor = 1;
    req.httpVersionMinor = minor;
    req.httpVersion = `1.${minor}`;
    req.rawHeaders = head.rawHeaders;
    req.complete = true;
    if (head.body.length > 0) req.push(head.body);
    req.push(null);
    refusedHeads.set(req, head);
    serveAndClose(req, socket);
  }));
  // CONNECT asks for a tunnel, which a load balancer does not open: the web ACL sees the request (an
  // open-proxy probe a rule may block), and an allowed one gets 405. Node's default closes the connection
  // without an answer.
  server.on('connect', serveAndClose);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  listenPort = (server.address() as AddressInfo).port;
  let tlsListener: NetServer | undefined;
  if (o.https) {
    try {
      tlsListener = await listenTls({ ...o.https, helloTimeoutMs: standard.config.headersTimeoutMs, maxConnections: standard.config.maxConnections }, server);
    } catch (e) {
      await new Promise<void>((r) => server.close(() => r()));
      throw e;
    }
    httpsPort = (tlsListener.address() as AddressInfo).port;
  }
  return {
    albArn: reg.albArn,
    displayArn: reg.displayArn,
    url: `http://${urlHost(o.host)}:${listenPort}`,
    port: listenPort,
    ...(tlsListener && o.https ? { httpsUrl: `https://${urlHost(o.https.host)}:${httpsPort}`, httpsPort } : {}),
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
        server.closeAllConnections();
      });
      await tlsClosed;
      await pool.close();
      await recorder.close();
      await counter.close();
      await logs?.close();
      await s3Logs?.close();
    },
  };
}
