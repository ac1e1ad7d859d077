/**
 * Organizations inputs the model-driven fuzzer (awsJson) answered with a 5xx, sent again exactly
 * (as the management account's IAM user with AdministratorAccess, signed with `signedJson`): a NUL
 * in an invitation's target and in a new account's email (both pass the model's patterns) reached
 * storage keys. Each now answers as AWS does, and no half-made account is left behind.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateOrganizationCommand, ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { signJson, signedJson } from '../helpers/signed-fetch.js';
import { startTestServer, type TestServer } from '../helpers/rampart.js';
import { userWithKey, type Creds } from './authz-support.js';

const TARGET = 'AWSOrganizationsV20161128';

describe('Organizations: inputs the awsJson fuzzer found answered with a 5xx', () => {
  let s: TestServer;
  let admin: Creds;
  let orgs: OrganizationsClient;
  const call = (op: string, input: unknown) => signedJson(s.url, `${TARGET}.${op}`, input, { ...admin, service: 'organizations' });

  before(async () => {
    s = await startTestServer({});
    admin = await userWithKey(s, 'org-admin', { attach: ['arn:aws:iam::aws:policy/AdministratorAccess'] });
    orgs = new OrganizationsClient({ endpoint: s.url, region: 'us-east-1', credentials: s.credentials, maxAttempts: 1 });
    await orgs.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
  });
  after(() => s.close());

  it('InviteAccountToOrganization with NUL in an ACCOUNT target: AccountNotFoundException, not 500 (seed 21, #1501)', async () => {
    // The fuzzer's exact body: the document, then 199,993 spaces.
    const body = `${JSON.stringify({ Target: { Id: '\u0000ref', Type: 'ACCOUNT' }, Notes: '__proto__' })}${' '.repeat(199_993)}`;
    const { headers } = await signJson(s.url, `${TARGET}.InviteAccountToOrganization`, body, { ...admin, service: 'organizations' });
    const res = await fetch(s.url, { method: 'POST', headers, body });
    const answer = (await res.json()) as Record<string, string>;
    assert.equal(res.status, 400);
    assert.equal(res.headers.get('content-type'), 'application/x-amz-json-1.1');
    assert.equal(answer['__type'], 'AccountNotFoundException');
    // An EMAIL target with NUL names no known account either: an invitation to that address, as for any unknown email.
    const byEmail = await call('InviteAccountToOrganization', { Target: { Id: '\u0000x@example.com', Type: 'EMAIL' } });
    assert.ok(byEmail.status < 500, byEmail.body);
  });

  it('CreateAccount with NUL in the email: the creation FAILED with INVALID_EMAIL, not 500, no account made (seed 21, #12527)', async () => {
    const before = (await orgs.send(new ListAccountsCommand({}))).Accounts?.length;
    const created = await call('CreateAccount', { Email: '\u0000h@example.com', AccountName: 'x', Tags: [] });
    assert.equal(created.status, 200, created.body);
    const id = (JSON.parse(created.body) as { CreateAccountStatus: { Id: string; State: string } }).CreateAccountStatus.Id;
    const status = await call('DescribeCreateAccountStatus', { CreateAccountRequestId: id });
    const st = (JSON.parse(status.body) as { CreateAccountStatus: { State: string; FailureReason?: string; AccountId?: string } }).CreateAccountStatus;
    assert.deepEqual([st.State, st.FailureReason, st.AccountId], ['FAILED', 'INVALID_EMAIL', undefined]);
    assert.equal((await orgs.send(new ListAccountsCommand({}))).Accounts?.length, before);
  });
});
