import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { actionInfo } from '../catalog/action-catalog.js';
import { REFERENCE_GAPS } from '../catalog/operation-overrides.js';
import { ServiceRules, type ServiceAuthorization } from '../service-rules.js';
import { resolveResources, type ResourceEnv } from './resource-resolver.js';

const ENV: ResourceEnv = { partition: 'aws', accountId: '111122223333', region: 'eu-west-1' };
const STS: ServiceAuthorization = { prefix: 'sts', variables: { FederatedUserName: ['Name'] }, operations: {} };
const rules = new ServiceRules([...REFERENCE_GAPS, STS]);
const arns = (prefix: string, op: string, input: Record<string, unknown>, env: ResourceEnv = ENV, action = op) =>
  resolveResources(prefix, rules.service(prefix), rules.operation(prefix, op), actionInfo(prefix, action)!, input, env).map((r) => r.arn);

describe('resource ARNs from the input (generic resolution)', () => {
  it('STS: the role ARN; the federated user from Name', () => {
    assert.deepEqual(arns('sts', 'AssumeRole', { RoleArn: 'arn:aws:iam::444455556666:role/x/R', RoleSessionName: 's' }), ['arn:aws:iam::444455556666:role/x/R']);
    assert.deepEqual(arns('sts', 'GetFederationToken', { Name: 'bob' }), ['arn:aws:sts::111122223333:federated-user/bob']);
    assert.deepEqual(arns('sts', 'GetCallerIdentity', {}), ['*']);
  });

  it('other services: KMS key ids and ARNs, EC2 id lists, S3 bucket and key, EventBridge rule names', () => {
    assert.deepEqual(arns('kms', 'DescribeKey', { KeyId: '1234abcd-12ab-34cd-56ef-1234567890ab' }), ['arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab']);
    assert.deepEqual(arns('kms', 'DescribeKey', { KeyId: 'arn:aws:kms:us-east-1:444455556666:key/k' }), ['arn:aws:kms:us-east-1:444455556666:key/k']);
    assert.deepEqual(arns('ec2', 'TerminateInstances', { InstanceIds: ['i-1', 'i-2'] }), ['arn:aws:ec2:eu-west-1:111122223333:instance/i-1', 'arn:aws:ec2:eu-west-1:111122223333:instance/i-2']);
    assert.deepEqual(arns('s3', 'GetObject', { Bucket: 'b', Key: 'dir/k.txt' }), ['arn:aws:s3:::b/dir/k.txt']);
    assert.deepEqual(arns('events', 'PutRule', { Name: 'nightly' }), ['arn:aws:events:eu-west-1:111122223333:rule/nightly']);
  });

  it('an ARN in a member that does not name a resource never redirects authorization', () => {
    // A rule's description or a tag value that looks like an ARN is not the resource acted on.
    const other = 'arn:aws:events:eu-west-1:111122223333:rule/admin';
    assert.deepEqual(arns('events', 'PutRule', { Name: 'mine', Description: other }), ['arn:aws:events:eu-west-1:111122223333:rule/mine']);
    assert.deepEqual(arns('events', 'PutRule', { Name: 'mine', Tags: [{ Key: 'k', Value: other }] }), ['arn:aws:events:eu-west-1:111122223333:rule/mine']);
    assert.deepEqual(arns('kms', 'DescribeKey', { KeyId: 'k1', GrantTokens: ['arn:aws:kms:us-east-1:444455556666:key/k'] }), ['arn:aws:kms:eu-west-1:111122223333:key/k1']);
  });

  it('the partition given is used in every ARN built', () => {
    assert.deepEqual(arns('s3', 'GetObject', { Bucket: 'b', Key: 'k' }, { ...ENV, partition: 'aws-cn', region: 'cn-north-1' }), ['arn:aws-cn:s3:::b/k']);
  });
});
