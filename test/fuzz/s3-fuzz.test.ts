/**
 * Model-driven fuzzing of every served S3 operation (rest-xml): inputs generated from the S3 model
 * (valid and near-valid, with bucket names and keys drawn often from ones that exist), serialized by
 * the AWS SDK's own S3 client (path-style) and sent to a real server as the account's root user and as
 * an IAM user with no permission. No answer may be a 5xx; every error the SDK reads must be an S3 error
 * with a request id (501 NotImplemented, S3's answer to a header asking for functionality not
 * implemented, is AWS-shaped and allowed). Requests the SDK itself refuses to build (its own validation) are counted apart.
 * Bounded for `npm test` (`FUZZ_S3_REQUESTS`, default 600; `FUZZ_SEED` for another seed).
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { after, before, describe, it } from 'node:test';
import * as S3 from '@aws-sdk/client-s3';
import { implementedOperations } from '../../src/protocol/service-definition.js';
import { startTestServer, type TestServer } from '../helpers/rampart.js';
import { userWithKey, type Creds } from '../e2e/authz-support.js';
import { InputGenerator } from './model-inputs.js';

const TOTAL = Number(process.env['FUZZ_S3_REQUESTS'] ?? 600);
const SEED = Number(process.env['FUZZ_SEED'] ?? 20261203);
const BUCKETS = ['fuzz-a', 'fuzz-b.dots', 'fuzz-c'];
const KEYS = ['k', 'dir/k2', 'dir/sub/k3', 'ünï cödé', 'a'.repeat(300)];

describe('fuzz: model-driven S3 requests through the SDK', () => {
  let s: TestServer;
  const serverErrors: string[] = [];
  let stranger: Creds;
  before(async () => {
    s = await startTestServer({ log: (msg, err) => serverErrors.push(`${msg} ${err instanceof Error ? err.stack : String(err ?? '')}`) });
    stranger = await userWithKey(s, 'fuzz-stranger', {});
    const root = client(s.credentials);
    for (const b of BUCKETS) {
      await root.send(new S3.CreateBucketCommand({ Bucket: b }));
      for (const k of KEYS) await root.send(new S3.PutObjectCommand({ Bucket: b, Key: k, Body: `body of ${k}` }));
    }
  });
  after(() => s?.close());
  const client = (credentials: Creds) => new S3.S3Client({ endpoint: s.url, region: 'us-east-1', credentials, forcePathStyle: true, maxAttempts: 1 });

  it(`answers ${TOTAL} generated requests to every served operation without a 5xx`, { timeout: 20 * 60_000 }, async () => {
    const definition = s.runtime.services.find((d) => d.name === 's3')!;
    const ops = implementedOperations(definition).filter((op) => `${op}Command` in S3);
    assert.ok(ops.length >= 30, `${ops.length} S3 operations served`);
    const world = { accountId: s.accountId, names: { user: [], group: [], role: [], 'instance-profile': [], policy: [], mfa: [] }, accessKeyIds: [], arns: {} };
    const semantic = (_w: unknown, member: string, _shape: unknown, near: boolean) => {
      if (member === 'Bucket' || member === 'CopySourceBucket') return fc.oneof(fc.constantFrom(...BUCKETS), fc.constantFrom('nope-bucket', 'UPPER', 'a', 'x'.repeat(64), '192.168.1.1', near ? '' : 'fuzz-new'));
      if (member === 'Key') return fc.oneof(fc.constantFrom(...KEYS), fc.string({ minLength: 1, maxLength: 40 }), fc.constant('x'.repeat(1100)));
      if (member === 'CopySource') return fc.constantFrom(...BUCKETS.flatMap((b) => KEYS.map((k) => `${b}/${encodeURIComponent(k)}`)), 'nope/x', '', '/');
      return undefined;
    };
    const valid = new InputGenerator(definition.model, world, false, semantic as never);
    const near = new InputGenerator(definition.model, world, true, semantic as never);
    const clients = [client(s.credentials), client(stranger)];
    const rand = fc.sample(fc.tuple(fc.nat(ops.length - 1), fc.boolean(), fc.nat(1)), { numRuns: TOTAL, seed: SEED });
    const seen = new Set<string>();
    const refused: string[] = [];
    let sdkRefused = 0;
    for (const [i, [opIndex, isNear, who]] of rand.entries()) {
      const op = ops[opIndex]!;
      seen.add(op);
      const [input] = fc.sample((isNear ? near : valid).operation(op), { numRuns: 1, seed: SEED + i });
      const Command = (S3 as unknown as Record<string, new (x: unknown) => S3.S3Client['send'] extends (c: infer C) => unknown ? C : never>)[`${op}Command`]!;
      try {
        await clients[who]!.send(new Command(input));
      } catch (e) {
        const x = e as { name?: string; $metadata?: { httpStatusCode?: number; requestId?: string }; $fault?: string; message?: string };
        const status = x.$metadata?.httpStatusCode;
        if (status === undefined) {
          sdkRefused++;
          continue;
        }
        // 501 NotImplemented is S3's own answer to a header that asks for functionality not implemented
        // (here: SSE-KMS, SSE-C, object ownership other than BucketOwnerEnforced; src/services/s3/README.md).
        if (status >= 500 && !(status === 501 && x.name === 'NotImplemented')) refused.push(`${op} (${isNear ? 'near' : 'valid'}, ${who ? 'stranger' : 'root'}): ${status} ${x.name} ${x.message} input ${JSON.stringify(input).slice(0, 400)}`);
        // A HEAD answer has no body, so the SDK names only a 404 (NotFound), as with AWS itself.
        else if (!op.startsWith('Head') && (!x.name || x.name === 'Unknown' || x.name === 'UnknownError')) refused.push(`${op}: ${status} an error the SDK could not read (${x.name})`);
      }
    }
    console.log(`S3 fuzz: ${TOTAL} requests over ${seen.size}/${ops.length} operations, ${sdkRefused} not built by the SDK, ${refused.length} refused answers`);
    assert.deepEqual(serverErrors, [], 'the server logged no unexpected failure');
    assert.deepEqual(refused.slice(0, 20), []);
    // The server still serves.
    assert.ok((await client(s.credentials).send(new S3.ListBucketsCommand({}))).Buckets!.length >= BUCKETS.length);
  });
});
