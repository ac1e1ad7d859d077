import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { LOGIN_PROFILES_TABLE, PASSWORD_HASH_FIELD, PASSWORD_HASH_PREFIX, PASSWORD_HISTORY_FIELD } from '../../../storage/secret-binding.js';
import { StorageError } from '../../../storage/types.js';
import { IAM_TABLES } from '../store/tables.js';
import { getLoginProfile, hashesAt, verifyPassword, type LoginProfileRecord } from '../store/login-profile-store.js';
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
    const at = hashesAt({ kind: 'account', accountId: ACCOUNT }, 'u');
    assert.equal(await verifyPassword(h.store.sealer, at, 'Correct-Horse-1', rec!.passwordHash), true);
    assert.equal(await verifyPassword(h.store.sealer, at, 'wrong', rec!.passwordHash), false);
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

  it('stores every password hash sealed, bound to the profile: no scrypt$ in the database, a hash copied into another profile does not open', async () => {
    const scope = { kind: 'account', accountId: ACCOUNT } as const;
    await h.call('UpdateAccountPasswordPolicy', { PasswordReusePrevention: 3 });
    for (const name of ['vera', 'walt']) {
      await h.call('CreateUser', { UserName: name });
      await h.call('CreateLoginProfile', { UserName: name, Password: `${name}-Pass-1` });
      await h.call('UpdateLoginProfile', { UserName: name, Password: `${name}-Pass-2` });
    }
    const vera = (await getLoginProfile(h.store, scope, 'vera'))!;
    assert.match(vera.passwordHash, /^rs2:/);
    assert.equal(vera.previousHashes?.length, 1);
    assert.match(vera.previousHashes![0]!, /^rs2:/);
    const files = readdirSync(h.dataDir).filter((f) => f.startsWith('rampart.db'));
    assert.ok(files.length > 0);
    for (const f of files) assert.ok(!readFileSync(join(h.dataDir, f)).includes('scrypt$'), `${f} holds a password hash in clear`);
    // Someone who can write the database copies vera's hash into walt's profile: it does not open there.
    const walt = (await getLoginProfile(h.store, scope, 'walt'))!;
    await h.store.put(IAM_TABLES.loginProfiles, scope, 'walt', { ...walt, passwordHash: vera.passwordHash });
    const copied = (await getLoginProfile(h.store, scope, 'walt'))!.passwordHash;
    await assert.rejects(verifyPassword(h.store.sealer, hashesAt(scope, 'walt'), 'vera-Pass-2', copied), (e: unknown) => e instanceof StorageError && e.reason === 'Corrupt');
    assert.equal(await verifyPassword(h.store.sealer, hashesAt(scope, 'vera'), 'vera-Pass-2', copied), true, 'it still opens at its own place');
    await h.call('DeleteAccountPasswordPolicy', {});
  });

  it('UpdateUser renaming a user seals its password hashes again for the new name: password and history still work', async () => {
    const scope = { kind: 'account', accountId: ACCOUNT } as const;
    await h.call('UpdateAccountPasswordPolicy', { PasswordReusePrevention: 3 });
    await h.call('CreateUser', { UserName: 'rena' });
    await h.call('CreateLoginProfile', { UserName: 'rena', Password: 'Rena-Pass-1' });
    await h.call('UpdateLoginProfile', { UserName: 'rena', Password: 'Rena-Pass-2' });
    const before0 = (await getLoginProfile(h.store, scope, 'rena'))!;
    await h.call('UpdateUser', { UserName: 'rena', NewUserName: 'Renate' });
    assert.equal(await getLoginProfile(h.store, scope, 'rena'), undefined);
    const moved = (await getLoginProfile(h.store, scope, 'Renate'))!;
    assert.equal(moved.userName, 'Renate');
    assert.notEqual(moved.passwordHash, before0.passwordHash, 'sealed again');
    assert.equal(await verifyPassword(h.store.sealer, hashesAt(scope, 'renate'), 'Rena-Pass-2', moved.passwordHash), true);
    await assert.rejects(verifyPassword(h.store.sealer, hashesAt(scope, 'rena'), 'Rena-Pass-2', moved.passwordHash), StorageError, 'not at the old key any more');
    const renate = userPrincipal('Renate');
    const reuse = await h.fail('ChangePassword', { OldPassword: 'Rena-Pass-2', NewPassword: 'Rena-Pass-1' }, renate);
    assert.equal(reuse.code, 'PasswordPolicyViolation', 'the history opened at the new key');
    await h.call('ChangePassword', { OldPassword: 'Rena-Pass-2', NewPassword: 'Rena-Pass-3' }, renate);
    // A change of case only keeps the key (user keys are lower case): nothing to re-seal, all still opens.
    await h.call('UpdateUser', { UserName: 'Renate', NewUserName: 'RENATE' });
    await h.call('ChangePassword', { OldPassword: 'Rena-Pass-3', NewPassword: 'Rena-Pass-4' }, userPrincipal('RENATE'));
    await h.call('DeleteAccountPasswordPolicy', {});
  });

  it('the storage migration that seals hashes of earlier versions names the table and fields IAM uses', async () => {
    assert.equal(LOGIN_PROFILES_TABLE, IAM_TABLES.loginProfiles);
    const fields: readonly (keyof LoginProfileRecord)[] = [PASSWORD_HASH_FIELD, PASSWORD_HISTORY_FIELD];
    assert.deepEqual(fields, ['passwordHash', 'previousHashes']);
    const scope = { kind: 'account', accountId: ACCOUNT } as const;
    await h.call('CreateUser', { UserName: 'hal' });
    await h.call('CreateLoginProfile', { UserName: 'hal', Password: 'Hal-Pass-1!' });
    const sealed = (await getLoginProfile(h.store, scope, 'hal'))!.passwordHash;
    assert.ok(h.store.sealer.open(sealed, hashesAt(scope, 'hal')).toString().startsWith(PASSWORD_HASH_PREFIX), 'the hashes it seals look like the ones IAM makes');
  });
});
