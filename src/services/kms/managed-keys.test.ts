import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compilePolicyJson, evaluate } from '../../policy/index.js';
import { managedKeyPolicy, managedService } from './managed-keys.js';

const A = '111122223333';
const user = { arn: `arn:aws:iam::${A}:user/app`, accountId: A, type: 'user' as const };
const policy = compilePolicyJson(managedKeyPolicy('aws', A, 'eu-west-1', 'ebs'), 'managed', 'resource')!;
const decide = (action: string, context: Record<string, string> = {}, principal: typeof user = user) =>
  evaluate({ principal, action, resource: `arn:aws:kms:eu-west-1:${A}:key/k`, context: { 'kms:CallerAccount': principal.accountId, ...context } }, { identityPolicies: [], resourcePolicy: policy }).decision;

describe('AWS managed keys', () => {
  it('names: alias/aws/<known service> only', () => {
    assert.equal(managedService('alias/aws/s3'), 's3');
    assert.equal(managedService('alias/aws/ebs'), 'ebs');
    for (const n of ['alias/aws/', 'alias/aws/unknown', 'alias/aws/s3/x', 'alias/s3', 'alias/aws/S3', 'alias/aws/constructor', 'alias/aws/__proto__']) assert.equal(managedService(n), undefined, n);
  });

  it('its policy: cryptography only through the service (EBS: EC2) for the account; direct reads by the account (through IAM)', () => {
    assert.equal(decide('kms:Encrypt', { 'kms:ViaService': 'ec2.eu-west-1.amazonaws.com' }), 'Allow');
    assert.equal(decide('kms:GenerateDataKeyWithoutPlaintext', { 'kms:ViaService': 'ec2.eu-west-1.amazonaws.com' }), 'Allow');
    assert.notEqual(decide('kms:Encrypt'), 'Allow', 'direct use');
    assert.notEqual(decide('kms:Encrypt', { 'kms:ViaService': 'ec2.us-east-1.amazonaws.com' }), 'Allow', 'another Region');
    assert.notEqual(decide('kms:Encrypt', { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' }), 'Allow', 'another service');
    const other = { arn: 'arn:aws:iam::444455556666:user/x', accountId: '444455556666', type: 'user' as const };
    assert.notEqual(decide('kms:Decrypt', { 'kms:ViaService': 'ec2.eu-west-1.amazonaws.com' }, other), 'Allow', 'another account');
    for (const a of ['kms:PutKeyPolicy', 'kms:ScheduleKeyDeletion', 'kms:DisableKeyRotation', 'kms:DeleteAlias', 'kms:TagResource']) assert.notEqual(decide(a, { 'kms:ViaService': 'ec2.eu-west-1.amazonaws.com' }), 'Allow', a);
  });
});
