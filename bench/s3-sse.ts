/**
 * S3 SSE-KMS cost (#20): PUT + GET of 1 MiB objects over HTTP, SSE-KMS (a customer managed key, one
 * KMS data key per object: kms:GenerateDataKey on PUT, kms:Decrypt on GET, both through the internal
 * client with the key policy and the caller's identity policy evaluated) against SSE-S3 (the store's
 * sealer) in the same server and run. Goal: SSE-KMS costs at most 20% more, i.e. its rate is at least
 * 1/1.2 = 0.83 of SSE-S3's. A third figure, SSE-KMS with an S3 Bucket Key, is a reference.
 * Rounds alternate (ABBA); the best round of each side is compared.
 * Run: node --import tsx bench/s3-sse.ts [seconds-per-round]   (or npm run bench -- s3-sse)
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { CreateBucketCommand, GetObjectCommand, PutBucketEncryptionCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { ROOT, report, spawnServer } from './lib/processes.js';

const SECONDS = Number(process.argv[2] ?? 5);
const BODY = randomBytes(1024 * 1024);
/** Requests in flight at once. */
const CONCURRENCY = 8;

/** PUT+GET pairs/s into `bucket` over `ms` milliseconds, CONCURRENCY at a time. */
async function rate(s3: S3Client, bucket: string, ms: number): Promise<number> {
  const start = performance.now();
  let n = 0;
  const worker = async (w: number) => {
    while (performance.now() - start < ms) {
      const Key = `o-${w}-${n % 16}`;
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key, Body: BODY }));
      const got = await (await s3.send(new GetObjectCommand({ Bucket: bucket, Key }))).Body!.transformToByteArray();
      if (got.length !== BODY.length) throw new Error('round trip failed');
      n++;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, (_, w) => worker(w)));
  return (n * 1000) / (performance.now() - start);
}

const dataDir = mkdtempSync(join(tmpdir(), 'rampart-bench-s3-sse-'));
const server = await spawnServer(['--import', 'tsx', `${ROOT}src/cli/main.ts`, 'start', '--port', '0', '--data-dir', dataDir]);
try {
  const out = server.stdout();
  const root = { accessKeyId: /AWS_ACCESS_KEY_ID=(\S+)/.exec(out)![1]!, secretAccessKey: /AWS_SECRET_ACCESS_KEY=(\S+)/.exec(out)![1]! };
  const s3 = new S3Client({ endpoint: server.url, region: 'us-east-1', credentials: root, forcePathStyle: true, maxAttempts: 1 });
  const keyArn = (await new KMSClient({ endpoint: server.url, region: 'us-east-1', credentials: root, maxAttempts: 1 }).send(new CreateKeyCommand({ Description: 'bench' }))).KeyMetadata!.Arn!;
  for (const b of ['bench-sse-s3', 'bench-sse-kms', 'bench-sse-kms-bk']) await s3.send(new CreateBucketCommand({ Bucket: b }));
  const rule = (BucketKeyEnabled: boolean) => ({ Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' as const, KMSMasterKeyID: keyArn }, BucketKeyEnabled }] });
  await s3.send(new PutBucketEncryptionCommand({ Bucket: 'bench-sse-kms', ServerSideEncryptionConfiguration: rule(false) }));
  await s3.send(new PutBucketEncryptionCommand({ Bucket: 'bench-sse-kms-bk', ServerSideEncryptionConfiguration: rule(true) }));
  for (const b of ['bench-sse-s3', 'bench-sse-kms', 'bench-sse-kms-bk']) await rate(s3, b, 1000); // warm-up
  const figures: Record<string, number[]> = { 'bench-sse-s3': [], 'bench-sse-kms': [], 'bench-sse-kms-bk': [] };
  for (let i = 0; i < 4; i++) {
    const order = i % 2 === 0 ? ['bench-sse-s3', 'bench-sse-kms', 'bench-sse-kms-bk'] : ['bench-sse-kms-bk', 'bench-sse-kms', 'bench-sse-s3'];
    for (const b of order) figures[b]!.push(await rate(s3, b, SECONDS * 1000));
  }
  const best = (b: string) => Math.max(...figures[b]!);
  console.log(`\nover HTTP, ${SECONDS}s rounds x4 (ABBA), ${CONCURRENCY} in flight, 1 MiB bodies, SQLite`);
  for (const [b, r] of Object.entries(figures)) console.log(`    ${b}: ${r.map((x) => x.toFixed(1)).join(', ')} PUT+GET/s`);
  report('PUT+GET 1 MiB, SSE-KMS (one data key per object)', best('bench-sse-kms'), 'pairs/s', 'SSE-S3', best('bench-sse-s3'), '>= 0.83 of SSE-S3 (at most 20% more cost)', best('bench-sse-kms') / best('bench-sse-s3') >= 1 / 1.2);
  report('PUT+GET 1 MiB, SSE-KMS with an S3 Bucket Key', best('bench-sse-kms-bk'), 'pairs/s', 'SSE-S3', best('bench-sse-s3'), 'reference', 'REFERENCE');
} finally {
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
