/**
 * One policy simulation of 2,000 actions on 2,000 resources once held the event loop for tens of
 * seconds at 1.2+ GB (every result computed before paging): now each page is bounded and the
 * simulation yields every few milliseconds, so other callers are served meanwhile.
 */
import assert from 'node:assert/strict';
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { GetUserCommand, IAMClient } from '@aws-sdk/client-iam';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { startTestServer, type TestServer } from '../helpers/rampart.js';

const POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Action: 's3:Get*', Resource: 'arn:aws:s3:::bucket/*' },
    { Effect: 'Deny', Action: 's3:Delete*', Resource: 'arn:aws:s3:::bucket/secret-*' },
  ],
});
const N = 2000;

/** SHA-256 on node:crypto: this process is also the server, so the client side must stay light. */
class NodeSha256 {
  private h: Hash | Hmac;
  constructor(private readonly secret?: string | ArrayBuffer | ArrayBufferView) {
    this.h = this.fresh();
  }
  private fresh(): Hash | Hmac {
    const k = this.secret;
    if (k === undefined) return createHash('sha256');
    return createHmac('sha256', typeof k === 'string' ? k : ArrayBuffer.isView(k) ? new Uint8Array(k.buffer, k.byteOffset, k.byteLength) : new Uint8Array(k));
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.h.update(typeof data === 'string' ? data : ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : new Uint8Array(data));
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.h.digest()));
  }
  reset(): void {
    this.h = this.fresh();
  }
}

/**
 * One SimulateCustomPolicy page, signed and sent without an SDK (whose XML parsing of a 600 KB answer
 * would hold this process's event loop); returns the action names of the page and its Marker.
 */
async function simulatePage(s: TestServer, params: URLSearchParams): Promise<{ names: string[]; resources: number[]; marker?: string }> {
  const u = new URL(s.url);
  const body = params.toString();
  const signer = new SignatureV4({ credentials: s.credentials, region: 'us-east-1', service: 'iam', sha256: NodeSha256 });
  const req = new HttpRequest({ method: 'POST', protocol: u.protocol, hostname: u.hostname, port: Number(u.port), path: '/', headers: { host: u.host, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, body });
  const signed = await signer.sign(req);
  const res = await fetch(s.url, { method: 'POST', headers: signed.headers as Record<string, string>, body });
  const xml = await res.text();
  assert.equal(res.status, 200, xml.slice(0, 500));
  assert.match(xml, /<IsTruncated>true<\/IsTruncated>/);
  const names = [...xml.matchAll(/<EvalActionName>([^<]*)<\/EvalActionName>/g)].map((m) => m[1]!);
  const resources = xml.split('<ResourceSpecificResults>').slice(1).map((r) => r.split('</ResourceSpecificResults>')[0]!.split('<EvalResourceName>').length - 1);
  const marker = /<Marker>([^<]*)<\/Marker>/.exec(xml)?.[1];
  return { names, resources, ...(marker ? { marker } : {}) };
}

describe('IAM policy simulator under a large request', () => {
  let s: TestServer;
  let iam: IAMClient;
  before(async () => {
    s = await startTestServer();
    iam = new IAMClient({ endpoint: s.url, region: 'us-east-1', credentials: s.credentials, maxAttempts: 1 });
    await iam.send(new GetUserCommand({}));
  });
  after(async () => s.close());

  it(`serves GetUser promptly while ${N} x ${N} simulations page along, in bounded memory`, async (t) => {
    const actions = Array.from({ length: N }, (_, i) => (i % 2 ? `s3:DeleteObject${i}` : `s3:GetObject${i}`));
    const params = new URLSearchParams({ Action: 'SimulateCustomPolicy', Version: '2010-05-08', 'PolicyInputList.member.1': POLICY });
    actions.forEach((a, i) => params.set(`ActionNames.member.${i + 1}`, a));
    for (let i = 0; i < N; i++) params.set(`ResourceArns.member.${i + 1}`, `arn:aws:s3:::bucket/${i % 5 ? '' : 'secret-'}key-${i}`);
    const rss0 = process.memoryUsage().rss;
    let peak = rss0;
    let done = false;
    // Two callers page through the simulation (a few pages each) while a third polls GetUser.
    const simulate = async () => {
      const names: string[] = [];
      for (let page = 0, marker: string | undefined; page < 4; page++) {
        if (marker) params.set('Marker', marker);
        else params.delete('Marker');
        const out = await simulatePage(s, params);
        for (const count of out.resources) assert.equal(count, N, 'an action holds all its resources');
        names.push(...out.names);
        marker = out.marker;
        peak = Math.max(peak, process.memoryUsage().rss);
      }
      return names;
    };
    const latencies: number[] = [];
    const poll = async () => {
      while (!done) {
        const t0 = performance.now();
        const out = await iam.send(new GetUserCommand({}));
        latencies.push(performance.now() - t0);
        assert.equal(out.User?.Arn, `arn:aws:iam::${s.accountId}:root`);
        peak = Math.max(peak, process.memoryUsage().rss);
      }
    };
    const t0 = performance.now();
    const polling = poll();
    const [a, b] = await Promise.all([simulate(), simulate()]).finally(() => (done = true));
    await polling;
    const ms = performance.now() - t0;
    t.diagnostic(`8 pages in ${ms.toFixed(0)} ms; ${latencies.length} GetUser, slowest ${Math.max(...latencies).toFixed(0)} ms; RSS +${((peak - rss0) / 1048576).toFixed(0)} MB at peak`);
    assert.deepEqual(a, actions.slice(0, a.length), 'pages follow each other in request order');
    assert.deepEqual(b, a);
    assert.ok(latencies.length > 0);
    assert.ok(Math.max(...latencies) < 500, `GetUser latencies: ${latencies.map((l) => l.toFixed(0)).join(', ')} ms`);
    assert.ok(peak - rss0 < 400 * 1048576, `RSS grew by ${((peak - rss0) / 1048576).toFixed(0)} MB`);
  });
});
