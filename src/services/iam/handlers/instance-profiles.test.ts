import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ACCOUNT, openHarness, trust, type Harness } from '../test-harness.js';

describe('IAM instance profiles', () => {
  let h: Harness;
  before(async () => {
    h = await openHarness();
    await h.call('CreateRole', { RoleName: 'web', AssumeRolePolicyDocument: trust() });
    await h.call('CreateRole', { RoleName: 'db', AssumeRolePolicyDocument: trust() });
  });
  after(() => h.close());

  it('creates and gets a profile with its role', async () => {
    const { InstanceProfile } = await h.call('CreateInstanceProfile', { InstanceProfileName: 'web-ip', Path: '/x/', Tags: [{ Key: 'a', Value: 'b' }] });
    assert.equal(InstanceProfile.Arn, `arn:aws:iam::${ACCOUNT}:instance-profile/x/web-ip`);
    assert.match(InstanceProfile.InstanceProfileId, /^AIPA/);
    assert.deepEqual(InstanceProfile.Roles, []);
    assert.equal((await h.fail('CreateInstanceProfile', { InstanceProfileName: 'WEB-IP' })).message, 'Instance Profile WEB-IP already exists.');
    await h.call('AddRoleToInstanceProfile', { InstanceProfileName: 'web-ip', RoleName: 'web' });
    const got = await h.call('GetInstanceProfile', { InstanceProfileName: 'web-ip' });
    assert.deepEqual(got.InstanceProfile.Roles.map((r) => r.RoleName), ['web']);
    assert.deepEqual(got.InstanceProfile.Tags, [{ Key: 'a', Value: 'b' }]);
  });

  it('allows one role per profile (LimitExceeded)', async () => {
    const e = await h.fail('AddRoleToInstanceProfile', { InstanceProfileName: 'web-ip', RoleName: 'db' });
    assert.equal(e.code, 'LimitExceeded');
    assert.equal(e.message, 'Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1');
  });

  it('lists profiles and profiles for a role', async () => {
    await h.call('CreateInstanceProfile', { InstanceProfileName: 'db-ip' });
    assert.deepEqual((await h.call('ListInstanceProfiles', {})).InstanceProfiles.map((p) => p.InstanceProfileName), ['db-ip', 'web-ip']);
    assert.deepEqual((await h.call('ListInstanceProfiles', { PathPrefix: '/x/' })).InstanceProfiles.map((p) => p.InstanceProfileName), ['web-ip']);
    const forRole = await h.call('ListInstanceProfilesForRole', { RoleName: 'web' });
    assert.deepEqual(forRole.InstanceProfiles.map((p) => p.InstanceProfileName), ['web-ip']);
    assert.equal((await h.fail('GetInstanceProfile', { InstanceProfileName: 'nope' })).message, 'Instance Profile nope cannot be found.');
  });

  it('DeleteInstanceProfile conflicts while it holds a role', async () => {
    assert.equal((await h.fail('DeleteInstanceProfile', { InstanceProfileName: 'web-ip' })).message, 'Cannot delete entity, must remove roles from instance profile first.');
    await h.call('RemoveRoleFromInstanceProfile', { InstanceProfileName: 'web-ip', RoleName: 'WEB' });
    assert.equal((await h.fail('RemoveRoleFromInstanceProfile', { InstanceProfileName: 'web-ip', RoleName: 'web' })).code, 'NoSuchEntity');
    await h.call('DeleteInstanceProfile', { InstanceProfileName: 'web-ip' });
    assert.deepEqual((await h.call('ListInstanceProfilesForRole', { RoleName: 'web' })).InstanceProfiles, []);
  });
});
