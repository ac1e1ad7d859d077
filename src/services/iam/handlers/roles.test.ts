import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ACCOUNT, allow, openHarness, trust, type Harness } from '../test-harness.js';

describe('IAM roles', () => {
  let h: Harness;
  before(async () => {
    h = await openHarness();
  });
  after(() => h.close());

  it('creates a role with a validated trust policy, returned URL-encoded', async () => {
    const doc = trust();
    const { Role } = await h.call('CreateRole', { RoleName: 'app', AssumeRolePolicyDocument: doc, Description: 'the app', Tags: [{ Key: 'k', Value: 'v' }] });
    assert.match(Role.RoleId, /^AROA/);
    assert.equal(Role.Arn, `arn:aws:iam::${ACCOUNT}:role/app`);
    assert.equal(Role.MaxSessionDuration, 3600);
    assert.equal(Role.AssumeRolePolicyDocument, encodeURIComponent(doc));
    assert.equal(decodeURIComponent(Role.AssumeRolePolicyDocument ?? ''), doc);
    const got = await h.call('GetRole', { RoleName: 'APP' });
    assert.equal(got.Role.Description, 'the app');
    assert.deepEqual(got.Role.RoleLastUsed, {});
    assert.deepEqual(got.Role.Tags, [{ Key: 'k', Value: 'v' }]);
  });

  it('rejects malformed trust policies and identity policies used as trust policies', async () => {
    const bad = await h.fail('CreateRole', { RoleName: 'bad', AssumeRolePolicyDocument: '{not json' });
    assert.equal(bad.code, 'MalformedPolicyDocument');
    assert.equal(bad.httpStatus, 400);
    const noPrincipal = await h.fail('CreateRole', { RoleName: 'bad', AssumeRolePolicyDocument: allow('sts:AssumeRole') });
    assert.equal(noPrincipal.code, 'MalformedPolicyDocument');
    assert.equal((await h.fail('GetRole', { RoleName: 'bad' })).code, 'NoSuchEntity');
  });

  it('checks MaxSessionDuration bounds', async () => {
    const e = await h.fail('CreateRole', { RoleName: 'short', AssumeRolePolicyDocument: trust(), MaxSessionDuration: 60 });
    assert.equal(e.code, 'ValidationError');
    const { Role } = await h.call('CreateRole', { RoleName: 'long', AssumeRolePolicyDocument: trust(), MaxSessionDuration: 43200, Path: '/svc/' });
    assert.equal(Role.MaxSessionDuration, 43200);
  });

  it('updates description, session duration and trust policy', async () => {
    await h.call('UpdateRole', { RoleName: 'app', MaxSessionDuration: 7200 });
    const { Role } = await h.call('UpdateRoleDescription', { RoleName: 'app', Description: 'new' });
    assert.equal(Role?.Description, 'new');
    assert.equal(Role?.MaxSessionDuration, 7200);
    const doc = trust(`arn:aws:iam::${ACCOUNT}:user/alice`);
    // A principal that does not exist is refused (AWS binds principals to unique ids on save).
    const missing = await h.fail('UpdateAssumeRolePolicy', { RoleName: 'app', PolicyDocument: doc });
    assert.deepEqual([missing.code, missing.message], ['MalformedPolicyDocument', `Invalid principal in policy: "AWS":"arn:aws:iam::${ACCOUNT}:user/alice"`]);
    await h.call('CreateUser', { UserName: 'alice' });
    await h.call('UpdateAssumeRolePolicy', { RoleName: 'app', PolicyDocument: doc });
    assert.equal(decodeURIComponent((await h.call('GetRole', { RoleName: 'app' })).Role.AssumeRolePolicyDocument ?? ''), doc);
    assert.equal((await h.fail('UpdateAssumeRolePolicy', { RoleName: 'app', PolicyDocument: '[]' })).code, 'MalformedPolicyDocument');
  });

  it('a trust policy shows the unique id of a principal deleted (or recreated) since it was saved', async () => {
    const { User } = await h.call('CreateUser', { UserName: 'gone' });
    const doc = trust(`arn:aws:iam::${ACCOUNT}:user/gone`);
    await h.call('CreateRole', { RoleName: 'trusts-gone', AssumeRolePolicyDocument: doc });
    await h.call('DeleteUser', { UserName: 'gone' });
    await h.call('CreateUser', { UserName: 'gone' });
    const shown = JSON.parse(decodeURIComponent((await h.call('GetRole', { RoleName: 'trusts-gone' })).Role.AssumeRolePolicyDocument ?? '')) as { Statement: { Principal: { AWS: string } }[] };
    assert.equal(shown.Statement[0]!.Principal.AWS, User!.UserId);
    await h.call('DeleteRole', { RoleName: 'trusts-gone' });
  });

  it('lists roles without tags, filtered by path', async () => {
    const all = await h.call('ListRoles', {});
    assert.deepEqual(all.Roles.map((r) => r.RoleName), ['app', 'long']);
    assert.equal(all.Roles[0]?.Tags, undefined);
    assert.deepEqual((await h.call('ListRoles', { PathPrefix: '/svc/' })).Roles.map((r) => r.RoleName), ['long']);
  });

  it('DeleteRole conflicts while in an instance profile or holding policies', async () => {
    await h.call('CreateInstanceProfile', { InstanceProfileName: 'ip' });
    await h.call('AddRoleToInstanceProfile', { InstanceProfileName: 'ip', RoleName: 'app' });
    await h.call('PutRolePolicy', { RoleName: 'app', PolicyName: 'inline', PolicyDocument: allow('s3:GetObject') });
    await h.call('AttachRolePolicy', { RoleName: 'app', PolicyArn: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess' });
    const msg = async () => (await h.fail('DeleteRole', { RoleName: 'app' })).message;
    assert.equal(await msg(), 'Cannot delete entity, must remove roles from instance profile first.');
    await h.call('RemoveRoleFromInstanceProfile', { InstanceProfileName: 'ip', RoleName: 'app' });
    assert.equal(await msg(), 'Cannot delete entity, must delete policies first.');
    await h.call('DeleteRolePolicy', { RoleName: 'app', PolicyName: 'inline' });
    assert.equal(await msg(), 'Cannot delete entity, must detach all policies first.');
    await h.call('DetachRolePolicy', { RoleName: 'app', PolicyArn: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess' });
    await h.call('DeleteRole', { RoleName: 'app' });
    assert.equal((await h.fail('GetRole', { RoleName: 'app' })).message, 'The role with name app cannot be found.');
  });

  it('records and reports RoleLastUsed through the usage recorder', async () => {
    const { UsageRecorder } = await import('../usage-recorder.js');
    const rec = new UsageRecorder(h.store);
    await rec.recordRoleUse(ACCOUNT, 'LONG', 'eu-west-1', Date.parse('2024-05-01T00:00:00Z'));
    const { Role } = await h.call('GetRole', { RoleName: 'long' });
    assert.equal(Role.RoleLastUsed?.Region, 'eu-west-1');
    assert.equal(Role.RoleLastUsed?.LastUsedDate?.toISOString(), '2024-05-01T00:00:00.000Z');
  });
});
