/**
 * The WAF data plane end to end: an upstream app, the server, `rampart proxy` (in-process, with an
 * injectable clock), a web ACL made and associated through @aws-sdk/client-wafv2, real HTTP through
 * the proxy: allow / block, rule order, labels, Count overrides in a rule group, scope-down,
 * inserted headers, custom responses, forwarded IPs, a rate-based rule over a 60 s window (the
 * clock moves, nobody sleeps), an ACL change within one second, a limit shared by two proxies
 * through Redis, 502 / 504, malformed HTTP and huge heads, a ReDoS-style pattern.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { AssociateWebACLCommand, CreateIPSetCommand, CreateRuleGroupCommand, CreateWebACLCommand, GetWebACLCommand, UpdateWebACLCommand, type Rule } from '@aws-sdk/client-wafv2';
import { startProxy, type RunningProxy } from '../../src/dataplane/proxy/proxy-server.js';
import { RespClient } from '../../src/dataplane/waf/resp-client.js';
import { startTestServer, type TestServer } from '../helpers/rampart.js';
import { spawnListening, type StartedCli } from '../helpers/spawn-cli.js';
import { raw, send, startUpstream, within, type Echo, type Upstream } from './waf-proxy-support.js';
import { blockRule, byteMatch, vis, waf } from './wafv2-support.js';

const REGIONAL = 'REGIONAL' as const;
const enc = (s: string) => new TextEncoder().encode(s);
const none = [{ Priority: 0, Type: 'NONE' as const }];
const MAIN = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
const REDIS = process.env['RAMPART_TEST_REDIS'] ?? 'redis://127.0.0.1:6379';

let s: TestServer;
let app: Upstream;
let proxy: RunningProxy;
let offset = 0;
const clock = () => Date.now() + offset;
let aclArn = '';
let aclId = '';

function rules(ipSetArn: string, groupArn: string): Rule[] {
  return [
    {
      Name: 'vip', Priority: 0, VisibilityConfig: vis('vip'),
      Statement: { ByteMatchStatement: { SearchString: enc('yes'), FieldToMatch: { SingleHeader: { Name: 'x-vip' } }, TextTransformations: none, PositionalConstraint: 'EXACTLY' } },
      Action: { Allow: { CustomRequestHandling: { InsertHeaders: [{ Name: 'vip', Value: '1' }] } } },
    },
    {
      Name: 'mark-sus', Priority: 10, VisibilityConfig: vis('mark'), RuleLabels: [{ Name: 'sus:query' }],
      Statement: { ByteMatchStatement: { SearchString: enc('sus'), FieldToMatch: { QueryString: {} }, TextTransformations: [{ Priority: 0, Type: 'LOWERCASE' }], PositionalConstraint: 'CONTAINS' } },
      Action: { Count: {} },
    },
    {
      Name: 'sus-admin', Priority: 20, VisibilityConfig: vis('sa'), Action: { Block: {} },
      Statement: { AndStatement: { Statements: [
        { LabelMatchStatement: { Scope: 'NAMESPACE', Key: 'sus:' } },
        { ByteMatchStatement: { SearchString: enc('/admin'), FieldToMatch: { UriPath: {} }, TextTransformations: [{ Priority: 0, Type: 'NORMALIZE_PATH' }], PositionalConstraint: 'STARTS_WITH' } },
      ] } },
    },
    { Name: 'group', Priority: 30, VisibilityConfig: vis('g'), OverrideAction: { None: {} }, Statement: { RuleGroupReferenceStatement: { ARN: groupArn, RuleActionOverrides: [{ Name: 'evil', ActionToUse: { Count: {} } }] } } },
    {
      Name: 'redos', Priority: 40, VisibilityConfig: vis('r'), Action: { Block: {} },
      Statement: { RegexMatchStatement: { RegexString: '^(a+)+$', FieldToMatch: { SingleQueryArgument: { Name: 'q' } }, TextTransformations: none } },
    },
    {
      Name: 'sqli', Priority: 50, VisibilityConfig: vis('s'),
      Statement: { SqliMatchStatement: { FieldToMatch: { AllQueryArguments: {} }, TextTransformations: [{ Priority: 0, Type: 'URL_DECODE' }] } },
      Action: { Block: { CustomResponse: { ResponseCode: 429, CustomResponseBodyKey: 'nope', ResponseHeaders: [{ Name: 'x-why', Value: 'sqli' }] } } },
    },
    {
      Name: 'bad-ips', Priority: 60, VisibilityConfig: vis('ip'), Action: { Block: {} },
      Statement: { IPSetReferenceStatement: { ARN: ipSetArn, IPSetForwardedIPConfig: { HeaderName: 'X-Forwarded-For', FallbackBehavior: 'NO_MATCH', Position: 'ANY' } } },
    },
    {
      Name: 'rate', Priority: 70, VisibilityConfig: vis('rate'), Action: { Block: {} },
      Statement: { RateBasedStatement: { Limit: 10, EvaluationWindowSec: 60, AggregateKeyType: 'CONSTANT', ScopeDownStatement: byteMatch('/rate/', 'CONTAINS') } },
    },
  ];
}

before(async () => {
  s = await startTestServer();
  app = await startUpstream();
  const c = waf(s);
  const ip = await c.send(new CreateIPSetCommand({ Name: 'bad', Scope: REGIONAL, IPAddressVersion: 'IPV4', Addresses: ['10.9.9.9/32'] }));
  const g = await c.send(new CreateRuleGroupCommand({
    Name: 'grp', Scope: REGIONAL, Capacity: 100, VisibilityConfig: vis('grp'),
    Rules: [
      { ...blockRule('evil', 1, byteMatch('evil')), RuleLabels: [{ Name: 'evil' }] },
      blockRule('worse', 2, byteMatch('worse')),
    ],
  }));
  const acl = await c.send(new CreateWebACLCommand({
    Name: 'shop-acl', Scope: REGIONAL, DefaultAction: { Allow: {} }, VisibilityConfig: vis('acl'),
    CustomResponseBodies: { nope: { ContentType: 'APPLICATION_JSON', Content: '{"error":"no"}' } },
    Rules: rules(ip.Summary!.ARN!, g.Summary!.ARN!),
  }));
  aclArn = acl.Summary!.ARN!;
  aclId = acl.Summary!.Id!;
  proxy = await startProxy({ store: s.runtime.store, accountId: s.accountId, region: 'us-east-1', name: 'shop', host: '127.0.0.1', port: 0, upstream: app.url, clock, upstreamTimeoutMs: 500, log: () => {} });
  assert.match(proxy.albArn, new RegExp(`^arn:aws:elasticloadbalancing:us-east-1:${s.accountId}:loadbalancer/app/shop/[0-9a-f]{16}$`));
  // Before the association every request passes.
  assert.equal((await send(proxy.url, '/worse')).status, 200);
  await c.send(new AssociateWebACLCommand({ WebACLArn: aclArn, ResourceArn: proxy.albArn }));
  const ms = await within(1000, async () => (await send(proxy.url, '/worse')).status === 403);
  assert.ok(ms < 1000, `association took effect in ${ms} ms`);
});

after(async () => {
  await proxy?.close();
  await app?.close();
  await s?.close();
});

const echo = async (path: string, o?: Parameters<typeof send>[2]) => {
  const a = await send(proxy.url, path, o);
  assert.equal(a.status, 200, `${path}: ${a.status} ${a.body}`);
  return JSON.parse(a.body) as Echo;
};

describe('WAF proxy: forwarding', () => {
  it('forwards allowed requests with X-Forwarded-For / -Proto / -Port', async () => {
    const e = await echo('/hello?x=1', { headers: { 'x-forwarded-for': '203.0.113.9' } });
    assert.equal(e.url, '/hello?x=1');
    assert.equal(e.headers['x-forwarded-for'], '203.0.113.9, 127.0.0.1');
    assert.equal(e.headers['x-forwarded-proto'], 'http');
    assert.equal(e.headers['x-forwarded-port'], String(proxy.port));
  });

  it('drops hop-by-hop headers, and those a Connection header names', async () => {
    const e = await echo('/hop', { headers: { connection: 'close, X-Secret', 'x-secret': '1', 'x-kept': '2', 'keep-alive': '5' } });
    assert.equal(e.headers['x-secret'], undefined);
    assert.equal(e.headers['keep-alive'], undefined);
    assert.equal(e.headers['x-kept'], '2');
    const plain = await echo('/hop', { headers: { 'x-secret': '1' } });
    assert.equal(plain.headers['x-secret'], '1');
  });

  it('streams a body larger than the inspected prefix whole to the upstream', async () => {
    const body = randomBytes(1024 * 1024);
    const e = await echo('/upload', { method: 'POST', body, headers: { 'content-type': 'application/octet-stream' } });
    assert.equal(e.bodyLength, body.length);
  });

  it('streams a chunked body of unknown length, and a body sent after 100 Continue', async () => {
    const chunk = 'c'.repeat(100_000);
    const chunked = await raw(proxy.url, `POST /chunked HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n${[1, 2, 3].map(() => `${chunk.length.toString(16)}\r\n${chunk}\r\n`).join('')}0\r\n\r\n`);
    assert.match(chunked, /^HTTP\/1\.1 200 /);
    // The answer is chunked (the app's length is unknown to the proxy): one chunk here.
    const e = JSON.parse(/\r\n\r\n[0-9a-f]+\r\n(.*)\r\n0\r\n/s.exec(chunked)?.[1] ?? chunked) as Echo;
    assert.equal(e.bodyLength, 300_000);
    assert.equal(e.headers['transfer-encoding'], 'chunked');
    const continued = await echo('/continued', { method: 'POST', body: 'x'.repeat(50_000), headers: { expect: '100-continue', 'content-type': 'text/plain' } });
    assert.equal(continued.bodyLength, 50_000);
    assert.equal(continued.headers['expect'], undefined, 'Expect is answered by the proxy, not forwarded');
  });

  it('streams a large answer back whole, its repeated headers kept', async () => {
    const a = await send(proxy.url, '/big?n=5000000');
    assert.equal(a.status, 200);
    assert.equal(a.body.length, 5_000_000);
    assert.deepEqual(a.headers['set-cookie'], ['a=1', 'b=2']);
  });

  it('Allow inserts its headers with the x-amzn-waf- prefix', async () => {
    const e = await echo('/worse', { headers: { 'x-vip': 'yes' } });
    assert.equal(e.headers['x-amzn-waf-vip'], '1');
  });

  it('keeps the load balancer ARN of a name across restarts', async () => {
    const again = await startProxy({ store: s.runtime.store, accountId: s.accountId, region: 'us-east-1', name: 'shop', host: '127.0.0.1', port: 0, upstream: app.url, log: () => {} });
    try {
      assert.equal(again.albArn, proxy.albArn);
      assert.equal((await send(again.url, '/worse')).status, 403);
    } finally {
      await again.close();
    }
  });
});

describe('WAF proxy: evaluation', () => {
  it('a Count rule labels the request and a later rule matches the label (and a scope by path)', async () => {
    assert.equal((await send(proxy.url, '/admin/users?x=SUS')).status, 403);
    assert.equal((await send(proxy.url, '/admin/users')).status, 200);
    assert.equal((await send(proxy.url, '/shop?x=sus')).status, 200);
    assert.equal((await send(proxy.url, '/x/../admin?x=sus')).status, 403, 'NORMALIZE_PATH');
  });

  it('a rule group runs inline; RuleActionOverrides turn its Block into Count', async () => {
    assert.equal((await send(proxy.url, '/evil')).status, 200);
    const w = await send(proxy.url, '/worse');
    assert.equal(w.status, 403);
    assert.match(w.body, /403 Forbidden/);
  });

  it('a custom response: status, headers, body of the web ACL', async () => {
    const a = await send(proxy.url, `/item?id=${encodeURIComponent("1' or 1=1 --")}`);
    assert.equal(a.status, 429);
    assert.equal(a.headers['x-why'], 'sqli');
    assert.equal(a.headers['content-type'], 'application/json');
    assert.equal(a.body, '{"error":"no"}');
  });

  it('an IP set over X-Forwarded-For, position ANY', async () => {
    assert.equal((await send(proxy.url, '/', { headers: { 'x-forwarded-for': '1.2.3.4, 10.9.9.9' } })).status, 403);
    assert.equal((await send(proxy.url, '/', { headers: { 'x-forwarded-for': '1.2.3.4' } })).status, 200);
  });

  it('a ReDoS-style pattern runs in linear time (RE2)', async () => {
    const t = Date.now();
    const a = await send(proxy.url, `/?q=${'a'.repeat(4000)}b`);
    assert.equal(a.status, 200);
    assert.ok(Date.now() - t < 1000, `took ${Date.now() - t} ms`);
    assert.equal((await send(proxy.url, `/?q=${'a'.repeat(50)}`)).status, 403);
  });

  it('a rate-based rule blocks above its limit and lets traffic through after the window', async () => {
    for (let i = 0; i < 10; i++) assert.equal((await send(proxy.url, `/rate/${i}`)).status, 200, `request ${i + 1}`);
    assert.equal((await send(proxy.url, '/rate/11')).status, 403);
    assert.equal((await send(proxy.url, '/other')).status, 200, 'outside the scope-down statement');
    offset += 61_000;
    assert.equal((await send(proxy.url, '/rate/again')).status, 200);
  });

  it('a web ACL change takes effect within one second', async () => {
    const c = waf(s);
    const got = await c.send(new GetWebACLCommand({ Name: 'shop-acl', Scope: REGIONAL, Id: aclId }));
    const acl = got.WebACL!;
    assert.equal((await send(proxy.url, '/newly-blocked')).status, 200);
    await c.send(new UpdateWebACLCommand({
      Name: 'shop-acl', Scope: REGIONAL, Id: aclId, LockToken: got.LockToken!, DefaultAction: acl.DefaultAction!, VisibilityConfig: acl.VisibilityConfig!,
      ...(acl.CustomResponseBodies ? { CustomResponseBodies: acl.CustomResponseBodies } : {}),
      Rules: [...acl.Rules!, blockRule('newly', 90, byteMatch('newly-blocked'))],
    }));
    const ms = await within(1000, async () => (await send(proxy.url, '/newly-blocked')).status === 403);
    assert.ok(ms < 1000, `took ${ms} ms`);
  });
});

describe('WAF proxy: failures', () => {
  it('502 when the upstream refuses, 504 when it does not answer in time', async () => {
    const a = await send(proxy.url, '/slow');
    assert.equal(a.status, 504);
    assert.match(a.body, /504 Gateway Time-out/);
    const dead = await startProxy({ store: s.runtime.store, accountId: s.accountId, region: 'us-east-1', name: 'dead', host: '127.0.0.1', port: 0, upstream: 'http://127.0.0.1:1', log: () => {} });
    try {
      const b = await send(dead.url, '/');
      assert.equal(b.status, 502);
      assert.match(b.body, /502 Bad Gateway/);
    } finally {
      await dead.close();
    }
  });

  it('malformed HTTP and huge heads get a 4xx and the proxy keeps serving', async () => {
    assert.match(await raw(proxy.url, 'GARBAGE\r\n\r\n'), /^HTTP\/1\.1 400 /);
    assert.match(await raw(proxy.url, `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(64 * 1024)}\r\n\r\n`), /^HTTP\/1\.1 431 /);
    assert.match(await raw(proxy.url, 'GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n'), /^HTTP\/1\.1 400 /);
    // A request target that is not a path cannot be forwarded: the proxy's 400, not a 502 blaming the app.
    assert.match(await raw(proxy.url, 'OPTIONS * HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'), /^HTTP\/1\.1 400 /);
    const many = Array.from({ length: 150 }, (_, i) => `x-h${i}: ${'v'.repeat(90)}\r\n`).join('');
    assert.match(await raw(proxy.url, `GET /?x=sus HTTP/1.1\r\nHost: x\r\n${many}Connection: close\r\n\r\n`), /^HTTP\/1\.1 200 /);
    assert.equal((await send(proxy.url, '/still-alive')).status, 200);
  });

  it('bytes that are not HTTP after a pipelined request: its answer first, then the 400; none after Connection: close', async () => {
    // A POST whose body was sent without a length: the bytes after its head are taken as the next request.
    const pipelined = await raw(proxy.url, 'POST /first HTTP/1.1\r\nHost: x\r\n\r\nhi=test');
    assert.match(pipelined, /^HTTP\/1\.1 200 [^]*\/first[^]*HTTP\/1\.1 400 Bad Request\r\n/);
    const after = await raw(proxy.url, 'POST /second HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nConnection: close\r\n\r\nabcGET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n');
    assert.match(after, /^HTTP\/1\.1 200 [^]*\/second/);
    assert.equal(after.split('HTTP/1.1 ').length, 2, `one answer only: ${after}`);
    assert.doesNotMatch(after, /smuggled/);
    // Bytes that break the body of the request being answered cut the connection: it cannot be completed.
    const broken = await raw(proxy.url, 'POST /third HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\nZZ\r\n');
    assert.doesNotMatch(broken, /HTTP\/1\.1 200/);
    assert.equal((await send(proxy.url, '/still-alive')).status, 200);
  });

  it('answers leave at the end of the turn: pipelined requests answered in order, clients gone before then cost nothing', async () => {
    // Three requests in one write: their answers, corked until the end of the turn, come back in order.
    const three = await raw(proxy.url, 'GET /p1 HTTP/1.1\r\nHost: x\r\n\r\nGET /p2 HTTP/1.1\r\nHost: x\r\n\r\nGET /p3 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    const order = [...three.matchAll(/"url":"(\/p\d)"/g)].map((m) => m[1]);
    assert.deepEqual(order, ['/p1', '/p2', '/p3'], three);
    // Clients that leave right after sending (before their answer's turn ends), many at once.
    await Promise.all(Array.from({ length: 50 }, (_, i) => new Promise<void>((resolve) => {
      const u = new URL(proxy.url);
      const sock = connect(Number(u.port), u.hostname, () => {
        sock.write(`GET /gone${i} HTTP/1.1\r\nHost: x\r\n\r\n`);
        setImmediate(() => sock.destroy());
      });
      sock.on('error', () => undefined);
      sock.on('close', () => resolve());
    })));
    assert.equal((await send(proxy.url, '/still-alive')).status, 200);
  });

  it('CONNECT is seen by the web ACL and, when allowed, answered 405: a load balancer opens no tunnel', async () => {
    const allowed = await raw(proxy.url, 'CONNECT shop.example:443 HTTP/1.1\r\nHost: shop.example:443\r\n\r\n');
    assert.match(allowed, /^HTTP\/1\.1 405 Method Not Allowed\r\n/);
    assert.match(allowed, /\r\nallow: GET, HEAD, POST, PUT, DELETE, OPTIONS, PATCH\r\n/i);
    // The rule group's `worse` rule matches the request target.
    assert.match(await raw(proxy.url, 'CONNECT worse.example:443 HTTP/1.1\r\nHost: worse.example:443\r\n\r\n'), /^HTTP\/1\.1 403 /);
    assert.equal((await send(proxy.url, '/still-alive')).status, 200);
  });

  it('a request line the HTTP parser refuses is still seen by the web ACL: a rule blocks it, or the 400', async () => {
    // An unknown method, a stray character, an HTTP version that does not exist: the group's `worse` rule matches the path.
    assert.match(await raw(proxy.url, 'TEST /worse HTTP/1.1\r\nHost: x\r\n\r\n'), /^HTTP\/1\.1 403 /);
    assert.match(await raw(proxy.url, '|GET /worse HTTP/1.1\r\nHost: x\r\n\r\n'), /^HTTP\/1\.1 403 /);
    assert.match(await raw(proxy.url, 'GET /worse HTTP/3.0\r\nHost: x\r\n\r\n'), /^HTTP\/1\.1 403 /);
    // A target that is not a path: its query still meets the SQL injection rule (the web ACL's custom 429).
    const sqli = await raw(proxy.url, `POST ?id=${encodeURIComponent("1' or 1=1 --")} HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n`);
    assert.match(sqli, /^HTTP\/1\.1 429 [^]*\{"error":"no"\}/);
    // No rule blocks it: the load balancer's 400, and the app never sees it.
    const plain = await raw(proxy.url, 'TEST /fine HTTP/1.1\r\nHost: x\r\n\r\n');
    assert.match(plain, /^HTTP\/1\.1 400 Bad Request\r\n/);
    assert.doesNotMatch(plain, /x-upstream/i);
    // A path with raw UTF-8 bytes (a client that did not percent-encode it) is forwarded percent-encoded, then the connection closes.
    const utf8Path = Buffer.from('/fr/catégorie', 'utf8');
    const forwarded = await raw(proxy.url, Buffer.concat([Buffer.from('GET '), utf8Path, Buffer.from(' HTTP/1.1\r\nHost: x\r\n\r\n')]));
    assert.match(forwarded, /^HTTP\/1\.1 200 [^]*connection: close\r\n/i);
    assert.equal((JSON.parse(/\{.*\}/s.exec(forwarded)![0]) as Echo).url, '/fr/cat%C3%A9gorie');
    assert.match(await raw(proxy.url, Buffer.concat([Buffer.from('GET /worse'), utf8Path, Buffer.from(' HTTP/1.1\r\nHost: x\r\n\r\n')])), /^HTTP\/1\.1 403 /);
    // A refused head that did not arrive whole: the 400, nothing evaluated.
    assert.match(await raw(proxy.url, 'TEST /worse HTTP/1.1\r\nHost: x\r\n'), /^HTTP\/1\.1 400 /);
    assert.equal((await send(proxy.url, '/still-alive')).status, 200);
  });

  it('a client that shuts down its sending side after the request still gets the answer, forwarded or blocked', async () => {
    const forwarded = await raw(proxy.url, 'GET /half-open HTTP/1.1\r\nHost: x\r\n\r\n', { halfClose: true });
    assert.match(forwarded, /^HTTP\/1\.1 200 /);
    assert.match(forwarded, /\/half-open/);
    const blocked = await raw(proxy.url, 'GET /admin/users?x=SUS HTTP/1.1\r\nHost: x\r\n\r\n', { halfClose: true });
    assert.match(blocked, /^HTTP\/1\.1 403 /);
  });
});

describe('WAF proxy: a rate limit shared through Redis', () => {
  it('two `rampart proxy` processes count together (and see the association through the store poll)', async () => {
    const prefix = `rampart-test:${randomBytes(6).toString('hex')}:`;
    const redis = RespClient.fromUrl(REDIS);
    const procs: StartedCli[] = [];
    try {
      await redis.pipeline([['PING']]).catch((e: unknown) => {
        throw new Error(`Redis is needed at ${REDIS} (RAMPART_TEST_REDIS): ${String(e)}`);
      });
      const args = (name: string) => ['--import', 'tsx', MAIN, 'proxy', '--name', name, '--listen', '127.0.0.1:0', '--upstream', app.url, '--data-dir', s.dataDir, '--redis', REDIS, '--redis-prefix', prefix];
      procs.push(...(await Promise.all([spawnListening(args('shop-a')), spawnListening(args('shop-b'))])));
      const [a, b] = procs.map((p) => ({ url: p.url, arn: /Load balancer ARN: (\S+)/.exec(p.stdout())![1]! }));
      const c = waf(s);
      await c.send(new AssociateWebACLCommand({ WebACLArn: aclArn, ResourceArn: a!.arn }));
      await c.send(new AssociateWebACLCommand({ WebACLArn: aclArn, ResourceArn: b!.arn }));
      await within(1500, async () => (await send(a!.url, '/worse')).status === 403 && (await send(b!.url, '/worse')).status === 403);
      for (let i = 0; i < 10; i++) assert.equal((await send(i % 2 ? a!.url : b!.url, `/rate/r${i}`)).status, 200, `request ${i + 1}`);
      assert.equal((await send(a!.url, '/rate/x')).status, 403);
      assert.equal((await send(b!.url, '/rate/y')).status, 403);
    } finally {
      await Promise.all(procs.map((p) => p.stop()));
      let cursor = '0';
      do {
        const [next, keys] = (await redis.pipeline([['SCAN', cursor, 'MATCH', `${prefix}*`, 'COUNT', '1000']]))[0] as [string, string[]];
        if (keys.length) await redis.pipeline([['DEL', ...keys]]);
        cursor = next;
      } while (cursor !== '0');
      redis.close();
    }
  });
});
