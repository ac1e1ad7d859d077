import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AddUserToGroupCommand,
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeleteAccessKeyCommand,
  DeletePolicyCommand,
  DeleteUserCommand,
  GetAccountSummaryCommand,
  GetGroupCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetUserCommand,
  GetUserPolicyCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListPoliciesCommand,
  ListPolicyVersionsCommand,
  ListUserTagsCommand,
  ListUsersCommand,
  PutUserPolicyCommand,
  TagUserCommand,
  UntagUserCommand,
  paginateListUsers,
} from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { startTestServer, type TestServer } from '../helpers/rampart.js';
import { failure } from '../helpers/iam-failure.js';

const POLICY = `{
  "Version": "2012-10-17",
  "Statement": [
    { "Sid": "Read", "Effect": "Allow", "Action": ["s3:GetObject", "s3:List*"], "Resource": "arn:aws:s3:::bucket/*" }
  ]
}`;

describe('IAM through @aws-sdk/client-iam (as root)', () => {
  let s: TestServer;
  let iam: IAMClient;
  before(async () => {
    s = await startTestServer();
    iam = new IAMClient({ endpoint: s.url, region: 'us-east-1', credentials: s.credentials, maxAttempts: 1 });
  });
  after(async () => s.close());

  it('creates and reads users; GetUser without a name is the root view', async () => {
    const created = await iam.send(new CreateUserCommand({ UserName: 'alice', Path: '/eng/', Tags: [{ Key: 'team', Value: 'red' }] }));
    assert.equal(created.User?.Arn, `arn:aws:iam::${s.accountId}:user/eng/alice`);
    assert.ok(created.User?.CreateDate instanceof Date);
    const got = await iam.send(new GetUserCommand({ UserName: 'alice' }));
    assert.equal(got.User?.UserId, created.User?.UserId);
    assert.deepEqual(got.User?.Tags, [{ Key: 'team', Value: 'red' }]);
    const root = await iam.send(new GetUserCommand({}));
    assert.equal(root.User?.Arn, `arn:aws:iam::${s.accountId}:root`);
  });

  it('maps errors to codes and HTTP statuses: NoSuchEntity 404, EntityAlreadyExists 409', async () => {
    const missing = await failure(iam.send(new GetUserCommand({ UserName: 'nobody' })));
    assert.equal(missing.name, 'NoSuchEntityException');
    assert.equal(missing.$metadata.httpStatusCode, 404);
    assert.equal(missing.message, 'The user with name nobody cannot be found.');
    const dup = await failure(iam.send(new CreateUserCommand({ UserName: 'ALICE' })));
    assert.equal(dup.name, 'EntityAlreadyExistsException');
    assert.equal(dup.$metadata.httpStatusCode, 409);
  });

  it('paginates ListUsers with Marker/MaxItems (and the SDK paginator)', async () => {
    for (const n of ['bob', 'carol', 'dave', 'erin']) await iam.send(new CreateUserCommand({ UserName: n }));
    const first = await iam.send(new ListUsersCommand({ MaxItems: 2 }));
    assert.equal(first.IsTruncated, true);
    assert.deepEqual(first.Users?.map((u) => u.UserName), ['alice', 'bob']);
    const names: string[] = [];
    for await (const page of paginateListUsers({ client: iam, pageSize: 2 }, {})) names.push(...(page.Users ?? []).map((u) => u.UserName!));
    assert.deepEqual(names, ['alice', 'bob', 'carol', 'dave', 'erin']);
  });

  it('round-trips policy documents: the SDK gets the same JSON text back after URL-decoding', async () => {
    await iam.send(new PutUserPolicyCommand({ UserName: 'alice', PolicyName: 'inline', PolicyDocument: POLICY }));
    const got = await iam.send(new GetUserPolicyCommand({ UserName: 'alice', PolicyName: 'inline' }));
    assert.notEqual(got.PolicyDocument, POLICY, 'AWS returns the document URL-encoded');
    assert.equal(decodeURIComponent(got.PolicyDocument ?? ''), POLICY);
    const bad = await failure(iam.send(new PutUserPolicyCommand({ UserName: 'alice', PolicyName: 'bad', PolicyDocument: '{"Statement":' })));
    assert.equal(bad.name, 'MalformedPolicyDocumentException');
    assert.equal(bad.$metadata.httpStatusCode, 400);
  });

  it('manages policy versions and refuses a sixth (LimitExceeded 409)', async () => {
    const { Policy } = await iam.send(new CreatePolicyCommand({ PolicyName: 'Reader', PolicyDocument: POLICY, Description: 'reads' }));
    const arn = Policy!.Arn!;
    for (let i = 0; i < 4; i++) await iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: POLICY, SetAsDefault: i === 3 }));
    const sixth = await failure(iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: POLICY })));
    assert.equal(sixth.name, 'LimitExceededException');
    assert.equal(sixth.$metadata.httpStatusCode, 409);
    const versions = await iam.send(new ListPolicyVersionsCommand({ PolicyArn: arn }));
    assert.deepEqual(versions.Versions?.map((v) => `${v.VersionId}${v.IsDefaultVersion ? '*' : ''}`), ['v5*', 'v4', 'v3', 'v2', 'v1']);
    const v1 = await iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v1' }));
    assert.equal(decodeURIComponent(v1.PolicyVersion?.Document ?? ''), POLICY);
    const conflict = await failure(iam.send(new DeletePolicyCommand({ PolicyArn: arn })));
    assert.equal(conflict.name, 'DeleteConflictException');
    assert.equal(conflict.$metadata.httpStatusCode, 409);
  });

  it('creates roles with trust policies and attaches AWS managed policies listed with Scope=AWS', async () => {
    const trust = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`;
    const { Role } = await iam.send(new CreateRoleCommand({ RoleName: 'web', AssumeRolePolicyDocument: trust, MaxSessionDuration: 7200 }));
    assert.match(Role?.RoleId ?? '', /^AROA/);
    assert.equal(decodeURIComponent((await iam.send(new GetRoleCommand({ RoleName: 'web' }))).Role?.AssumeRolePolicyDocument ?? ''), trust);
    const aws = await iam.send(new ListPoliciesCommand({ Scope: 'AWS' }));
    assert.ok(aws.Policies?.some((p) => p.Arn === 'arn:aws:iam::aws:policy/ReadOnlyAccess'));
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'web', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }));
    const attached = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'web' }));
    assert.deepEqual(attached.AttachedPolicies, [{ PolicyName: 'ReadOnlyAccess', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }]);
    const badTrust = await failure(iam.send(new CreateRoleCommand({ RoleName: 'bad', AssumeRolePolicyDocument: POLICY })));
    assert.equal(badTrust.name, 'MalformedPolicyDocumentException');
  });

  it('groups: membership shows in GetGroup; DeleteUser is a DeleteConflict while in a group', async () => {
    await iam.send(new CreateGroupCommand({ GroupName: 'devs' }));
    await iam.send(new AddUserToGroupCommand({ GroupName: 'devs', UserName: 'bob' }));
    const g = await iam.send(new GetGroupCommand({ GroupName: 'devs' }));
    assert.deepEqual(g.Users?.map((u) => u.UserName), ['bob']);
    const e = await failure(iam.send(new DeleteUserCommand({ UserName: 'bob' })));
    assert.equal(e.name, 'DeleteConflictException');
    assert.equal(e.$metadata.httpStatusCode, 409);
    assert.equal(e.message, 'Cannot delete entity, must remove users from group first.');
  });

  it('tags users', async () => {
    await iam.send(new TagUserCommand({ UserName: 'carol', Tags: [{ Key: 'a', Value: '1' }, { Key: 'b', Value: '2' }] }));
    await iam.send(new UntagUserCommand({ UserName: 'carol', TagKeys: ['a'] }));
    assert.deepEqual((await iam.send(new ListUserTagsCommand({ UserName: 'carol' }))).Tags, [{ Key: 'b', Value: '2' }]);
  });

  it('an access key created by IAM signs requests; two per user at most; deleted keys stop working', async () => {
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: 'dave' }));
    const creds = { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! };
    const sts = new STSClient({ endpoint: s.url, region: 'us-east-1', credentials: creds, maxAttempts: 1 });
    const who = await sts.send(new GetCallerIdentityCommand({}));
    assert.equal(who.Arn, `arn:aws:iam::${s.accountId}:user/dave`);
    await iam.send(new CreateAccessKeyCommand({ UserName: 'dave' }));
    const third = await failure(iam.send(new CreateAccessKeyCommand({ UserName: 'dave' })));
    assert.equal(third.name, 'LimitExceededException');
    assert.equal(third.message, 'Cannot exceed quota for AccessKeysPerUser: 2');
    await iam.send(new DeleteAccessKeyCommand({ UserName: 'dave', AccessKeyId: creds.accessKeyId }));
    const denied = await sts.send(new GetCallerIdentityCommand({})).then(
      () => undefined,
      (err: unknown) => err as { name?: string },
    );
    assert.equal(denied?.name, 'InvalidClientTokenId');
  });

  it('attaching an 11th managed policy is LimitExceeded; the account summary counts entities', async () => {
    const arns: string[] = [];
    for (let i = 0; i < 11; i++) arns.push((await iam.send(new CreatePolicyCommand({ PolicyName: `P${i}`, PolicyDocument: POLICY }))).Policy!.Arn!);
    for (let i = 0; i < 10; i++) await iam.send(new AttachUserPolicyCommand({ UserName: 'erin', PolicyArn: arns[i] }));
    const e = await failure(iam.send(new AttachUserPolicyCommand({ UserName: 'erin', PolicyArn: arns[10] })));
    assert.equal(e.name, 'LimitExceededException');
    assert.equal(e.$metadata.httpStatusCode, 409);
    const summary = await iam.send(new GetAccountSummaryCommand({}));
    assert.equal(summary.SummaryMap?.['Users'], 5);
    assert.equal(summary.SummaryMap?.['Policies'], 12);
    assert.equal(summary.SummaryMap?.['UsersQuota'], 5000);
  });
});
