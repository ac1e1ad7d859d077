import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ACCOUNT, openHarness, userPrincipal, type Harness } from '../test-harness.js';

describe('IAM service-specific credentials', () => {
  let h: Harness;
  let id: string;
  let password: string;
  before(async () => {
    h = await openHarness();
    await h.call('CreateUser', { UserName: 'git' });
  });
  after(() => h.close());

  it('creates CodeCommit credentials: <user>-at-<account>, a 44-character password, ACCA id', async () => {
    const { ServiceSpecificCredential: c } = await h.call('CreateServiceSpecificCredential', { UserName: 'GIT', ServiceName: 'codecommit.amazonaws.com' });
    assert.equal(c!.ServiceUserName, `git-at-${ACCOUNT}`);
    assert.equal(c!.UserName, 'git');
    assert.equal(c!.Status, 'Active');
    assert.match(c!.ServicePassword!, /^[A-Za-z0-9+/]{43}=$/);
    assert.match(c!.ServiceSpecificCredentialId, /^ACCA[A-Z0-9]{16}$/);
    id = c!.ServiceSpecificCredentialId;
    password = c!.ServicePassword!;
  });

  it('refuses unsupported services (404), CredentialAgeDays, a third credential for one service', async () => {
    const e = await h.fail('CreateServiceSpecificCredential', { UserName: 'git', ServiceName: 's3.amazonaws.com' });
    assert.deepEqual([e.code, e.httpStatus], ['NotSupportedService', 404]);
    assert.equal((await h.fail('CreateServiceSpecificCredential', { UserName: 'git', ServiceName: 'codecommit.amazonaws.com', CredentialAgeDays: 5 })).code, 'InvalidInput');
    await h.call('CreateServiceSpecificCredential', { UserName: 'git', ServiceName: 'codecommit.amazonaws.com' });
    const third = await h.fail('CreateServiceSpecificCredential', { UserName: 'git', ServiceName: 'codecommit.amazonaws.com' });
    assert.equal(third.code, 'LimitExceeded');
    await h.call('CreateServiceSpecificCredential', { UserName: 'git', ServiceName: 'cassandra.amazonaws.com' });
  });

  it('lists without passwords, by user (the caller by default), service, or all users', async () => {
    const all = await h.call('ListServiceSpecificCredentials', { UserName: 'git' });
    assert.equal(all.ServiceSpecificCredentials!.length, 3);
    assert.ok(!JSON.stringify(all).includes(password));
    assert.ok(all.ServiceSpecificCredentials!.every((c) => !('ServicePassword' in c)));
    const cc = await h.call('ListServiceSpecificCredentials', { ServiceName: 'cassandra.amazonaws.com' }, userPrincipal('git'));
    assert.deepEqual(cc.ServiceSpecificCredentials!.map((c) => c.ServiceName), ['cassandra.amazonaws.com']);
    await h.call('CreateUser', { UserName: 'other' });
    await h.call('CreateServiceSpecificCredential', { UserName: 'other', ServiceName: 'codecommit.amazonaws.com' });
    assert.equal((await h.call('ListServiceSpecificCredentials', { AllUsers: true })).ServiceSpecificCredentials!.length, 4);
    assert.deepEqual((await h.call('ListServiceSpecificCredentials', {})).ServiceSpecificCredentials, []);
  });

  it('resets the password (returned once), updates the status, and another user cannot reach it', async () => {
    const reset = await h.call('ResetServiceSpecificCredential', { UserName: 'git', ServiceSpecificCredentialId: id });
    assert.notEqual(reset.ServiceSpecificCredential!.ServicePassword, password);
    await h.call('UpdateServiceSpecificCredential', { ServiceSpecificCredentialId: id, Status: 'Inactive' }, userPrincipal('git'));
    const listed = (await h.call('ListServiceSpecificCredentials', { UserName: 'git' })).ServiceSpecificCredentials!;
    assert.equal(listed.find((c) => c.ServiceSpecificCredentialId === id)!.Status, 'Inactive');
    assert.equal((await h.fail('DeleteServiceSpecificCredential', { UserName: 'other', ServiceSpecificCredentialId: id })).code, 'NoSuchEntity');
    for (const f of readdirSync(h.dataDir).filter((n) => n.startsWith('rampart.db'))) {
      const bytes = readFileSync(join(h.dataDir, f));
      assert.ok(!bytes.includes(password) && !bytes.includes(reset.ServiceSpecificCredential!.ServicePassword!), `${f} holds a password in clear`);
    }
  });

  it('DeleteUser refuses while they remain; deleted ones are gone', async () => {
    assert.equal((await h.fail('DeleteUser', { UserName: 'other' })).message, 'Cannot delete entity, must delete service specific credentials first.');
    const [c] = (await h.call('ListServiceSpecificCredentials', { UserName: 'other' })).ServiceSpecificCredentials!;
    await h.call('DeleteServiceSpecificCredential', { UserName: 'other', ServiceSpecificCredentialId: c!.ServiceSpecificCredentialId });
    await h.call('DeleteUser', { UserName: 'other' });
  });
});
