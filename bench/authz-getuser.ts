/**
 * Cost of authorization on the request path: SigV4-signed IAM GetUser requests/s as an IAM user with
 * 10 attached managed policies (every request authorized by the policy engine: cached compiled
 * policy set, context keys, evaluation) against the same call as the account's root user (decided
 * by the engine too, since SCPs and resource-policy denies can limit root, but with no policy to
 * scan), same server, alternating rounds.
 * Goal: authorized path >= 0.8 of the root path.
 * Run: node --import tsx bench/authz-getuser.ts [seconds-per-round]   (or npm run bench authz)
 */
import autocannon from 'autocannon';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AttachUserPolicyCommand, CreateAccessKeyCommand, CreatePolicyCommand, CreateUserCommand, IAMClient } from '@aws-sdk/client-iam';
import { ROOT, report, spawnServer } from './lib/processes.js';
import { signQuery } from '../test/helpers/signed-fetch.js';

const SECONDS = Number(process.argv[2] ?? 6);
const GET_USER = { Action: 'GetUser', Version: '2010-05-08', UserName: 'bench' };
type Creds = { accessKeyId: string; secretAccessKey: string };

/** Ten realistic customer managed policies; the seventh allows iam:GetUser on the user itself. */
function policies(account: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < 10; i++) {
    const statements: object[] = [
      { Sid: `S3Read${i}`, Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: [`arn:aws:s3:::team-${i}`, `arn:aws:s3:::team-${i}/*`] },
      { Sid: `Ec2${i}`, Effect: 'Allow', Action: 'ec2:Describe*', Resource: '*', Condition: { StringEquals: { 'aws:RequestedRegion': ['eu-west-1', 'us-east-1'] } } },
      { Sid: `Kms${i}`, Effect: 'Allow', Action: ['kms:Decrypt', 'kms:Encrypt'], Resource: `arn:aws:kms:*:${account}:key/*`, Condition: { StringLike: { 'kms:ViaService': 's3.*.amazonaws.com' } } },
      { Sid: `DenyOutside${i}`, Effect: 'Deny', Action: 'iam:Delete*', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } } },
    ];
    if (i === 6) statements.push({ Sid: 'SelfRead', Effect: 'Allow', Action: ['iam:GetUser', 'iam:ListAccessKeys'], Resource: `arn:aws:iam::${account}:user/\${aws:username}` });
    out.push(JSON.stringify({ Version: '2012-10-17', Statement: statements }));
  }
  return out;
}

async function load(url: string, req: { headers: Record<string, string>; body: string }): Promise<number> {
  const r = await autocannon({ url, method: 'POST', headers: req.headers, body: req.body, connections: 32, pipelining: 1, duration: SECONDS });
  if (r.non2xx > 0 || r.errors > 0) throw new Error(`${url}: ${r.non2xx} non-2xx, ${r.errors} errors`);
  return r.requests.average;
}

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'rampart-bench-authz-'));
  const server = await spawnServer(['--import', 'tsx', `${ROOT}src/cli/main.ts`, 'start', '--port', '0', '--data-dir', dataDir]);
  try {
    const out = server.stdout();
    const root: Creds = { accessKeyId: /AWS_ACCESS_KEY_ID=(\S+)/.exec(out)![1]!, secretAccessKey: /AWS_SECRET_ACCESS_KEY=(\S+)/.exec(out)![1]! };
    const admin = new IAMClient({ endpoint: server.url, region: 'us-east-1', credentials: root, maxAttempts: 1 });
    const account = /arn:aws:iam::(\d{12}):user/.exec((await admin.send(new CreateUserCommand({ UserName: 'bench' }))).User!.Arn!)![1]!;
    for (const [i, document] of policies(account).entries()) {
      const p = await admin.send(new CreatePolicyCommand({ PolicyName: `bench-${i}`, PolicyDocument: document }));
      await admin.send(new AttachUserPolicyCommand({ UserName: 'bench', PolicyArn: p.Policy!.Arn! }));
    }
    const key = await admin.send(new CreateAccessKeyCommand({ UserName: 'bench' }));
    const user: Creds = { accessKeyId: key.AccessKey!.AccessKeyId!, secretAccessKey: key.AccessKey!.SecretAccessKey! };

    const userReq = await signQuery(server.url, GET_USER, { ...user, service: 'iam' });
    const rootReq = await signQuery(server.url, GET_USER, { ...root, service: 'iam' });
    const check = await fetch(server.url, { method: 'POST', headers: userReq.headers, body: userReq.body });
    if (!check.ok) throw new Error(`the bench user is not allowed GetUser: ${check.status} ${await check.text()}`);
    await load(server.url, userReq); // warm-up (JIT, caches)
    await load(server.url, rootReq);
    const authorized: number[] = [];
    const rootPath: number[] = [];
    // ABBA order: whichever path runs second in a pair gains or loses from the machine's drift alike.
    for (let i = 0; i < 4; i++) {
      if (i % 2 === 0) {
        rootPath.push(await load(server.url, rootReq));
        authorized.push(await load(server.url, userReq));
      } else {
        authorized.push(await load(server.url, userReq));
        rootPath.push(await load(server.url, rootReq));
      }
    }
    const u = Math.max(...authorized);
    const r = Math.max(...rootPath);
    console.log(`\nRampart ${process.version}, ${SECONDS}s rounds x4 (ABBA), 32 connections, keep-alive, SQLite`);
    console.log(`    rounds: user ${authorized.map((x) => x.toFixed(0)).join(', ')} | root ${rootPath.map((x) => x.toFixed(0)).join(', ')} req/s`);
    report('signed iam:GetUser as an IAM user with 10 managed policies', u, 'req/s', 'same call as root', r, '>= 0.80 of root', u / r >= 0.8);
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
