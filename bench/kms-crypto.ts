/**
 * KMS cryptography cost, two figures (#19):
 * (a) in-process: KMS Encrypt + Decrypt of 4 KiB through the service's handlers (key lookup and
 *     state check, material, Rampart's ciphertext blob with its per-message key, SQLite store)
 *     against raw Node AES-256-GCM encrypt + decrypt of 4 KiB with a random IV. Goal >= 0.8.
 * (b) over HTTP: signed, authorized Encrypt + Decrypt of 4 KiB by an IAM user (the key policy and
 *     the user's identity policy evaluated) against the same calls by the account's root. Goal >= 0.8.
 * Rounds alternate (ABBA); the best round of each side is compared.
 * Run: node --import tsx bench/kms-crypto.ts [seconds-per-round]   (or npm run bench kms-crypto)
 */
import autocannon from 'autocannon';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { CreateKeyCommand, EncryptCommand, KMSClient } from '@aws-sdk/client-kms';
import { createKmsService } from '../src/services/kms/index.js';
import type { HandlerContext } from '../src/protocol/service-definition.js';
import { openStore } from '../src/storage/open-store.js';
import { ROOT, report, spawnServer } from './lib/processes.js';
import { signJson } from '../test/helpers/signed-fetch.js';

const SECONDS = Number(process.argv[2] ?? 5);
const PLAINTEXT = randomBytes(4096);
type Creds = { accessKeyId: string; secretAccessKey: string };

/** Operations/s of `f` (an encrypt + decrypt pair) over `ms` milliseconds. */
async function rate(f: () => unknown, ms: number): Promise<number> {
  const start = performance.now();
  let n = 0;
  while (performance.now() - start < ms) {
    for (let i = 0; i < 64; i++) await f();
    n += 64;
  }
  return (n * 1000) / (performance.now() - start);
}

async function inProcess(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'rampart-bench-kms-'));
  const store = await openStore({ kind: 'sqlite', dataDir: dir });
  try {
    const kms = createKmsService({ store, internal: undefined as never, log: () => {}, authorizer: () => undefined as never, clock: Date.now });
    const h = kms.definition.handlers as Record<string, (input: unknown, ctx: HandlerContext) => Promise<Record<string, unknown>>>;
    const ctx = (): HandlerContext => ({
      requestId: 'bench',
      caller: { principal: { accountId: '111122223333', arn: 'arn:aws:iam::111122223333:root', userId: '111122223333', type: 'root' }, now: Date.now(), sourceIp: '127.0.0.1', secureTransport: false, region: 'us-east-1' },
    });
    const key = ((await h['CreateKey']!({}, ctx())) as { KeyMetadata: { KeyId: string } }).KeyMetadata.KeyId;
    const kmsPair = async () => {
      const c = ctx();
      const e = await h['Encrypt']!({ KeyId: key, Plaintext: PLAINTEXT }, c);
      const d = await h['Decrypt']!({ CiphertextBlob: e['CiphertextBlob'] }, c);
      if ((d['Plaintext'] as Buffer).length !== 4096) throw new Error('round trip failed');
    };
    const rawKey = randomBytes(32);
    const rawPair = () => {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', rawKey, iv);
      const ct = Buffer.concat([c.update(PLAINTEXT), c.final()]);
      const d = createDecipheriv('aes-256-gcm', rawKey, iv);
      d.setAuthTag(c.getAuthTag());
      if (Buffer.concat([d.update(ct), d.final()]).length !== 4096) throw new Error('round trip failed');
    };
    await rate(kmsPair, 1000); // warm-up
    await rate(rawPair, 1000);
    const k: number[] = [];
    const r: number[] = [];
    for (let i = 0; i < 4; i++) {
      const order = i % 2 === 0 ? [rawPair, kmsPair] : [kmsPair, rawPair];
      for (const f of order) (f === kmsPair ? k : r).push(await rate(f, SECONDS * 1000));
    }
    console.log(`\n(a) in-process, ${SECONDS}s rounds x4 (ABBA), SQLite`);
    console.log(`    rounds: KMS ${k.map((x) => x.toFixed(0)).join(', ')} | raw ${r.map((x) => x.toFixed(0)).join(', ')} pairs/s`);
    report('KMS Encrypt+Decrypt 4 KiB, in-process', Math.max(...k), 'pairs/s', 'raw AES-256-GCM encrypt+decrypt 4 KiB', Math.max(...r), '>= 0.80 of raw', Math.max(...k) / Math.max(...r) >= 0.8);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function load(url: string, reqs: { headers: Record<string, string>; body: string | Uint8Array }[]): Promise<number> {
  const r = await autocannon({ url, method: 'POST', requests: reqs.map((q) => ({ method: 'POST', headers: q.headers, body: Buffer.from(q.body) })), connections: 32, pipelining: 1, duration: SECONDS });
  if (r.non2xx > 0 || r.errors > 0) throw new Error(`${url}: ${r.non2xx} non-2xx, ${r.errors} errors`);
  return r.requests.average / 2;
}

async function overHttp(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'rampart-bench-kms-http-'));
  const server = await spawnServer(['--import', 'tsx', `${ROOT}src/cli/main.ts`, 'start', '--port', '0', '--data-dir', dataDir]);
  try {
    const out = server.stdout();
    const root: Creds = { accessKeyId: /AWS_ACCESS_KEY_ID=(\S+)/.exec(out)![1]!, secretAccessKey: /AWS_SECRET_ACCESS_KEY=(\S+)/.exec(out)![1]! };
    const iam = new IAMClient({ endpoint: server.url, region: 'us-east-1', credentials: root, maxAttempts: 1 });
    const kms = (c: Creds) => new KMSClient({ endpoint: server.url, region: 'us-east-1', credentials: c, maxAttempts: 1 });
    await iam.send(new CreateUserCommand({ UserName: 'bench' }));
    const keyArn = (await kms(root).send(new CreateKeyCommand({ Description: 'bench' }))).KeyMetadata!.Arn!;
    const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['kms:Encrypt', 'kms:Decrypt'], Resource: keyArn }] };
    await iam.send(new PutUserPolicyCommand({ UserName: 'bench', PolicyName: 'use-key', PolicyDocument: JSON.stringify(policy) }));
    const k = (await iam.send(new CreateAccessKeyCommand({ UserName: 'bench' }))).AccessKey!;
    const user: Creds = { accessKeyId: k.AccessKeyId!, secretAccessKey: k.SecretAccessKey! };
    const blob = (await kms(root).send(new EncryptCommand({ KeyId: keyArn, Plaintext: PLAINTEXT }))).CiphertextBlob!;
    const pair = async (c: Creds) => [
      await signJson(server.url, 'TrentService.Encrypt', JSON.stringify({ KeyId: keyArn, Plaintext: PLAINTEXT.toString('base64') }), { ...c, service: 'kms' }),
      await signJson(server.url, 'TrentService.Decrypt', JSON.stringify({ CiphertextBlob: Buffer.from(blob).toString('base64') }), { ...c, service: 'kms' }),
    ];
    const userReqs = await pair(user);
    const rootReqs = await pair(root);
    for (const q of userReqs) {
      const check = await fetch(server.url, { method: 'POST', headers: q.headers, body: q.body });
      if (!check.ok) throw new Error(`the bench user may not use the key: ${check.status} ${await check.text()}`);
    }
    await load(server.url, userReqs); // warm-up
    await load(server.url, rootReqs);
    const u: number[] = [];
    const r: number[] = [];
    for (let i = 0; i < 4; i++) {
      const order = i % 2 === 0 ? [rootReqs, userReqs] : [userReqs, rootReqs];
      for (const q of order) (q === userReqs ? u : r).push(await load(server.url, q));
    }
    console.log(`\n(b) over HTTP, ${SECONDS}s rounds x4 (ABBA), 32 connections, keep-alive, SQLite`);
    console.log(`    rounds: user ${u.map((x) => x.toFixed(0)).join(', ')} | root ${r.map((x) => x.toFixed(0)).join(', ')} pairs/s`);
    report('signed KMS Encrypt+Decrypt 4 KiB as an IAM user (key policy + identity policy)', Math.max(...u), 'pairs/s', 'same calls as root', Math.max(...r), '>= 0.80 of root', Math.max(...u) / Math.max(...r) >= 0.8);
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await inProcess();
await overHttp();
