/**
 * The password policy's AllowUsersToChangePassword reaches authorization: with it, every IAM user
 * may call ChangePassword on itself and GetAccountPasswordPolicy without any policy granting them
 * (AWS: "permissions are applied at the account-level for all users by IAM"); without it (the
 * default) a user needs iam:ChangePassword from a policy. An explicit deny still wins.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ChangePasswordCommand, CreateLoginProfileCommand, DeleteAccountPasswordPolicyCommand, GetAccountPasswordPolicyCommand, PutUserPolicyCommand, UpdateAccountPasswordPolicyCommand } from '@aws-sdk/client-iam';
import { startTestServer, type TestServer } from '../helpers/rampart.js';
import { doc, failure, iam, userWithKey, type Creds } from './authz-support.js';

describe('AllowUsersToChangePassword reaches the authorization of ChangePassword', () => {
  let s: TestServer;
  let ada: Creds;
  let password = 'Start-Pass-1';
  before(async () => {
    s = await startTestServer({});
    ada = await userWithKey(s, 'ada');
    await iam(s).send(new CreateLoginProfileCommand({ UserName: 'ada', Password: password }));
  });
  after(() => s.close());

  async function change(creds: Creds, next: string): Promise<void> {
    await iam(s, creds).send(new ChangePasswordCommand({ OldPassword: password, NewPassword: next }));
    password = next;
  }

  it('without a password policy (or with the flag off) a user with no policy is denied', async () => {
    const e = await failure(change(ada, 'Next-Pass-2'));
    assert.equal(e.name, 'AccessDenied');
    assert.match(e.message, /iam:ChangePassword on resource: arn:aws:iam::\d{12}:user\/ada because no identity-based policy allows/);
    await iam(s).send(new UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: 8, AllowUsersToChangePassword: false }));
    assert.equal((await failure(change(ada, 'Next-Pass-2'))).name, 'AccessDenied');
    assert.equal((await failure(iam(s, ada).send(new GetAccountPasswordPolicyCommand({})))).name, 'AccessDenied');
  });

  it('with AllowUsersToChangePassword every user changes its own password and reads the policy', async () => {
    await iam(s).send(new UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: 8, AllowUsersToChangePassword: true }));
    await change(ada, 'Next-Pass-3');
    const got = await iam(s, ada).send(new GetAccountPasswordPolicyCommand({}));
    assert.equal(got.PasswordPolicy?.AllowUsersToChangePassword, true);
  });

  it('an explicit deny still wins, and deleting the policy takes the grant away', async () => {
    await iam(s).send(new PutUserPolicyCommand({ UserName: 'ada', PolicyName: 'no', PolicyDocument: doc({ Effect: 'Deny', Action: 'iam:ChangePassword', Resource: '*' }) }));
    const e = await failure(change(ada, 'Next-Pass-4'));
    assert.match(e.message, /with an explicit deny in an identity-based policy/);
    await iam(s).send(new PutUserPolicyCommand({ UserName: 'ada', PolicyName: 'no', PolicyDocument: doc({ Effect: 'Deny', Action: 's3:*', Resource: '*' }) }));
    await change(ada, 'Next-Pass-5');
    await iam(s).send(new DeleteAccountPasswordPolicyCommand({}));
    assert.equal((await failure(change(ada, 'Next-Pass-6'))).name, 'AccessDenied');
  });
});
