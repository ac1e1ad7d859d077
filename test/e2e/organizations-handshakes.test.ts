/**
 * Invitations end to end with the SDK v3 and the AWS CLI: the management account of one organization
 * invites an account that manages another organization (refused while it is in one:
 * ALREADY_IN_AN_ORGANIZATION), which deletes its organization, accepts, and is then a member whose
 * principals the first organization's SCPs restrict. Declines, cancels and repeats answer AWS's
 * exceptions; EnableAllFeatures completes once every member approved.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateUserCommand } from '@aws-sdk/client-iam';
import {
  AcceptHandshakeCommand,
  AttachPolicyCommand,
  CancelHandshakeCommand,
  CreateOrganizationCommand,
  CreatePolicyCommand,
  DeclineHandshakeCommand,
  DeleteOrganizationCommand,
  DescribeAccountCommand,
  DescribeHandshakeCommand,
  DescribeOrganizationCommand,
  EnableAllFeaturesCommand,
  EnablePolicyTypeCommand,
  InviteAccountToOrganizationCommand,
  ListHandshakesForAccountCommand,
  ListHandshakesForOrganizationCommand,
  ListRootsCommand,
  OrganizationsClient,
  OrganizationsServiceException,
} from '@aws-sdk/client-organizations';
import { createAccount } from '../../src/authz/bootstrap-account.js';
import { startTestServer, type TestServer } from '../helpers/rampart.js';
import { doc, failure, iam, run, type Creds } from './authz-support.js';

describe('Organizations: invitations and handshakes between two organizations\' accounts', () => {
  let s: TestServer;
  let a: OrganizationsClient;
  let b: OrganizationsClient;
  let bCreds: Creds & { accountId: string };
  const client = (credentials: Creds) => new OrganizationsClient({ endpoint: s.url, region: 'us-east-1', credentials, maxAttempts: 1 });
  async function fails(p: Promise<unknown>): Promise<OrganizationsServiceException> {
    const e = await p.then(() => undefined, (x: unknown) => x);
    assert.ok(e instanceof OrganizationsServiceException, `expected an Organizations error, got ${String(e)}`);
    return e;
  }

  before(async () => {
    s = await startTestServer({});
    a = client(s.credentials);
    bCreds = await createAccount(s.runtime.store, { now: Date.now() });
    b = client(bCreds);
    await a.send(new CreateOrganizationCommand({}));
    await b.send(new CreateOrganizationCommand({ FeatureSet: 'CONSOLIDATED_BILLING' }));
  });
  after(() => s.close());

  it('an invitation to an account in another organization cannot be accepted until it leaves it', async () => {
    const inv = await a.send(new InviteAccountToOrganizationCommand({ Target: { Id: bCreds.accountId, Type: 'ACCOUNT' }, Notes: 'join us' }));
    const h = inv.Handshake!;
    assert.match(h.Id!, /^h-[a-z0-9]{10}$/);
    assert.equal(h.State, 'OPEN');
    assert.equal(h.Action, 'INVITE');
    assert.ok(h.ExpirationTimestamp!.getTime() - h.RequestedTimestamp!.getTime() === 15 * 86_400_000);
    assert.equal((await fails(a.send(new InviteAccountToOrganizationCommand({ Target: { Id: bCreds.accountId, Type: 'ACCOUNT' } })))).name, 'DuplicateHandshakeException');
    const listed = await b.send(new ListHandshakesForAccountCommand({}));
    assert.deepEqual(listed.Handshakes?.map((x) => x.Id), [h.Id]);
    const busy = await fails(b.send(new AcceptHandshakeCommand({ HandshakeId: h.Id! })));
    assert.deepEqual([busy.name, (busy as unknown as { Reason?: string }).Reason], ['HandshakeConstraintViolationException', 'ALREADY_IN_AN_ORGANIZATION']);
    await b.send(new DeleteOrganizationCommand({}));
    const accepted = await b.send(new AcceptHandshakeCommand({ HandshakeId: h.Id! }));
    assert.equal(accepted.Handshake?.State, 'ACCEPTED');
    assert.equal((await fails(b.send(new AcceptHandshakeCommand({ HandshakeId: h.Id! })))).name, 'HandshakeAlreadyInStateException');
    assert.equal((await fails(b.send(new DeclineHandshakeCommand({ HandshakeId: h.Id! })))).name, 'InvalidHandshakeTransitionException');
    const member = await a.send(new DescribeAccountCommand({ AccountId: bCreds.accountId }));
    assert.equal(member.Account?.JoinedMethod, 'INVITED');
    assert.equal((await b.send(new DescribeOrganizationCommand({}))).Organization?.MasterAccountId, s.accountId);
  });

  it('the joined account is restricted by the organization\'s SCPs', async () => {
    const rootId = (await a.send(new ListRootsCommand({}))).Roots![0]!.Id!;
    await a.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: 'SERVICE_CONTROL_POLICY' }));
    const p = await a.send(new CreatePolicyCommand({ Name: 'NoUsers', Description: 'd', Type: 'SERVICE_CONTROL_POLICY', Content: doc({ Effect: 'Deny', Action: 'iam:CreateUser', Resource: '*' }) }));
    await a.send(new AttachPolicyCommand({ PolicyId: p.Policy!.PolicySummary!.Id!, TargetId: bCreds.accountId }));
    const e = await failure(iam(s, bCreds).send(new CreateUserCommand({ UserName: 'nope' })));
    assert.match(e.message, /with an explicit deny in a service control policy$/);
  });

  it('declined and canceled invitations; only the parties see a handshake', async () => {
    const c = await createAccount(s.runtime.store, { now: Date.now() });
    const d = await createAccount(s.runtime.store, { now: Date.now() });
    const toC = (await a.send(new InviteAccountToOrganizationCommand({ Target: { Id: c.accountId, Type: 'ACCOUNT' } }))).Handshake!;
    const toD = (await a.send(new InviteAccountToOrganizationCommand({ Target: { Id: d.accountId, Type: 'ACCOUNT' } }))).Handshake!;
    assert.equal((await client(c).send(new DeclineHandshakeCommand({ HandshakeId: toC.Id! }))).Handshake?.State, 'DECLINED');
    assert.equal((await a.send(new CancelHandshakeCommand({ HandshakeId: toD.Id! }))).Handshake?.State, 'CANCELED');
    assert.equal((await fails(client(d).send(new AcceptHandshakeCommand({ HandshakeId: toD.Id! })))).name, 'InvalidHandshakeTransitionException');
    assert.equal((await fails(client(c).send(new DescribeHandshakeCommand({ HandshakeId: toD.Id! })))).name, 'AccessDeniedException');
    assert.equal((await fails(a.send(new DescribeHandshakeCommand({ HandshakeId: 'h-0000000000' })))).name, 'HandshakeNotFoundException');
    const all = await a.send(new ListHandshakesForOrganizationCommand({ Filter: { ActionType: 'INVITE' } }));
    assert.deepEqual(all.Handshakes?.map((h) => h.State).sort(), ['ACCEPTED', 'CANCELED', 'DECLINED']);
  });

  it('the AWS CLI invites and the invited account accepts', async () => {
    const e = await createAccount(s.runtime.store, { now: Date.now() });
    const env = (c: Creds) => ({ ...process.env, AWS_ACCESS_KEY_ID: c.accessKeyId, AWS_SECRET_ACCESS_KEY: c.secretAccessKey, AWS_DEFAULT_REGION: 'us-east-1', AWS_PAGER: '' });
    const inv = await run('aws', ['organizations', 'invite-account-to-organization', '--target', `Id=${e.accountId},Type=ACCOUNT`, '--endpoint-url', s.url, '--output', 'json'], env(s.credentials));
    assert.equal(inv.status, 0, inv.stderr);
    const id = (JSON.parse(inv.stdout) as { Handshake: { Id: string } }).Handshake.Id;
    const acc = await run('aws', ['organizations', 'accept-handshake', '--handshake-id', id, '--endpoint-url', s.url, '--output', 'json'], env(e));
    assert.equal(acc.status, 0, acc.stderr);
    assert.equal((JSON.parse(acc.stdout) as { Handshake: { State: string } }).Handshake.State, 'ACCEPTED');
  });

  it('EnableAllFeatures: every member approves, then the management account completes it', async () => {
    const x = await createAccount(s.runtime.store, { now: Date.now() });
    const bx = client(x);
    await bx.send(new CreateOrganizationCommand({ FeatureSet: 'CONSOLIDATED_BILLING' }));
    const y = await createAccount(s.runtime.store, { now: Date.now() });
    const inv = await bx.send(new InviteAccountToOrganizationCommand({ Target: { Id: y.accountId, Type: 'ACCOUNT' } }));
    await client(y).send(new AcceptHandshakeCommand({ HandshakeId: inv.Handshake!.Id! }));
    const parent = (await bx.send(new EnableAllFeaturesCommand({}))).Handshake!;
    assert.equal(parent.Action, 'ENABLE_ALL_FEATURES');
    assert.equal((await fails(bx.send(new EnableAllFeaturesCommand({})))).name, 'HandshakeConstraintViolationException');
    assert.equal((await fails(bx.send(new AcceptHandshakeCommand({ HandshakeId: parent.Id! })))).name, 'InvalidHandshakeTransitionException');
    const approve = (await client(y).send(new ListHandshakesForAccountCommand({ Filter: { ActionType: 'APPROVE_ALL_FEATURES' } }))).Handshakes![0]!;
    await client(y).send(new AcceptHandshakeCommand({ HandshakeId: approve.Id! }));
    await bx.send(new AcceptHandshakeCommand({ HandshakeId: parent.Id! }));
    assert.equal((await bx.send(new DescribeOrganizationCommand({}))).Organization?.FeatureSet, 'ALL');
    const again = await fails(bx.send(new EnableAllFeaturesCommand({})));
    assert.equal((again as unknown as { Reason?: string }).Reason, 'ORGANIZATION_ALREADY_HAS_ALL_FEATURES');
  });
});
