/**
 * Cross-account access over the AWS SDK: a role in account B trusted by account A is assumed by a user
 * of A whose own policy allows it (both sides must allow, as AWS's cross-account logic says), and the
 * session acts in B with the role's permissions only.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AttachRolePolicyCommand, CreateRoleCommand, CreateUserCommand, ListUsersCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { createAccount, type RootCredentials } from '../../src/authz/bootstrap-account.js';
import { startTestServer, type TestServer } from '../helpers/rampart.js';
import { allow, doc, failure, iam, sts, userWithKey, type Creds } from './authz-support.js';

let s: TestServer;
let A: string;
let B: RootCredentials;

before(async () => {
  s = await startTestServer();
  A = s.accountId;
  B = await createAccount(s.runtime.store, { now: Date.now() });
  await iam(s, B).send(new CreateUserCommand({ UserName: 'b-user' }));
  const trustA = doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:AssumeRole' });
  await iam(s, B).send(new CreateRoleCommand({ RoleName: 'FromA', AssumeRolePolicyDocument: trustA }));
  await iam(s, B).send(new AttachRolePolicyCommand({ RoleName: 'FromA', PolicyArn: 'arn:aws:iam::aws:policy/IAMReadOnlyAccess' }));
  const trustOther = doc({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::999999999999:root' }, Action: 'sts:AssumeRole' });
  await iam(s, B).send(new CreateRoleCommand({ RoleName: 'NotForA', AssumeRolePolicyDocument: trustOther }));
});
after(() => s.close());

const roleArn = (name: string) => `arn:aws:iam::${B.accountId}:role/${name}`;
const assume = async (creds: Creds, name: string): Promise<Creds> => {
  const c = (await sts(s, creds).send(new AssumeRoleCommand({ RoleArn: roleArn(name), RoleSessionName: 'xacct' }))).Credentials!;
  return { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
};

describe('cross-account role assumption', () => {
  it('a user of A allowed sts:AssumeRole assumes B\'s role that trusts A, and acts in B', async () => {
    const u = await userWithKey(s, 'crosser', { policy: doc(allow('sts:AssumeRole', roleArn('*'))) });
    const session = await assume(u, 'FromA');
    assert.equal((await sts(s, session).send(new GetCallerIdentityCommand({}))).Arn, `arn:aws:sts::${B.accountId}:assumed-role/FromA/xacct`);
    const users = await iam(s, session).send(new ListUsersCommand({}));
    assert.deepEqual(users.Users?.map((x) => x.UserName), ['b-user'], 'the session lists B\'s users, not A\'s');
    const e = await failure(iam(s, session).send(new CreateUserCommand({ UserName: 'nope' })));
    assert.equal(e.name, 'AccessDenied');
  });

  it('both sides must allow: the trust policy alone does not, nor the identity policy alone', async () => {
    const none = await userWithKey(s, 'no-policy', { policy: doc(allow('iam:GetUser')) });
    const e1 = await failure(assume(none, 'FromA'));
    assert.match(e1.message, new RegExp(`not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::${B.accountId}:role/FromA because no identity-based policy allows`));
    const any = await userWithKey(s, 'any-role', { policy: doc(allow('sts:AssumeRole', '*')) });
    const e2 = await failure(assume(any, 'NotForA'));
    assert.match(e2.message, /not authorized to perform: sts:AssumeRole on resource: .*role\/NotForA/);
  });
});
