import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../helpers/rampart.js';
import { rawRequest, type RawResponse } from '../helpers/raw-http.js';
import { signQuery } from '../helpers/signed-fetch.js';
import { MUTATORS, MUTATOR_NAMES, rng, serialize, type Mutated, type RawParts } from './mutations.js';

const TOTAL = Number(process.env['RAMPART_FUZZ_REQUESTS'] ?? 6_000);
const CONCURRENCY = 16;

/** An answer is AWS-shaped when it is an XML ErrorResponse/Error or a JSON body with __type. */
function assertAwsShaped(res: RawResponse, m: Mutated): void {
  const where = `${m.kind}: ${m.bytes.subarray(0, 160).toString('latin1')}`;
  assert.ok(res.status < 500, `5xx (${res.status}) for ${where}\n${res.body}`);
  if (res.status < 400) return;
  const type = res.headers['content-type'] ?? '';
  if (type.includes('json')) {
    assert.match(res.body, /"__type"\s*:/, where);
  } else {
    assert.match(type, /xml/, `content-type '${type}' for ${where}`);
    assert.match(res.body, /<(ErrorResponse|Error|Response)[ >]/, where);
    assert.match(res.body, /<Code>[A-Za-z.]+<\/Code>/, where);
    assert.match(res.body, /<Message>[^<]*<\/Message>/, where);
  }
  assert.ok(res.headers['x-amzn-requestid'] || /<RequestId>/.test(res.body), `no request id for ${where}`);
}

describe('fuzz: malformed and mutated requests', () => {
  let s: TestServer;
  let base: RawParts;
  before(async () => {
    s = await startTestServer();
    const signed = await signQuery(s.url, { Action: 'GetCallerIdentity', Version: '2011-06-15' }, s.credentials);
    base = { requestLine: 'POST / HTTP/1.1', headers: Object.entries(signed.headers), body: Buffer.from(signed.body) };
  });
  after(async () => s.close());

  it(`answers ${TOTAL} mutated requests with AWS-shaped 4xx (or a valid answer), never 5xx, and keeps serving`, async () => {
    const random = rng(20261125);
    const counts: Record<string, number> = {};
    let done = 0;
    let closedWithoutAnswer = 0;
    const next = async (): Promise<void> => {
      while (done < TOTAL) {
        const i = done++;
        if (i % 500 === 0) {
          const ok = await rawRequest(s.runtime.port, serialize(base));
          assert.equal(ok.status, 200, `valid request failed after ${i} mutations: ${ok.body}`);
        }
        const m = MUTATORS[MUTATOR_NAMES[Math.floor(random() * MUTATOR_NAMES.length)]!]!(base, random);
        counts[m.kind] = (counts[m.kind] ?? 0) + 1;
        const res = await rawRequest(s.runtime.port, m.bytes, { endAfterWrite: !m.framingComplete, timeoutMs: 15_000 });
        if (res.noAnswer) {
          assert.ok(!m.framingComplete, `no answer to a complete request: ${m.kind}: ${m.bytes.subarray(0, 200).toString('latin1')}`);
          closedWithoutAnswer++;
          continue;
        }
        assertAwsShaped(res, m);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, next));
    const ok = await rawRequest(s.runtime.port, serialize(base));
    assert.equal(ok.status, 200, 'server still serves after the fuzz run');
    console.log(`fuzz: ${TOTAL} requests, ${closedWithoutAnswer} closed without answer (incomplete framing), by kind: ${JSON.stringify(counts)}`);
  });

  it('refuses an oversized body with 413 RequestEntityTooLarge and keeps serving', async () => {
    const big = { ...base, body: Buffer.alloc(21 * 1024 * 1024, 0x61) };
    const res = await rawRequest(s.runtime.port, serialize(big), { timeoutMs: 30_000 });
    assert.equal(res.status, 413);
    assert.match(res.body, /<Code>RequestEntityTooLarge<\/Code>/);
    const declared = Buffer.from(`POST / HTTP/1.1\r\nhost: x\r\ncontent-length: 999999999\r\nconnection: close\r\n\r\n`);
    const res2 = await rawRequest(s.runtime.port, declared, { endAfterWrite: true });
    assert.equal(res2.status, 413);
    assert.equal((await rawRequest(s.runtime.port, serialize(base))).status, 200);
  });
});
