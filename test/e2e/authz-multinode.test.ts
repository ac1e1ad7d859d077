/**
 * Cache invalidation across nodes: two Rampart runtimes on different ports share one PostgreSQL
 * schema; a write through node A reaches node B's caches through the store's LISTEN/NOTIFY relay.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AttachUserPolicyCommand, DetachUserPolicyCommand, ListUsersCommand } from '@aws-sdk/client-iam';
import { AttachPolicyCommand, CreateAccountCommand, CreateOrganizationCommand, CreatePolicyCommand, DescribeCreateAccountStatusCommand, DetachPolicyCommand, EnablePolicyTypeCommand, ListRootsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { CreateKeyCommand, DisableKeyCommand, EnableKeyCommand, EncryptCommand, KMSClient } from '@aws-sdk/client-kms';
import { rootCredentialsOf } from '../../src/authz/bootstrap-account.js';
import { dropSchema, freshSchema, PG_URL, requirePostgres } from '../helpers/postgres.js';
import { startTestServer, type TestServer } from '../helpers/rampart.js';
import { failure, iam, userWithKey, type Creds } from './authz-support.js';

const POLICY = 'arn:aws:iam::aws:policy/IAMReadOnlyAccess';

describe('authorization caches across nodes sharing PostgreSQL', () => {
  const schema = freshSchema('rampart_authz');
  const env = { ...process.env, RAMPART_MASTER_KEY: 'authz-multinode-master-key-0123456789abcdef' };
  let a: TestServer;
  let b: TestServer;
  let reader: Creds;
  before(async () => {
    await requirePostgres();
    a = await startTestServer({ storage: `${PG_URL}?schema=${schema}`, env });
    b = await startTestServer({ storage: `${PG_URL}?schema=${schema}`, env });
    reader = await userWithKey(a, 'reader', { attach: [POLICY] });
  });
  after(async () => {
    await b?.close();
    await a?.close();
    await dropSchema(schema);
  });

  /** Retries `probe` on node B until it holds or one second has passed; returns the time it took. */
  async function within1s(probe: () => Promise<boolean>): Promise<number> {
    const start = Date.now();
    while (Date.now() - start < 1000) {
      if (await probe()) return Date.now() - start;
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.fail('node B did not see the change within one second');
  }

  it('both nodes serve the same account and allow the reader', async () => {
    assert.equal(a.accountId, b.accountId);
    await iam(a, reader).send(new ListUsersCommand({}));
    await iam(b, reader).send(new ListUsersCommand({}));
  });

  it('a policy detached through node A denies on node B within one second (and re-attaching allows again)', async () => {
    // Warm node B's caches first, so that only invalidation can make it deny.
    await iam(b, reader).send(new ListUsersCommand({}));
    await iam(a).send(new DetachUserPolicyCommand({ UserName: 'reader', PolicyArn: POLICY }));
    const denyMs = await within1s(async () => {
      const e = await iam(b, reader).send(new ListUsersCommand({})).then(() => undefined, (x: unknown) => x);
      return e !== undefined && (e as { name?: string }).name === 'AccessDenied';
    });
    const e = await failure(iam(b, reader).send(new ListUsersCommand({})));
    assert.equal(e.message, `User: arn:aws:iam::${a.accountId}:user/reader is not authorized to perform: iam:ListUsers on resource: arn:aws:iam::${a.accountId}:user/ because no identity-based policy allows the iam:ListUsers action`);
    await iam(a).send(new AttachUserPolicyCommand({ UserName: 'reader', PolicyArn: POLICY }));
    const allowMs = await within1s(async () => iam(b, reader).send(new ListUsersCommand({})).then(() => true, () => false));
    assert.ok(denyMs < 1000 && allowMs < 1000);
  });

  it('an SCP attached through node A denies a member account on node B within one second (and detaching allows again)', async () => {
    const orgs = new OrganizationsClient({ endpoint: a.url, region: 'us-east-1', credentials: a.credentials, maxAttempts: 1 });
    await orgs.send(new CreateOrganizationCommand({}));
    const rootId = (await orgs.send(new ListRootsCommand({}))).Roots![0]!.Id!;
    await orgs.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: 'SERVICE_CONTROL_POLICY' }));
    const made = await orgs.send(new CreateAccountCommand({ Email: 'multinode@example.com', AccountName: 'multinode' }));
    const account = (await orgs.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: made.CreateAccountStatus!.Id! }))).CreateAccountStatus!.AccountId!;
    const member = (await rootCredentialsOf(a.runtime.store, account))!;
    await iam(b, member).send(new ListUsersCommand({}));
    const deny = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'iam:ListUsers', Resource: '*' }] });
    const policyId = (await orgs.send(new CreatePolicyCommand({ Name: 'NoList', Description: 'd', Type: 'SERVICE_CONTROL_POLICY', Content: deny }))).Policy!.PolicySummary!.Id!;
    await orgs.send(new AttachPolicyCommand({ PolicyId: policyId, TargetId: account }));
    const denyMs = await within1s(async () => iam(b, member).send(new ListUsersCommand({})).then(() => false, (e: { message?: string }) => /explicit deny in a service control policy/.test(e.message ?? '')));
    await orgs.send(new DetachPolicyCommand({ PolicyId: policyId, TargetId: account }));
    const allowMs = await within1s(async () => iam(b, member).send(new ListUsersCommand({})).then(() => true, () => false));
    assert.ok(denyMs < 1000 && allowMs < 1000);
  });

  it("a KMS key disabled through node A refuses Encrypt on node B within one second (node B's key cache is invalidated)", async () => {
    const kms = (s: TestServer) => new KMSClient({ endpoint: s.url, region: 'us-east-1', credentials: s.credentials, maxAttempts: 1 });
    const keyId = (await kms(a).send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
    const encrypt = () => kms(b).send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('x') }));
    await encrypt(); // node B caches the key and its material
    await kms(a).send(new DisableKeyCommand({ KeyId: keyId }));
    const denyMs = await within1s(async () => encrypt().then(() => false, (e: { name?: string }) => e.name === 'DisabledException'));
    await kms(a).send(new EnableKeyCommand({ KeyId: keyId }));
    const allowMs = await within1s(async () => encrypt().then(() => true, () => false));
    assert.ok(denyMs < 1000 && allowMs < 1000);
  });
});
