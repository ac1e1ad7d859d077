import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createIdentitySource } from './identity-source.js';
import { ACCOUNT, allow, openHarness, trust, type Harness } from './test-harness.js';

describe('IAM identity policy source', () => {
  let h: Harness;
  before(async () => {
    h = await openHarness();
    await h.call('CreateUser', { UserName: 'alice', Path: '/eng/', Tags: [{ Key: 'team', Value: 'red' }] });
    await h.call('CreateGroup', { GroupName: 'devs' });
    await h.call('AddUserToGroup', { GroupName: 'devs', UserName: 'alice' });
    await h.call('PutUserPolicy', { UserName: 'alice', PolicyName: 'own', PolicyDocument: allow('s3:GetObject') });
    await h.call('PutGroupPolicy', { GroupName: 'devs', PolicyName: 'grp', PolicyDocument: allow('ec2:*') });
    await h.call('CreatePolicy', { PolicyName: 'shared', PolicyDocument: allow('sqs:*') });
    await h.call('CreatePolicyVersion', { PolicyArn: `arn:aws:iam::${ACCOUNT}:policy/shared`, PolicyDocument: allow('sns:*'), SetAsDefault: true });
    await h.call('AttachUserPolicy', { UserName: 'alice', PolicyArn: `arn:aws:iam::${ACCOUNT}:policy/shared` });
    await h.call('AttachGroupPolicy', { GroupName: 'devs', PolicyArn: `arn:aws:iam::${ACCOUNT}:policy/shared` });
    await h.call('AttachGroupPolicy', { GroupName: 'devs', PolicyArn: 'arn:aws:iam::aws:policy/IAMReadOnlyAccess' });
    await h.call('PutUserPermissionsBoundary', { UserName: 'alice', PermissionsBoundary: 'arn:aws:iam::aws:policy/PowerUserAccess' });
    await h.call('CreateRole', { RoleName: 'app', AssumeRolePolicyDocument: trust(), MaxSessionDuration: 7200, Tags: [{ Key: 'k', Value: 'v' }] });
    await h.call('PutRolePolicy', { RoleName: 'app', PolicyName: 'rp', PolicyDocument: allow('kms:Decrypt') });
  });
  after(() => h.close());

  it('gathers a user\'s inline, attached and group policies (each managed policy once), boundary and tags', async () => {
    const src = createIdentitySource(h.store);
    const p = await src.userPolicies(ACCOUNT, 'ALICE');
    assert.ok(p);
    assert.deepEqual(
      p.identityPolicies.map((x) => x.id).sort(),
      [`arn:aws:iam::${ACCOUNT}:policy/shared`, 'arn:aws:iam::aws:policy/IAMReadOnlyAccess', 'group/devs/inline/grp', 'user/alice/inline/own'].sort(),
    );
    assert.equal(p.identityPolicies.find((x) => x.id.endsWith('policy/shared'))?.document, allow('sns:*'), 'default version');
    assert.equal(p.permissionsBoundary?.id, 'arn:aws:iam::aws:policy/PowerUserAccess');
    assert.deepEqual(p.tags, { team: 'red' });
    assert.equal(p.path, '/eng/');
    assert.match(p.id ?? '', /^AIDA/);
    assert.equal(await src.userPolicies(ACCOUNT, 'nobody'), undefined);
  });

  it('gathers a role\'s policies, trust policy and session duration', async () => {
    const src = createIdentitySource(h.store);
    const r = await src.rolePolicies(ACCOUNT, 'app');
    assert.deepEqual(r?.identityPolicies.map((x) => x.id), ['role/app/inline/rp']);
    assert.equal(r?.trustPolicy?.document, trust());
    assert.equal(r?.maxSessionDuration, 7200);
    assert.deepEqual(r?.tags, { k: 'v' });
    assert.equal(await src.rolePolicies('999999999999', 'app'), undefined);
  });

  it('finds no user or role for a name no entity can have (empty, NUL, lone surrogate) instead of failing', async () => {
    // Authorization asks for the entity an ARN names: `user/` (ListAccessKeys without UserName),
    // `role/a/` (a trailing slash) or a NUL inside; the store refuses such keys.
    const src = createIdentitySource(h.store);
    for (const name of ['', 'ali\u0000ce', '\u0000', 'x\uD800']) {
      assert.equal(await src.userPolicies(ACCOUNT, name), undefined, JSON.stringify(name));
      assert.equal(await src.rolePolicies(ACCOUNT, name), undefined, JSON.stringify(name));
    }
  });

  it('resolves managed policies by ARN for session policies', async () => {
    const src = createIdentitySource(h.store);
    assert.equal((await src.managedPolicy?.(`arn:aws:iam::${ACCOUNT}:policy/shared`))?.document, allow('sns:*'));
    assert.match((await src.managedPolicy?.('arn:aws:iam::aws:policy/AdministratorAccess'))?.document ?? '', /"Action": "\*"/);
    assert.equal(await src.managedPolicy?.('arn:aws:iam::aws:policy/Nope'), undefined);
    assert.ok(src.tables.includes('iam.users') && src.tables.includes('iam.entity-policies'));
  });
});
