import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ACCOUNT, allow, openHarness, trust, type Harness } from '../test-harness.js';

const PROTECTED = (name: string) => `Cannot perform the operation on the protected role '${name}' - this role is only modifiable by AWS`;

describe('IAM service-linked roles', () => {
  let h: Harness;
  before(async () => {
    h = await openHarness();
  });
  after(() => h.close());

  it("creates the service's role at /aws-service-role/<principal>/ with AWS's name, trust policy and managed policy", async () => {
    const Role = (await h.call('CreateServiceLinkedRole', { AWSServiceName: 'organizations.amazonaws.com', Description: 'orgs' })).Role!;
    assert.equal(Role.RoleName, 'AWSServiceRoleForOrganizations');
    assert.equal(Role.Path, '/aws-service-role/organizations.amazonaws.com/');
    assert.equal(Role.Arn, `arn:aws:iam::${ACCOUNT}:role/aws-service-role/organizations.amazonaws.com/AWSServiceRoleForOrganizations`);
    assert.match(Role.RoleId, /^AROA/);
    assert.equal(Role.MaxSessionDuration, 3600);
    assert.equal(Role.Description, 'orgs');
    const doc = JSON.parse(decodeURIComponent(Role.AssumeRolePolicyDocument ?? '')) as { Statement: unknown[] };
    assert.deepEqual(doc.Statement, [{ Effect: 'Allow', Principal: { Service: 'organizations.amazonaws.com' }, Action: 'sts:AssumeRole' }]);
    const attached = await h.call('ListAttachedRolePolicies', { RoleName: Role.RoleName });
    assert.deepEqual(attached.AttachedPolicies, [{ PolicyName: 'AWSOrganizationsServiceTrustPolicy', PolicyArn: 'arn:aws:iam::aws:policy/aws-service-role/AWSOrganizationsServiceTrustPolicy' }]);
    const policy = await h.call('GetPolicy', { PolicyArn: 'arn:aws:iam::aws:policy/aws-service-role/AWSOrganizationsServiceTrustPolicy' });
    assert.equal(policy.Policy?.Path, '/aws-service-role/');
    assert.equal(policy.Policy?.AttachmentCount, 1);
    const listed = await h.call('ListRoles', { PathPrefix: '/aws-service-role/' });
    assert.deepEqual(listed.Roles.map((r) => r.RoleName), ['AWSServiceRoleForOrganizations']);
  });

  it('names roles per service as AWS does, with custom suffixes only where the service takes them', async () => {
    const names: [string, string][] = [
      ['guardduty.amazonaws.com', 'AWSServiceRoleForAmazonGuardDuty'],
      ['inspector2.amazonaws.com', 'AWSServiceRoleForAmazonInspector2'],
      ['shield.amazonaws.com', 'AWSServiceRoleForAWSShield'],
      ['elasticloadbalancing.amazonaws.com', 'AWSServiceRoleForElasticLoadBalancing'],
      ['lex.amazonaws.com', 'AWSServiceRoleForLexBots'],
      ['autoscaling.amazonaws.com', 'AWSServiceRoleForAutoScaling'],
    ];
    for (const [service, name] of names) assert.equal((await h.call('CreateServiceLinkedRole', { AWSServiceName: service })).Role!.RoleName, name);
    const suffixed = await h.call('CreateServiceLinkedRole', { AWSServiceName: 'autoscaling.amazonaws.com', CustomSuffix: 'web' });
    assert.equal(suffixed.Role!.Arn, `arn:aws:iam::${ACCOUNT}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling_web`);

    const refused = await h.fail('CreateServiceLinkedRole', { AWSServiceName: 'guardduty.amazonaws.com', CustomSuffix: 'x' });
    assert.deepEqual([refused.code, refused.httpStatus, refused.message], ['InvalidInput', 400, 'Custom suffix is not allowed for guardduty.amazonaws.com']);
    const taken = await h.fail('CreateServiceLinkedRole', { AWSServiceName: 'autoscaling.amazonaws.com', CustomSuffix: 'WEB' });
    assert.deepEqual([taken.code, taken.message], ['InvalidInput', 'Service role name AWSServiceRoleForAutoScaling_WEB has been taken in this account, please try a different suffix.']);
    const again = await h.fail('CreateServiceLinkedRole', { AWSServiceName: 'guardduty.amazonaws.com' });
    assert.equal(again.message, 'Service role name AWSServiceRoleForAmazonGuardDuty has been taken in this account, please try a different suffix.');
    assert.equal((await h.fail('CreateServiceLinkedRole', { AWSServiceName: 'nosuch.amazonaws.com' })).code, 'InvalidInput');
    // Service principals are case-sensitive.
    assert.equal((await h.fail('CreateServiceLinkedRole', { AWSServiceName: 'GuardDuty.amazonaws.com' })).code, 'InvalidInput');
    const long = await h.fail('CreateServiceLinkedRole', { AWSServiceName: 'autoscaling.amazonaws.com', CustomSuffix: 'x'.repeat(40) });
    assert.equal(long.code, 'ValidationError');
  });

  it('protects service-linked roles from ordinary edits, but lets descriptions and tags change', async () => {
    const name = 'AWSServiceRoleForAmazonGuardDuty';
    await h.call('CreatePolicy', { PolicyName: 'Mine', PolicyDocument: allow('s3:GetObject') });
    await h.call('CreateInstanceProfile', { InstanceProfileName: 'ip' });
    const mine = `arn:aws:iam::${ACCOUNT}:policy/Mine`;
    const attempts: [string, () => Promise<unknown>][] = [
      ['DeleteRole', () => h.fail('DeleteRole', { RoleName: name })],
      ['UpdateAssumeRolePolicy', () => h.fail('UpdateAssumeRolePolicy', { RoleName: name, PolicyDocument: trust() })],
      ['PutRolePolicy', () => h.fail('PutRolePolicy', { RoleName: name, PolicyName: 'p', PolicyDocument: allow('*') })],
      ['DeleteRolePolicy', () => h.fail('DeleteRolePolicy', { RoleName: name, PolicyName: 'p' })],
      ['AttachRolePolicy', () => h.fail('AttachRolePolicy', { RoleName: name, PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' })],
      ['DetachRolePolicy', () => h.fail('DetachRolePolicy', { RoleName: name, PolicyArn: mine })],
      ['PutRolePermissionsBoundary', () => h.fail('PutRolePermissionsBoundary', { RoleName: name, PermissionsBoundary: mine })],
      ['DeleteRolePermissionsBoundary', () => h.fail('DeleteRolePermissionsBoundary', { RoleName: name })],
      ['AddRoleToInstanceProfile', () => h.fail('AddRoleToInstanceProfile', { InstanceProfileName: 'ip', RoleName: name })],
      ['UpdateRole MaxSessionDuration', () => h.fail('UpdateRole', { RoleName: name, MaxSessionDuration: 7200 })],
    ];
    for (const [what, attempt] of attempts) {
      const e = (await attempt()) as { code: string; httpStatus: number; message: string };
      assert.deepEqual([what, e.code, e.httpStatus, e.message], [what, 'UnmodifiableEntity', 400, PROTECTED(name)]);
    }
    await h.call('UpdateRoleDescription', { RoleName: name, Description: 'mine now' });
    await h.call('UpdateRole', { RoleName: name, Description: 'again' });
    await h.call('TagRole', { RoleName: name, Tags: [{ Key: 'team', Value: 'sec' }] });
    const got = await h.call('GetRole', { RoleName: name });
    assert.equal(got.Role.Description, 'again');
    assert.equal(got.Role.MaxSessionDuration, 3600);
    assert.deepEqual(await h.call('ListRolePolicies', { RoleName: name }).then((r) => r.PolicyNames), []);
  });

  it('reserves the /aws-service-role/ path and keeps service-role policies off customer entities', async () => {
    // Policies exempt /aws-service-role/ roles from SCPs: an ordinary role must not get that path.
    const e = await h.fail('CreateRole', { RoleName: 'fake', Path: '/aws-service-role/guardduty.amazonaws.com/', AssumeRolePolicyDocument: trust() });
    assert.deepEqual([e.code, e.message], ['InvalidInput', "Path prefix '/aws-service-role/' can only be used for AWS Service linked Roles"]);
    await h.call('CreateRole', { RoleName: 'plain', AssumeRolePolicyDocument: trust() });
    const slrPolicy = 'arn:aws:iam::aws:policy/aws-service-role/AWSShieldServiceRolePolicy';
    const refused = await h.fail('AttachRolePolicy', { RoleName: 'plain', PolicyArn: slrPolicy });
    assert.deepEqual([refused.code, refused.httpStatus, refused.message], ['PolicyNotAttachable', 400, 'Cannot attach a Service Role Policy to a Customer Role.']);
    await h.call('CreateUser', { UserName: 'u' });
    assert.equal((await h.fail('AttachUserPolicy', { UserName: 'u', PolicyArn: slrPolicy })).code, 'PolicyNotAttachable');
    const awsPolicies = await h.call('ListPolicies', { Scope: 'AWS', PathPrefix: '/aws-service-role/' });
    assert.deepEqual(awsPolicies.Policies!.map((p) => p.PolicyName), ['AWSOrganizationsServiceTrustPolicy', 'AWSShieldServiceRolePolicy']);
  });

  it('deletes service-linked roles through a deletion task that has succeeded when the call returns', async () => {
    const { Role } = await h.call('GetRole', { RoleName: 'AWSServiceRoleForOrganizations' }); // made by the first test
    const { DeletionTaskId } = await h.call('DeleteServiceLinkedRole', { RoleName: Role.RoleName.toLowerCase() });
    assert.match(DeletionTaskId, /^task\/aws-service-role\/organizations\.amazonaws\.com\/AWSServiceRoleForOrganizations\/[0-9a-f-]{36}$/);
    assert.deepEqual(await h.call('GetServiceLinkedRoleDeletionStatus', { DeletionTaskId }), { Status: 'SUCCEEDED' });
    assert.equal((await h.fail('GetRole', { RoleName: Role.RoleName })).code, 'NoSuchEntity');
    const policy = await h.call('GetPolicy', { PolicyArn: 'arn:aws:iam::aws:policy/aws-service-role/AWSOrganizationsServiceTrustPolicy' });
    assert.equal(policy.Policy?.AttachmentCount, 0);
    // The role can be made again once deleted.
    await h.call('CreateServiceLinkedRole', { AWSServiceName: 'organizations.amazonaws.com' });

    const unknownTask = DeletionTaskId.replace(/[0-9a-f]{8}-/, '00000000-');
    assert.equal((await h.fail('GetServiceLinkedRoleDeletionStatus', { DeletionTaskId: unknownTask })).code, 'NoSuchEntity');
    assert.equal((await h.fail('GetServiceLinkedRoleDeletionStatus', { DeletionTaskId: 'not-a-task' })).code, 'InvalidInput');
    assert.equal((await h.fail('DeleteServiceLinkedRole', { RoleName: 'plain' })).code, 'NoSuchEntity');
    assert.equal((await h.fail('DeleteServiceLinkedRole', { RoleName: 'nobody' })).code, 'NoSuchEntity');
  });
});
