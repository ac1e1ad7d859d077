import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { actionInfo } from '../catalog/action-catalog.js';
import { requestConditionKeys, requestTags } from './request-keys.js';

describe('condition keys from the input', () => {
  it('reads tags from lists and maps', () => {
    assert.deepEqual(requestTags({ Tags: [{ Key: 'team', Value: 'a' }] }), { team: 'a' });
    assert.deepEqual(requestTags({ tags: { team: 'b' } }), { team: 'b' });
    assert.equal(requestTags({}), undefined);
  });

  it('iam:CreateUser: request tags, tag keys and the permissions boundary', () => {
    const ctx = requestConditionKeys('iam', actionInfo('iam', 'CreateUser')!, {
      UserName: 'bob',
      PermissionsBoundary: 'arn:aws:iam::111122223333:policy/Boundary',
      Tags: [{ Key: 'Dept', Value: 'Eng' }],
    });
    assert.deepEqual(ctx, { 'aws:RequestTag/Dept': 'Eng', 'aws:TagKeys': ['Dept'], 'iam:PermissionsBoundary': 'arn:aws:iam::111122223333:policy/Boundary' });
  });

  it('iam:AttachUserPolicy: iam:PolicyARN', () => {
    const ctx = requestConditionKeys('iam', actionInfo('iam', 'AttachUserPolicy')!, { UserName: 'bob', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' });
    assert.deepEqual(ctx, { 'iam:PolicyARN': 'arn:aws:iam::aws:policy/AdministratorAccess' });
  });

  it('iam:UntagUser: aws:TagKeys from TagKeys; keys the action does not support are left out', () => {
    assert.deepEqual(requestConditionKeys('iam', actionInfo('iam', 'UntagUser')!, { UserName: 'x', TagKeys: ['a', 'b'] }), { 'aws:TagKeys': ['a', 'b'] });
    assert.deepEqual(requestConditionKeys('iam', actionInfo('iam', 'GetUser')!, { UserName: 'x', Tags: [{ Key: 'a', Value: 'b' }] }), {});
  });

  it('sts:AssumeRole: external id, session name, source identity, transitive tag keys', () => {
    const ctx = requestConditionKeys('sts', actionInfo('sts', 'AssumeRole')!, { RoleArn: 'arn:aws:iam::1:role/r', RoleSessionName: 's', ExternalId: 'x', SourceIdentity: 'alice', TransitiveTagKeys: ['a'] });
    assert.equal(ctx['sts:ExternalId'], 'x');
    assert.equal(ctx['sts:RoleSessionName'], 's');
    assert.equal(ctx['sts:SourceIdentity'], 'alice');
    assert.deepEqual(ctx['sts:TransitiveTagKeys'], ['a']);
  });
});
