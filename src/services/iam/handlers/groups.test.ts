import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ACCOUNT, allow, openHarness, type Harness } from '../test-harness.js';

describe('IAM groups and membership', () => {
  let h: Harness;
  before(async () => {
    h = await openHarness();
    for (const n of ['u1', 'u2', 'u3']) await h.call('CreateUser', { UserName: n });
  });
  after(() => h.close());

  it('creates, gets and lists groups', async () => {
    const { Group } = await h.call('CreateGroup', { GroupName: 'Admins', Path: '/corp/' });
    assert.equal(Group.Arn, `arn:aws:iam::${ACCOUNT}:group/corp/Admins`);
    assert.match(Group.GroupId, /^AGPA/);
    await h.call('CreateGroup', { GroupName: 'devs' });
    assert.equal((await h.fail('CreateGroup', { GroupName: 'admins' })).message, 'Group with name admins already exists.');
    assert.deepEqual((await h.call('ListGroups', {})).Groups.map((g) => g.GroupName), ['Admins', 'devs']);
    assert.deepEqual((await h.call('ListGroups', { PathPrefix: '/corp/' })).Groups.map((g) => g.GroupName), ['Admins']);
  });

  it('adds members idempotently and pages GetGroup users', async () => {
    for (const u of ['u1', 'u2', 'u3']) await h.call('AddUserToGroup', { GroupName: 'devs', UserName: u });
    await h.call('AddUserToGroup', { GroupName: 'devs', UserName: 'U1' });
    // Members come by UserId (as AWS lists them), not by name; paging follows that order.
    const byId = (await h.call('ListUsers', {})).Users.filter((u) => ['u1', 'u2', 'u3'].includes(u.UserName))
      .sort((a, b) => (a.UserId < b.UserId ? -1 : 1))
      .map((u) => u.UserName);
    const p1 = await h.call('GetGroup', { GroupName: 'devs', MaxItems: 2 });
    assert.deepEqual(p1.Users.map((u) => u.UserName), byId.slice(0, 2));
    assert.equal(p1.IsTruncated, true);
    const p2 = await h.call('GetGroup', { GroupName: 'devs', MaxItems: 2, Marker: p1.Marker! });
    assert.deepEqual(p2.Users.map((u) => u.UserName), byId.slice(2));
    assert.deepEqual((await h.call('ListGroupsForUser', { UserName: 'u1' })).Groups.map((g) => g.GroupName), ['devs']);
  });

  it('GetGroup lists members by UserId (as AWS does), not by name', async () => {
    const names = ['m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7', 'm8'];
    await h.call('CreateGroup', { GroupName: 'many' });
    for (const n of names) {
      await h.call('CreateUser', { UserName: n });
      await h.call('AddUserToGroup', { GroupName: 'many', UserName: n });
    }
    const users = (await h.call('GetGroup', { GroupName: 'many' })).Users;
    const ids = users.map((u) => u.UserId);
    assert.deepEqual(ids, [...ids].sort());
    // Random ids: eight names come in name order 1 time in 40,320.
    assert.notDeepEqual(users.map((u) => u.UserName), names);
    for (const n of names) {
      await h.call('RemoveUserFromGroup', { GroupName: 'many', UserName: n });
      await h.call('DeleteUser', { UserName: n });
    }
    await h.call('DeleteGroup', { GroupName: 'many' });
  });

  it('checks both sides of a membership change', async () => {
    assert.equal((await h.fail('AddUserToGroup', { GroupName: 'nope', UserName: 'u1' })).message, 'The group with name nope cannot be found.');
    assert.equal((await h.fail('AddUserToGroup', { GroupName: 'devs', UserName: 'nope' })).message, 'The user with name nope cannot be found.');
    assert.equal((await h.fail('RemoveUserFromGroup', { GroupName: 'nope', UserName: 'u1' })).message, 'The group with name nope cannot be found.');
    assert.equal((await h.fail('RemoveUserFromGroup', { GroupName: 'devs', UserName: 'nope' })).message, 'The user with name nope cannot be found.');
  });

  it('RemoveUserFromGroup of a user who is not a member succeeds and changes nothing (as AWS answers)', async () => {
    await h.call('RemoveUserFromGroup', { GroupName: 'Admins', UserName: 'u1' });
    assert.deepEqual((await h.call('GetGroup', { GroupName: 'Admins' })).Users, []);
  });

  it('limits a user to 10 groups', async () => {
    for (let i = 0; i < 9; i++) {
      await h.call('CreateGroup', { GroupName: `g${i}` });
      await h.call('AddUserToGroup', { GroupName: `g${i}`, UserName: 'u2' });
    }
    const e = await h.fail('AddUserToGroup', { GroupName: 'Admins', UserName: 'u2' });
    assert.equal(e.code, 'LimitExceeded');
    assert.equal(e.httpStatus, 409);
    assert.equal(e.message, 'Cannot exceed quota for GroupsPerUser: 10');
  });

  it('renames a group keeping members and policies', async () => {
    await h.call('PutGroupPolicy', { GroupName: 'devs', PolicyName: 'gp', PolicyDocument: allow('ec2:Describe*') });
    await h.call('UpdateGroup', { GroupName: 'devs', NewGroupName: 'developers', NewPath: '/eng/' });
    const g = await h.call('GetGroup', { GroupName: 'developers' });
    assert.equal(g.Group.Arn, `arn:aws:iam::${ACCOUNT}:group/eng/developers`);
    assert.equal(g.Users.length, 3);
    assert.deepEqual((await h.call('ListGroupPolicies', { GroupName: 'developers' })).PolicyNames, ['gp']);
    assert.ok((await h.call('ListGroupsForUser', { UserName: 'u3' })).Groups.some((x) => x.GroupName === 'developers'));
  });

  it('DeleteGroup conflicts while it has members, inline or attached policies', async () => {
    const msg = async () => (await h.fail('DeleteGroup', { GroupName: 'developers' })).message;
    assert.equal(await msg(), 'Cannot delete entity, must remove users from group first.');
    for (const u of ['u1', 'u2', 'u3']) await h.call('RemoveUserFromGroup', { GroupName: 'developers', UserName: u });
    assert.equal(await msg(), 'Cannot delete entity, must delete policies first.');
    await h.call('DeleteGroupPolicy', { GroupName: 'developers', PolicyName: 'gp' });
    await h.call('AttachGroupPolicy', { GroupName: 'developers', PolicyArn: 'arn:aws:iam::aws:policy/IAMReadOnlyAccess' });
    assert.equal(await msg(), 'Cannot delete entity, must detach all policies first.');
    await h.call('DetachGroupPolicy', { GroupName: 'developers', PolicyArn: 'arn:aws:iam::aws:policy/IAMReadOnlyAccess' });
    await h.call('DeleteGroup', { GroupName: 'developers' });
    assert.equal((await h.fail('GetGroup', { GroupName: 'developers' })).httpStatus, 404);
  });
});
