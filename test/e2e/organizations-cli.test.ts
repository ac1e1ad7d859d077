/**
 * The Organizations SCP scenario through the AWS CLI: an organization, a member account made by
 * create-account, an OU holding it with an SCP denying iam:CreateUser; the member's root user is
 * denied with AWS's message, the management account is not; moving the account out restores access.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { rootCredentialsOf } from '../../src/authz/bootstrap-account.js';
import { startTestServer, type TestServer } from '../helpers/rampart.js';
import { run, type Creds } from './authz-support.js';

describe('Organizations SCPs through the AWS CLI', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer({});
  });
  after(() => s.close());

  const env = (c: Creds) => ({ ...process.env, AWS_ACCESS_KEY_ID: c.accessKeyId, AWS_SECRET_ACCESS_KEY: c.secretAccessKey, AWS_DEFAULT_REGION: 'us-east-1', AWS_PAGER: '', AWS_MAX_ATTEMPTS: '1' });
  async function aws(creds: Creds, args: string[]): Promise<{ status: number | null; out: Record<string, unknown>; stderr: string }> {
    const r = await run('aws', [...args, '--endpoint-url', s.url, '--output', 'json'], env(creds));
    return { status: r.status, out: r.stdout.trim() ? (JSON.parse(r.stdout) as Record<string, unknown>) : {}, stderr: r.stderr };
  }
  const ok = async (creds: Creds, args: string[]) => {
    const r = await aws(creds, args);
    assert.equal(r.status, 0, `${args.join(' ')}: ${r.stderr}`);
    return r.out;
  };

  it('an SCP on an OU denies the member\'s root user, not the management account; moving out restores access', async () => {
    await ok(s.credentials, ['organizations', 'create-organization', '--feature-set', 'ALL']);
    const rootId = ((await ok(s.credentials, ['organizations', 'list-roots'])).Roots as { Id: string }[])[0]!.Id;
    await ok(s.credentials, ['organizations', 'enable-policy-type', '--root-id', rootId, '--policy-type', 'SERVICE_CONTROL_POLICY']);
    const req = ((await ok(s.credentials, ['organizations', 'create-account', '--email', 'cli@example.com', '--account-name', 'cli'])).CreateAccountStatus as { Id: string }).Id;
    const account = ((await ok(s.credentials, ['organizations', 'describe-create-account-status', '--create-account-request-id', req])).CreateAccountStatus as { AccountId: string }).AccountId;
    const ou = ((await ok(s.credentials, ['organizations', 'create-organizational-unit', '--parent-id', rootId, '--name', 'Sandbox'])).OrganizationalUnit as { Id: string }).Id;
    await ok(s.credentials, ['organizations', 'move-account', '--account-id', account, '--source-parent-id', rootId, '--destination-parent-id', ou]);
    const file = join(s.dataDir, 'scp.json');
    writeFileSync(file, JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'iam:CreateUser', Resource: '*' }] }));
    const policyId = ((await ok(s.credentials, ['organizations', 'create-policy', '--name', 'NoUsers', '--description', 'no users', '--type', 'SERVICE_CONTROL_POLICY', '--content', `file://${file}`])).Policy as { PolicySummary: { Id: string } }).PolicySummary.Id;
    await ok(s.credentials, ['organizations', 'attach-policy', '--policy-id', policyId, '--target-id', ou]);

    const member = (await rootCredentialsOf(s.runtime.store, account))!;
    const denied = await aws(member, ['iam', 'create-user', '--user-name', 'blocked']);
    assert.notEqual(denied.status, 0);
    assert.match(denied.stderr, new RegExp(`\\(AccessDenied\\) when calling the CreateUser operation: User: arn:aws:iam::${account}:root is not authorized to perform: iam:CreateUser on resource: arn:aws:iam::${account}:user/blocked with an explicit deny in a service control policy`));
    await ok(s.credentials, ['iam', 'create-user', '--user-name', 'mgmt-made']);

    await ok(s.credentials, ['organizations', 'move-account', '--account-id', account, '--source-parent-id', ou, '--destination-parent-id', rootId]);
    const created = await ok(member, ['iam', 'create-user', '--user-name', 'allowed-now']);
    assert.equal((created.User as { Arn: string }).Arn, `arn:aws:iam::${account}:user/allowed-now`);
  });
});
