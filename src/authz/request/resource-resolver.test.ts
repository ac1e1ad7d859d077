import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { actionInfo } from '../catalog/action-catalog.js';
import { resolveResources, type ResourceEnv } from './resource-resolver.js';

const ENV: ResourceEnv = { partition: 'aws', accountId: '111122223333', region: 'eu-west-1' };
const arns = async (prefix: string, op: string, input: Record<string, unknown>, env: ResourceEnv = ENV, action = op) =>
  (await resolveResources(prefix, op, actionInfo(prefix, action)!, input, env)).map((r) => r.arn);

describe('resource ARNs from the input', () => {
  it('IAM: path + name, the caller by default, list path prefixes, ARNs as given', async () => {
    assert.deepEqual(await arns('iam', 'CreateUser', { UserName: 'bob', Path: '/eng/' }), ['arn:aws:iam::111122223333:user/eng/bob']);
    assert.deepEqual(await arns('iam', 'GetUser', { UserName: 'bob' }, { ...ENV, pathOf: async () => '/ops/' }), ['arn:aws:iam::111122223333:user/ops/bob']);
    assert.deepEqual(await arns('iam', 'CreateAccessKey', {}, { ...ENV, callerUser: { name: 'me', path: '/' } }), ['arn:aws:iam::111122223333:user/me']);
    assert.deepEqual(await arns('iam', 'ListUsers', {}), ['arn:aws:iam::111122223333:user/']);
    assert.deepEqual(await arns('iam', 'ListAttachedRolePolicies', { RoleName: 'r' }), ['arn:aws:iam::111122223333:role/r']);
    assert.deepEqual(await arns('iam', 'CreatePolicyVersion', { PolicyArn: 'arn:aws:iam::111122223333:policy/team/p' }), ['arn:aws:iam::111122223333:policy/team/p']);
    assert.deepEqual(await arns('iam', 'CreateAccountAlias', { AccountAlias: 'a' }), ['*']);
  });

  it('STS: the role ARN; the federated user from Name', async () => {
    assert.deepEqual(await arns('sts', 'AssumeRole', { RoleArn: 'arn:aws:iam::444455556666:role/x/R', RoleSessionName: 's' }), ['arn:aws:iam::444455556666:role/x/R']);
    assert.deepEqual(await arns('sts', 'GetFederationToken', { Name: 'bob' }), ['arn:aws:sts::111122223333:federated-user/bob']);
    assert.deepEqual(await arns('sts', 'GetCallerIdentity', {}), ['*']);
  });

  it('other services: KMS key ids and ARNs, EC2 id lists, S3 bucket and key, EventBridge rule names', async () => {
    assert.deepEqual(await arns('kms', 'DescribeKey', { KeyId: '1234abcd-12ab-34cd-56ef-1234567890ab' }), ['arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab']);
    assert.deepEqual(await arns('kms', 'DescribeKey', { KeyId: 'arn:aws:kms:us-east-1:444455556666:key/k' }), ['arn:aws:kms:us-east-1:444455556666:key/k']);
    assert.deepEqual(await arns('ec2', 'TerminateInstances', { InstanceIds: ['i-1', 'i-2'] }), ['arn:aws:ec2:eu-west-1:111122223333:instance/i-1', 'arn:aws:ec2:eu-west-1:111122223333:instance/i-2']);
    assert.deepEqual(await arns('s3', 'GetObject', { Bucket: 'b', Key: 'dir/k.txt' }), ['arn:aws:s3:::b/dir/k.txt']);
    assert.deepEqual(await arns('events', 'PutRule', { Name: 'nightly' }), ['arn:aws:events:eu-west-1:111122223333:rule/nightly']);
  });
});
