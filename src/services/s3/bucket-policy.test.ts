import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isAwsError } from '../../shared/aws-error.js';
import { checkBucketPolicy, isPublicPolicy } from './bucket-policy.js';

const msg = (json: string) => {
  try {
    checkBucketPolicy(json, 'b1');
    return 'OK';
  } catch (e) {
    return isAwsError(e) ? `${e.code}: ${e.message}` : String(e);
  }
};
const st = (s: Record<string, unknown>) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b1/*', ...s }] });

describe('bucket policy checks', () => {
  it('accepts valid policies', () => {
    assert.equal(msg(st({})), 'OK');
    assert.equal(msg(st({ Principal: { AWS: ['arn:aws:iam::111122223333:root', '444455556666'] }, Action: ['s3:List*', 's3:GetObject'], Resource: ['arn:aws:s3:::b1', 'arn:aws:s3:::b1/*'] })), 'OK');
    assert.equal(msg(st({ Effect: 'Deny', Condition: { StringNotEquals: { 's3:x-amz-server-side-encryption': 'AES256' } } })), 'OK');
  });
  it('refuses what S3 refuses, with its texts', () => {
    assert.equal(msg('not json'), "MalformedPolicy: Policies must be valid JSON and the first byte must be '{'");
    assert.equal(msg('[1]'), "MalformedPolicy: Policies must be valid JSON and the first byte must be '{'");
    assert.equal(msg(st({ Resource: 'arn:aws:s3:::other/*' })), 'MalformedPolicy: Policy has invalid resource');
    assert.equal(msg(st({ Resource: '*' })), 'MalformedPolicy: Policy has invalid resource');
    assert.equal(msg(st({ Principal: { AWS: 'not-a-principal' } })), 'MalformedPolicy: Invalid principal in policy');
    assert.equal(msg(st({ Principal: undefined })), 'MalformedPolicy: Missing required field Principal');
    assert.equal(msg(st({ Action: 'iam:ListUsers' })), 'MalformedPolicy: Policy has invalid action');
    assert.equal(msg(st({ Action: 's3:NoSuchAction' })), 'MalformedPolicy: Policy has invalid action');
    assert.equal(msg(st({ Condition: { StringEquals: { 'foo:bar': 'x' } } })), 'MalformedPolicy: Policy has an invalid condition key');
    assert.equal(msg(st({ Effect: 'Maybe' })), 'MalformedPolicy: Invalid effect: Maybe');
  });
  it('reads public policies', () => {
    assert.equal(isPublicPolicy(st({})), true);
    assert.equal(isPublicPolicy(st({ Principal: { AWS: '111122223333' } })), false);
    assert.equal(isPublicPolicy(st({ Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } })), false);
  });
});
