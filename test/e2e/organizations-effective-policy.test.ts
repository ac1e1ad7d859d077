/**
 * The effective tag policy of an account with tag policies at three levels (root, OU, account),
 * through the SDK v3 and the AWS CLI: assign at the root, append in the OU, remove at the account;
 * a locked setting (@@none) is not changed below; a member asks for its own only.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AttachPolicyCommand,
  CreateAccountCommand,
  CreateOrganizationalUnitCommand,
  CreateOrganizationCommand,
  CreatePolicyCommand,
  DescribeCreateAccountStatusCommand,
  DescribeEffectivePolicyCommand,
  EnablePolicyTypeCommand,
  ListRootsCommand,
  MoveAccountCommand,
  OrganizationsClient,
  OrganizationsServiceException,
} from '@aws-sdk/client-organizations';
import { rootCredentialsOf } from '../../src/authz/bootstrap-account.js';
import { startTestServer, type TestServer } from '../helpers/rampart.js';
import { run, type Creds } from './authz-support.js';

describe('Organizations: effective tag policy over three levels', () => {
  let s: TestServer;
  let orgs: OrganizationsClient;
  let account: string;
  let other: string;
  const client = (credentials: Creds) => new OrganizationsClient({ endpoint: s.url, region: 'us-east-1', credentials, maxAttempts: 1 });
  const tagPolicy = async (name: string, content: object, target: string) => {
    const id = (await orgs.send(new CreatePolicyCommand({ Name: name, Description: name, Type: 'TAG_POLICY', Content: JSON.stringify(content) }))).Policy!.PolicySummary!.Id!;
    await orgs.send(new AttachPolicyCommand({ PolicyId: id, TargetId: target }));
  };
  const newAccount = async (name: string) => {
    const c = await orgs.send(new CreateAccountCommand({ Email: `${name}@example.com`, AccountName: name }));
    return (await orgs.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: c.CreateAccountStatus!.Id! }))).CreateAccountStatus!.AccountId!;
  };

  before(async () => {
    s = await startTestServer({});
    orgs = client(s.credentials);
    await orgs.send(new CreateOrganizationCommand({}));
    const rootId = (await orgs.send(new ListRootsCommand({}))).Roots![0]!.Id!;
    account = await newAccount('tagged');
    other = await newAccount('untouched');
    const ou = (await orgs.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'Eng' }))).OrganizationalUnit!.Id!;
    await orgs.send(new MoveAccountCommand({ AccountId: account, SourceParentId: rootId, DestinationParentId: ou }));
    const attach = orgs.send(new AttachPolicyCommand({ PolicyId: 'p-FullAWSAccess', TargetId: rootId })).then(() => undefined, (e: unknown) => e);
    assert.equal(((await attach) as Error).name, 'PolicyTypeNotEnabledException');
    await orgs.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: 'TAG_POLICY' }));
    await tagPolicy('RootTags', { tags: { costcenter: { tag_key: { '@@assign': 'CostCenter' }, tag_value: { '@@assign': ['100', '200'] } }, env: { tag_value: { '@@assign': ['prod'], '@@operators_allowed_for_child_policies': ['@@none'] } } } }, rootId);
    await tagPolicy('OuTags', { tags: { costcenter: { tag_value: { '@@append': ['300'] } }, env: { tag_value: { '@@append': ['dev'] } } } }, ou);
    await tagPolicy('AccountTags', { tags: { costcenter: { tag_value: { '@@remove': ['100'] } } } }, account);
  });
  after(() => s.close());

  it('merges root, OU and account with the inheritance operators', async () => {
    const eff = await orgs.send(new DescribeEffectivePolicyCommand({ PolicyType: 'TAG_POLICY', TargetId: account }));
    assert.equal(eff.EffectivePolicy?.TargetId, account);
    assert.deepEqual(JSON.parse(eff.EffectivePolicy!.PolicyContent!), { tags: { costcenter: { tag_key: 'CostCenter', tag_value: ['200', '300'] }, env: { tag_value: ['prod'] } } });
    const rootOnly = await orgs.send(new DescribeEffectivePolicyCommand({ PolicyType: 'TAG_POLICY', TargetId: other }));
    assert.deepEqual(JSON.parse(rootOnly.EffectivePolicy!.PolicyContent!), { tags: { costcenter: { tag_key: 'CostCenter', tag_value: ['100', '200'] }, env: { tag_value: ['prod'] } } });
  });

  it('a member asks for its own (TargetId defaults to the caller), not another account\'s; a malformed tag policy is refused', async () => {
    const member = client((await rootCredentialsOf(s.runtime.store, account))!);
    const own = await member.send(new DescribeEffectivePolicyCommand({ PolicyType: 'TAG_POLICY' }));
    assert.equal(own.EffectivePolicy?.TargetId, account);
    const e = await member.send(new DescribeEffectivePolicyCommand({ PolicyType: 'TAG_POLICY', TargetId: other })).then(() => undefined, (x: unknown) => x);
    assert.ok(e instanceof OrganizationsServiceException && e.name === 'AccessDeniedException', String(e));
    const none = await orgs.send(new DescribeEffectivePolicyCommand({ PolicyType: 'BACKUP_POLICY', TargetId: account })).then(() => undefined, (x: unknown) => x);
    assert.ok(none instanceof OrganizationsServiceException && none.name === 'EffectivePolicyNotFoundException', String(none));
    const bad = await orgs.send(new CreatePolicyCommand({ Name: 'Bad', Description: 'd', Type: 'TAG_POLICY', Content: '{"tags":{"x":{"tag_value":{"@@replace":["1"]}}}}' })).then(() => undefined, (x: unknown) => x);
    assert.ok(bad instanceof OrganizationsServiceException && bad.name === 'MalformedPolicyDocumentException', String(bad));
  });

  it('the AWS CLI reads the same effective policy', async () => {
    const env = { ...process.env, AWS_ACCESS_KEY_ID: s.credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: s.credentials.secretAccessKey, AWS_DEFAULT_REGION: 'us-east-1', AWS_PAGER: '' };
    const r = await run('aws', ['organizations', 'describe-effective-policy', '--policy-type', 'TAG_POLICY', '--target-id', account, '--endpoint-url', s.url, '--output', 'json'], env);
    assert.equal(r.status, 0, r.stderr);
    const content = (JSON.parse(r.stdout) as { EffectivePolicy: { PolicyContent: string } }).EffectivePolicy.PolicyContent;
    assert.deepEqual((JSON.parse(content) as { tags: { costcenter: { tag_value: string[] } } }).tags.costcenter.tag_value, ['200', '300']);
  });
});
