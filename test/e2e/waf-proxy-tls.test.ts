/**
 * The WAF proxy's HTTPS listener: TLS terminated with the local CA's server certificate, requests
 * forwarded with X-Forwarded-Proto https, and the JA3Fingerprint / JA4Fingerprint fields of a web
 * ACL (made through @aws-sdk/client-wafv2) matched against each connection's ClientHello, with their
 * fallback behaviour for plain HTTP. Two TLS clients with different hellos: Node's default (TLS 1.3)
 * and the same capped at TLS 1.2. What each one's fingerprints are is read from the hello it sends
 * to a bare TCP listener first (the parser itself is checked against published fingerprints in
 * src/dataplane/waf/tls-fingerprint.test.ts).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { connect as rawConnect, createServer as createNetServer, type AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';
import { AssociateWebACLCommand, CreateWebACLCommand, GetWebACLCommand, UpdateWebACLCommand, type Rule } from '@aws-sdk/client-wafv2';
import { startProxy, type RunningProxy } from '../../src/dataplane/proxy/proxy-server.js';
import { helloLength, ja3, ja4, readClientHello } from '../../src/dataplane/waf/tls-fingerprint.js';
import { certificateNames, localTls } from '../../src/gateway/tls/tls-material.js';
import { startTestServer, type TestServer } from '../helpers/rampart.js';
import { echoed, send, startUpstream, within, type Echo, type Upstream } from './waf-proxy-support.js';
import { none, vis, waf } from './wafv2-support.js';

let s: TestServer;
let app: Upstream;
let proxy: RunningProxy;
let ca: string;

type Client = Pick<ConnectionOptions, 'maxVersion' | 'ciphers'>;
const TLS13: Client = {};
const TLS12: Client = { maxVersion: 'TLSv1.2' };

/** The JA3/JA4 of the hello `client` sends (captured by a bare TCP listener). */
async function fingerprints(client: Client): Promise<{ ja3: string; ja4: string }> {
  const listener = createNetServer();
  await new Promise<void>((r) => listener.listen(0, '127.0.0.1', r));
  try {
    const hello = new Promise<Buffer>((resolve) => {
      listener.once('connection', (sock) => {
        let seen = Buffer.alloc(0);
        sock.on('data', (c: Buffer) => {
          seen = Buffer.concat([seen, c]);
          const n = helloLength(seen);
          if (typeof n === 'number') {
            resolve(seen.subarray(0, n));
            sock.destroy();
          }
        });
      });
    });
    const t = tlsConnect({ host: '127.0.0.1', port: (listener.address() as AddressInfo).port, servername: 'localhost', ca, ...client });
    t.on('error', () => undefined);
    const h = readClientHello(await hello)!;
    t.destroy();
    return { ja3: ja3(h), ja4: ja4(h) };
  } finally {
    listener.close();
  }
}

/** A GET over HTTPS through the proxy with `client`'s TLS settings (a new connection each time). */
function getTls(client: Client, path = '/items'): Promise<{ status: number; echo?: Echo }> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest({ host: '127.0.0.1', port: proxy.httpsPort, path, servername: 'localhost', ca, agent: false, headers: { host: 'shop.example.com', 'user-agent': 'Mozilla/5.0' }, ...client }, echoed(resolve, reject));
    req.on('error', reject);
    req.end();
  });
}

const getPlain = async (): Promise<number> => (await send(proxy.url, '/items', { headers: { host: 'shop.example.com', 'user-agent': 'Mozilla/5.0' } })).status;

const fingerprintRule = (name: string, priority: number, field: 'JA3Fingerprint' | 'JA4Fingerprint', value: string, fallback: 'MATCH' | 'NO_MATCH'): Rule => ({
  Name: name, Priority: priority, Action: { Block: {} }, VisibilityConfig: vis(name),
  Statement: { ByteMatchStatement: { SearchString: new TextEncoder().encode(value), FieldToMatch: { [field]: { FallbackBehavior: fallback } }, TextTransformations: none, PositionalConstraint: 'EXACTLY' } },
});

before(async () => {
  s = await startTestServer();
  app = await startUpstream();
  const material = await localTls(s.runtime.store, s.dataDir, certificateNames('127.0.0.1'), Date.now());
  ca = readFileSync(material.caPath!, 'utf8');
  proxy = await startProxy({ store: s.runtime.store, accountId: s.accountId, region: 'us-east-1', name: 'tls-shop', host: '127.0.0.1', port: 0, upstream: app.url, log: () => {}, https: { host: '127.0.0.1', port: 0, cert: material.cert, key: material.key } });
});

after(async () => {
  await proxy?.close();
  await app?.close();
  await s?.close();
});

describe('WAF proxy over HTTPS: JA3 and JA4 fingerprints', () => {
  it('serves HTTPS with the local CA certificate and tells the app it came over HTTPS', async () => {
    assert.match(proxy.httpsUrl ?? '', /^https:\/\/127\.0\.0\.1:\d+$/);
    const r = await getTls(TLS13);
    assert.equal(r.status, 200);
    assert.equal(r.echo?.headers['x-forwarded-proto'], 'https');
    assert.equal(r.echo?.headers['x-forwarded-port'], String(proxy.httpsPort));
    assert.equal(r.echo?.headers['x-forwarded-for'], '127.0.0.1');
  });

  it('blocks by JA3 fingerprint, then by JA4, each client by its own hello; plain HTTP meets the fallback', async () => {
    const a = await fingerprints(TLS13);
    const b = await fingerprints(TLS12);
    assert.notEqual(a.ja3, b.ja3);
    assert.match(a.ja4, /^t13d\d{4}00_[0-9a-f]{12}_[0-9a-f]{12}$/); // TLS 1.3, SNI (servername), no ALPN
    const c = waf(s);
    const made = await c.send(new CreateWebACLCommand({ Name: 'tls-acl', Scope: 'REGIONAL', DefaultAction: { Allow: {} }, VisibilityConfig: vis('tls-acl'), Rules: [fingerprintRule('no-a-ja3', 1, 'JA3Fingerprint', a.ja3, 'NO_MATCH')] }));
    await c.send(new AssociateWebACLCommand({ WebACLArn: made.Summary!.ARN!, ResourceArn: proxy.albArn }));
    await within(1500, async () => (await getTls(TLS13)).status === 403);
    assert.equal((await getTls(TLS12)).status, 200, 'another hello passes');
    assert.equal(await getPlain(), 200, 'plain HTTP has no fingerprint: NO_MATCH');

    const got = await c.send(new GetWebACLCommand({ Name: 'tls-acl', Scope: 'REGIONAL', Id: made.Summary!.Id! }));
    await c.send(new UpdateWebACLCommand({ Name: 'tls-acl', Scope: 'REGIONAL', Id: made.Summary!.Id!, LockToken: got.LockToken!, DefaultAction: { Allow: {} }, VisibilityConfig: vis('tls-acl'), Rules: [fingerprintRule('no-b-ja4', 1, 'JA4Fingerprint', b.ja4, 'MATCH')] }));
    await within(1500, async () => (await getTls(TLS12)).status === 403);
    assert.equal((await getTls(TLS13)).status, 200);
    assert.equal(await getPlain(), 403, 'plain HTTP has no fingerprint: MATCH');
  });

  it('bytes that are not TLS on the HTTPS port are closed; the proxy keeps serving', async () => {
    for (const bytes of ['GET / HTTP/1.1\r\nHost: x\r\n\r\n', Buffer.from([0x16, 3, 1, 0xff, 0xff, 1, 0xff, 0xff, 0xff]), Buffer.alloc(20_000, 0x16)]) {
      const closed = await new Promise<boolean>((resolve) => {
        const sock = rawConnect(proxy.httpsPort!, '127.0.0.1', () => sock.write(bytes));
        sock.on('error', () => undefined);
        sock.on('close', () => resolve(true));
        setTimeout(() => resolve(false), 5000).unref();
      });
      assert.equal(closed, true, String(bytes).slice(0, 20));
    }
    assert.equal((await getTls(TLS13)).status, 200);
  });
});

describe('WAF proxy over HTTPS: closing', () => {
  it('closes promptly with a keep-alive TLS connection open', async () => {
    const material = await localTls(s.runtime.store, s.dataDir, certificateNames('127.0.0.1'), Date.now());
    const p = await startProxy({ store: s.runtime.store, accountId: s.accountId, region: 'us-east-1', name: 'tls-close', host: '127.0.0.1', port: 0, upstream: app.url, log: () => {}, https: { host: '127.0.0.1', port: 0, cert: material.cert, key: material.key } });
    const open = tlsConnect({ host: '127.0.0.1', port: p.httpsPort!, servername: 'localhost', ca });
    open.on('error', () => undefined);
    await new Promise<void>((r) => open.once('secureConnect', () => r()));
    const t = Date.now();
    await p.close();
    assert.ok(Date.now() - t < 5000, `close took ${Date.now() - t} ms`);
    open.destroy();
  });
});
