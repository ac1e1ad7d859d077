import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { IAM_TABLES } from '../store/tables.js';
import { getLoginProfile, verifyPassword } from '../store/login-profile-store.js';
import { ACCOUNT, openHarness, userPrincipal, type Harness } from '../test-harness.js';

describe('IAM login profiles', () => {
  let h: Harness;
  before(async () => {
    h = await openHarness();
    await h.call('CreateUser', { UserName: 'u' });
  });
  after(() => h.close());

  it('creates a profile, stores only a password hash, and refuses a second one', async () => {
    const { LoginProfile } = await h.call('CreateLoginProfile', { UserName: 'u', Password: 'Correct-Horse-1', PasswordResetRequired: true });
    assert.deepEqual([LoginProfile.UserName, LoginProfile.PasswordResetRequired], ['u', true]);
    const raw = await h.store.get(IAM_TABLES.loginProfiles, { kind: 'account', accountId: ACCOUNT }, 'u');
    assert.ok(raw && !Object.values(raw.value as object).some((v) => String(v).includes('Correct-Horse-1')));
    const rec = await getLoginProfile(h.store, { kind: 'account', accountId: ACCOUNT }, 'u');
    assert.equal(await verifyPassword('Correct-Horse-1', rec!.passwordHash), true);
    assert.equal(await verifyPassword('wrong', rec!.passwordHash), false);
    assert.equal((await h.fail('CreateLoginProfile', { UserName: 'u', Password: 'Correct-Horse-1' })).code, 'EntityAlreadyExists');
  });

  it('enforces the default password policy', async () => {
    await h.call('CreateUser', { UserName: 'weak' });
    const e = await h.fail('CreateLoginProfile', { UserName: 'weak', Password: 'password' });
    assert.equal(e.code, 'PasswordPolicyViolation');
    assert.equal(e.httpStatus, 400);
  });

  it('gets, updates and deletes; DeleteUser waits for the profile to go', async () => {
    await h.call('UpdateLoginProfile', { UserName: 'u', Password: 'Another-Pass-2', PasswordResetRequired: false });
    assert.equal((await h.call('GetLoginProfile', {}, userPrincipal('u'))).LoginProfile.PasswordResetRequired, false);
    assert.equal((await h.fail('DeleteUser', { UserName: 'u' })).message, 'Cannot delete entity, must delete login profile first.');
    await h.call('DeleteLoginProfile', { UserName: 'u' });
    const e = await h.fail('GetLoginProfile', { UserName: 'u' });
    assert.equal(e.message, 'Login Profile for User u cannot be found.');
    await h.call('DeleteUser', { UserName: 'u' });
  });
});
