/**
 * The organization's resource-based delegation policy through the SDK v3: it opens the delegable
 * operations to the member accounts it names, decided as cross-account requests (the policy and the
 * caller's own policies must both allow), limited to the resources its statements name; nothing
 * outside the delegable set; deleting it takes the access back.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateAccessKeyCommand, CreateUserCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import {
  AttachPolicyCommand,
  CreateAccountCommand,
  CreateOrganizationalUnitCommand,
  CreateOrganizationCommand,
  CreatePolicyCommand,
  DeleteResourcePolicyCommand,
  DescribeCreateAccountStatusCommand,
  DescribeResourcePolicyCommand,
  EnablePolicyTypeCommand,
  ListAccountsCommand,
  ListRootsCommand,
  OrganizationsClient,
  OrganizationsServiceException,
  PutResourcePolicyCommand,
} from '@aws-sdk/client-organizations';
import { rootCredentialsOf } from '../../src/authz/bootstrap-account.js';
import { startTestServer, type TestServer } from '../helpers/rampart.js';
import { iam, type Creds } from './authz-support.js';

describe('Organizations: the resource-based delegation policy', () => {
  let s: TestServer;
  let orgs: OrganizationsClient;
  let delegate: string;
  let other: string;
  let rootId: string;
  let ouId: string;
  let delegateRoot: OrganizationsClient;
  const client = (credentials: Creds) => new OrganizationsClient({ endpoint: s.url, region: 'us-east-1', credentials, maxAttempts: 1 });
  async function fails(p: Promise<unknown>): Promise<OrganizationsServiceException> {
    const e = await p.then(() => undefined, (x: unknown) => x);
    assert.ok(e instanceof OrganizationsServiceException, `expected an Organizations error, got ${String(e)}`);
    return e;
  }
  const newAccount = async (name: string) => {
    const c = await orgs.send(new CreateAccountCommand({ Email: `${name}@example.com`, AccountName: name }));
    return (await orgs.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: c.CreateAccountStatus!.Id! }))).CreateAccountStatus!.AccountId!;
  };
  const scp = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'ec2:*', Resource: '*' }] });

  before(async () => {
    s = await startTestServer({});
    orgs = client(s.credentials);
    await orgs.send(new CreateOrganizationCommand({}));
    rootId = (await orgs.send(new ListRootsCommand({}))).Roots![0]!.Id!;
    await orgs.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: 'SERVICE_CONTROL_POLICY' }));
    delegate = await newAccount('policy-admin');
    other = await newAccount('other');
    ouId = (await orgs.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'Workloads' }))).OrganizationalUnit!.Id!;
    delegateRoot = client((await rootCredentialsOf(s.runtime.store, delegate))!);
  });
  after(() => s.close());

  it('without a delegation policy a member can neither read nor manage policies', async () => {
    assert.equal((await fails(delegateRoot.send(new ListAccountsCommand({})))).name, 'AccessDeniedException');
    assert.equal((await fails(orgs.send(new DescribeResourcePolicyCommand({})))).name, 'ResourcePolicyNotFoundException');
  });

  it('the named member reads the organization and manages SCPs, attaching only where a statement allows', async () => {
    const content = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Sid: 'Read', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${delegate}:root` }, Action: ['organizations:List*', 'organizations:Describe*'], Resource: '*' },
        { Sid: 'Create', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${delegate}:root` }, Action: 'organizations:CreatePolicy', Resource: '*', Condition: { StringEquals: { 'organizations:PolicyType': 'SERVICE_CONTROL_POLICY' } } },
        { Sid: 'AttachToWorkloads', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${delegate}:root` }, Action: 'organizations:AttachPolicy', Resource: [`arn:aws:organizations::${s.accountId}:ou/*/${ouId}`, `arn:aws:organizations::${s.accountId}:policy/*/service_control_policy/*`] },
      ],
    });
    const put = await orgs.send(new PutResourcePolicyCommand({ Content: content }));
    assert.match(put.ResourcePolicy?.ResourcePolicySummary?.Id ?? '', /^rp-[a-z0-9]{8}$/);
    assert.equal((await orgs.send(new DescribeResourcePolicyCommand({}))).ResourcePolicy?.Content, content);
    const ids = (await delegateRoot.send(new ListAccountsCommand({}))).Accounts!.map((a) => a.Id).sort();
    assert.deepEqual(ids, [s.accountId, delegate, other].sort());
    const policyId = (await delegateRoot.send(new CreatePolicyCommand({ Name: 'NoEc2', Description: 'd', Type: 'SERVICE_CONTROL_POLICY', Content: scp }))).Policy!.PolicySummary!.Id!;
    await delegateRoot.send(new AttachPolicyCommand({ PolicyId: policyId, TargetId: ouId }));
    const elsewhere = await fails(delegateRoot.send(new AttachPolicyCommand({ PolicyId: policyId, TargetId: rootId })));
    assert.equal(elsewhere.name, 'AccessDeniedException');
    assert.match(elsewhere.message, /because no resource-based policy allows the organizations:AttachPolicy action/);
  });

  it('operations outside the delegable set, other members, and users without their own permission are still refused', async () => {
    assert.equal((await fails(delegateRoot.send(new CreateAccountCommand({ Email: 'x@example.com', AccountName: 'x' })))).name, 'AccessDeniedException');
    const otherRoot = client((await rootCredentialsOf(s.runtime.store, other))!);
    assert.equal((await fails(otherRoot.send(new ListAccountsCommand({})))).name, 'AccessDeniedException');
    // An IAM user of the delegated account needs its own identity policy too (cross-account).
    const admin = iam(s, (await rootCredentialsOf(s.runtime.store, delegate))!);
    await admin.send(new CreateUserCommand({ UserName: 'reader' }));
    const key = (await admin.send(new CreateAccessKeyCommand({ UserName: 'reader' }))).AccessKey!;
    const reader = client({ accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! });
    assert.equal((await fails(reader.send(new ListAccountsCommand({})))).name, 'AccessDeniedException');
    await admin.send(new PutUserPolicyCommand({ UserName: 'reader', PolicyName: 'orgs', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'organizations:List*', Resource: '*' }] }) }));
    // The delegation names the account's root: every principal of the account, within its own permissions.
    assert.equal((await reader.send(new ListAccountsCommand({}))).Accounts?.length, 3);
  });

  it('deleting the delegation policy takes the access back', async () => {
    await orgs.send(new DeleteResourcePolicyCommand({}));
    assert.equal((await fails(delegateRoot.send(new ListAccountsCommand({})))).name, 'AccessDeniedException');
    assert.equal((await fails(orgs.send(new DeleteResourcePolicyCommand({})))).name, 'ResourcePolicyNotFoundException');
  });
});
