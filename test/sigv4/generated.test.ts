/**
 * Acceptance test of the SigV4 verifier against independent signers: 1,500 generated requests signed
 * by @smithy/signature-v4 and 500 by botocore (one python3 process), all of which must verify, then
 * every single-byte tampering (see test/helpers/sigv4-tamper.ts for the rule and its exclusions) of a
 * sample covering every signer/mode/family/payload combination, all of which must be rejected.
 * Everything is seeded; `now` is fixed per request.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isAwsError } from '../../src/shared/aws-error.js';
import { verifyRequest } from '../../src/auth/sigv4-verifier.js';
import type { SignedRequestParts } from '../../src/auth/types.js';
import { makeCredentials, makeResolver, Prng } from '../helpers/sigv4-fixtures.js';
import { signWithBotocore } from '../helpers/sigv4-botocore-sign.js';
import { signWithSmithy, type SignedCase } from '../helpers/sigv4-smithy-sign.js';
import { generateSpecs } from '../helpers/sigv4-spec-gen.js';
import { tamperings } from '../helpers/sigv4-tamper.js';

const rng = new Prng(0x5eed2024);
const creds = makeCredentials(rng, 5, 3);
const resolver = makeResolver(creds, { expiresAt: Date.UTC(2030, 0, 1) });
const smithySpecs = generateSpecs(rng, 1500, 'smithy', creds);
const botocoreSpecs = generateSpecs(rng, 500, 'botocore', creds);
const smithyCases: SignedCase[] = [];
for (const spec of smithySpecs) smithyCases.push(await signWithSmithy(spec));
// One python3 process signs all 500 botocore specs; a failure there fails the botocore test below.
let botocoreCases: SignedCase[] = [];
let botocoreError: unknown;
try {
  botocoreCases = signWithBotocore(botocoreSpecs);
} catch (e) {
  botocoreError = e;
}

function verify(c: SignedCase, req: SignedRequestParts = c.req) {
  return verifyRequest(req, { resolver, now: c.spec.now, family: c.spec.profile.family, s3Style: c.spec.profile.s3 });
}

async function failuresOf(cases: readonly SignedCase[]): Promise<string[]> {
  const failures: string[] = [];
  for (const c of cases) {
    try {
      const result = await verify(c);
      if (!result.payload.equals(c.expectedPayload)) failures.push(`${c.spec.id}: payload differs`);
      if (result.credential?.accessKeyId !== c.spec.cred.accessKeyId) failures.push(`${c.spec.id}: wrong credential`);
    } catch (e) {
      failures.push(`${c.spec.id} (${c.spec.profile.service} ${c.spec.mode} ${c.spec.payload}): ${isAwsError(e) ? `${e.code}: ${e.message}` : String(e)}`);
    }
  }
  return failures;
}

const category = (c: SignedCase) => `${c.spec.signer}/${c.spec.mode}/${c.spec.profile.family}/${c.spec.payload}`;

test('1,500 requests signed by @smithy/signature-v4 verify', async () => {
  assert.equal(smithyCases.length, 1500);
  assert.deepEqual(await failuresOf(smithyCases), []);
});

test('500 requests signed by botocore verify', async () => {
  assert.equal(botocoreError, undefined);
  assert.equal(botocoreCases.length, 500);
  assert.deepEqual(await failuresOf(botocoreCases), []);
});

test('the generated requests cover the variations that matter', () => {
  const all = [...smithyCases, ...botocoreCases];
  const count = (p: (c: SignedCase) => boolean) => all.filter(p).length;
  const categories = new Set(all.map(category));
  for (const signer of ['smithy', 'botocore']) {
    for (const mode of ['header', 'presigned']) {
      for (const family of ['query', 'json', 'rest-json', 's3', 'ec2']) assert.ok([...categories].some((k) => k.startsWith(`${signer}/${mode}/${family}/`)), `${signer} ${mode} ${family}`);
    }
  }
  for (const payload of ['unsigned', 'streaming-signed', 'streaming-signed-trailer', 'streaming-unsigned-trailer', 'no-header']) {
    assert.ok(count((c) => c.spec.payload === payload) >= 10, payload);
  }
  assert.ok(count((c) => c.spec.payload.startsWith('streaming') && c.spec.body.length > 8192) >= 3, 'multi-chunk bodies');
  assert.ok(count((c) => c.spec.cred.sessionToken !== undefined) >= 300, 'session tokens');
  assert.ok(count((c) => c.spec.useDateHeader) >= 10, 'Date header instead of X-Amz-Date');
  assert.ok(count((c) => new Set(c.spec.query.map((p) => p.key)).size < c.spec.query.length) >= 50, 'repeated query keys');
  assert.ok(count((c) => c.spec.query.some((p) => p.value === null || p.value === '')) >= 100, 'empty query values');
  assert.ok(count((c) => /%F0%9F%98%80/.test(c.req.rawPath) || /%F0%9F%98%80/i.test(c.req.rawQuery)) >= 50, 'emoji');
  assert.ok(count((c) => /(^|\/)\.\.?(\/|$)/.test(c.req.rawPath) || c.req.rawPath.includes('//')) >= 100, 'dot and empty segments');
  assert.ok(count((c) => c.spec.headers.some((h) => h.lines.length > 1)) >= 100, 'repeated header lines');
  assert.ok(count((c) => c.spec.headers.some((h) => h.lines.some((l) => /^\s|\s$|\s\s/.test(l)))) >= 300, 'odd header spacing');
  assert.ok(new Set(all.filter((c) => c.spec.mode === 'presigned').map((c) => c.spec.expires)).size >= 50, 'X-Amz-Expires variety');
});

/** Requests sampled per signer/mode/family/payload category (`SIGV4_TAMPER_PER_CATEGORY=3` or more for a longer run). */
const PER_CATEGORY = Number(process.env['SIGV4_TAMPER_PER_CATEGORY'] ?? 2);

test('every single-byte tampering of a sample of the signed requests is rejected', async (t) => {
  const perCategory = new Map<string, number>();
  const sample = [...smithyCases, ...botocoreCases].filter((c) => {
    const n = perCategory.get(category(c)) ?? 0;
    perCategory.set(category(c), n + 1);
    return n < PER_CATEGORY;
  });
  let total = 0;
  let neutral = 0;
  const accepted: string[] = [];
  for (const c of sample) {
    const t = tamperings(c);
    neutral += t.neutral;
    for (const tampered of t.cases) {
      total++;
      try {
        await verify(c, tampered.req);
        accepted.push(`${c.spec.id} ${tampered.site}`);
      } catch (e) {
        if (!isAwsError(e)) accepted.push(`${c.spec.id} ${tampered.site}: threw ${String(e)}`);
      }
    }
  }
  t.diagnostic(`${sample.length} sampled requests, ${total} tamperings rejected, ${neutral} neutral path changes skipped`);
  assert.ok(sample.length >= 25 * PER_CATEGORY, `sample of ${sample.length}`);
  assert.ok(total >= 10_000, `${total} tamperings`);
  assert.ok(neutral < total / 50, `${neutral} neutral path changes skipped`);
  assert.deepEqual(accepted.slice(0, 20), []);
});
