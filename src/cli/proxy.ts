import { readBootstrap } from '../authz/bootstrap-account.js';
import { startProxy, type RunningProxy } from '../dataplane/proxy/proxy-server.js';
import type { InternalCaller } from '../dataplane/trail/s3-target.js';
import { composeOfflineGateway } from '../gateway/offline-gateway.js';
import { storageOptions } from '../gateway/storage-config.js';
import { certificateNames, localTls } from '../gateway/tls/tls-material.js';
import { openStore } from '../storage/open-store.js';
import type { Store } from '../storage/types.js';
import { parseOptions, STORE_OPTIONS, tlsFiles } from './common-options.js';

const USAGE = `Usage: rampart proxy --name NAME --listen HOST:PORT --upstream http://HOST:PORT [options]

Runs an HTTP reverse proxy in front of --upstream that enforces the AWS WAF web ACL associated
with it. It registers as an Application Load Balancer and prints its ARN: associate a web ACL with
it (wafv2 associate-web-acl --resource-arn ARN). The ARN is kept for NAME across restarts.

  --name NAME          Load balancer name (1-32 letters, digits, hyphens)
  --listen HOST:PORT   Where to listen (default 127.0.0.1:8080)
  --https-listen HOST:PORT
                       Also serve HTTPS there (the WAF then inspects JA3/JA4 fingerprints), with the
                       local CA's server certificate (DATA_DIR/tls/ca.pem for clients) or:
  --tls-cert FILE      this certificate (PEM), with --tls-key FILE
  --upstream URL       The application (http://HOST:PORT)
  --region REGION      Region of the load balancer (default us-east-1, or AWS_REGION)
  --redis URL          redis://HOST:PORT: share rate-based rule counts with other proxies
  --redis-prefix P     Key prefix in Redis (default rampart:waf:; proxies that share counts share it)
  --data-dir DIR       As 'rampart start' (the store; waf/geoip.csv is read and waf-logs/ written there)
  --storage KIND       As 'rampart start'`;

/** Parses `HOST:PORT` (`[v6]:PORT` too). */
export function parseListen(s: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(s);
  const port = m ? Number(m[3]) : NaN;
  if (!m || port > 65535) throw new Error(`--listen must be HOST:PORT, not '${s}'`);
  return { host: m[1] ?? m[2]!, port };
}

export interface ProxySpec {
  readonly name: string;
  readonly listen: string;
  readonly upstream: string;
  readonly region: string;
  readonly redis?: string;
  readonly redisPrefix?: string;
  /** The data directory (the local CA's certificate is issued there for HTTPS). */
  readonly dataDir: string;
  /** HOST:PORT of an HTTPS listener too. */
  readonly https?: string;
  /** Its certificate and key (PEM); the local CA's server certificate otherwise (as 'rampart start --https-port'). */
  readonly tls?: { readonly cert: string; readonly key: string };
  /** The services' internal client (WAF logs to an S3 bucket go through it). */
  readonly internal?: InternalCaller;
}

/** Opens the proxy on an already-open store (shared by 'rampart proxy' and 'rampart start --proxy'). */
export async function proxyOn(store: Store, accountId: string, o: ProxySpec): Promise<RunningProxy> {
  const { host, port } = parseListen(o.listen);
  let https;
  if (o.https !== undefined) {
    const at = parseListen(o.https);
    const material = o.tls ?? (await localTls(store, o.dataDir, certificateNames(at.host), Date.now()));
    https = { ...at, cert: material.cert, key: material.key };
  }
  return startProxy({ store, accountId, region: o.region, name: o.name, host, port, upstream: o.upstream, ...(o.internal ? { internal: o.internal } : {}), ...(o.redis ? { redis: o.redis } : {}), ...(o.redisPrefix ? { redisPrefix: o.redisPrefix } : {}), dataDir: o.dataDir, ...(https ? { https } : {}) });
}

/** `rampart proxy`: runs until SIGINT/SIGTERM. */
export async function runProxy(args: string[]): Promise<number> {
  const o = parseOptions(args, {
    ...STORE_OPTIONS,
    name: { type: 'string' },
    listen: { type: 'string', default: '127.0.0.1:8080' },
    upstream: { type: 'string' },
    region: { type: 'string' },
    redis: { type: 'string' },
    'redis-prefix': { type: 'string' },
    'https-listen': { type: 'string' },
    'tls-cert': { type: 'string' },
    'tls-key': { type: 'string' },
  }, USAGE);
  if (o.help) {
    console.log(USAGE);
    return 0;
  }
  if (!o.name || !o.upstream) throw new Error(`--name and --upstream are required\n\n${USAGE}`);
  const tls = tlsFiles(o['tls-cert'], o['tls-key'], '--https-listen', o['https-listen'] !== undefined);
  const store = await openStore(storageOptions(o.storage, o['data-dir'], process.env, { mustExist: true }));
  try {
    const boot = await readBootstrap(store);
    if (!boot) throw new Error(`No account yet in this data store: run 'rampart start' first.`);
    const region = o.region ?? process.env['AWS_REGION'] ?? 'us-east-1';
    // The services over the same store, without HTTP: WAF logs for an S3 destination are written through them.
    const services = await composeOfflineGateway({ store, dataDir: o['data-dir'] });
    const p = await proxyOn(store, boot.accountId, { internal: services.internal, name: o.name, listen: o.listen, upstream: o.upstream, region, ...(o.redis ? { redis: o.redis } : {}), ...(o['redis-prefix'] ? { redisPrefix: o['redis-prefix'] } : {}), dataDir: o['data-dir'], ...(o['https-listen'] ? { https: o['https-listen'] } : {}), ...(tls ? { tls } : {}) });
    const stopped = new Promise<void>((resolve) => {
      const stop = () => void p.close().then(() => services.close()).then(resolve, resolve);
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    console.log(`Rampart WAF proxy ${o.name} listening on ${p.url}${p.httpsUrl ? ` and ${p.httpsUrl}` : ''} -> ${o.upstream}\nLoad balancer ARN: ${p.displayArn}`);
    await stopped;
    return 0;
  } finally {
    await store.close();
  }
}
