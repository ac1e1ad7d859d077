import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ACCOUNT, allow, openHarness, trust, type Harness } from '../test-harness.js';

const notAction = (action: string) => `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":"${action}","Resource":"*"}]}`;
const deny = (action: string) => `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"${action}","Resource":"*"}]}`;

describe('ListPoliciesGrantingServiceAccess', () => {
  let h: Harness;
  const userArn = `arn:aws:iam::${ACCOUNT}:user/dev/frank`;
  before(async () => {
    h = await openHarness();
    await h.call('CreateUser', { UserName: 'frank', Path: '/dev/' });
    await h.call('CreateGroup', { GroupName: 'devs' });
    await h.call('AddUserToGroup', { GroupName: 'devs', UserName: 'frank' });
    const s3 = await h.call('CreatePolicy', { PolicyName: 'S3Read', PolicyDocument: allow('s3:Get*') });
    await h.call('AttachGroupPolicy', { GroupName: 'devs', PolicyArn: s3.Policy!.Arn! });
    await h.call('AttachUserPolicy', { UserName: 'frank', PolicyArn: s3.Policy!.Arn! });
    await h.call('PutGroupPolicy', { GroupName: 'devs', PolicyName: 'NotIam', PolicyDocument: notAction('iam:*') });
    await h.call('PutUserPolicy', { UserName: 'frank', PolicyName: 'Kms', PolicyDocument: allow('kms:Decrypt') });
    await h.call('PutUserPolicy', { UserName: 'frank', PolicyName: 'DenyAll', PolicyDocument: deny('*') });
    await h.call('PutUserPolicy', { UserName: 'frank', PolicyName: 'Typo', PolicyDocument: allow('s3:NoSuchAction') });
  });
  after(() => h.close());

  it("lists a user's own and its groups' policies per namespace, in the order asked", async () => {
    const got = await h.call('ListPoliciesGrantingServiceAccess', { Arn: userArn, ServiceNamespaces: ['s3', 'kms', 'iam', 'lambda', 's3'] });
    assert.equal(got.IsTruncated, false);
    const byNs = got.PoliciesGrantingServiceAccess.map((e) => [e.ServiceNamespace, (e.Policies ?? []).map((p) => [p.PolicyName, p.PolicyType, p.PolicyArn, p.EntityType, p.EntityName])]);
    const s3Arn = `arn:aws:iam::${ACCOUNT}:policy/S3Read`;
    assert.deepEqual(byNs, [
      ['s3', [['S3Read', 'MANAGED', s3Arn, undefined, undefined], ['NotIam', 'INLINE', undefined, 'GROUP', 'devs']]],
      ['kms', [['Kms', 'INLINE', undefined, 'USER', 'frank'], ['NotIam', 'INLINE', undefined, 'GROUP', 'devs']]],
      ['iam', []],
      // A namespace the action reference does not hold: any action of it counts (NotAction iam:* leaves it).
      ['lambda', [['NotIam', 'INLINE', undefined, 'GROUP', 'devs']]],
    ]);
  });

  it("lists only a group's or role's own policies", async () => {
    const group = await h.call('ListPoliciesGrantingServiceAccess', { Arn: `arn:aws:iam::${ACCOUNT}:group/devs`, ServiceNamespaces: ['kms'] });
    assert.deepEqual(group.PoliciesGrantingServiceAccess[0]!.Policies!.map((p) => p.PolicyName), ['NotIam']);
    await h.call('CreateRole', { RoleName: 'app', AssumeRolePolicyDocument: trust() });
    await h.call('AttachRolePolicy', { RoleName: 'app', PolicyArn: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess' });
    await h.call('PutRolePermissionsBoundary', { RoleName: 'app', PermissionsBoundary: 'arn:aws:iam::aws:policy/AdministratorAccess' });
    const role = await h.call('ListPoliciesGrantingServiceAccess', { Arn: `arn:aws:iam::${ACCOUNT}:role/app`, ServiceNamespaces: ['s3', 'ec2'] });
    // Boundaries are not listed.
    assert.deepEqual(role.PoliciesGrantingServiceAccess.map((e) => [e.ServiceNamespace, e.Policies!.map((p) => p.PolicyName)]), [
      ['s3', ['AmazonS3ReadOnlyAccess']],
      ['ec2', []],
    ]);
  });

  it('answers AWS errors for bad ARNs and unknown entities, and pages many namespaces', async () => {
    assert.equal((await h.fail('ListPoliciesGrantingServiceAccess', { Arn: 'arn:aws:iam::123:user/x', ServiceNamespaces: ['s3'] })).code, 'InvalidInput');
    assert.equal((await h.fail('ListPoliciesGrantingServiceAccess', { Arn: `arn:aws:iam::${ACCOUNT}:policy/S3Read`, ServiceNamespaces: ['s3'] })).code, 'InvalidInput');
    // The ARN must name the entity exactly: path included.
    assert.equal((await h.fail('ListPoliciesGrantingServiceAccess', { Arn: `arn:aws:iam::${ACCOUNT}:user/frank`, ServiceNamespaces: ['s3'] })).code, 'NoSuchEntity');
    assert.equal((await h.fail('ListPoliciesGrantingServiceAccess', { Arn: `arn:aws:iam::210987654321:user/dev/frank`, ServiceNamespaces: ['s3'] })).code, 'NoSuchEntity');
    const many = Array.from({ length: 150 }, (_, i) => `svc${i}`);
    const first = await h.call('ListPoliciesGrantingServiceAccess', { Arn: userArn, ServiceNamespaces: many });
    assert.equal(first.PoliciesGrantingServiceAccess.length, 100);
    assert.equal(first.IsTruncated, true);
    const rest = await h.call('ListPoliciesGrantingServiceAccess', { Arn: userArn, ServiceNamespaces: many, Marker: first.Marker! });
    assert.deepEqual(rest.PoliciesGrantingServiceAccess.map((e) => e.ServiceNamespace), many.slice(100));
    assert.equal(rest.IsTruncated, false);
    assert.equal((await h.fail('ListPoliciesGrantingServiceAccess', { Arn: userArn, ServiceNamespaces: ['s3'], Marker: 'AA' })).code, 'ValidationError');
  });
});
