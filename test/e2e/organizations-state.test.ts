/**
 * Every account is state like any other: a backup taken with an organization and a member account,
 * restored into a new data dir, serves both (the member's root key works, its organization is
 * there); a reset under --dev removes the member accounts and the organization.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { CreateAccountCommand, CreateOrganizationCommand, DescribeCreateAccountStatusCommand, DescribeOrganizationCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { rootCredentialsOf } from '../../src/authz/bootstrap-account.js';
import { startTestServer, type TestServer } from '../helpers/rampart.js';
import { runAsync } from '../helpers/run-async.js';
import type { Creds } from './authz-support.js';

const MAIN = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
const rampart = (args: string[]) => runAsync(process.execPath, ['--import', 'tsx', MAIN, ...args], { env: process.env, timeoutMs: 120_000 });
const orgsOf = (s: TestServer, credentials: Creds) => new OrganizationsClient({ endpoint: s.url, region: 'us-east-1', credentials, maxAttempts: 1 });
const whoAmI = (s: TestServer, credentials: Creds) => new STSClient({ endpoint: s.url, region: 'us-east-1', credentials, maxAttempts: 1 }).send(new GetCallerIdentityCommand({}));

describe('Organizations state: backup, restore and reset cover every account', () => {
  const root = mkdtempSync(join(tmpdir(), 'rampart-org-state-'));
  const servers: TestServer[] = [];
  after(async () => {
    for (const s of servers) await s.close().catch(() => {});
    rmSync(root, { recursive: true, force: true });
  });

  async function orgWithMember(dev: boolean): Promise<{ s: TestServer; member: Creds & { accountId: string } }> {
    const s = await startTestServer({ dev });
    servers.push(s);
    const orgs = orgsOf(s, s.credentials);
    await orgs.send(new CreateOrganizationCommand({}));
    const made = await orgs.send(new CreateAccountCommand({ Email: `m${servers.length}@example.com`, AccountName: 'member' }));
    const id = (await orgs.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: made.CreateAccountStatus!.Id! }))).CreateAccountStatus!.AccountId!;
    return { s, member: (await rootCredentialsOf(s.runtime.store, id))! };
  }

  it('a restored backup serves the member account and its organization', async () => {
    const { s, member } = await orgWithMember(false);
    const out = join(root, 'org.rbk');
    const b = await rampart(['backup', '--out', out, '--data-dir', s.dataDir]);
    assert.equal(b.status, 0, b.stderr);
    const target = join(root, 'restored');
    mkdirSync(target, { recursive: true, mode: 0o700 });
    copyFileSync(join(s.dataDir, 'master.key'), join(target, 'master.key'));
    const r = await rampart(['restore', '--in', out, '--data-dir', target]);
    assert.equal(r.status, 0, r.stderr);
    const restored = await startTestServer({ dataDir: target });
    servers.push(restored);
    assert.equal((await whoAmI(restored, member)).Arn, `arn:aws:iam::${member.accountId}:root`);
    const seen = await orgsOf(restored, member).send(new DescribeOrganizationCommand({}));
    assert.equal(seen.Organization?.MasterAccountId, s.accountId);
  });

  it('a reset under --dev removes the member accounts and the organization', async () => {
    const { s, member } = await orgWithMember(true);
    assert.equal((await whoAmI(s, member)).Account, member.accountId);
    const res = await fetch(`${s.url}/_rampart/reset`, { method: 'POST' });
    assert.equal(res.status, 200);
    const gone = await whoAmI(s, member).then(() => undefined, (e: Error) => e);
    assert.equal(gone?.name, 'InvalidClientTokenId');
    const none = await orgsOf(s, s.credentials).send(new DescribeOrganizationCommand({})).then(() => undefined, (e: Error) => e);
    assert.equal(none?.name, 'AWSOrganizationsNotInUseException');
  });
});
