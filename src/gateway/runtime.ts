import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { bootstrapDefaultAccount, resetToFirstStart, type BootstrapResult } from '../authz/bootstrap-account.js';
import { bindLegacyTrustPolicies, type IamService } from '../services/iam/index.js';
import type { ServiceFactory } from '../services/service-module.js';
import { parseOfflineJwks, type OfflineJwks } from '../services/sts/index.js';
import type { InternalClient, ServiceDefinition } from '../protocol/service-definition.js';
import type { AuditSink } from '../shared/audit-event.js';
import { systemClock, type Clock } from '../shared/clock.js';
import { openStore } from '../storage/open-store.js';
import type { EventLog } from '../storage/event-log/event-log.js';
import { openEventLog } from '../storage/event-log/open-event-log.js';
import { DEFAULT_RETENTION_DAYS, startRetention } from '../storage/event-log/retention.js';
import type { Store } from '../storage/types.js';
import { fanOut, RingAuditSink } from './audit-sinks.js';
import { createHttpServer, type TlsOptions } from './http-server.js';
import { composeGateway } from './compose.js';
import { startTrailDelivery, type TrailDeliveryOptions } from './trail-delivery.js';
import type { DeliveryScheduler } from '../dataplane/trail/scheduler.js';
import { handleInternal } from './internal-routes.js';
import { describeStorage, storageOptions } from './storage-config.js';
import { certificateNames, localTls, type TlsMaterial } from './tls/tls-material.js';
import { VERSION } from './version.js';

export interface RuntimeOptions {
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  /** `sqlite` or a `postgres://` URL. */
  readonly storage: string;
  /** Also accept access key `test` / secret `test` as the default account's root; loopback only. */
  readonly dev: boolean;
  /** Account id for the default account on first start. */
  readonly accountId?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly clock?: Clock;
  readonly auditSinks?: readonly AuditSink[];
  readonly log?: (msg: string, err?: unknown) => void;
  /** More services to serve (a test's toy service; later issues' services are wired in compose.ts). */
  readonly services?: readonly ServiceFactory[];
  /** Meter requests for Cost Explorer (default true). */
  readonly metering?: boolean;
  /** Also serve HTTPS on this port (0: any free port), beside HTTP on `port`. */
  readonly httpsPort?: number;
  /** The HTTPS listener's certificate and key (PEM); without them, the local CA's (tls/tls-material.ts). */
  readonly tls?: TlsOptions;
  /** Record every request in CloudTrail's event history (default true; the benchmark turns it off to compare). */
  readonly recordEvents?: boolean;
  /** Days events are kept (default 90, CloudTrail's event history). */
  readonly eventRetentionDays?: number;
  /** CloudTrail log file delivery's timings (with `recordEvents`; default: tick 10 s, log files 5 min, digests 1 h). */
  readonly trailDelivery?: TrailDeliveryOptions;
}

export interface Runtime {
  readonly url: string;
  readonly port: number;
  /** The HTTPS listener's URL (with `httpsPort`). */
  readonly httpsUrl?: string;
  /** The CA certificate to trust for the HTTPS listener (local CA only). */
  readonly caPath?: string;
  readonly store: Store;
  /** CloudTrail's event history (absent with `recordEvents: false`). */
  readonly events?: EventLog;
  /** CloudTrail's log file delivery to the trails' buckets (absent with `recordEvents: false`); tests call its tick(). */
  readonly trailDelivery?: DeliveryScheduler;
  readonly account: BootstrapResult;
  readonly audit: RingAuditSink;
  /** IAM's users' and roles' policies (the identity source authorization reads). */
  readonly identitySource: IamService['identitySource'];
  /** Every service the gateway speaks (served or model-only), as it dispatches to them. */
  readonly services: readonly ServiceDefinition[];
  /** How a component beside the services calls them (the WAF proxy delivers its logs to S3 through it). */
  readonly internal: InternalClient;
  /** Writes the metered usage not yet written (the meter also writes it every 10 s and on close). */
  flushUsage(): Promise<void>;
  close(): Promise<void>;
}

/** True for addresses only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

/** The OIDC issuer keys of the file `RAMPART_OIDC_JWKS` names (docs/oidc-federation.md), if set. */
function offlineJwks(env: NodeJS.ProcessEnv): OfflineJwks | undefined {
  const path = env['RAMPART_OIDC_JWKS'];
  return path ? parseOfflineJwks(readFileSync(path, 'utf8'), `RAMPART_OIDC_JWKS ${path}`) : undefined;
}

/** Composition root: opens storage, seeds the default account, wires services and listens. */
export async function startRuntime(opts: RuntimeOptions): Promise<Runtime> {
  if (opts.dev && !isLoopbackHost(opts.host)) {
    throw new Error(`--dev accepts the well-known test/test credentials and is refused on a non-loopback host (${opts.host}).`);
  }
  const clock = opts.clock ?? systemClock;
  const log = opts.log ?? ((msg: string, err?: unknown) => console.error(`[rampart] ${msg}`, err instanceof Error ? err.stack : (err ?? '')));
  const storeOpts = storageOptions(opts.storage, opts.dataDir, opts.env ?? process.env);
  // Read before storage opens: a bad file stops the start with its reason.
  const oidcJwks = offlineJwks(opts.env ?? process.env);
  const store = await openStore(storeOpts);
  let events: EventLog | undefined;
  let stopRetention: (() => Promise<void>) | undefined;
  try {
    if (opts.recordEvents !== false) {
      events = await openEventLog(storeOpts);
      stopRetention = startRetention(events, { days: opts.eventRetentionDays ?? DEFAULT_RETENTION_DAYS, now: clock, onError: (e) => log('event retention failed', e) });
    }
    const account = await bootstrapDefaultAccount(store, { now: clock(), ...(opts.accountId ? { accountId: opts.accountId } : {}) });
    // Roles stored before trust principals were bound by unique id get their binding (once).
    await bindLegacyTrustPolicies(store);
    const ring = new RingAuditSink();
    const audit = fanOut([ring, ...(opts.auditSinks ?? [])], log);
    const gateway = composeGateway({ store, account, dev: opts.dev, audit, log, dataDir: opts.dataDir, ...(opts.services ? { services: opts.services } : {}), ...(oidcJwks ? { oidcJwks } : {}), ...(opts.metering === false ? { metering: false } : {}), ...(events ? { events } : {}), clock });
    const { registry } = gateway;
    gateway.meter.start();
    const routes = { version: VERSION, storage: describeStorage(storeOpts), registry, ...(opts.dev ? { reset: async () => (gateway.meter.discard(), await events?.clear(), resetToFirstStart(store)) } : {}) };
    const handler = async (req: Parameters<typeof gateway.chain>[0]) => handleInternal(req, routes) ?? gateway.chain(req);
    // The certificate first: a failure there leaves nothing listening.
    const material = opts.httpsPort === undefined ? undefined : (opts.tls ?? (await localTls(store, opts.dataDir, certificateNames(opts.host), clock())));
    const server = createHttpServer(handler, clock, log);
    await listen(server, opts.port, opts.host);
    const port = (server.address() as AddressInfo).port;
    const hostForUrl = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
    let https: { server: Server; material: TlsMaterial; url: string } | undefined;
    if (opts.httpsPort !== undefined && material) {
      const tlsServer = createHttpServer(handler, clock, log, material);
      try {
        await listen(tlsServer, opts.httpsPort, opts.host);
      } catch (e) {
        await closeServer(server);
        throw e;
      }
      https = { server: tlsServer, material, url: `https://${hostForUrl}:${(tlsServer.address() as AddressInfo).port}` };
    }
    // Background work (the KMS scheduler) starts once the servers listen, and stops before the store closes.
    gateway.startServices();
    const delivery = events ? startTrailDelivery({ store, events, internal: gateway.internal, clock, log, organizations: gateway.organizations }, opts.trailDelivery) : undefined;
    return {
      url: `http://${hostForUrl}:${port}`,
      port,
      ...(https ? { httpsUrl: https.url } : {}),
      ...(https?.material.caPath ? { caPath: https.material.caPath } : {}),
      store,
      ...(events ? { events } : {}),
      ...(delivery ? { trailDelivery: delivery.scheduler } : {}),
      account,
      audit: ring,
      identitySource: gateway.iam.identitySource,
      services: registry.services,
      internal: gateway.internal,
      flushUsage: () => gateway.meter.flush(),
      async close() {
        await Promise.all([closeServer(server), ...(https ? [closeServer(https.server)] : [])]);
        await delivery?.stop();
        await gateway.stopServices();
        await gateway.meter.close();
        await stopRetention?.();
        await events?.close();
        await store.close();
      },
    };
  } catch (e) {
    await stopRetention?.();
    await events?.close();
    await store.close();
    throw e;
  }
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
