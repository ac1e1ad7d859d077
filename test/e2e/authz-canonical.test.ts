/**
 * The authorization holes an outside attack found (issue: "a low-privilege user can become
 * administrator"), each performed as the attacker did, through the AWS SDK against a real server:
 * without the permission the step needs it is denied with AWS's answer, and the denial names the
 * canonical ARN of the entity acted upon (stored name and path); with the permission it succeeds.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AddRoleToInstanceProfileCommand,
  AddUserToGroupCommand,
  AttachRolePolicyCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreateInstanceProfileCommand,
  CreateLoginProfileCommand,
  CreateRoleCommand,
  CreateUserCommand,
  CreateVirtualMFADeviceCommand,
  DeleteAccessKeyCommand,
  DeleteUserCommand,
  DeleteUserPermissionsBoundaryCommand,
  DeleteUserPolicyCommand,
  DeleteVirtualMFADeviceCommand,
  GetAccessKeyLastUsedCommand,
  GetRoleCommand,
  ListUsersCommand,
  PutUserPermissionsBoundaryCommand,
  SimulatePrincipalPolicyCommand,
  UntagUserCommand,
  UpdateAssumeRolePolicyCommand,
  UpdateLoginProfileCommand,
  UpdateRoleCommand,
  UpdateUserCommand,
} from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetSessionTokenCommand } from '@aws-sdk/client-sts';
import { IAMClient } from '@aws-sdk/client-iam';
import { STSClient } from '@aws-sdk/client-sts';
import { startTestServer, type TestServer } from '../helpers/rampart.js';
import { allow, doc, failure, iam, sts, userWithKey, type Creds } from './authz-support.js';

const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
const deny = (Action: string | string[], Resource: string | string[]) => ({ Effect: 'Deny', Action, Resource });

let s: TestServer;
let A: string;
let n = 0;
/** A name unique to this run. */
const uniq = (base: string) => `${base}${++n}`;
const arn = (kind: string, pathAndName: string) => `arn:aws:iam::${A}:${kind}/${pathAndName}`;
const root = () => iam(s);
const credsOf = (c: { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string } | undefined): Creds => ({
  accessKeyId: c!.AccessKeyId!,
  secretAccessKey: c!.SecretAccessKey!,
  ...(c!.SessionToken ? { sessionToken: c!.SessionToken } : {}),
});
const trustAccount = () => doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:AssumeRole' });

/** The denial's code and the resource its message names. */
async function deniedOn(p: Promise<unknown>): Promise<{ code: string; resource: string | undefined; message: string }> {
  const e = await failure(p);
  return { code: e.name, resource: / on resource: (\S+)/.exec(e.message)?.[1], message: e.message };
}

async function assume(creds: Creds, roleArn: string): Promise<Creds> {
  return credsOf((await sts(s, creds).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'esc' }))).Credentials);
}

before(async () => {
  s = await startTestServer();
  A = s.accountId;
});
after(() => s.close());

describe('1. AssumeRole authorizes the role the ARN names exactly', () => {
  it('a role ARN with a forged path names no role: allowed only on role/sandbox/*, AdminRole (path /) stays out of reach', async () => {
    const role = uniq('AdminRole');
    await root().send(new CreateRoleCommand({ RoleName: role, AssumeRolePolicyDocument: trustAccount() }));
    const atk = await userWithKey(s, uniq('atk'), { policy: doc(allow('sts:AssumeRole', arn('role', 'sandbox/*'))) });
    const e = await deniedOn(assume(atk, arn('role', `sandbox/${role}`)));
    assert.deepEqual([e.code, e.resource], ['AccessDenied', arn('role', `sandbox/${role}`)]);
    // With the permission on the real ARN, the same user assumes it.
    const ok = await userWithKey(s, uniq('ok'), { policy: doc(allow('sts:AssumeRole', arn('role', role))) });
    await assume(ok, arn('role', role));
  });

  it('another case names no role: denied role/AdminRole cannot assume it as role/adminrole', async () => {
    const role = uniq('CaseRole');
    await root().send(new CreateRoleCommand({ RoleName: role, AssumeRolePolicyDocument: trustAccount() }));
    const atk = await userWithKey(s, uniq('atk'), { policy: doc(allow('sts:AssumeRole', '*'), deny('sts:AssumeRole', arn('role', role))) });
    assert.equal((await deniedOn(assume(atk, arn('role', role.toLowerCase())))).code, 'AccessDenied');
    const exact = await deniedOn(assume(atk, arn('role', role)));
    assert.match(exact.message, /with an explicit deny/);
    const ok = await userWithKey(s, uniq('ok'), { policy: doc(allow('sts:AssumeRole', '*')) });
    await assume(ok, arn('role', role));
  });

  it('a dropped path names no role: a Deny on role/admin/* is not bypassed with role/Boss', async () => {
    const role = uniq('Boss');
    await root().send(new CreateRoleCommand({ RoleName: role, Path: '/admin/', AssumeRolePolicyDocument: trustAccount() }));
    const atk = await userWithKey(s, uniq('atk'), { policy: doc(allow('sts:AssumeRole', '*'), deny('sts:AssumeRole', arn('role', 'admin/*'))) });
    assert.equal((await deniedOn(assume(atk, arn('role', role)))).code, 'AccessDenied');
    assert.match((await deniedOn(assume(atk, arn('role', `admin/${role}`)))).message, /with an explicit deny/);
    const ok = await userWithKey(s, uniq('ok'), { policy: doc(allow('sts:AssumeRole', '*')) });
    await assume(ok, arn('role', `admin/${role}`));
  });
});

describe('2. Authorization runs against the stored name, whatever case the request uses', () => {
  it('a Deny on user/admin holds for CreateAccessKey --user-name ADMIN', async () => {
    const admin = uniq('admin');
    await root().send(new CreateUserCommand({ UserName: admin }));
    const atk = await userWithKey(s, uniq('atk'), { policy: doc(allow('iam:CreateAccessKey', '*'), deny('iam:CreateAccessKey', arn('user', admin))) });
    const e = await deniedOn(iam(s, atk).send(new CreateAccessKeyCommand({ UserName: admin.toUpperCase() })));
    assert.deepEqual([e.code, e.resource], ['AccessDenied', arn('user', admin)]);
    const ok = await userWithKey(s, uniq('ok'), { policy: doc(allow('iam:CreateAccessKey', '*')) });
    const key = await iam(s, ok).send(new CreateAccessKeyCommand({ UserName: admin.toUpperCase() }));
    assert.equal(key.AccessKey?.UserName, admin);
  });

  it('a Deny on removing one\'s own boundary holds for --user-name in upper case', async () => {
    const dev = uniq('dev');
    const boundary = doc(allow('*'), deny(['iam:DeleteUserPermissionsBoundary', 'iam:PutUserPermissionsBoundary'], `arn:aws:iam::${A}:user/\${aws:username}`));
    const creds = await userWithKey(s, dev, { policy: boundary });
    await root().send(new PutUserPermissionsBoundaryCommand({ UserName: dev, PermissionsBoundary: ADMIN }));
    const e = await deniedOn(iam(s, creds).send(new DeleteUserPermissionsBoundaryCommand({ UserName: dev.toUpperCase() })));
    assert.deepEqual([e.code, e.resource], ['AccessDenied', arn('user', dev)]);
    await root().send(new DeleteUserPolicyCommand({ UserName: dev, PolicyName: 'inline' }));
    await root().send(new DeleteUserPermissionsBoundaryCommand({ UserName: dev }));
  });
});

describe('3. The resource comes only from the members that name it', () => {
  it('UpdateLoginProfile --user-name admin with a password that looks like one\'s own ARN is authorized on admin', async () => {
    const admin = uniq('admin');
    await root().send(new CreateUserCommand({ UserName: admin }));
    await root().send(new CreateLoginProfileCommand({ UserName: admin, Password: 'Old-Password-1234!' }));
    const me = uniq('atk');
    const atk = await userWithKey(s, me, { policy: doc(allow('iam:UpdateLoginProfile', `arn:aws:iam::${A}:user/\${aws:username}`)) });
    const e = await deniedOn(iam(s, atk).send(new UpdateLoginProfileCommand({ UserName: admin, Password: arn('user', me) })));
    assert.deepEqual([e.code, e.resource], ['AccessDenied', arn('user', admin)]);
  });

  it('an ARN in TagKeys, Description or ResourceArns redirects nothing', async () => {
    const admin = uniq('admin');
    await root().send(new CreateUserCommand({ UserName: admin, Tags: [{ Key: 'k', Value: 'v' }] }));
    const me = uniq('atk');
    const own = arn('user', me);
    const atk = await userWithKey(s, me, {
      policy: doc(allow(['iam:UntagUser', 'iam:SimulatePrincipalPolicy'], own), allow(['iam:CreateRole', 'iam:UpdateRole'], arn('role', 'sandbox/*'))),
    });
    assert.equal((await deniedOn(iam(s, atk).send(new UntagUserCommand({ UserName: admin, TagKeys: [own] })))).resource, arn('user', admin));
    const sim = await deniedOn(iam(s, atk).send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: arn('user', admin), ActionNames: ['iam:CreateUser'], ResourceArns: [own] })));
    assert.equal(sim.resource, arn('user', admin));
    const role = uniq('r');
    const create = await deniedOn(iam(s, atk).send(new CreateRoleCommand({ RoleName: role, AssumeRolePolicyDocument: trustAccount(), Description: arn('role', 'sandbox/x') })));
    assert.equal(create.resource, arn('role', role));
    await root().send(new CreateRoleCommand({ RoleName: role, AssumeRolePolicyDocument: trustAccount() }));
    assert.equal((await deniedOn(iam(s, atk).send(new UpdateRoleCommand({ RoleName: role, Description: arn('role', 'sandbox/x') })))).resource, arn('role', role));
    // Allowed where it should be: its own tags, and a role under sandbox/.
    await iam(s, atk).send(new UntagUserCommand({ UserName: me, TagKeys: [own] }));
    await iam(s, atk).send(new CreateRoleCommand({ RoleName: uniq('r'), Path: '/sandbox/', AssumeRolePolicyDocument: trustAccount(), Description: arn('role', 'x') }));
  });
});

describe('4. Groups, instance profiles and MFA devices are authorized with their stored path', () => {
  it('a Deny on group/admins/* holds for AddUserToGroup --group-name ops (ops at /admins/)', async () => {
    const g = uniq('ops');
    await root().send(new CreateGroupCommand({ GroupName: g, Path: '/admins/' }));
    const me = uniq('atk');
    const atk = await userWithKey(s, me, { policy: doc(allow('iam:AddUserToGroup', '*'), deny('iam:AddUserToGroup', arn('group', 'admins/*'))) });
    const e = await deniedOn(iam(s, atk).send(new AddUserToGroupCommand({ GroupName: g, UserName: me })));
    assert.deepEqual([e.code, e.resource], ['AccessDenied', arn('group', `admins/${g}`)]);
    const ok = await userWithKey(s, uniq('ok'), { policy: doc(allow('iam:AddUserToGroup', '*')) });
    await iam(s, ok).send(new AddUserToGroupCommand({ GroupName: g, UserName: me }));
  });

  it('a Deny on instance-profile/prod/* and on mfa/secure/* hold', async () => {
    const p = uniq('web');
    await root().send(new CreateInstanceProfileCommand({ InstanceProfileName: p, Path: '/prod/' }));
    const role = uniq('r');
    await root().send(new CreateRoleCommand({ RoleName: role, AssumeRolePolicyDocument: trustAccount() }));
    const serial = (await root().send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: uniq('dev'), Path: '/secure/' }))).VirtualMFADevice!.SerialNumber!;
    const atk = await userWithKey(s, uniq('atk'), {
      policy: doc(allow(['iam:AddRoleToInstanceProfile', 'iam:PassRole', 'iam:DeleteVirtualMFADevice'], '*'), deny('iam:AddRoleToInstanceProfile', arn('instance-profile', 'prod/*')), deny('iam:DeleteVirtualMFADevice', arn('mfa', 'secure/*'))),
    });
    const e = await deniedOn(iam(s, atk).send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: p, RoleName: role })));
    assert.deepEqual([e.code, e.resource], ['AccessDenied', arn('instance-profile', `prod/${p}`)]);
    const m = await deniedOn(iam(s, atk).send(new DeleteVirtualMFADeviceCommand({ SerialNumber: serial })));
    assert.deepEqual([m.code, m.resource], ['AccessDenied', serial]);
    const ok = await userWithKey(s, uniq('ok'), { policy: doc(allow(['iam:AddRoleToInstanceProfile', 'iam:PassRole', 'iam:DeleteVirtualMFADevice'], '*')) });
    await iam(s, ok).send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: p, RoleName: role }));
    await iam(s, ok).send(new DeleteVirtualMFADeviceCommand({ SerialNumber: serial }));
  });
});

describe('5. A rename or move is authorized on the source and the target', () => {
  it('UpdateUser --new-path /admins/ on oneself needs the permission on user/admins/NAME', async () => {
    const me = uniq('atk');
    const atk = await userWithKey(s, me, { policy: doc(allow('iam:UpdateUser', arn('user', me)), allow('sts:AssumeRole', '*')) });
    // The role the move would have unlocked: it trusts only principals under /admins/.
    const role = uniq('AdminsOnly');
    const trust = doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:AssumeRole', Condition: { ArnLike: { 'aws:PrincipalArn': arn('user', 'admins/*') } } });
    await root().send(new CreateRoleCommand({ RoleName: role, AssumeRolePolicyDocument: trust }));
    const atk2 = await userWithKey(s, uniq('atk'), { policy: doc(allow('iam:UpdateUser', arn('user', '*'))) });
    const e = await deniedOn(iam(s, atk).send(new UpdateUserCommand({ UserName: me, NewPath: '/admins/' })));
    assert.deepEqual([e.code, e.resource], ['AccessDenied', arn('user', `admins/${me}`)]);
    assert.equal((await deniedOn(assume(atk, arn('role', role)))).code, 'AccessDenied');
    // A new name is a target too.
    assert.equal((await deniedOn(iam(s, atk).send(new UpdateUserCommand({ UserName: me, NewUserName: `${me}-admin` })))).resource, arn('user', `${me}-admin`));
    // With the permission on both, the move succeeds (user/* covers every path).
    await iam(s, atk2).send(new UpdateUserCommand({ UserName: me, NewPath: '/admins/' }));
    await assume(atk, arn('role', role));
  });
});

describe('6. Trust policies name users and roles by unique id', () => {
  it('a deleted and recreated bob no longer assumes BobRole; GetRole shows the old unique id', async () => {
    const bob = uniq('bob');
    const first = await userWithKey(s, bob, { policy: doc(allow('sts:AssumeRole', '*')) });
    const role = uniq('BobRole');
    await root().send(new CreateRoleCommand({ RoleName: role, AssumeRolePolicyDocument: doc({ Effect: 'Allow', Principal: { AWS: arn('user', bob) }, Action: 'sts:AssumeRole' }) }));
    await assume(first, arn('role', role));
    const oldId = (await root().send(new ListUsersCommand({}))).Users!.find((u) => u.UserName === bob)!.UserId!;
    await root().send(new DeleteAccessKeyCommand({ UserName: bob, AccessKeyId: first.accessKeyId }));
    await root().send(new DeleteUserPolicyCommand({ UserName: bob, PolicyName: 'inline' }));
    await root().send(new DeleteUserCommand({ UserName: bob }));
    const again = await userWithKey(s, bob, { policy: doc(allow('sts:AssumeRole', '*')) });
    assert.equal((await deniedOn(assume(again, arn('role', role)))).code, 'AccessDenied');
    const shown = decodeURIComponent((await root().send(new GetRoleCommand({ RoleName: role }))).Role!.AssumeRolePolicyDocument!);
    assert.equal((JSON.parse(shown) as { Statement: { Principal: { AWS: string } }[] }).Statement[0]!.Principal.AWS, oldId);
    // Saving the policy again binds the new bob.
    await root().send(new UpdateAssumeRolePolicyCommand({ RoleName: role, PolicyDocument: doc({ Effect: 'Allow', Principal: { AWS: arn('user', bob) }, Action: 'sts:AssumeRole' }) }));
    await assume(again, arn('role', role));
  });

  it('a principal that does not exist is refused with MalformedPolicyDocument', async () => {
    const ghost = arn('user', uniq('ghost'));
    const e = await failure(root().send(new CreateRoleCommand({ RoleName: uniq('r'), AssumeRolePolicyDocument: doc({ Effect: 'Allow', Principal: { AWS: ghost }, Action: 'sts:AssumeRole' }) })));
    assert.deepEqual([e.name, e.message], ['MalformedPolicyDocumentException', `Invalid principal in policy: "AWS":"${ghost}"`]);
  });
});

describe('7. AddRoleToInstanceProfile needs iam:PassRole on the role', () => {
  it('denied without it, allowed with it', async () => {
    const role = uniq('r');
    await root().send(new CreateRoleCommand({ RoleName: role, Path: '/svc/', AssumeRolePolicyDocument: trustAccount() }));
    await root().send(new AttachRolePolicyCommand({ RoleName: role, PolicyArn: ADMIN }));
    const p1 = uniq('p');
    await root().send(new CreateInstanceProfileCommand({ InstanceProfileName: p1 }));
    const atk = await userWithKey(s, uniq('atk'), { policy: doc(allow('iam:AddRoleToInstanceProfile', '*')) });
    const e = await deniedOn(iam(s, atk).send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: p1, RoleName: role })));
    assert.deepEqual([e.code, e.resource], ['AccessDenied', arn('role', `svc/${role}`)]);
    assert.match(e.message, /iam:PassRole/);
    const ok = await userWithKey(s, uniq('ok'), { policy: doc(allow('iam:AddRoleToInstanceProfile', '*'), allow('iam:PassRole', arn('role', `svc/${role}`), { StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } })) });
    await iam(s, ok).send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: p1, RoleName: role }));
  });
});

describe('8. IAM is signed for us-east-1; a region that does not exist is refused', () => {
  it('answers SignatureDoesNotMatch "Credential should be scoped to a valid region" as AWS does', async () => {
    const eu = new IAMClient({ endpoint: s.url, region: 'eu-west-1', credentials: s.credentials, maxAttempts: 1 });
    const e = await failure(eu.send(new ListUsersCommand({})));
    assert.deepEqual([e.name, e.message, e.$metadata.httpStatusCode], ['SignatureDoesNotMatch', "Credential should be scoped to a valid region, not 'eu-west-1'. ", 403]);
    const mars = new STSClient({ endpoint: s.url, region: 'mars-1', credentials: s.credentials, maxAttempts: 1 });
    const m = await failure(mars.send(new GetSessionTokenCommand({})));
    assert.deepEqual([m.name, m.message], ['SignatureDoesNotMatch', "Credential should be scoped to a valid region, not 'mars-1'. "]);
    // STS has regional endpoints: any region that exists is fine; aws:RequestedRegion is that region.
    await new STSClient({ endpoint: s.url, region: 'eu-west-1', credentials: s.credentials, maxAttempts: 1 }).send(new GetSessionTokenCommand({}));
    const u = await userWithKey(s, uniq('u'), { policy: doc(allow('iam:ListUsers', '*', { StringEquals: { 'aws:RequestedRegion': 'us-east-1' } })) });
    await iam(s, u).send(new ListUsersCommand({}));
  });
});

describe('9. GetAccessKeyLastUsed is authorized on the key\'s owner', () => {
  it('a user limited to its own ARN reads its own key only', async () => {
    const victim = uniq('victim');
    const vkey = await userWithKey(s, victim);
    const me = uniq('atk');
    const atk = await userWithKey(s, me, { policy: doc(allow('iam:GetAccessKeyLastUsed', `arn:aws:iam::${A}:user/\${aws:username}`)) });
    const e = await deniedOn(iam(s, atk).send(new GetAccessKeyLastUsedCommand({ AccessKeyId: vkey.accessKeyId })));
    assert.deepEqual([e.code, e.resource], ['AccessDenied', arn('user', victim)]);
    const r = await deniedOn(iam(s, atk).send(new GetAccessKeyLastUsedCommand({ AccessKeyId: s.credentials.accessKeyId })));
    assert.deepEqual([r.code, r.resource], ['AccessDenied', `arn:aws:iam::${A}:root`]);
    assert.equal((await iam(s, atk).send(new GetAccessKeyLastUsedCommand({ AccessKeyId: atk.accessKeyId }))).UserName, me);
  });
});

describe('10. Sessions are the identity\'s unique id, not its name', () => {
  it('GetSessionToken credentials of a deleted user do not act as a new user of the same name', async () => {
    const name = uniq('temp');
    const role = uniq('Target');
    await root().send(new CreateRoleCommand({ RoleName: role, AssumeRolePolicyDocument: trustAccount() }));
    const policy = doc(allow('sts:AssumeRole', '*'));
    const u1 = await userWithKey(s, name, { policy });
    const session = credsOf((await sts(s, u1).send(new GetSessionTokenCommand({}))).Credentials);
    await assume(session, arn('role', role));
    await root().send(new DeleteAccessKeyCommand({ UserName: name, AccessKeyId: u1.accessKeyId }));
    await root().send(new DeleteUserPolicyCommand({ UserName: name, PolicyName: 'inline' }));
    await root().send(new DeleteUserCommand({ UserName: name }));
    assert.equal((await deniedOn(assume(session, arn('role', role)))).code, 'AccessDenied');
    await userWithKey(s, name, { policy });
    assert.equal((await deniedOn(assume(session, arn('role', role)))).code, 'AccessDenied');
  });

  it('a session of a deleted role gets nothing from a new role of the same name', async () => {
    const role = uniq('Temp');
    await root().send(new CreateRoleCommand({ RoleName: role, AssumeRolePolicyDocument: trustAccount() }));
    const u = await userWithKey(s, uniq('u'), { policy: doc(allow('sts:AssumeRole', '*')) });
    const session = await assume(u, arn('role', role));
    const { DeleteRoleCommand } = await import('@aws-sdk/client-iam');
    await root().send(new DeleteRoleCommand({ RoleName: role }));
    await root().send(new CreateRoleCommand({ RoleName: role, AssumeRolePolicyDocument: trustAccount() }));
    await root().send(new AttachRolePolicyCommand({ RoleName: role, PolicyArn: ADMIN }));
    const e = await deniedOn(iam(s, session).send(new CreateGroupCommand({ GroupName: uniq('g') })));
    assert.equal(e.code, 'AccessDenied');
    // A fresh session of the new role has its permissions.
    await iam(s, await assume(u, arn('role', role))).send(new CreateGroupCommand({ GroupName: uniq('g') }));
  });
});
