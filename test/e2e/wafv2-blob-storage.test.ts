/**
 * WAFv2's stored values across restarts, on both storage backends: a web ACL whose
 * ByteMatchStatement.SearchString holds bytes that are not UTF-8 (0xff 0x00 0x80), an IP set and a
 * regex pattern set, created through @aws-sdk/client-wafv2; read back (the same bytes, base64 on the
 * wire as the AWS CLI prints it; `{ $blob: base64 }` in the store), enforced by `rampart proxy` on real
 * HTTP; then the server is stopped, started again on the same data dir (SQLite) or schema
 * (PostgreSQL), and the same reads and the same matching hold. PostgreSQL is required (a clear
 * failure, never a skip, when it is not reachable).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { AssociateWebACLCommand, CreateIPSetCommand, CreateRegexPatternSetCommand, CreateWebACLCommand, GetIPSetCommand, GetRegexPatternSetCommand, GetWebACLCommand, type Rule } from '@aws-sdk/client-wafv2';
import { startProxy, type RunningProxy } from '../../src/dataplane/proxy/proxy-server.js';
import { entities, entityKey, regionScope, type WebAclData } from '../../src/services/wafv2/store.js';
import { dropSchema, freshSchema, PG_URL, requirePostgres } from '../helpers/postgres.js';
import { awsEnv, startTestServer, type TestServer } from '../helpers/rampart.js';
import { run } from './authz-support.js';
import { send, startUpstream, within, type Upstream } from './waf-proxy-support.js';
import { none, vis, waf } from './wafv2-support.js';

const REGIONAL = 'REGIONAL' as const;
const NEEDLE = Uint8Array.from([0xff, 0x00, 0x80]);
const ADDRESSES = ['198.51.100.0/24', '203.0.113.7/32'];
const PATTERNS = ['^/secret-[0-9]+$', 'évil\\d'];
const env = { ...process.env, RAMPART_MASTER_KEY: 'test-master-key-0123456789abcdef0123456789' };

function rules(ipSetArn: string, regexSetArn: string): Rule[] {
  return [
    {
      Name: 'bytes', Priority: 1, VisibilityConfig: vis('bytes'), Action: { Block: {} },
      Statement: { ByteMatchStatement: { SearchString: NEEDLE, FieldToMatch: { Body: { OversizeHandling: 'CONTINUE' } }, TextTransformations: none, PositionalConstraint: 'CONTAINS' } },
    },
    {
      Name: 'ips', Priority: 2, VisibilityConfig: vis('ips'), Action: { Block: {} },
      Statement: { IPSetReferenceStatement: { ARN: ipSetArn, IPSetForwardedIPConfig: { HeaderName: 'X-Forwarded-For', FallbackBehavior: 'NO_MATCH', Position: 'FIRST' } } },
    },
    {
      Name: 'paths', Priority: 3, VisibilityConfig: vis('paths'), Action: { Block: {} },
      Statement: { RegexPatternSetReferenceStatement: { ARN: regexSetArn, FieldToMatch: { UriPath: {} }, TextTransformations: none } },
    },
  ];
}

interface Made {
  acl: { Name: string; Id: string; ARN: string };
  ip: { Name: string; Id: string };
  rx: { Name: string; Id: string };
}

/** What must hold before and after a restart: API reads, the stored form, the CLI's view of the wire. */
async function checkReads(s: TestServer, m: Made): Promise<void> {
  const c = waf(s);
  const acl = (await c.send(new GetWebACLCommand({ Name: m.acl.Name, Scope: REGIONAL, Id: m.acl.Id }))).WebACL!;
  const got = acl.Rules!.find((r) => r.Name === 'bytes')!.Statement!.ByteMatchStatement!.SearchString!;
  assert.deepEqual([...got], [...NEEDLE]);
  const ip = (await c.send(new GetIPSetCommand({ Name: m.ip.Name, Scope: REGIONAL, Id: m.ip.Id }))).IPSet!;
  assert.deepEqual([ip.IPAddressVersion, ip.Addresses], ['IPV4', ADDRESSES]);
  const rx = (await c.send(new GetRegexPatternSetCommand({ Name: m.rx.Name, Scope: REGIONAL, Id: m.rx.Id }))).RegexPatternSet!;
  assert.deepEqual(rx.RegularExpressionList!.map((r) => r.RegexString), PATTERNS);
  // In the store: the blob as { $blob: base64 } (not a Buffer's toJSON form, an array of numbers).
  const rec = await entities.get(s.runtime.store, regionScope(s.accountId, 'us-east-1'), entityKey('webacl', REGIONAL, m.acl.Id));
  const stored: unknown = (rec!.data as WebAclData).Rules[0]!.Statement.ByteMatchStatement!.SearchString;
  assert.deepEqual(stored, { $blob: '/wCA' });
  // On the wire: base64, which the AWS CLI prints as it came.
  const r = await run('aws', ['--endpoint-url', s.url, '--output', 'json', 'wafv2', 'get-web-acl', '--name', m.acl.Name, '--scope', REGIONAL, '--id', m.acl.Id], awsEnv(s));
  assert.equal(r.status, 0, r.stderr);
  const wire = (JSON.parse(r.stdout) as { WebACL: { Rules: { Name: string; Statement: { ByteMatchStatement?: { SearchString: string } } }[] } }).WebACL.Rules.find((x) => x.Name === 'bytes')!;
  assert.equal(wire.Statement.ByteMatchStatement!.SearchString, '/wCA');
}

/** What the proxy does with the reloaded rules: those exact bytes, no others. */
/** Waits for the proxy to enforce the web ACL, then checks what it matches. */
async function checkMatching(p: RunningProxy): Promise<void> {
  await within(2000, async () => (await send(p.url, '/secret-1')).status === 403);
  const post = (body: number[], headers: Record<string, string> = {}) => send(p.url, '/upload', { method: 'POST', body: Buffer.from(body), headers: { 'content-type': 'application/octet-stream', ...headers } });
  assert.equal((await post([0x41, 0xff, 0x00, 0x80, 0x42])).status, 403);
  assert.equal((await post([0xff, 0x00, 0x80])).status, 403);
  assert.equal((await post([0xff, 0x00, 0x81])).status, 200);
  // The same characters encoded as UTF-8 (c3 bf 00 c2 80) are other bytes: no match.
  assert.equal((await post([...Buffer.from('\u00ff\u0000\u0080', 'utf8')])).status, 200);
  assert.equal((await post([0x41], { 'x-forwarded-for': '198.51.100.77' })).status, 403);
  assert.equal((await post([0x41], { 'x-forwarded-for': '198.51.101.77' })).status, 200);
  assert.equal((await send(p.url, '/secret-42')).status, 403);
  assert.equal((await send(p.url, '/secret-x')).status, 200);
  assert.equal((await send(p.url, `/${encodeURIComponent('évil7')}`)).status, 200, 'the path is matched as sent (percent-encoded)');
}

function backend(label: string, storage: () => Promise<string>, cleanup: () => Promise<void>): void {
  describe(`WAFv2 stored values across a restart: ${label}`, () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'rampart-wafv2-blobs-'));
    let app: Upstream | undefined;
    after(async () => {
      await app?.close();
      rmSync(dataDir, { recursive: true, force: true });
      await cleanup();
    });

    it('create, read, enforce; restart on the same data; read and enforce the same bytes', async () => {
      const url = await storage();
      app = await startUpstream();
      const start = () => startTestServer({ dataDir, env, ...(url ? { storage: url } : {}) });
      const proxyOf = (s: TestServer) => startProxy({ store: s.runtime.store, accountId: s.accountId, region: 'us-east-1', name: 'blobs', host: '127.0.0.1', port: 0, upstream: app!.url, log: () => {}, shield: false });

      let s = await start();
      let p: RunningProxy | undefined;
      let made: Made;
      let albArn: string;
      try {
        const c = waf(s);
        const ip = (await c.send(new CreateIPSetCommand({ Name: 'net', Scope: REGIONAL, IPAddressVersion: 'IPV4', Addresses: ADDRESSES }))).Summary!;
        const rx = (await c.send(new CreateRegexPatternSetCommand({ Name: 'paths', Scope: REGIONAL, RegularExpressionList: PATTERNS.map((RegexString) => ({ RegexString })) }))).Summary!;
        const acl = (await c.send(new CreateWebACLCommand({ Name: 'blobs', Scope: REGIONAL, DefaultAction: { Allow: {} }, VisibilityConfig: vis('acl'), Rules: rules(ip.ARN!, rx.ARN!) }))).Summary!;
        made = { acl: { Name: acl.Name!, Id: acl.Id!, ARN: acl.ARN! }, ip: { Name: ip.Name!, Id: ip.Id! }, rx: { Name: rx.Name!, Id: rx.Id! } };
        await checkReads(s, made);
        p = await proxyOf(s);
        albArn = p.albArn;
        await c.send(new AssociateWebACLCommand({ WebACLArn: made.acl.ARN, ResourceArn: albArn }));
        await checkMatching(p);
      } finally {
        await p?.close();
        await s.close();
      }

      s = await start();
      try {
        await checkReads(s, made);
        p = await proxyOf(s);
        assert.equal(p.albArn, albArn, 'the proxy keeps its load balancer ARN, and so its association');
        await checkMatching(p);
      } finally {
        await p?.close();
        await s.close();
      }
    });
  });
}

backend('SQLite', async () => '', async () => {});

const schema = freshSchema('rampart_wafv2_blobs');
backend(
  'PostgreSQL',
  async () => {
    await requirePostgres();
    return `${PG_URL}?schema=${schema}`;
  },
  async () => {
    await dropSchema(schema).catch(() => {});
  },
);
