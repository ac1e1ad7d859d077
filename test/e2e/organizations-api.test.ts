/**
 * The Organizations API's refusals, each with AWS's exception, through the SDK v3: not in an
 * organization, already in one, management-only operations from a member, OU names and depth, a
 * non-empty OU, policy size and count limits, disabled policy types, duplicate and last
 * attachments, policies in use, an email already taken, pagination.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AttachPolicyCommand,
  CreateAccountCommand,
  CreateOrganizationalUnitCommand,
  CreateOrganizationCommand,
  CreatePolicyCommand,
  DeleteOrganizationalUnitCommand,
  DeleteOrganizationCommand,
  DeletePolicyCommand,
  DescribeCreateAccountStatusCommand,
  DescribeOrganizationCommand,
  DescribePolicyCommand,
  DetachPolicyCommand,
  EnablePolicyTypeCommand,
  ListAccountsCommand,
  ListChildrenCommand,
  ListParentsCommand,
  ListPoliciesCommand,
  ListPoliciesForTargetCommand,
  ListRootsCommand,
  ListTargetsForPolicyCommand,
  OrganizationsClient,
  OrganizationsServiceException,
  UpdateOrganizationalUnitCommand,
  TagResourceCommand,
  UntagResourceCommand,
  ListTagsForResourceCommand,
  CloseAccountCommand,
  DescribeAccountCommand,
} from '@aws-sdk/client-organizations';
import { GetUserCommand, IAMClient } from '@aws-sdk/client-iam';
import { rootCredentialsOf } from '../../src/authz/bootstrap-account.js';
import { startTestServer, type TestServer } from '../helpers/rampart.js';
import type { Creds } from './authz-support.js';

const scp = (action: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: action, Resource: '*' }] });

describe('Organizations API: AWS\'s exceptions for what AWS refuses', () => {
  let s: TestServer;
  let orgs: OrganizationsClient;
  let rootId: string;
  const client = (credentials: Creds) => new OrganizationsClient({ endpoint: s.url, region: 'us-east-1', credentials, maxAttempts: 1 });
  async function fails(p: Promise<unknown>): Promise<OrganizationsServiceException> {
    const e = await p.then(() => undefined, (x: unknown) => x);
    assert.ok(e instanceof OrganizationsServiceException, `expected an Organizations error, got ${String(e)}`);
    assert.equal(e.$metadata.httpStatusCode, 400);
    return e;
  }

  before(async () => {
    s = await startTestServer({});
    orgs = client(s.credentials);
  });
  after(() => s.close());

  it('before an organization exists: AWSOrganizationsNotInUseException', async () => {
    const e = await fails(orgs.send(new DescribeOrganizationCommand({})));
    assert.deepEqual([e.name, e.message], ['AWSOrganizationsNotInUseException', 'Your account is not a member of an organization.']);
  });

  it('creates one, refuses a second (AlreadyInOrganizationException), lists its root', async () => {
    const o = await orgs.send(new CreateOrganizationCommand({}));
    assert.match(o.Organization!.Id!, /^o-[a-z0-9]{10}$/);
    assert.equal(o.Organization?.FeatureSet, 'ALL');
    assert.equal(o.Organization?.Arn, `arn:aws:organizations::${s.accountId}:organization/${o.Organization!.Id}`);
    assert.equal((await fails(orgs.send(new CreateOrganizationCommand({})))).name, 'AlreadyInOrganizationException');
    const root = (await orgs.send(new ListRootsCommand({}))).Roots![0]!;
    rootId = root.Id!;
    assert.match(rootId, /^r-[a-z0-9]{4}$/);
    assert.deepEqual(root.PolicyTypes, []);
  });

  it('policies need their type enabled; SCPs over 5,120 characters or malformed are refused', async () => {
    const p = await orgs.send(new CreatePolicyCommand({ Name: 'NoS3', Description: 'd', Type: 'SERVICE_CONTROL_POLICY', Content: scp('s3:*') }));
    const id = p.Policy!.PolicySummary!.Id!;
    assert.equal((await fails(orgs.send(new AttachPolicyCommand({ PolicyId: id, TargetId: rootId })))).name, 'PolicyTypeNotEnabledException');
    const big = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: Array.from({ length: 400 }, (_, i) => `s3:Action${i}`), Resource: '*' }] });
    const e = await fails(orgs.send(new CreatePolicyCommand({ Name: 'Big', Description: 'd', Type: 'SERVICE_CONTROL_POLICY', Content: big })));
    assert.deepEqual([e.name, (e as unknown as { Reason?: string }).Reason], ['ConstraintViolationException', 'POLICY_CONTENT_LIMIT_EXCEEDED']);
    assert.equal((await fails(orgs.send(new CreatePolicyCommand({ Name: 'Bad', Description: 'd', Type: 'SERVICE_CONTROL_POLICY', Content: '{"Statement":[{"Effect":"Allow"}]}' })))).name, 'MalformedPolicyDocumentException');
    assert.equal((await fails(orgs.send(new CreatePolicyCommand({ Name: 'NoS3', Description: 'd', Type: 'SERVICE_CONTROL_POLICY', Content: scp('s3:*') })))).name, 'DuplicatePolicyException');
  });

  it('enabling SCPs attaches FullAWSAccess everywhere; a sixth SCP, a duplicate and the last one detached are refused', async () => {
    await orgs.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: 'SERVICE_CONTROL_POLICY' }));
    assert.equal((await fails(orgs.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: 'SERVICE_CONTROL_POLICY' })))).name, 'PolicyTypeAlreadyEnabledException');
    const onRoot = await orgs.send(new ListPoliciesForTargetCommand({ TargetId: rootId, Filter: 'SERVICE_CONTROL_POLICY' }));
    assert.deepEqual(onRoot.Policies?.map((p) => [p.Id, p.Name, p.AwsManaged]), [['p-FullAWSAccess', 'FullAWSAccess', true]]);
    const targets = await orgs.send(new ListTargetsForPolicyCommand({ PolicyId: 'p-FullAWSAccess' }));
    assert.deepEqual(targets.Targets?.map((t) => t.Type).sort(), ['ACCOUNT', 'ROOT']);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await orgs.send(new CreatePolicyCommand({ Name: `Deny${i}`, Description: 'd', Type: 'SERVICE_CONTROL_POLICY', Content: scp(`ec2:Action${i}`) }))).Policy!.PolicySummary!.Id!);
    for (const id of ids.slice(0, 4)) await orgs.send(new AttachPolicyCommand({ PolicyId: id, TargetId: rootId }));
    const sixth = await fails(orgs.send(new AttachPolicyCommand({ PolicyId: ids[4]!, TargetId: rootId })));
    assert.deepEqual([sixth.name, (sixth as unknown as { Reason?: string }).Reason], ['ConstraintViolationException', 'MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED']);
    assert.equal((await fails(orgs.send(new AttachPolicyCommand({ PolicyId: ids[0]!, TargetId: rootId })))).name, 'DuplicatePolicyAttachmentException');
    assert.equal((await fails(orgs.send(new DeletePolicyCommand({ PolicyId: ids[0]! })))).name, 'PolicyInUseException');
    for (const id of ids.slice(0, 4)) await orgs.send(new DetachPolicyCommand({ PolicyId: id, TargetId: rootId }));
    const last = await fails(orgs.send(new DetachPolicyCommand({ PolicyId: 'p-FullAWSAccess', TargetId: rootId })));
    assert.deepEqual([last.name, (last as unknown as { Reason?: string }).Reason], ['ConstraintViolationException', 'MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED']);
    assert.equal((await fails(orgs.send(new DetachPolicyCommand({ PolicyId: ids[0]!, TargetId: rootId })))).name, 'PolicyNotAttachedException');
    await orgs.send(new DeletePolicyCommand({ PolicyId: ids[0]! }));
    assert.equal((await fails(orgs.send(new DescribePolicyCommand({ PolicyId: ids[0]! })))).name, 'PolicyNotFoundException');
    assert.equal((await fails(orgs.send(new DeletePolicyCommand({ PolicyId: 'p-FullAWSAccess' })))).name, 'AccessDeniedException');
  });

  it('OUs: unique names under a parent, 5 levels deep at most, deleted only when empty', async () => {
    let parent = rootId;
    const chain: string[] = [];
    for (let depth = 1; depth <= 5; depth++) {
      parent = (await orgs.send(new CreateOrganizationalUnitCommand({ ParentId: parent, Name: `L${depth}` }))).OrganizationalUnit!.Id!;
      chain.push(parent);
    }
    assert.match(chain[0]!, new RegExp(`^ou-${rootId.slice(2)}-[a-z0-9]{8}$`));
    const deep = await fails(orgs.send(new CreateOrganizationalUnitCommand({ ParentId: parent, Name: 'L6' })));
    assert.deepEqual([deep.name, (deep as unknown as { Reason?: string }).Reason], ['ConstraintViolationException', 'OU_DEPTH_LIMIT_EXCEEDED']);
    assert.equal((await fails(orgs.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'L1' })))).name, 'DuplicateOrganizationalUnitException');
    assert.equal((await fails(orgs.send(new CreateOrganizationalUnitCommand({ ParentId: 'ou-zzzz-zzzzzzzz', Name: 'X' })))).name, 'ParentNotFoundException');
    assert.equal((await fails(orgs.send(new DeleteOrganizationalUnitCommand({ OrganizationalUnitId: chain[3]! })))).name, 'OrganizationalUnitNotEmptyException');
    await orgs.send(new UpdateOrganizationalUnitCommand({ OrganizationalUnitId: chain[4]!, Name: 'Renamed' }));
    assert.deepEqual((await orgs.send(new ListParentsCommand({ ChildId: chain[4]! }))).Parents, [{ Id: chain[3], Type: 'ORGANIZATIONAL_UNIT' }]);
    assert.deepEqual((await orgs.send(new ListChildrenCommand({ ParentId: chain[3]!, ChildType: 'ORGANIZATIONAL_UNIT' }))).Children, [{ Id: chain[4], Type: 'ORGANIZATIONAL_UNIT' }]);
    // New OUs get FullAWSAccess while SCPs are enabled.
    const onOu = await orgs.send(new ListPoliciesForTargetCommand({ TargetId: chain[4]!, Filter: 'SERVICE_CONTROL_POLICY' }));
    assert.deepEqual(onOu.Policies?.map((p) => p.Id), ['p-FullAWSAccess']);
    for (const id of [...chain].reverse()) await orgs.send(new DeleteOrganizationalUnitCommand({ OrganizationalUnitId: id }));
  });

  it('accounts: an email already taken fails the creation; members may not call management operations; paging', async () => {
    const first = await orgs.send(new CreateAccountCommand({ Email: 'dev@example.com', AccountName: 'dev' }));
    const ok = await orgs.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: first.CreateAccountStatus!.Id! }));
    assert.equal(ok.CreateAccountStatus?.State, 'SUCCEEDED');
    const again = await orgs.send(new CreateAccountCommand({ Email: 'DEV@example.com', AccountName: 'dev2' }));
    const failed = await orgs.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: again.CreateAccountStatus!.Id! }));
    assert.deepEqual([failed.CreateAccountStatus?.State, failed.CreateAccountStatus?.FailureReason], ['FAILED', 'EMAIL_ALREADY_EXISTS']);
    const member = client((await rootCredentialsOf(s.runtime.store, ok.CreateAccountStatus!.AccountId!))!);
    for (const cmd of [new ListAccountsCommand({}), new ListRootsCommand({}), new ListPoliciesCommand({ Filter: 'SERVICE_CONTROL_POLICY' })]) {
      const e = await fails(member.send(cmd as ListAccountsCommand));
      assert.deepEqual([e.name, e.message], ['AccessDeniedException', "You don't have permissions to access this resource."]);
    }
    const page1 = await orgs.send(new ListAccountsCommand({ MaxResults: 1 }));
    assert.equal(page1.Accounts?.length, 1);
    const page2 = await orgs.send(new ListAccountsCommand({ MaxResults: 1, NextToken: page1.NextToken! }));
    assert.equal(page2.Accounts?.length, 1);
    assert.equal(page2.NextToken, undefined);
    assert.notEqual(page1.Accounts![0]!.Id, page2.Accounts![0]!.Id);
    assert.equal((await fails(orgs.send(new ListAccountsCommand({ NextToken: 'not-a-token!' })))).name, 'InvalidInputException');
    assert.equal((await fails(orgs.send(new DeleteOrganizationCommand({})))).name, 'OrganizationNotEmptyException');
  });

  it('tags on accounts, OUs, the root and policies (at most 50); AWS managed policies and unknown ids are not taggable', async () => {
    const ou = (await orgs.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'Tagged', Tags: [{ Key: 'team', Value: 'red' }] }))).OrganizationalUnit!.Id!;
    assert.deepEqual((await orgs.send(new ListTagsForResourceCommand({ ResourceId: ou }))).Tags, [{ Key: 'team', Value: 'red' }]);
    await orgs.send(new TagResourceCommand({ ResourceId: ou, Tags: [{ Key: 'team', Value: 'blue' }, { Key: 'env', Value: 'dev' }] }));
    await orgs.send(new UntagResourceCommand({ ResourceId: ou, TagKeys: ['env'] }));
    assert.deepEqual((await orgs.send(new ListTagsForResourceCommand({ ResourceId: ou }))).Tags, [{ Key: 'team', Value: 'blue' }]);
    await orgs.send(new TagResourceCommand({ ResourceId: rootId, Tags: [{ Key: 'k', Value: 'v' }] }));
    const many = Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
    const e = await fails(orgs.send(new TagResourceCommand({ ResourceId: ou, Tags: many.slice(0, 50) })));
    assert.deepEqual([e.name, (e as unknown as { Reason?: string }).Reason], ['ConstraintViolationException', 'MAX_TAG_LIMIT_EXCEEDED']);
    assert.equal((await fails(orgs.send(new TagResourceCommand({ ResourceId: 'p-FullAWSAccess', Tags: [{ Key: 'k', Value: 'v' }] })))).name, 'TargetNotFoundException');
    assert.equal((await fails(orgs.send(new ListTagsForResourceCommand({ ResourceId: '999999999999' })))).name, 'TargetNotFoundException');
  });

  it('CloseAccount suspends a member account: its principals can do nothing; the management account cannot be closed', async () => {
    const made = await orgs.send(new CreateAccountCommand({ Email: 'closing@example.com', AccountName: 'closing' }));
    const id = (await orgs.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: made.CreateAccountStatus!.Id! }))).CreateAccountStatus!.AccountId!;
    const creds = (await rootCredentialsOf(s.runtime.store, id))!;
    const iamOf = new IAMClient({ endpoint: s.url, region: 'us-east-1', credentials: creds, maxAttempts: 1 });
    await iamOf.send(new GetUserCommand({}));
    await orgs.send(new CloseAccountCommand({ AccountId: id }));
    assert.equal((await orgs.send(new DescribeAccountCommand({ AccountId: id }))).Account?.Status, 'SUSPENDED');
    const denied = await iamOf.send(new GetUserCommand({})).then(() => undefined, (x: unknown) => x as Error);
    assert.match(denied?.message ?? '', /because no service control policy allows the iam:GetUser action/);
    assert.equal((await fails(orgs.send(new CloseAccountCommand({ AccountId: id })))).name, 'AccountAlreadyClosedException');
    const mgmt = await fails(orgs.send(new CloseAccountCommand({ AccountId: s.accountId })));
    assert.deepEqual([mgmt.name, (mgmt as unknown as { Reason?: string }).Reason], ['ConstraintViolationException', 'CANNOT_CLOSE_MANAGEMENT_ACCOUNT']);
  });
});
