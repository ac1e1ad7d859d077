import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RequestPrincipal } from '../../../shared/principal.js';
import { ACCOUNT, allow, openHarness, trust, type Harness } from '../test-harness.js';

describe('IAM account: aliases, summary, authorization details', () => {
  let h: Harness;
  before(async () => {
    h = await openHarness();
  });
  after(() => h.close());

  it('creates, replaces, lists and deletes the account alias', async () => {
    assert.deepEqual(await h.call('ListAccountAliases', {}), { AccountAliases: [], IsTruncated: false });
    await h.call('CreateAccountAlias', { AccountAlias: 'my-corp' });
    await h.call('CreateAccountAlias', { AccountAlias: 'my-corp-2' });
    assert.deepEqual((await h.call('ListAccountAliases', {})).AccountAliases, ['my-corp-2']);
    const other: RequestPrincipal = { accountId: '210987654321', arn: 'arn:aws:iam::210987654321:root', userId: '210987654321', type: 'root' };
    const taken = await h.fail('CreateAccountAlias', { AccountAlias: 'my-corp-2' }, other);
    assert.equal(taken.code, 'EntityAlreadyExists');
    await h.call('CreateAccountAlias', { AccountAlias: 'my-corp' }, other);
    assert.equal((await h.fail('DeleteAccountAlias', { AccountAlias: 'my-corp' })).code, 'NoSuchEntity');
    await h.call('DeleteAccountAlias', { AccountAlias: 'my-corp-2' });
    assert.deepEqual((await h.call('ListAccountAliases', {})).AccountAliases, []);
  });

  it('summarizes usage and quotas with AWS keys', async () => {
    await h.call('CreateUser', { UserName: 'u' });
    await h.call('CreateGroup', { GroupName: 'g' });
    await h.call('CreateRole', { RoleName: 'r', AssumeRolePolicyDocument: trust() });
    await h.call('CreatePolicy', { PolicyName: 'p', PolicyDocument: allow('s3:*') });
    await h.call('AttachUserPolicy', { UserName: 'u', PolicyArn: `arn:aws:iam::${ACCOUNT}:policy/p` });
    const m = (await h.call('GetAccountSummary', {})).SummaryMap ?? {};
    assert.equal(m['Users'], 1);
    assert.equal(m['Groups'], 1);
    assert.equal(m['Roles'], 1);
    assert.equal(m['Policies'], 1);
    assert.equal(m['PolicyVersionsInUse'], 1);
    assert.equal(m['UsersQuota'], 5000);
    assert.equal(m['GroupsQuota'], 300);
    assert.equal(m['RolesQuota'], 1000);
    assert.equal(m['PoliciesQuota'], 1500);
    assert.equal(m['AccessKeysPerUserQuota'], 2);
    assert.equal(m['AttachedPoliciesPerRoleQuota'], 10);
    assert.equal(m['AccountAccessKeysPresent'], 1);
  });

  it('returns authorization details with encoded documents, filtered and paginated', async () => {
    await h.call('AddUserToGroup', { GroupName: 'g', UserName: 'u' });
    await h.call('PutUserPolicy', { UserName: 'u', PolicyName: 'inl', PolicyDocument: allow('ec2:*') });
    await h.call('AttachRolePolicy', { RoleName: 'r', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' });
    await h.call('CreateInstanceProfile', { InstanceProfileName: 'ip' });
    await h.call('AddRoleToInstanceProfile', { InstanceProfileName: 'ip', RoleName: 'r' });
    const all = await h.call('GetAccountAuthorizationDetails', {});
    const u = all.UserDetailList?.[0];
    assert.equal(u?.UserName, 'u');
    assert.deepEqual(u?.GroupList, ['g']);
    assert.equal(decodeURIComponent(u?.UserPolicyList?.[0]?.PolicyDocument ?? ''), allow('ec2:*'));
    assert.deepEqual(u?.AttachedManagedPolicies, [{ PolicyName: 'p', PolicyArn: `arn:aws:iam::${ACCOUNT}:policy/p` }]);
    const r = all.RoleDetailList?.[0];
    assert.equal(decodeURIComponent(r?.AssumeRolePolicyDocument ?? ''), trust());
    assert.deepEqual(r?.InstanceProfileList?.map((p) => p.InstanceProfileName), ['ip']);
    assert.deepEqual(all.Policies?.map((p) => p.PolicyName), ['p', 'ReadOnlyAccess'], 'AWS managed policies only when used');
    assert.equal(all.Policies?.[0]?.PolicyVersionList?.[0]?.IsDefaultVersion, true);
    const roles = await h.call('GetAccountAuthorizationDetails', { Filter: ['Role'] });
    assert.deepEqual([roles.UserDetailList, roles.RoleDetailList?.length, roles.Policies], [[], 1, []]);
    const p1 = await h.call('GetAccountAuthorizationDetails', { MaxItems: 2 });
    assert.equal(p1.IsTruncated, true);
    const p2 = await h.call('GetAccountAuthorizationDetails', { MaxItems: 10, Marker: p1.Marker! });
    assert.equal((p1.UserDetailList?.length ?? 0) + (p1.GroupDetailList?.length ?? 0) + (p2.RoleDetailList?.length ?? 0) + (p2.Policies?.length ?? 0), 5);
  });
});
