import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ACCOUNT, allow, openHarness, trust, type Harness } from '../test-harness.js';

describe('IAM policy attachments and permissions boundaries', () => {
  let h: Harness;
  const arns: string[] = [];
  before(async () => {
    h = await openHarness();
    await h.call('CreateUser', { UserName: 'u' });
    await h.call('CreateRole', { RoleName: 'r', AssumeRolePolicyDocument: trust() });
    for (let i = 0; i < 11; i++) {
      const { Policy } = await h.call('CreatePolicy', { PolicyName: `p${String(i).padStart(2, '0')}`, Path: i === 0 ? '/special/' : '/', PolicyDocument: allow('s3:*') });
      arns.push(Policy!.Arn!);
    }
  });
  after(() => h.close());

  it('attaches idempotently and keeps AttachmentCount right', async () => {
    await h.call('AttachUserPolicy', { UserName: 'u', PolicyArn: arns[0]! });
    await h.call('AttachUserPolicy', { UserName: 'U', PolicyArn: arns[0]! });
    await h.call('AttachRolePolicy', { RoleName: 'r', PolicyArn: arns[0]! });
    assert.equal((await h.call('GetPolicy', { PolicyArn: arns[0]! })).Policy?.AttachmentCount, 2);
    const listed = await h.call('ListAttachedUserPolicies', { UserName: 'u' });
    assert.deepEqual(listed.AttachedPolicies, [{ PolicyName: 'p00', PolicyArn: arns[0] }]);
    assert.deepEqual((await h.call('ListAttachedUserPolicies', { UserName: 'u', PathPrefix: '/other/' })).AttachedPolicies, []);
  });

  it('refuses unknown policies and entities', async () => {
    const e = await h.fail('AttachUserPolicy', { UserName: 'u', PolicyArn: `arn:aws:iam::${ACCOUNT}:policy/ghost` });
    assert.equal(e.code, 'NoSuchEntity');
    assert.equal(e.message, `Policy arn:aws:iam::${ACCOUNT}:policy/ghost does not exist or is not attachable.`);
    assert.equal((await h.fail('AttachRolePolicy', { RoleName: 'ghost', PolicyArn: arns[1]! })).message, 'The role with name ghost cannot be found.');
    assert.equal((await h.fail('AttachUserPolicy', { UserName: 'u', PolicyArn: 'arn:aws:iam::999999999999:policy/p01' })).code, 'NoSuchEntity');
    const d = await h.fail('DetachUserPolicy', { UserName: 'u', PolicyArn: arns[1]! });
    assert.equal(d.message, `Policy ${arns[1]} was not found.`);
  });

  it('allows 10 managed policies per user (LimitExceeded on the 11th)', async () => {
    for (let i = 1; i < 10; i++) await h.call('AttachUserPolicy', { UserName: 'u', PolicyArn: arns[i]! });
    const e = await h.fail('AttachUserPolicy', { UserName: 'u', PolicyArn: arns[10]! });
    assert.equal(e.code, 'LimitExceeded');
    assert.equal(e.httpStatus, 409);
    assert.equal(e.message, 'Cannot exceed quota for PoliciesPerUser: 10');
    const page = await h.call('ListAttachedUserPolicies', { UserName: 'u', MaxItems: 4 });
    assert.equal(page.AttachedPolicies?.length, 4);
    assert.equal(page.IsTruncated, true);
  });

  it('detaching updates counts on both sides', async () => {
    await h.call('DetachRolePolicy', { RoleName: 'r', PolicyArn: arns[0]! });
    assert.equal((await h.call('GetPolicy', { PolicyArn: arns[0]! })).Policy?.AttachmentCount, 1);
    assert.deepEqual((await h.call('ListAttachedRolePolicies', { RoleName: 'r' })).AttachedPolicies, []);
  });

  it('puts, replaces and deletes permissions boundaries with usage counts', async () => {
    await h.call('PutUserPermissionsBoundary', { UserName: 'u', PermissionsBoundary: arns[10]! });
    await h.call('PutRolePermissionsBoundary', { RoleName: 'r', PermissionsBoundary: arns[10]! });
    assert.equal((await h.call('GetPolicy', { PolicyArn: arns[10]! })).Policy?.PermissionsBoundaryUsageCount, 2);
    assert.equal((await h.call('GetUser', { UserName: 'u' })).User.PermissionsBoundary?.PermissionsBoundaryArn, arns[10]);
    await h.call('PutRolePermissionsBoundary', { RoleName: 'r', PermissionsBoundary: 'arn:aws:iam::aws:policy/PowerUserAccess' });
    assert.equal((await h.call('GetPolicy', { PolicyArn: arns[10]! })).Policy?.PermissionsBoundaryUsageCount, 1);
    assert.equal((await h.call('GetPolicy', { PolicyArn: 'arn:aws:iam::aws:policy/PowerUserAccess' })).Policy?.PermissionsBoundaryUsageCount, 1);
    await h.call('DeleteUserPermissionsBoundary', { UserName: 'u' });
    await h.call('DeleteRolePermissionsBoundary', { RoleName: 'r' });
    assert.equal((await h.call('GetUser', { UserName: 'u' })).User.PermissionsBoundary, undefined);
    assert.equal((await h.call('GetRole', { RoleName: 'r' })).Role.PermissionsBoundary, undefined);
    assert.equal((await h.call('GetPolicy', { PolicyArn: arns[10]! })).Policy?.PermissionsBoundaryUsageCount, 0);
    const bad = await h.fail('PutUserPermissionsBoundary', { UserName: 'u', PermissionsBoundary: `arn:aws:iam::${ACCOUNT}:policy/none` });
    assert.equal(bad.message, `Scope ARN: arn:aws:iam::${ACCOUNT}:policy/none does not exist or is not attachable.`);
  });
});
