import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { allow, openHarness, trust, type Harness } from '../test-harness.js';

describe('IAM inline policies', () => {
  let h: Harness;
  before(async () => {
    h = await openHarness();
    await h.call('CreateUser', { UserName: 'u' });
    await h.call('CreateGroup', { GroupName: 'g' });
    await h.call('CreateRole', { RoleName: 'r', AssumeRolePolicyDocument: trust() });
  });
  after(() => h.close());

  it('puts, replaces, gets (URL-encoded, text as sent) and lists inline policies', async () => {
    const doc = `{\n  "Version": "2012-10-17",\n  "Statement": [{"Sid": "A1", "Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::b/*"}]\n}`;
    await h.call('PutUserPolicy', { UserName: 'u', PolicyName: 'zeta', PolicyDocument: allow('ec2:*') });
    await h.call('PutUserPolicy', { UserName: 'u', PolicyName: 'alpha', PolicyDocument: allow('ec2:*') });
    await h.call('PutUserPolicy', { UserName: 'u', PolicyName: 'alpha', PolicyDocument: doc });
    const got = await h.call('GetUserPolicy', { UserName: 'U', PolicyName: 'alpha' });
    assert.equal(got.UserName, 'u');
    assert.match(got.PolicyDocument, /^%7B%0A%20%20%22Version%22/);
    assert.ok(got.PolicyDocument.includes('%2A'), 'RFC 3986 encodes * as %2A');
    assert.equal(decodeURIComponent(got.PolicyDocument), doc);
    assert.deepEqual((await h.call('ListUserPolicies', { UserName: 'u' })).PolicyNames, ['alpha', 'zeta']);
    const page = await h.call('ListUserPolicies', { UserName: 'u', MaxItems: 1 });
    assert.deepEqual([page.PolicyNames, page.IsTruncated], [['alpha'], true]);
  });

  it('works the same for groups and roles', async () => {
    await h.call('PutGroupPolicy', { GroupName: 'g', PolicyName: 'gp', PolicyDocument: allow('s3:*') });
    await h.call('PutRolePolicy', { RoleName: 'r', PolicyName: 'rp', PolicyDocument: allow('s3:*') });
    assert.equal((await h.call('GetGroupPolicy', { GroupName: 'g', PolicyName: 'gp' })).GroupName, 'g');
    assert.equal((await h.call('GetRolePolicy', { RoleName: 'r', PolicyName: 'rp' })).RoleName, 'r');
    assert.deepEqual((await h.call('ListRolePolicies', { RoleName: 'r' })).PolicyNames, ['rp']);
    await h.call('DeleteRolePolicy', { RoleName: 'r', PolicyName: 'rp' });
    const e = await h.fail('GetRolePolicy', { RoleName: 'r', PolicyName: 'rp' });
    assert.equal(e.message, 'The role policy with name rp cannot be found.');
    assert.equal(e.httpStatus, 404);
    assert.equal((await h.fail('DeleteGroupPolicy', { GroupName: 'g', PolicyName: 'nope' })).message, 'The group policy with name nope cannot be found.');
  });

  it('validates documents and rejects trust-policy grammar', async () => {
    const e = await h.fail('PutUserPolicy', { UserName: 'u', PolicyName: 'x', PolicyDocument: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*"}]}' });
    assert.equal(e.code, 'MalformedPolicyDocument');
    assert.equal((await h.fail('PutUserPolicy', { UserName: 'u', PolicyName: 'x', PolicyDocument: trust() })).code, 'MalformedPolicyDocument');
    assert.equal((await h.fail('PutUserPolicy', { UserName: 'nobody', PolicyName: 'x', PolicyDocument: allow('s3:*') })).code, 'NoSuchEntity');
  });

  it('stores inline policies without Version or with 2008-10-17 (managed policies need 2012-10-17); AWS\'s texts', async () => {
    await h.call('PutUserPolicy', { UserName: 'u', PolicyName: 'none', PolicyDocument: '{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}' });
    await h.call('PutRolePolicy', { RoleName: 'r', PolicyName: 'old', PolicyDocument: '{"Version":"2008-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}' });
    await h.call('PutGroupPolicy', { GroupName: 'g', PolicyName: 'enc', PolicyDocument: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["execute-api:Invoke"],"Resource":["arn:aws:execute-api%3Aeu-west-1%3Aorders"]}]}' });
    const put = (PolicyDocument: string) => h.fail('PutUserPolicy', { UserName: 'u', PolicyName: 'x', PolicyDocument });
    assert.equal((await put('{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:iam:us-east-1::user/x"}}')).message, 'IAM resource arn:aws:iam:us-east-1::user/x cannot contain region information.');
    assert.equal((await put('{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Effect":"Deny"}}')).message, 'Syntax errors in policy.');
    assert.equal((await put('{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Principal":"*"}}')).message, 'Policy document should not specify a principal.');
  });

  it('enforces the aggregate inline size per user (2,048 non-white-space characters)', async () => {
    const actions = (n: number, tag: string) => Array.from({ length: n }, (_, i) => `"s3:${tag}${i}"`).join(',');
    const mk = (tag: string) => `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":[${actions(110, tag)}],"Resource":"*"}]}`;
    await h.call('CreateUser', { UserName: 'big' });
    await h.call('PutUserPolicy', { UserName: 'big', PolicyName: 'one', PolicyDocument: mk('A') });
    const e = await h.fail('PutUserPolicy', { UserName: 'big', PolicyName: 'two', PolicyDocument: mk('B') });
    assert.equal(e.code, 'LimitExceeded');
    assert.equal(e.message, 'Maximum policy size of 2048 bytes exceeded for user big');
    await h.call('PutUserPolicy', { UserName: 'big', PolicyName: 'one', PolicyDocument: mk('C') });
  });
});
