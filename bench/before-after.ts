/**
 * The gateway and authorization figures of two builds in one run, same machine, same moment: a
 * base git ref (default: the last commit of the previous session, `BENCH_BASE` or argv[2]) checked
 * out in a temporary worktree and built, against the working tree's build. Both servers run side
 * by side; rounds alternate base/current in ABBA order so that machine drift falls on both alike.
 *   (a) gateway: SigV4-signed STS GetCallerIdentity as the root user, 32 connections, keep-alive;
 *   (b) authorization: signed IAM GetUser as an IAM user with 10 managed policies.
 * Each figure prints req/s (best round) and the server's CPU µs per request, with a bare node:http
 * server's figure beside (a) for scale. "Within noise" is judged against the spread of the rounds.
 * Run: npm run build && node --import tsx bench/before-after.ts [base-ref] [seconds-per-round]
 */
import autocannon from 'autocannon';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AttachUserPolicyCommand, CreateAccessKeyCommand, CreatePolicyCommand, CreateUserCommand, IAMClient } from '@aws-sdk/client-iam';
import { cpuSeconds, RAMPART_BIN, ROOT, spawnServer, type Started } from './lib/processes.js';
import { signQuery } from '../test/helpers/signed-fetch.js';

const BASE = process.argv[2] ?? process.env['BENCH_BASE'] ?? 'caae3ed';
const SECONDS = Number(process.argv[3] ?? 5);
const ROUNDS = 4;
type Creds = { accessKeyId: string; secretAccessKey: string };
type Signed = { headers: Record<string, string>; body: string };

/** One load round: req/s and server CPU µs per request. */
async function round(server: Started, req: Signed): Promise<{ rps: number; cpuUs: number }> {
  const before = cpuSeconds(server.child.pid!);
  const r = await autocannon({ url: server.url, method: 'POST', headers: req.headers, body: req.body, connections: 32, pipelining: 1, duration: SECONDS });
  if (r.non2xx > 0 || r.errors > 0) throw new Error(`${server.url}: ${r.non2xx} non-2xx, ${r.errors} errors`);
  return { rps: r.requests.average, cpuUs: ((cpuSeconds(server.child.pid!) - before) / r.requests.total) * 1e6 };
}

/** A user with ten realistic managed policies (the seventh allows GetUser on itself), and its key. */
async function benchUser(url: string, root: Creds): Promise<Creds> {
  const admin = new IAMClient({ endpoint: url, region: 'us-east-1', credentials: root, maxAttempts: 1 });
  const account = /arn:aws:iam::(\d{12}):user/.exec((await admin.send(new CreateUserCommand({ UserName: 'bench' }))).User!.Arn!)![1]!;
  for (let i = 0; i < 10; i++) {
    const statements: object[] = [
      { Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: [`arn:aws:s3:::team-${i}`, `arn:aws:s3:::team-${i}/*`] },
      { Effect: 'Allow', Action: 'ec2:Describe*', Resource: '*', Condition: { StringEquals: { 'aws:RequestedRegion': ['eu-west-1', 'us-east-1'] } } },
      { Effect: 'Deny', Action: 'iam:Delete*', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } } },
    ];
    if (i === 6) statements.push({ Effect: 'Allow', Action: 'iam:GetUser', Resource: `arn:aws:iam::${account}:user/\${aws:username}` });
    const p = await admin.send(new CreatePolicyCommand({ PolicyName: `bench-${i}`, PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: statements }) }));
    await admin.send(new AttachUserPolicyCommand({ UserName: 'bench', PolicyArn: p.Policy!.Arn! }));
  }
  const key = await admin.send(new CreateAccessKeyCommand({ UserName: 'bench' }));
  return { accessKeyId: key.AccessKey!.AccessKeyId!, secretAccessKey: key.AccessKey!.SecretAccessKey! };
}

interface Side {
  readonly name: string;
  readonly server: Started;
  readonly gateway: Signed;
  readonly authz: Signed;
}

async function side(name: string, bin: string, dataDir: string): Promise<Side> {
  const server = await spawnServer([bin, 'start', '--port', '0', '--data-dir', dataDir]);
  const out = server.stdout();
  const root: Creds = { accessKeyId: /AWS_ACCESS_KEY_ID=(\S+)/.exec(out)![1]!, secretAccessKey: /AWS_SECRET_ACCESS_KEY=(\S+)/.exec(out)![1]! };
  const user = await benchUser(server.url, root);
  return {
    name,
    server,
    gateway: await signQuery(server.url, { Action: 'GetCallerIdentity', Version: '2011-06-15' }, { ...root, service: 'sts' }),
    authz: await signQuery(server.url, { Action: 'GetUser', Version: '2010-05-08', UserName: 'bench' }, { ...user, service: 'iam' }),
  };
}

function summary(label: string, rounds: { rps: number; cpuUs: number }[]): { best: number; cpu: number; line: string } {
  const best = Math.max(...rounds.map((r) => r.rps));
  const cpu = Math.min(...rounds.map((r) => r.cpuUs));
  return { best, cpu, line: `${label}: best ${best.toFixed(0)} req/s (rounds ${rounds.map((r) => r.rps.toFixed(0)).join(', ')}), ${cpu.toFixed(1)} µs CPU/request` };
}

async function main() {
  const work = mkdtempSync(join(tmpdir(), 'rampart-before-after-'));
  const baseDir = join(work, 'base');
  const started: Started[] = [];
  try {
    execFileSync('git', ['-C', ROOT, 'worktree', 'add', '--detach', baseDir, BASE], { stdio: 'ignore' });
    symlinkSync(join(ROOT, 'node_modules'), join(baseDir, 'node_modules'));
    execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(baseDir, 'tsconfig.build.json')], { stdio: 'inherit' });
    const sides = [await side(`base ${BASE}`, join(baseDir, 'dist/src/cli/main.js'), join(work, 'base-data')), await side('current', RAMPART_BIN, join(work, 'current-data'))];
    started.push(...sides.map((s) => s.server));
    const bare = await spawnServer([`${ROOT}bench/lib/bare-server.mjs`]);
    started.push(bare);
    const results = new Map<string, { rps: number; cpuUs: number }[]>();
    const add = (k: string, r: { rps: number; cpuUs: number }) => results.set(k, [...(results.get(k) ?? []), r]);
    for (const s of sides) for (const w of ['gateway', 'authz'] as const) await round(s.server, s[w]); // warm-up
    await round(bare, sides[0]!.gateway);
    for (let i = 0; i < ROUNDS; i++) {
      const order = i % 2 === 0 ? sides : [...sides].reverse();
      for (const s of order) {
        add(`${s.name} gateway`, await round(s.server, s.gateway));
        add(`${s.name} authz`, await round(s.server, s.authz));
      }
      add('bare node:http', await round(bare, sides[0]!.gateway));
    }
    console.log(`\nbefore/after, ${process.version}, ${SECONDS}s rounds x${ROUNDS} (ABBA), 32 connections, keep-alive, SQLite`);
    for (const [k, rounds] of results) console.log(summary(k, rounds).line);
    for (const w of ['gateway', 'authz']) {
      const b = summary('', results.get(`${sides[0]!.name} ${w}`)!);
      const c = summary('', results.get(`current ${w}`)!);
      console.log(`${w}: current/base ${(c.best / b.best).toFixed(2)} (req/s), CPU/request ${c.cpu.toFixed(1)} vs ${b.cpu.toFixed(1)} µs`);
    }
    const bare1 = summary('', results.get('bare node:http')!);
    console.log(`bare node:http server: ${bare1.cpu.toFixed(1)} µs CPU/request`);
  } finally {
    await Promise.all(started.map((s) => s.stop()));
    try {
      execFileSync('git', ['-C', ROOT, 'worktree', 'remove', '--force', baseDir], { stdio: 'ignore' });
    } catch {
      // Left for `git worktree prune`.
    }
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
