import { startRuntime } from '../gateway/runtime.js';
import { parseOptions, STORE_OPTIONS, tlsFiles } from './common-options.js';
import { credentialsBlock } from './print-credentials.js';
import { proxyOn } from './proxy.js';
import type { RunningProxy } from '../dataplane/proxy/proxy-server.js';

const USAGE = `Usage: rampart start [options]

  --host HOST          Address to listen on (default 127.0.0.1)
  --port PORT          Port (default 4566)
  --data-dir DIR       Data directory for SQLite and the master key (default ./.rampart)
  --storage KIND       'sqlite' (default) or a postgres:// URL (needs RAMPART_MASTER_KEY)
  --account-id ID      12-digit id of the default account, on first start (or RAMPART_ACCOUNT_ID)
  --dev                Also accept access key 'test' / secret 'test' as root (loopback only)
  --https-port PORT    Also serve HTTPS on PORT (aws:SecureTransport is true there). The certificate is
                       issued by a local CA kept in the store; its certificate is written to
                       DATA_DIR/tls/ca.pem for clients (AWS_CA_BUNDLE)
  --tls-cert FILE      Serve HTTPS with this certificate (PEM) instead, with --tls-key FILE
  --event-retention-days DAYS
                       Days CloudTrail's event history (LookupEvents) keeps events (default 90)
  --proxy SPEC         Also run a WAF proxy in this process (repeatable), SPEC is
                       name=NAME,listen=HOST:PORT,upstream=URL[,region=REGION][,redis=URL]
                       [,https=HOST:PORT] (the options of 'rampart proxy'; HTTPS with
                       --tls-cert/--tls-key when given, else the local CA's certificate)`;

/** Parses one --proxy SPEC. */
export function parseProxySpec(spec: string): { name: string; listen: string; upstream: string; region: string; redis?: string; https?: string } {
  const kv = new Map<string, string>();
  for (const part of spec.split(',')) {
    const i = part.indexOf('=');
    const k = part.slice(0, i).trim();
    if (i <= 0 || !['name', 'listen', 'upstream', 'region', 'redis', 'https'].includes(k) || kv.has(k)) throw new Error(`--proxy takes name=...,listen=...,upstream=...[,region=...][,redis=...][,https=...], not '${spec}'`);
    kv.set(k, part.slice(i + 1).trim());
  }
  const name = kv.get('name');
  const upstream = kv.get('upstream');
  if (!name || !upstream) throw new Error(`--proxy needs name= and upstream=, in '${spec}'`);
  const redis = kv.get('redis');
  const https = kv.get('https');
  return { name, upstream, listen: kv.get('listen') ?? '127.0.0.1:8080', region: kv.get('region') ?? 'us-east-1', ...(redis ? { redis } : {}), ...(https ? { https } : {}) };
}

/** `rampart start`: runs the server until SIGINT/SIGTERM. */
export async function runStart(args: string[]): Promise<number> {
  const o = parseOptions(args, {
    ...STORE_OPTIONS,
    host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string', default: '4566' },
    'account-id': { type: 'string' },
    dev: { type: 'boolean', default: false },
    'https-port': { type: 'string' },
    'tls-cert': { type: 'string' },
    'tls-key': { type: 'string' },
    'event-retention-days': { type: 'string' },
    proxy: { type: 'string', multiple: true },
  }, USAGE);
  if (o.help) {
    console.log(USAGE);
    return 0;
  }
  const port = Number(o.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a number from 0 to 65535, not '${o.port}'`);
  const accountId = o['account-id'] ?? process.env['RAMPART_ACCOUNT_ID'];
  const httpsPort = o['https-port'] === undefined ? undefined : Number(o['https-port']);
  if (httpsPort !== undefined && (!Number.isInteger(httpsPort) || httpsPort < 0 || httpsPort > 65535)) throw new Error(`--https-port must be a number from 0 to 65535, not '${o['https-port']}'`);
  const tls = tlsFiles(o['tls-cert'], o['tls-key'], '--https-port', httpsPort !== undefined);
  const retention = o['event-retention-days'] === undefined ? undefined : Number(o['event-retention-days']);
  if (retention !== undefined && !(Number.isInteger(retention) && retention >= 1 && retention <= 36500)) throw new Error(`--event-retention-days must be a whole number of days from 1 to 36500, not '${o['event-retention-days']}'`);
  const proxySpecs = (o.proxy ?? []).map(parseProxySpec);
  const rt = await startRuntime({
    host: o.host,
    port,
    dataDir: o['data-dir'],
    storage: o.storage,
    dev: o.dev,
    ...(accountId ? { accountId } : {}),
    ...(httpsPort !== undefined ? { httpsPort } : {}),
    ...(tls ? { tls } : {}),
    ...(retention !== undefined ? { eventRetentionDays: retention } : {}),
  });
  const proxies: RunningProxy[] = [];
  try {
    for (const spec of proxySpecs) proxies.push(await proxyOn(rt.store, rt.account.accountId, { ...spec, internal: rt.internal, dataDir: o['data-dir'], ...(tls ? { tls } : {}) }));
  } catch (e) {
    await Promise.all(proxies.map((p) => p.close()));
    await rt.close();
    throw e;
  }
  // Signal handlers go in before the "listening" line is printed: whoever reads it may signal at once.
  const stopped = new Promise<void>((resolve) => {
    const stop = (sig: string) => {
      console.log(`\n${sig}: shutting down`);
      Promise.all(proxies.map((p) => p.close())).then(() => rt.close()).then(resolve, (e: unknown) => {
        console.error('error during shutdown', e);
        resolve();
      });
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
  // One write, so that whoever waits for the "listening on" line also has the credentials.
  const lines = [`Rampart listening on ${rt.url} (storage: ${o.storage === 'sqlite' ? `sqlite in ${o['data-dir']}` : 'postgres'}${o.dev ? ', dev mode: test/test accepted' : ''})`];
  if (rt.httpsUrl) lines.push(`HTTPS on ${rt.httpsUrl}${rt.caPath ? ` (local CA: export AWS_CA_BUNDLE=${rt.caPath})` : ''}`);
  if (rt.account.created) {
    lines.push('', 'First start: the default account was created. Its root access key is shown this once', "(run 'rampart credentials' to see it again):", '', credentialsBlock(rt.account, rt.url));
  } else {
    lines.push(`Account ${rt.account.accountId}; 'rampart credentials' prints its root access key.`);
  }
  for (const p of proxies) lines.push(`WAF proxy on ${p.url}${p.httpsUrl ? ` and ${p.httpsUrl}` : ''}, load balancer ARN ${p.displayArn}`);
  console.log(lines.join('\n'));
  await stopped;
  return 0;
}
