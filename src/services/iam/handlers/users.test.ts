import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ACCOUNT, ROLE_SESSION, allow, openHarness, userPrincipal, type Harness } from '../test-harness.js';

describe('IAM users', () => {
  let h: Harness;
  before(async () => {
    h = await openHarness();
  });
  after(() => h.close());

  it('creates a user with path, tags and an AIDA id, and gets it back', async () => {
    const { User } = await h.call('CreateUser', { UserName: 'alice', Path: '/eng/', Tags: [{ Key: 'team', Value: 'red' }] });
    assert.equal(User?.Arn, `arn:aws:iam::${ACCOUNT}:user/eng/alice`);
    assert.match(User?.UserId ?? '', /^AIDA[A-Z2-7]{17}$/);
    assert.equal(User?.CreateDate?.toISOString(), '2024-01-02T03:04:05.000Z');
    const got = await h.call('GetUser', { UserName: 'ALICE' });
    assert.equal(got.User.UserName, 'alice');
    assert.deepEqual(got.User.Tags, [{ Key: 'team', Value: 'red' }]);
  });

  it('refuses a second user whose name differs only by case (409)', async () => {
    const e = await h.fail('CreateUser', { UserName: 'Alice' });
    assert.equal(e.code, 'EntityAlreadyExists');
    assert.equal(e.httpStatus, 409);
    assert.equal(e.message, 'User with name Alice already exists.');
  });

  it('answers NoSuchEntity (404) with AWS wording', async () => {
    const e = await h.fail('GetUser', { UserName: 'nobody' });
    assert.equal(e.code, 'NoSuchEntity');
    assert.equal(e.httpStatus, 404);
    assert.equal(e.message, 'The user with name nobody cannot be found.');
  });

  it('GetUser without a name: root gets the root view, a user itself, a role session a ValidationError', async () => {
    const root = await h.call('GetUser', {});
    assert.equal(root.User.Arn, `arn:aws:iam::${ACCOUNT}:root`);
    assert.equal(root.User.UserId, ACCOUNT);
    assert.equal(root.User.UserName, undefined);
    const self = await h.call('GetUser', {}, userPrincipal('alice', '/eng/'));
    assert.equal(self.User.UserName, 'alice');
    const e = await h.fail('GetUser', {}, ROLE_SESSION);
    assert.equal(e.code, 'ValidationError');
    assert.equal(e.message, 'Must specify userName when calling with non-User credentials');
  });

  it('lists users by path prefix with pagination', async () => {
    for (const n of ['bob', 'carol', 'dave']) await h.call('CreateUser', { UserName: n });
    const p1 = await h.call('ListUsers', { MaxItems: 2 });
    assert.deepEqual(p1.Users.map((u) => u.UserName), ['alice', 'bob']);
    assert.equal(p1.IsTruncated, true);
    assert.equal(p1.Users[0]?.Tags, undefined, 'ListUsers does not return tags');
    const p2 = await h.call('ListUsers', { MaxItems: 2, Marker: p1.Marker! });
    assert.deepEqual(p2.Users.map((u) => u.UserName), ['carol', 'dave']);
    assert.equal(p2.IsTruncated, false);
    assert.equal(p2.Marker, undefined);
    const eng = await h.call('ListUsers', { PathPrefix: '/eng' });
    assert.deepEqual(eng.Users.map((u) => u.UserName), ['alice']);
  });

  it('renames a user and carries its groups, policies and keys along', async () => {
    await h.call('CreateUser', { UserName: 'erin' });
    await h.call('CreateGroup', { GroupName: 'devs' });
    await h.call('AddUserToGroup', { GroupName: 'devs', UserName: 'erin' });
    await h.call('PutUserPolicy', { UserName: 'erin', PolicyName: 'p', PolicyDocument: allow('s3:*') });
    await h.call('AttachUserPolicy', { UserName: 'erin', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' });
    const key = await h.call('CreateAccessKey', { UserName: 'erin' });
    await h.call('UpdateUser', { UserName: 'erin', NewUserName: 'erin2', NewPath: '/ops/' });
    assert.equal((await h.fail('GetUser', { UserName: 'erin' })).code, 'NoSuchEntity');
    const u = await h.call('GetUser', { UserName: 'erin2' });
    assert.equal(u.User.Arn, `arn:aws:iam::${ACCOUNT}:user/ops/erin2`);
    assert.deepEqual((await h.call('ListGroupsForUser', { UserName: 'erin2' })).Groups.map((g) => g.GroupName), ['devs']);
    assert.deepEqual((await h.call('GetGroup', { GroupName: 'devs' })).Users.map((x) => x.UserName), ['erin2']);
    assert.deepEqual((await h.call('ListUserPolicies', { UserName: 'erin2' })).PolicyNames, ['p']);
    assert.equal((await h.call('ListAttachedUserPolicies', { UserName: 'erin2' })).AttachedPolicies?.length, 1);
    const ents = await h.call('ListEntitiesForPolicy', { PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' });
    assert.deepEqual(ents.PolicyUsers?.map((x) => x.UserName), ['erin2']);
    const keys = await h.call('ListAccessKeys', { UserName: 'erin2' });
    assert.deepEqual(keys.AccessKeyMetadata.map((k) => [k.AccessKeyId, k.UserName]), [[key.AccessKey.AccessKeyId, 'erin2']]);
  });

  it('refuses renaming onto an existing user', async () => {
    const e = await h.fail('UpdateUser', { UserName: 'bob', NewUserName: 'CAROL' });
    assert.equal(e.code, 'EntityAlreadyExists');
  });

  it('DeleteUser is a DeleteConflict (409) while keys, policies or groups remain, in that order', async () => {
    const conflict = async () => (await h.fail('DeleteUser', { UserName: 'erin2' })).message;
    const keys = await h.call('ListAccessKeys', { UserName: 'erin2' });
    assert.equal(await conflict(), 'Cannot delete entity, must delete access keys first.');
    await h.call('DeleteAccessKey', { UserName: 'erin2', AccessKeyId: keys.AccessKeyMetadata[0]!.AccessKeyId! });
    assert.equal(await conflict(), 'Cannot delete entity, must delete policies first.');
    await h.call('DeleteUserPolicy', { UserName: 'erin2', PolicyName: 'p' });
    assert.equal(await conflict(), 'Cannot delete entity, must detach all policies first.');
    await h.call('DetachUserPolicy', { UserName: 'erin2', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' });
    // AWS's text for a member of a group (README "Confirmed"): the same words as DeleteGroup's.
    assert.equal(await conflict(), 'Cannot delete entity, must remove users from group first.');
    await h.call('RemoveUserFromGroup', { GroupName: 'devs', UserName: 'erin2' });
    await h.call('DeleteUser', { UserName: 'erin2' });
    assert.equal((await h.fail('GetUser', { UserName: 'erin2' })).httpStatus, 404);
    const e = await h.fail('DeleteUser', { UserName: 'erin2' });
    assert.equal(e.code, 'NoSuchEntity');
  });

  it('creates a user with a permissions boundary that must exist', async () => {
    const bad = await h.fail('CreateUser', { UserName: 'frank', PermissionsBoundary: `arn:aws:iam::${ACCOUNT}:policy/nope` });
    assert.equal(bad.code, 'NoSuchEntity');
    assert.equal(bad.message, `Scope ARN: arn:aws:iam::${ACCOUNT}:policy/nope does not exist or is not attachable.`);
    const ok = await h.call('CreateUser', { UserName: 'frank', PermissionsBoundary: 'arn:aws:iam::aws:policy/PowerUserAccess' });
    assert.deepEqual(ok.User?.PermissionsBoundary, { PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: 'arn:aws:iam::aws:policy/PowerUserAccess' });
  });
});
