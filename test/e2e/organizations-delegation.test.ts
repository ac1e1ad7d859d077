/**
 * Trusted service access and delegated administrators through the SDK v3: a service needs trusted
 * access before an account can administer it; the delegated administrator may then read the
 * organization (ListAccounts, ListRoots, DescribeEffectivePolicy of another account) but not change
 * it; deregistering (or disabling the service's access) takes that back.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateAccountCommand,
  CreateOrganizationCommand,
  CreatePolicyCommand,
  DeregisterDelegatedAdministratorCommand,
  DescribeCreateAccountStatusCommand,
  DisableAWSServiceAccessCommand,
  EnableAWSServiceAccessCommand,
  ListAccountsCommand,
  ListAWSServiceAccessForOrganizationCommand,
  ListDelegatedAdministratorsCommand,
  ListDelegatedServicesForAccountCommand,
  ListRootsCommand,
  OrganizationsClient,
  OrganizationsServiceException,
  RegisterDelegatedAdministratorCommand,
} from '@aws-sdk/client-organizations';
import { rootCredentialsOf } from '../../src/authz/bootstrap-account.js';
import { startTestServer, type TestServer } from '../helpers/rampart.js';
import type { Creds } from './authz-support.js';

describe('Organizations: trusted access and delegated administrators', () => {
  let s: TestServer;
  let orgs: OrganizationsClient;
  let security: string;
  let securityOrgs: OrganizationsClient;
  const client = (credentials: Creds) => new OrganizationsClient({ endpoint: s.url, region: 'us-east-1', credentials, maxAttempts: 1 });
  async function fails(p: Promise<unknown>): Promise<OrganizationsServiceException> {
    const e = await p.then(() => undefined, (x: unknown) => x);
    assert.ok(e instanceof OrganizationsServiceException, `expected an Organizations error, got ${String(e)}`);
    return e;
  }
  const reason = (e: unknown) => (e as { Reason?: string }).Reason;

  before(async () => {
    s = await startTestServer({});
    orgs = client(s.credentials);
    await orgs.send(new CreateOrganizationCommand({}));
    const c = await orgs.send(new CreateAccountCommand({ Email: 'security@example.com', AccountName: 'security' }));
    security = (await orgs.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: c.CreateAccountStatus!.Id! }))).CreateAccountStatus!.AccountId!;
    securityOrgs = client((await rootCredentialsOf(s.runtime.store, security))!);
  });
  after(() => s.close());

  it('a member that is not a delegated administrator cannot read the organization', async () => {
    assert.equal((await fails(securityOrgs.send(new ListAccountsCommand({})))).name, 'AccessDeniedException');
  });

  it('registration needs trusted access, a known service and a member account', async () => {
    const e = await fails(orgs.send(new RegisterDelegatedAdministratorCommand({ AccountId: security, ServicePrincipal: 'guardduty.amazonaws.com' })));
    assert.deepEqual([e.name, reason(e)], ['ConstraintViolationException', 'SERVICE_ACCESS_NOT_ENABLED']);
    assert.equal((await fails(orgs.send(new EnableAWSServiceAccessCommand({ ServicePrincipal: 'nope.amazonaws.com' })))).name, 'InvalidInputException');
    await orgs.send(new EnableAWSServiceAccessCommand({ ServicePrincipal: 'guardduty.amazonaws.com' }));
    const listed = await orgs.send(new ListAWSServiceAccessForOrganizationCommand({}));
    assert.deepEqual(listed.EnabledServicePrincipals?.map((x) => x.ServicePrincipal), ['guardduty.amazonaws.com']);
    const self = await fails(orgs.send(new RegisterDelegatedAdministratorCommand({ AccountId: s.accountId, ServicePrincipal: 'guardduty.amazonaws.com' })));
    assert.deepEqual([self.name, reason(self)], ['ConstraintViolationException', 'CANNOT_REGISTER_MASTER_AS_DELEGATED_ADMINISTRATOR']);
    assert.equal((await fails(orgs.send(new RegisterDelegatedAdministratorCommand({ AccountId: '123456789012', ServicePrincipal: 'guardduty.amazonaws.com' })))).name, 'AccountNotFoundException');
    await orgs.send(new RegisterDelegatedAdministratorCommand({ AccountId: security, ServicePrincipal: 'guardduty.amazonaws.com' }));
    assert.equal((await fails(orgs.send(new RegisterDelegatedAdministratorCommand({ AccountId: security, ServicePrincipal: 'guardduty.amazonaws.com' })))).name, 'AccountAlreadyRegisteredException');
  });

  it('the delegated administrator reads the organization but does not change it', async () => {
    const ids = (await securityOrgs.send(new ListAccountsCommand({}))).Accounts!.map((a) => a.Id).sort();
    assert.deepEqual(ids, [s.accountId, security].sort());
    assert.equal((await securityOrgs.send(new ListRootsCommand({}))).Roots?.length, 1);
    const admins = await securityOrgs.send(new ListDelegatedAdministratorsCommand({ ServicePrincipal: 'guardduty.amazonaws.com' }));
    assert.deepEqual(admins.DelegatedAdministrators?.map((a) => a.Id), [security]);
    const services = await orgs.send(new ListDelegatedServicesForAccountCommand({ AccountId: security }));
    assert.deepEqual(services.DelegatedServices?.map((x) => x.ServicePrincipal), ['guardduty.amazonaws.com']);
    const write = await fails(securityOrgs.send(new CreatePolicyCommand({ Name: 'x', Description: 'x', Type: 'SERVICE_CONTROL_POLICY', Content: '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"*"}]}' })));
    assert.equal(write.name, 'AccessDeniedException');
  });

  it('deregistering, or disabling the service\'s access, takes the reading back', async () => {
    await orgs.send(new DeregisterDelegatedAdministratorCommand({ AccountId: security, ServicePrincipal: 'guardduty.amazonaws.com' }));
    assert.equal((await fails(orgs.send(new DeregisterDelegatedAdministratorCommand({ AccountId: security, ServicePrincipal: 'guardduty.amazonaws.com' })))).name, 'AccountNotRegisteredException');
    assert.equal((await fails(securityOrgs.send(new ListAccountsCommand({})))).name, 'AccessDeniedException');
    await orgs.send(new RegisterDelegatedAdministratorCommand({ AccountId: security, ServicePrincipal: 'guardduty.amazonaws.com' }));
    await orgs.send(new DisableAWSServiceAccessCommand({ ServicePrincipal: 'guardduty.amazonaws.com' }));
    assert.equal((await fails(securityOrgs.send(new ListAccountsCommand({})))).name, 'AccessDeniedException');
    assert.equal((await fails(orgs.send(new ListDelegatedServicesForAccountCommand({ AccountId: security })))).name, 'AccountNotRegisteredException');
  });
});
