/**
 * Partitions: a client on cn-north-1 works in `aws-cn` — every ARN it gets back says `arn:aws-cn:`,
 * ARNs it sends in its partition name the same entities, its policies are written and evaluated in
 * it, and denials name its ARNs. IAM in aws-cn is signed for cn-north-1, as AWS's credential scope is.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AttachUserPolicyCommand,
  GenerateCredentialReportCommand,
  GetCredentialReportCommand,
  CreateAccessKeyCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  GetUserCommand,
  IAMClient,
  ListAttachedUserPoliciesCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { startTestServer, type TestServer } from '../helpers/rampart.js';
import { failure } from './authz-support.js';

type Creds = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
let s: TestServer;
let A: string;
const CN = 'cn-north-1';
const iamCn = (creds: Creds = s.credentials) => new IAMClient({ endpoint: s.url, region: CN, credentials: creds, maxAttempts: 1 });
const stsCn = (creds: Creds = s.credentials) => new STSClient({ endpoint: s.url, region: CN, credentials: creds, maxAttempts: 1 });
const doc = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });

before(async () => {
  s = await startTestServer();
  A = s.accountId;
});
after(() => s.close());

describe('a client on cn-north-1 gets arn:aws-cn: ARNs everywhere', () => {
  it('STS and IAM answer in aws-cn; ARNs sent in aws-cn name the same entities', async () => {
    assert.equal((await stsCn().send(new GetCallerIdentityCommand({}))).Arn, `arn:aws-cn:iam::${A}:root`);
    const user = await iamCn().send(new CreateUserCommand({ UserName: 'cn-user', Path: '/cn/' }));
    assert.equal(user.User?.Arn, `arn:aws-cn:iam::${A}:user/cn/cn-user`);
    const policy = await iamCn().send(new CreatePolicyCommand({ PolicyName: 'cn-policy', PolicyDocument: doc({ Effect: 'Allow', Action: 'iam:GetUser', Resource: '*' }) }));
    assert.equal(policy.Policy?.Arn, `arn:aws-cn:iam::${A}:policy/cn-policy`);
    await iamCn().send(new AttachUserPolicyCommand({ UserName: 'cn-user', PolicyArn: policy.Policy!.Arn! }));
    await iamCn().send(new AttachUserPolicyCommand({ UserName: 'cn-user', PolicyArn: 'arn:aws-cn:iam::aws:policy/ReadOnlyAccess' }));
    const attached = await iamCn().send(new ListAttachedUserPoliciesCommand({ UserName: 'cn-user' }));
    assert.deepEqual(attached.AttachedPolicies?.map((p) => p.PolicyArn).sort(), [`arn:aws-cn:iam::${A}:policy/cn-policy`, 'arn:aws-cn:iam::aws:policy/ReadOnlyAccess']);
    // The same account seen from us-east-1 answers in aws (each client in the partition it signed for).
    await iamCn().send(new GenerateCredentialReportCommand({}));
    const csv = Buffer.from((await iamCn().send(new GetCredentialReportCommand({}))).Content!).toString('utf8');
    assert.match(csv, new RegExp(`arn:aws-cn:iam::${A}:user/cn/cn-user`));
    assert.doesNotMatch(csv, /arn:aws:/);
    const east = new IAMClient({ endpoint: s.url, region: 'us-east-1', credentials: s.credentials, maxAttempts: 1 });
    assert.equal((await east.send(new GetUserCommand({ UserName: 'cn-user' }))).User?.Arn, `arn:aws:iam::${A}:user/cn/cn-user`);
  });

  it('policies are evaluated in aws-cn and denials name aws-cn ARNs', async () => {
    await iamCn().send(new CreateUserCommand({ UserName: 'reader' }));
    await iamCn().send(new PutUserPolicyCommand({ UserName: 'reader', PolicyName: 'self', PolicyDocument: doc({ Effect: 'Allow', Action: 'iam:GetUser', Resource: `arn:aws-cn:iam::${A}:user/\${aws:username}` }) }));
    const key = (await iamCn().send(new CreateAccessKeyCommand({ UserName: 'reader' }))).AccessKey!;
    const reader = { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
    assert.equal((await iamCn(reader).send(new GetUserCommand({}))).User?.Arn, `arn:aws-cn:iam::${A}:user/reader`);
    const e = await failure(iamCn(reader).send(new GetUserCommand({ UserName: 'cn-user' })));
    assert.equal(e.message, `User: arn:aws-cn:iam::${A}:user/reader is not authorized to perform: iam:GetUser on resource: arn:aws-cn:iam::${A}:user/cn/cn-user because no identity-based policy allows the iam:GetUser action`);
  });

  it('AssumeRole with an aws-cn role ARN and an aws-cn trust policy gives an aws-cn session', async () => {
    await iamCn().send(new CreateUserCommand({ UserName: 'assumer' }));
    await iamCn().send(new PutUserPolicyCommand({ UserName: 'assumer', PolicyName: 'p', PolicyDocument: doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws-cn:iam::${A}:role/cn-role` }) }));
    const key = (await iamCn().send(new CreateAccessKeyCommand({ UserName: 'assumer' }))).AccessKey!;
    const trust = doc({ Effect: 'Allow', Principal: { AWS: `arn:aws-cn:iam::${A}:user/assumer` }, Action: 'sts:AssumeRole' });
    await iamCn().send(new CreateRoleCommand({ RoleName: 'cn-role', AssumeRolePolicyDocument: trust }));
    const out = await stsCn({ accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! }).send(new AssumeRoleCommand({ RoleArn: `arn:aws-cn:iam::${A}:role/cn-role`, RoleSessionName: 'cn' }));
    assert.equal(out.AssumedRoleUser?.Arn, `arn:aws-cn:sts::${A}:assumed-role/cn-role/cn`);
  });
});
