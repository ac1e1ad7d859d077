/**
 * Organizations end to end with the SDK v3: an organization, two member accounts made by
 * CreateAccount, an OU with an SCP. The SCP denies an administrator and the root user of the member
 * account inside the OU, with AWS's message; the other member and the management account are not
 * restricted; an OU whose only SCP allows nothing denies everything below it; moving the account out
 * restores access. The management account assumes OrganizationAccountAccessRole in a new account
 * and administers it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AttachRolePolicyCommand, CreateAccessKeyCommand, CreateRoleCommand, PutUserPolicyCommand, SimulatePrincipalPolicyCommand, CreateUserCommand, GetUserCommand, ListAttachedRolePoliciesCommand } from '@aws-sdk/client-iam';
import {
  AttachPolicyCommand,
  CreateAccountCommand,
  CreateOrganizationalUnitCommand,
  CreateOrganizationCommand,
  CreatePolicyCommand,
  DescribeCreateAccountStatusCommand,
  DescribeOrganizationCommand,
  DetachPolicyCommand,
  EnablePolicyTypeCommand,
  ListAccountsCommand,
  ListRootsCommand,
  MoveAccountCommand,
  OrganizationsClient,
  OrganizationsServiceException,
} from '@aws-sdk/client-organizations';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { createAccount, rootCredentialsOf } from '../../src/authz/bootstrap-account.js';
import { startTestServer, type TestServer } from '../helpers/rampart.js';
import { doc, failure, iam, sts, userWithKey, type Creds } from './authz-support.js';

const DENY_CREATE_USER = doc({ Effect: 'Deny', Action: 'iam:CreateUser', Resource: '*' }, { Effect: 'Allow', Action: '*', Resource: '*' });
const ALLOW_NOTHING_BUT_STS = doc({ Effect: 'Allow', Action: 'sts:GetCallerIdentity', Resource: '*' });

describe('Organizations: accounts, OUs and SCPs that really deny', () => {
  let s: TestServer;
  let orgs: OrganizationsClient;
  let rootId: string;
  let inOu: string;
  let other: string;
  let ouId: string;
  let denyId: string;
  let mgmtAdmin: Creds | undefined;
  const accountRoot = async (id: string): Promise<Creds> => (await rootCredentialsOf(s.runtime.store, id))!;
  const orgsAs = (credentials: Creds) => new OrganizationsClient({ endpoint: s.url, region: 'us-east-1', credentials, maxAttempts: 1 });

  async function newAccount(name: string): Promise<string> {
    const c = await orgs.send(new CreateAccountCommand({ Email: `${name}@example.com`, AccountName: name }));
    assert.equal(c.CreateAccountStatus?.State, 'IN_PROGRESS');
    const st = await orgs.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: c.CreateAccountStatus!.Id! }));
    assert.equal(st.CreateAccountStatus?.State, 'SUCCEEDED');
    return st.CreateAccountStatus!.AccountId!;
  }

  before(async () => {
    s = await startTestServer({});
    orgs = orgsAs(s.credentials);
    const o = await orgs.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    assert.equal(o.Organization?.MasterAccountId, s.accountId);
    rootId = (await orgs.send(new ListRootsCommand({}))).Roots![0]!.Id!;
    await orgs.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: 'SERVICE_CONTROL_POLICY' }));
    inOu = await newAccount('sandbox');
    other = await newAccount('prod');
    ouId = (await orgs.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'Sandbox' }))).OrganizationalUnit!.Id!;
    await orgs.send(new MoveAccountCommand({ AccountId: inOu, SourceParentId: rootId, DestinationParentId: ouId }));
    denyId = (await orgs.send(new CreatePolicyCommand({ Name: 'NoUsers', Description: 'no new users', Type: 'SERVICE_CONTROL_POLICY', Content: DENY_CREATE_USER }))).Policy!.PolicySummary!.Id!;
    await orgs.send(new AttachPolicyCommand({ PolicyId: denyId, TargetId: ouId }));
  });
  after(() => s.close());

  it('lists the management account and the two new ones; a member sees its organization', async () => {
    const ids = (await orgs.send(new ListAccountsCommand({}))).Accounts!.map((a) => a.Id).sort();
    assert.deepEqual(ids, [s.accountId, inOu, other].sort());
    const seen = await orgsAs(await accountRoot(other)).send(new DescribeOrganizationCommand({}));
    assert.equal(seen.Organization?.MasterAccountId, s.accountId);
    const e = await orgsAs(await accountRoot(other)).send(new ListAccountsCommand({})).then(() => undefined, (x: unknown) => x);
    assert.ok(e instanceof OrganizationsServiceException && e.name === 'AccessDeniedException', String(e));
  });

  it('the SCP denies the member account\'s root user and its administrator, with AWS\'s message', async () => {
    const root = await accountRoot(inOu);
    const e = await failure(iam(s, root).send(new CreateUserCommand({ UserName: 'x' })));
    assert.equal(e.name, 'AccessDenied');
    assert.equal(e.message, `User: arn:aws:iam::${inOu}:root is not authorized to perform: iam:CreateUser on resource: arn:aws:iam::${inOu}:user/x with an explicit deny in a service control policy`);
    // An administrator made in that account by its root user (CreateUser is denied: use the access role's account admin path).
    const admin = await assumeAccessRole(inOu);
    const e2 = await failure(iam(s, admin).send(new CreateUserCommand({ UserName: 'y' })));
    assert.match(e2.message, /with an explicit deny in a service control policy$/);
  });

  it('SimulatePrincipalPolicy includes the SCPs of a member account (OrganizationsDecisionDetail)', async () => {
    const admin = await assumeAccessRole(inOu);
    const sim = await iam(s, admin).send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: `arn:aws:iam::${inOu}:role/OrganizationAccountAccessRole`, ActionNames: ['iam:CreateUser', 'iam:GetUser'] }));
    const byAction = Object.fromEntries(sim.EvaluationResults!.map((r) => [r.EvalActionName, [r.EvalDecision, r.OrganizationsDecisionDetail?.AllowedByOrganizations]]));
    assert.deepEqual(byAction, { 'iam:CreateUser': ['explicitDeny', false], 'iam:GetUser': ['allowed', true] });
    // The management account's simulations carry no SCP detail: SCPs never restrict it.
    const mgmtAdmin2 = await userWithKey(s, 'sim-admin', { attach: ['arn:aws:iam::aws:policy/AdministratorAccess'] });
    const own = await iam(s, mgmtAdmin2).send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: `arn:aws:iam::${s.accountId}:user/sim-admin`, ActionNames: ['iam:CreateUser'] }));
    assert.deepEqual([own.EvaluationResults![0]!.EvalDecision, own.EvaluationResults![0]!.OrganizationsDecisionDetail], ['allowed', undefined]);
  });

  it('the other member account and the management account are not restricted', async () => {
    await iam(s, await accountRoot(other)).send(new CreateUserCommand({ UserName: 'fine' }));
    await iam(s).send(new CreateUserCommand({ UserName: 'mgmt-user' }));
    const mgmtAdmin = await userWithKey(s, 'mgmt-admin', { attach: ['arn:aws:iam::aws:policy/AdministratorAccess'] });
    await iam(s, mgmtAdmin).send(new CreateUserCommand({ UserName: 'by-admin' }));
  });

  it('an OU whose only SCP allows nothing denies everything below it; moving the account out restores access', async () => {
    const narrow = (await orgs.send(new CreatePolicyCommand({ Name: 'StsOnly', Description: 'identity only', Type: 'SERVICE_CONTROL_POLICY', Content: ALLOW_NOTHING_BUT_STS }))).Policy!.PolicySummary!.Id!;
    await orgs.send(new AttachPolicyCommand({ PolicyId: narrow, TargetId: ouId }));
    await orgs.send(new DetachPolicyCommand({ PolicyId: 'p-FullAWSAccess', TargetId: ouId }));
    await orgs.send(new DetachPolicyCommand({ PolicyId: denyId, TargetId: ouId }));
    const root = await accountRoot(inOu);
    const e = await failure(iam(s, root).send(new GetUserCommand({})));
    assert.match(e.message, /because no service control policy allows the iam:GetUser action$/);
    await orgs.send(new MoveAccountCommand({ AccountId: inOu, SourceParentId: ouId, DestinationParentId: rootId }));
    assert.equal((await iam(s, root).send(new GetUserCommand({}))).User?.Arn, `arn:aws:iam::${inOu}:root`);
  });

  /** The management account's administrator (root users cannot assume roles) assumes the access role. */
  async function assumeAccessRole(accountId: string): Promise<Creds> {
    mgmtAdmin ??= await userWithKey(s, 'org-admin', { attach: ['arn:aws:iam::aws:policy/AdministratorAccess'] });
    const r = await sts(s, mgmtAdmin).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${accountId}:role/OrganizationAccountAccessRole`, RoleSessionName: 'admin' }));
    return { accessKeyId: r.Credentials!.AccessKeyId!, secretAccessKey: r.Credentials!.SecretAccessKey!, sessionToken: r.Credentials!.SessionToken! };
  }

  it('the management account assumes OrganizationAccountAccessRole in a new account and administers it', async () => {
    const fresh = await newAccount('fresh');
    const admin = await assumeAccessRole(fresh);
    await iam(s, admin).send(new CreateUserCommand({ UserName: 'made-by-mgmt' }));
    const attached = await iam(s, admin).send(new ListAttachedRolePoliciesCommand({ RoleName: 'OrganizationAccountAccessRole' }));
    assert.deepEqual(attached.AttachedPolicies?.map((p) => p.PolicyArn), ['arn:aws:iam::aws:policy/AdministratorAccess']);
  });

  it('an RCP denying sts:AssumeRole from outside the organization (aws:PrincipalOrgID) blocks a cross-account assumption, not an in-org one', async () => {
    const org = (await orgs.send(new DescribeOrganizationCommand({}))).Organization!;
    await orgs.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: 'RESOURCE_CONTROL_POLICY' }));
    const rcp = doc({ Effect: 'Deny', Principal: '*', Action: 'sts:AssumeRole', Resource: '*', Condition: { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': org.Id } } });
    const rcpId = (await orgs.send(new CreatePolicyCommand({ Name: 'OrgOnly', Description: 'no outsiders', Type: 'RESOURCE_CONTROL_POLICY', Content: rcp }))).Policy!.PolicySummary!.Id!;
    await orgs.send(new AttachPolicyCommand({ PolicyId: rcpId, TargetId: rootId }));
    // An account outside the organization, and a role in the member account `other` trusting both it and the management account.
    const outside = await createAccount(s.runtime.store, { now: Date.now() });
    const outsider = await userWithKeyIn(outside, 'visitor');
    const trust = doc({ Effect: 'Allow', Principal: { AWS: [`arn:aws:iam::${outside.accountId}:root`, `arn:aws:iam::${s.accountId}:root`] }, Action: 'sts:AssumeRole' });
    const otherRoot = await accountRoot(other);
    await iam(s, otherRoot).send(new CreateRoleCommand({ RoleName: 'Shared', AssumeRolePolicyDocument: trust }));
    await iam(s, otherRoot).send(new AttachRolePolicyCommand({ RoleName: 'Shared', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }));
    const roleArn = `arn:aws:iam::${other}:role/Shared`;
    const e = await failure(sts(s, outsider).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'outsider' })));
    assert.match(e.message, /with an explicit deny in a resource control policy$/);
    mgmtAdmin ??= await userWithKey(s, 'org-admin', { attach: ['arn:aws:iam::aws:policy/AdministratorAccess'] });
    const inOrg = await sts(s, mgmtAdmin).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'insider' }));
    assert.ok(inOrg.Credentials?.AccessKeyId);
  });

  /** A user with an access key and sts:AssumeRole in an account outside the test server's default one. */
  async function userWithKeyIn(account: Creds & { accountId: string }, name: string): Promise<Creds> {
    const root = iam(s, account);
    await root.send(new CreateUserCommand({ UserName: name }));
    await root.send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'assume', PolicyDocument: doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }) }));
    const key = await root.send(new CreateAccessKeyCommand({ UserName: name }));
    return { accessKeyId: key.AccessKey!.AccessKeyId!, secretAccessKey: key.AccessKey!.SecretAccessKey! };
  }
});
