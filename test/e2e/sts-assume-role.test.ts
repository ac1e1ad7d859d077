import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateRoleCommand, GetRoleCommand, ListRolesCommand, ListUsersCommand, PutRolePolicyCommand, TagRoleCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { startTestServer, type TestServer } from '../helpers/rampart.js';
import { allow, doc, failure, iam, sts, userWithKey, type Creds } from './authz-support.js';

describe('STS AssumeRole through @aws-sdk/client-sts, with IAM roles', () => {
  let s: TestServer;
  let alice: Creds;
  const arn = (role: string) => `arn:aws:iam::${s.accountId}:role/${role}`;
  const asCreds = (c: { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string } | undefined): Creds => ({ accessKeyId: c!.AccessKeyId!, secretAccessKey: c!.SecretAccessKey!, sessionToken: c!.SessionToken! });
  const trust = (extra: object = {}, actions: string[] = ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity']) => doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${s.accountId}:root` }, Action: actions, ...extra });

  before(async () => {
    s = await startTestServer();
    alice = await userWithKey(s, 'alice', { policy: doc(allow(['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'])), tags: [{ Key: 'team', Value: 'red' }] });
    await iam(s).send(new CreateRoleCommand({ RoleName: 'Ops', Path: '/teams/', AssumeRolePolicyDocument: trust(), MaxSessionDuration: 7200 }));
    await iam(s).send(new PutRolePolicyCommand({ RoleName: 'Ops', PolicyName: 'p', PolicyDocument: doc(allow(['iam:ListRoles', 'iam:ListUsers', 'sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'])) }));
    await iam(s).send(new TagRoleCommand({ RoleName: 'Ops', Tags: [{ Key: 'tier', Value: 'gold' }] }));
    await iam(s).send(new CreateRoleCommand({ RoleName: 'Vendor', AssumeRolePolicyDocument: trust({ Condition: { StringEquals: { 'sts:ExternalId': 'vendor-123' } } }, ['sts:AssumeRole']) }));
    await iam(s).send(new CreateRoleCommand({ RoleName: 'Tagged', AssumeRolePolicyDocument: trust({ Condition: { StringEquals: { 'aws:RequestTag/project': 'apollo', 'aws:PrincipalTag/team': 'red' } } }) }));
  });
  after(async () => s.close());

  it('returns the session identity (with the role path in the role ARN only) and PackedPolicySize', async () => {
    const out = await sts(s, alice).send(new AssumeRoleCommand({ RoleArn: arn('teams/Ops'), RoleSessionName: 'alice@example.com', Policy: doc(allow('iam:ListRoles')), DurationSeconds: 7200 }));
    const role = await iam(s).send(new GetRoleCommand({ RoleName: 'Ops' }));
    assert.equal(out.AssumedRoleUser?.Arn, `arn:aws:sts::${s.accountId}:assumed-role/Ops/alice@example.com`);
    assert.equal(out.AssumedRoleUser?.AssumedRoleId, `${role.Role!.RoleId}:alice@example.com`);
    assert.ok((out.PackedPolicySize ?? 0) > 0);
    const session = asCreds(out.Credentials);
    const me = await sts(s, session).send(new GetCallerIdentityCommand({}));
    assert.equal(me.UserId, out.AssumedRoleUser?.AssumedRoleId);
    await iam(s, session).send(new ListRolesCommand({}));
    const e = await failure(iam(s, session).send(new ListUsersCommand({})));
    assert.match(e.message, /because no session policy allows the iam:ListUsers action$/);
  });

  it('DurationSeconds beyond MaxSessionDuration, and beyond one hour when chaining, fail with AWS messages', async () => {
    const e = await failure(sts(s, alice).send(new AssumeRoleCommand({ RoleArn: arn('teams/Ops'), RoleSessionName: 'long', DurationSeconds: 7201 })));
    assert.deepEqual([e.name, e.$metadata.httpStatusCode, e.message], ['ValidationError', 400, 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.']);
    const first = asCreds((await sts(s, alice).send(new AssumeRoleCommand({ RoleArn: arn('teams/Ops'), RoleSessionName: 'hop1' }))).Credentials);
    const chained = await failure(sts(s, first).send(new AssumeRoleCommand({ RoleArn: arn('teams/Ops'), RoleSessionName: 'hop2', DurationSeconds: 3700 })));
    assert.equal(chained.message, 'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.');
  });

  it('sts:ExternalId must match the trust policy', async () => {
    const e = await failure(sts(s, alice).send(new AssumeRoleCommand({ RoleArn: arn('Vendor'), RoleSessionName: 'vv' })));
    assert.equal(e.message, `User: arn:aws:iam::${s.accountId}:user/alice is not authorized to perform: sts:AssumeRole on resource: ${arn('Vendor')} because no resource-based policy allows the sts:AssumeRole action`);
    await sts(s, alice).send(new AssumeRoleCommand({ RoleArn: arn('Vendor'), RoleSessionName: 'vv', ExternalId: 'vendor-123' }));
  });

  it('session tags and principal tags in the trust policy; transitive tags survive chaining', async () => {
    await failure(sts(s, alice).send(new AssumeRoleCommand({ RoleArn: arn('Tagged'), RoleSessionName: 't' })));
    const out = await sts(s, alice).send(new AssumeRoleCommand({ RoleArn: arn('teams/Ops'), RoleSessionName: 't0', Tags: [{ Key: 'project', Value: 'apollo' }, { Key: 'team', Value: 'red' }], TransitiveTagKeys: ['project', 'team'] }));
    const hop = asCreds(out.Credentials);
    await sts(s, hop).send(new AssumeRoleCommand({ RoleArn: arn('Tagged'), RoleSessionName: 't1' }));
    await sts(s, alice).send(new AssumeRoleCommand({ RoleArn: arn('Tagged'), RoleSessionName: 't2', Tags: [{ Key: 'project', Value: 'apollo' }] }));
  });

  it('SourceIdentity is set once and passed on', async () => {
    const out = await sts(s, alice).send(new AssumeRoleCommand({ RoleArn: arn('teams/Ops'), RoleSessionName: 'si', SourceIdentity: 'alice' }));
    assert.equal(out.SourceIdentity, 'alice');
    const again = await sts(s, asCreds(out.Credentials)).send(new AssumeRoleCommand({ RoleArn: arn('teams/Ops'), RoleSessionName: 'si2' }));
    assert.equal(again.SourceIdentity, 'alice');
  });
});
