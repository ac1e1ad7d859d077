/**
 * A form-encoded body built to make the query parser blow up (`x%20=1&a` + 19 million dots: the
 * old pre-authentication Action lookup decoded the whole body and recorded every dotted prefix of
 * the 19 MB key, answering 500 after seconds at 1 GB) must cost an unauthenticated sender no more
 * than reading and hashing its bytes: the bogus signature is refused (403) quickly and requests of
 * other callers keep being served meanwhile.
 */
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { GetUserCommand, IAMClient } from '@aws-sdk/client-iam';
import { startTestServer, type TestServer } from '../helpers/rampart.js';
import { signedQuery, xmlValue } from '../helpers/signed-fetch.js';

const DOTS = 19_000_000;

function dotsBody(): Buffer {
  const head = Buffer.from('x%20=1&a');
  const body = Buffer.alloc(head.length + DOTS, '.');
  head.copy(body);
  return body;
}

/** POSTs `body` to the IAM endpoint with a well-formed SigV4 header whose signature is wrong. */
function bogusSigned(s: TestServer, body: Buffer): Promise<{ status: number; text: string; ms: number }> {
  const t0 = performance.now();
  const amzDate = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  const u = new URL(s.url);
  const auth = `AWS4-HMAC-SHA256 Credential=${s.credentials.accessKeyId}/${amzDate.slice(0, 8)}/us-east-1/iam/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=${'0'.repeat(64)}`;
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: u.hostname,
        port: u.port,
        method: 'POST',
        path: '/',
        headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', 'x-amz-date': amzDate, authorization: auth, 'content-length': body.length },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - t0 }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('query protocol: the pre-authentication Action lookup is bounded', () => {
  let s: TestServer;
  let iam: IAMClient;
  before(async () => {
    s = await startTestServer();
    iam = new IAMClient({ endpoint: s.url, region: 'us-east-1', credentials: s.credentials, maxAttempts: 1 });
    await iam.send(new GetUserCommand({}));
  });
  after(async () => s.close());

  it('refuses a 19 MB body of dots with a bogus signature quickly, with the signature failure', async (t) => {
    const r = await bogusSigned(s, dotsBody());
    t.diagnostic(`answered ${r.status} after ${r.ms.toFixed(0)} ms`);
    assert.equal(r.status, 403, r.text.slice(0, 500));
    assert.match(r.text, /<Code>SignatureDoesNotMatch<\/Code>/);
    assert.ok(r.ms < 3_000, `answered after ${r.ms.toFixed(0)} ms`);
  });

  it('keeps serving other callers while several such requests arrive', async (t) => {
    const body = dotsBody();
    const rssBefore = process.memoryUsage().rss;
    const attacks = Array.from({ length: 6 }, () => bogusSigned(s, body));
    // Ask while the attack bodies are being read, hashed and peeked at.
    await new Promise((r) => setTimeout(r, 50));
    const latencies: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      const out = await iam.send(new GetUserCommand({}));
      latencies.push(performance.now() - t0);
      assert.equal(out.User?.Arn, `arn:aws:iam::${s.accountId}:root`);
    }
    const results = await Promise.all(attacks);
    t.diagnostic(`GetUser during the attack: ${latencies.map((l) => l.toFixed(0)).join(', ')} ms; attacks answered after ${results.map((r) => r.ms.toFixed(0)).join(', ')} ms`);
    assert.ok(Math.max(...latencies) < 1_000, `GetUser latencies during the attack: ${latencies.map((l) => l.toFixed(0)).join(', ')} ms`);
    for (const r of results) assert.equal(r.status, 403, r.text.slice(0, 500));
    assert.ok(Math.max(...results.map((r) => r.ms)) < 10_000, `attack answers after ${results.map((r) => r.ms.toFixed(0)).join(', ')} ms`);
    // Six 19 MB bodies are buffered in full (the 20 MiB body limit); nothing may multiply them.
    const growth = (process.memoryUsage().rss - rssBefore) / 1024 / 1024;
    t.diagnostic(`RSS growth ${growth.toFixed(0)} MB`);
    assert.ok(growth < 600, `RSS grew by ${growth.toFixed(0)} MB`);
  });

  it('refuses, once authenticated, a parameter name of a million dots with InvalidQueryParameter (400)', async () => {
    const r = await signedQuery(s.url, { 'x ': '1', [`a${'.'.repeat(1_000_000)}`]: '', Action: 'GetUser', Version: '2010-05-08' }, { ...s.credentials, service: 'iam' });
    assert.equal(r.status, 400, r.body.slice(0, 500));
    assert.equal(xmlValue(r.body, 'Code'), 'InvalidQueryParameter');
  });
});
