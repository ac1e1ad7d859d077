/**
 * Cost of SCPs on the request path: SigV4-signed IAM GetUser requests/s by an IAM user of a member
 * account that sits five OUs deep, with five SCPs at each of its seven levels (root, five OUs, the
 * account: FullAWSAccess plus four realistic deny/allow guardrails each, 35 policies every request
 * must pass), against the same call by the same kind of user in the management account (which SCPs
 * never restrict), same server, alternating rounds.
 * Goal (#18): member path >= 0.8 of the management path.
 * Run: node --import tsx bench/org-scp-depth.ts [seconds-per-round]   (or npm run bench org-scp)
 */
import autocannon from 'autocannon';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import {
  AttachPolicyCommand,
  CreateAccountCommand,
  CreateOrganizationalUnitCommand,
  CreateOrganizationCommand,
  CreatePolicyCommand,
  DescribeCreateAccountStatusCommand,
  EnablePolicyTypeCommand,
  ListRootsCommand,
  MoveAccountCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { ROOT, report, spawnServer } from './lib/processes.js';
import { signQuery } from '../test/helpers/signed-fetch.js';

const SECONDS = Number(process.argv[2] ?? 6);
const GET_USER = { Action: 'GetUser', Version: '2010-05-08', UserName: 'bench' };
type Creds = { accessKeyId: string; secretAccessKey: string };

/** Four guardrails per level, none of which denies iam:GetUser (every one is evaluated). */
function guardrails(level: number): string[] {
  const doc = (...Statement: object[]) => JSON.stringify({ Version: '2012-10-17', Statement });
  return [
    doc({ Sid: `NoLeave${level}`, Effect: 'Deny', Action: ['organizations:LeaveOrganization', 'account:CloseAccount'], Resource: '*' }),
    doc({ Sid: `Regions${level}`, Effect: 'Deny', NotAction: ['iam:*', 'sts:*', 'organizations:*'], Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': ['eu-west-1', 'us-east-1'] } } }),
    doc({ Sid: `BreakGlass${level}`, Effect: 'Deny', Action: ['iam:CreateAccessKey', 'iam:CreateLoginProfile'], Resource: 'arn:aws:iam::*:user/break-glass*', Condition: { StringLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:root' } } }),
    doc({ Sid: `ProtectRoles${level}`, Effect: 'Deny', Action: ['iam:DeleteRole', 'iam:UpdateAssumeRolePolicy'], Resource: 'arn:aws:iam::*:role/OrganizationAccountAccessRole', Condition: { ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/Admin*' } } }),
  ];
}

async function load(url: string, req: { headers: Record<string, string>; body: string }): Promise<number> {
  const r = await autocannon({ url, method: 'POST', headers: req.headers, body: req.body, connections: 32, pipelining: 1, duration: SECONDS });
  if (r.non2xx > 0 || r.errors > 0) throw new Error(`${url}: ${r.non2xx} non-2xx, ${r.errors} errors`);
  return r.requests.average;
}

/** A user `bench` allowed GetUser on itself, with an access key, made by `root` in its account. */
async function benchUser(url: string, root: Creds): Promise<Creds> {
  const iam = new IAMClient({ endpoint: url, region: 'us-east-1', credentials: root, maxAttempts: 1 });
  await iam.send(new CreateUserCommand({ UserName: 'bench' }));
  const self = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:GetUser', Resource: 'arn:aws:iam::*:user/${aws:username}' }] });
  await iam.send(new PutUserPolicyCommand({ UserName: 'bench', PolicyName: 'self', PolicyDocument: self }));
  const key = await iam.send(new CreateAccessKeyCommand({ UserName: 'bench' }));
  return { accessKeyId: key.AccessKey!.AccessKeyId!, secretAccessKey: key.AccessKey!.SecretAccessKey! };
}

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'rampart-bench-org-'));
  const server = await spawnServer(['--import', 'tsx', `${ROOT}src/cli/main.ts`, 'start', '--port', '0', '--data-dir', dataDir]);
  try {
    const out = server.stdout();
    const mgmt: Creds = { accessKeyId: /AWS_ACCESS_KEY_ID=(\S+)/.exec(out)![1]!, secretAccessKey: /AWS_SECRET_ACCESS_KEY=(\S+)/.exec(out)![1]! };
    const orgs = new OrganizationsClient({ endpoint: server.url, region: 'us-east-1', credentials: mgmt, maxAttempts: 1 });
    await orgs.send(new CreateOrganizationCommand({}));
    const rootId = (await orgs.send(new ListRootsCommand({}))).Roots![0]!.Id!;
    await orgs.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: 'SERVICE_CONTROL_POLICY' }));
    const made = await orgs.send(new CreateAccountCommand({ Email: 'bench@example.com', AccountName: 'bench' }));
    const account = (await orgs.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: made.CreateAccountStatus!.Id! }))).CreateAccountStatus!.AccountId!;
    const targets = [rootId];
    for (let depth = 1; depth <= 5; depth++) targets.push((await orgs.send(new CreateOrganizationalUnitCommand({ ParentId: targets[depth - 1]!, Name: `L${depth}` }))).OrganizationalUnit!.Id!);
    await orgs.send(new MoveAccountCommand({ AccountId: account, SourceParentId: rootId, DestinationParentId: targets[5]! }));
    targets.push(account);
    for (const [level, target] of targets.entries()) {
      for (const [i, content] of guardrails(level).entries()) {
        const p = await orgs.send(new CreatePolicyCommand({ Name: `L${level}-${i}`, Description: 'guardrail', Type: 'SERVICE_CONTROL_POLICY', Content: content }));
        await orgs.send(new AttachPolicyCommand({ PolicyId: p.Policy!.PolicySummary!.Id!, TargetId: target }));
      }
    }
    const cli = spawnSync(process.execPath, ['--import', 'tsx', `${ROOT}src/cli/main.ts`, 'credentials', '--account', account, '--data-dir', dataDir], { encoding: 'utf8' });
    const memberRoot: Creds = { accessKeyId: /AWS_ACCESS_KEY_ID=(\S+)/.exec(cli.stdout)![1]!, secretAccessKey: /AWS_SECRET_ACCESS_KEY=(\S+)/.exec(cli.stdout)![1]! };
    const memberReq = await signQuery(server.url, GET_USER, { ...(await benchUser(server.url, memberRoot)), service: 'iam' });
    const mgmtReq = await signQuery(server.url, GET_USER, { ...(await benchUser(server.url, mgmt)), service: 'iam' });
    for (const req of [memberReq, mgmtReq]) {
      const check = await fetch(server.url, { method: 'POST', headers: req.headers, body: req.body });
      if (!check.ok) throw new Error(`the bench user is not allowed GetUser: ${check.status} ${await check.text()}`);
    }
    await load(server.url, memberReq); // warm-up (JIT, caches)
    await load(server.url, mgmtReq);
    const member: number[] = [];
    const management: number[] = [];
    for (let i = 0; i < 4; i++) {
      const pair = i % 2 === 0 ? [mgmtReq, memberReq] : [memberReq, mgmtReq];
      for (const req of pair) (req === memberReq ? member : management).push(await load(server.url, req));
    }
    const m = Math.max(...member);
    const g = Math.max(...management);
    console.log(`\nRampart ${process.version}, ${SECONDS}s rounds x4 (ABBA), 32 connections, keep-alive, SQLite`);
    console.log(`    rounds: member ${member.map((x) => x.toFixed(0)).join(', ')} | management ${management.map((x) => x.toFixed(0)).join(', ')} req/s`);
    report('signed iam:GetUser by a member-account user 5 OUs deep, 5 SCPs per level (35)', m, 'req/s', 'same call in the management account', g, '>= 0.80 of management', m / g >= 0.8);
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
