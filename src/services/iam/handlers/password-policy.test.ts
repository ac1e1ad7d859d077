import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ACCOUNT, openHarness, ROLE_SESSION, userPrincipal, type Harness } from '../test-harness.js';

describe('account password policy', () => {
  let h: Harness;
  before(async () => {
    h = await openHarness();
    await h.call('CreateUser', { UserName: 'dana' });
  });
  after(async () => h.close());

  it('is absent until set, then returned with defaults for what the request left out', async () => {
    const e = await h.fail('GetAccountPasswordPolicy', {});
    assert.deepEqual([e.code, e.message], ['NoSuchEntity', `The Password Policy with domain name ${ACCOUNT} cannot be found.`]);
    assert.equal((await h.fail('DeleteAccountPasswordPolicy', {})).code, 'NoSuchEntity');
    await h.call('UpdateAccountPasswordPolicy', { RequireNumbers: true, MaxPasswordAge: 90 });
    assert.deepEqual((await h.call('GetAccountPasswordPolicy', {})).PasswordPolicy, {
      MinimumPasswordLength: 6,
      RequireSymbols: false,
      RequireNumbers: true,
      RequireUppercaseCharacters: false,
      RequireLowercaseCharacters: false,
      AllowUsersToChangePassword: false,
      ExpirePasswords: true,
      MaxPasswordAge: 90,
    });
    await h.call('DeleteAccountPasswordPolicy', {});
    assert.equal((await h.fail('GetAccountPasswordPolicy', {})).code, 'NoSuchEntity');
  });

  it('is enforced by CreateLoginProfile and UpdateLoginProfile', async () => {
    // Without a policy, AWS's default applies: 'abcdef12' has only two character classes.
    assert.equal((await h.fail('CreateLoginProfile', { UserName: 'dana', Password: 'abcdef12' })).code, 'PasswordPolicyViolation');
    await h.call('UpdateAccountPasswordPolicy', { MinimumPasswordLength: 12, RequireSymbols: true, RequireUppercaseCharacters: true, PasswordReusePrevention: 2 });
    for (const bad of ['Short!1', 'longenough-but-no-upper', 'LongEnoughNoSymbol1']) {
      const e = await h.fail('CreateLoginProfile', { UserName: 'dana', Password: bad });
      assert.deepEqual([e.code, e.httpStatus], ['PasswordPolicyViolation', 400], bad);
    }
    await h.call('CreateLoginProfile', { UserName: 'dana', Password: 'Correct-Horse-1' });
    assert.equal((await h.fail('UpdateLoginProfile', { UserName: 'dana', Password: 'weak' })).code, 'PasswordPolicyViolation');
    const reuse = await h.fail('UpdateLoginProfile', { UserName: 'dana', Password: 'Correct-Horse-1' });
    assert.equal(reuse.message, 'Policy constraint violation with password reuse prevention during password change');
    await h.call('UpdateLoginProfile', { UserName: 'dana', Password: 'Battery-Staple-2' });
  });

  it('lets a user change its own password (ChangePassword)', async () => {
    const dana = userPrincipal('dana');
    // UNCONFIRMED AWS TEXT: InvalidUserType for a wrong old password and (next two lines) for non-users; decided without evidence, see src/services/iam/README.md ("Checked against AWS")
    assert.equal((await h.fail('ChangePassword', { OldPassword: 'wrong', NewPassword: 'Another-Pass-3' }, dana)).code, 'InvalidUserType');
    assert.equal((await h.fail('ChangePassword', { OldPassword: 'x', NewPassword: 'Another-Pass-3' })).code, 'InvalidUserType', 'root');
    assert.equal((await h.fail('ChangePassword', { OldPassword: 'x', NewPassword: 'Another-Pass-3' }, ROLE_SESSION)).code, 'InvalidUserType');
    // The last two passwords may not be reused.
    assert.equal((await h.fail('ChangePassword', { OldPassword: 'Battery-Staple-2', NewPassword: 'Correct-Horse-1' }, dana)).code, 'PasswordPolicyViolation');
    assert.equal((await h.fail('ChangePassword', { OldPassword: 'Battery-Staple-2', NewPassword: 'nope' }, dana)).code, 'PasswordPolicyViolation');
    await h.call('ChangePassword', { OldPassword: 'Battery-Staple-2', NewPassword: 'Another-Pass-3' }, dana);
    await h.call('ChangePassword', { OldPassword: 'Another-Pass-3', NewPassword: 'Correct-Horse-1' }, dana);
    assert.equal((await h.call('GetLoginProfile', { UserName: 'dana' })).LoginProfile.PasswordResetRequired, false);
  });
});
