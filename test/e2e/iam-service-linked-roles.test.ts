/**
 * Service-linked roles and the IAM access reports (ListPoliciesGrantingServiceAccess,
 * GetServiceLastAccessedDetailsWithEntities) end to end: @aws-sdk/client-iam, the AWS CLI and boto3.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AttachRolePolicyCommand,
  CreateServiceLinkedRoleCommand,
  DeleteRoleCommand,
  DeleteServiceLinkedRoleCommand,
  GenerateServiceLastAccessedDetailsCommand,
  GetRoleCommand,
  GetServiceLastAccessedDetailsWithEntitiesCommand,
  GetServiceLinkedRoleDeletionStatusCommand,
  ListAttachedRolePoliciesCommand,
  ListPoliciesGrantingServiceAccessCommand,
  PutUserPolicyCommand,
  UpdateRoleDescriptionCommand,
} from '@aws-sdk/client-iam';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { pythonWithBoto3 } from '../helpers/python.js';
import { awsEnv, startTestServer, type TestServer } from '../helpers/rampart.js';
import { allow, doc, failure, iam, run, sts, userWithKey } from './authz-support.js';

describe('IAM service-linked roles through the AWS SDK, CLI and boto3', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer();
  });
  after(async () => s.close());

  it("creates, protects and deletes a service-linked role as AWS does", async () => {
    const root = iam(s);
    const { Role } = await root.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'organizations.amazonaws.com' }));
    assert.equal(Role?.Arn, `arn:aws:iam::${s.accountId}:role/aws-service-role/organizations.amazonaws.com/AWSServiceRoleForOrganizations`);
    const trust = JSON.parse(decodeURIComponent(Role?.AssumeRolePolicyDocument ?? '')) as { Statement: { Principal: unknown }[] };
    assert.deepEqual(trust.Statement[0]?.Principal, { Service: 'organizations.amazonaws.com' });
    const attached = await root.send(new ListAttachedRolePoliciesCommand({ RoleName: 'AWSServiceRoleForOrganizations' }));
    assert.deepEqual(attached.AttachedPolicies?.map((p) => p.PolicyArn), ['arn:aws:iam::aws:policy/aws-service-role/AWSOrganizationsServiceTrustPolicy']);

    const refused = await failure(root.send(new DeleteRoleCommand({ RoleName: 'AWSServiceRoleForOrganizations' })));
    assert.deepEqual([refused.name, refused.$metadata.httpStatusCode, refused.message], [
      'UnmodifiableEntityException',
      400,
      "Cannot perform the operation on the protected role 'AWSServiceRoleForOrganizations' - this role is only modifiable by AWS",
    ]);
    const attach = await failure(root.send(new AttachRolePolicyCommand({ RoleName: 'AWSServiceRoleForOrganizations', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' })));
    assert.equal(attach.name, 'UnmodifiableEntityException');
    await root.send(new UpdateRoleDescriptionCommand({ RoleName: 'AWSServiceRoleForOrganizations', Description: 'edited' }));

    const dup = await failure(root.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'organizations.amazonaws.com' })));
    assert.deepEqual([dup.name, dup.message], ['InvalidInputException', 'Service role name AWSServiceRoleForOrganizations has been taken in this account, please try a different suffix.']);
    const suffix = await failure(root.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'guardduty.amazonaws.com', CustomSuffix: 'x' })));
    assert.deepEqual([suffix.name, suffix.message], ['InvalidInputException', 'Custom suffix is not allowed for guardduty.amazonaws.com']);

    const { DeletionTaskId } = await root.send(new DeleteServiceLinkedRoleCommand({ RoleName: 'AWSServiceRoleForOrganizations' }));
    assert.match(DeletionTaskId ?? '', /^task\/aws-service-role\/organizations\.amazonaws\.com\/AWSServiceRoleForOrganizations\/[0-9a-f-]{36}$/);
    assert.equal((await root.send(new GetServiceLinkedRoleDeletionStatusCommand({ DeletionTaskId }))).Status, 'SUCCEEDED');
    assert.equal((await failure(root.send(new GetRoleCommand({ RoleName: 'AWSServiceRoleForOrganizations' })))).name, 'NoSuchEntityException');
  });

  it('authorizes CreateServiceLinkedRole on the role it creates: a grant for one service allows no other', async () => {
    const creds = await userWithKey(s, 'slr-maker', { policy: doc(allow('iam:CreateServiceLinkedRole', 'arn:aws:iam::*:role/aws-service-role/guardduty.amazonaws.com/*')) });
    const user = iam(s, creds);
    const made = await user.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'guardduty.amazonaws.com' }));
    assert.equal(made.Role?.RoleName, 'AWSServiceRoleForAmazonGuardDuty');
    for (const input of [{ AWSServiceName: 'inspector2.amazonaws.com' }, { AWSServiceName: 'autoscaling.amazonaws.com', CustomSuffix: 'guardduty' }]) {
      const e = await failure(user.send(new CreateServiceLinkedRoleCommand(input)));
      assert.deepEqual([e.name, e.$metadata.httpStatusCode], ['AccessDenied', 403]);
      assert.match(e.message, /iam:CreateServiceLinkedRole on resource: arn:aws:iam::\d{12}:role\/aws-service-role\//);
    }
    // Only the service may assume it, whatever the caller's own policies allow.
    const assumer = await userWithKey(s, 'slr-assumer', { policy: doc(allow('sts:AssumeRole')) });
    const assumed = await failure(sts(s, assumer).send(new AssumeRoleCommand({ RoleArn: made.Role?.Arn, RoleSessionName: 'intruder' })));
    assert.deepEqual([assumed.name, assumed.$metadata.httpStatusCode], ['AccessDenied', 403]);
  });

  it('reports the policies granting access to a service and the entities of a policy report', async () => {
    const root = iam(s);
    await userWithKey(s, 'reader', { attach: ['arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess'] });
    await root.send(new PutUserPolicyCommand({ UserName: 'reader', PolicyName: 'kms', PolicyDocument: doc(allow('kms:Decrypt')) }));
    const arn = `arn:aws:iam::${s.accountId}:user/reader`;
    const got = await root.send(new ListPoliciesGrantingServiceAccessCommand({ Arn: arn, ServiceNamespaces: ['s3', 'kms'] }));
    assert.deepEqual(
      got.PoliciesGrantingServiceAccess?.map((e) => [e.ServiceNamespace, e.Policies?.map((p) => [p.PolicyName, p.PolicyType, p.EntityType ?? p.PolicyArn])]),
      [
        ['s3', [['AmazonS3ReadOnlyAccess', 'MANAGED', 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess']]],
        ['kms', [['kms', 'INLINE', 'USER']]],
      ],
    );
    const job = await root.send(new GenerateServiceLastAccessedDetailsCommand({ Arn: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess' }));
    const entities = await root.send(new GetServiceLastAccessedDetailsWithEntitiesCommand({ JobId: job.JobId, ServiceNamespace: 's3' }));
    assert.equal(entities.JobStatus, 'COMPLETED');
    assert.deepEqual(entities.EntityDetailsList?.map((e) => [e.EntityInfo?.Name, e.EntityInfo?.Type, e.EntityInfo?.Arn]), [['reader', 'USER', arn]]);
  });

  it('the AWS CLI and boto3 create and delete service-linked roles', async () => {
    const cli = await run('aws', ['--endpoint-url', s.url, '--output', 'json', 'iam', 'create-service-linked-role', '--aws-service-name', 'autoscaling.amazonaws.com', '--custom-suffix', 'cli'], awsEnv(s));
    assert.equal(cli.status, 0, cli.stderr);
    assert.equal((JSON.parse(cli.stdout) as { Role: { RoleName: string } }).Role.RoleName, 'AWSServiceRoleForAutoScaling_cli');
    const bad = await run('aws', ['--endpoint-url', s.url, 'iam', 'delete-role', '--role-name', 'AWSServiceRoleForAutoScaling_cli'], awsEnv(s));
    assert.match(bad.stderr, /\(UnmodifiableEntity\) when calling the DeleteRole operation: Cannot perform the operation on the protected role 'AWSServiceRoleForAutoScaling_cli'/);
    const script = `
import boto3, json, sys, botocore
iam = boto3.client('iam', endpoint_url=sys.argv[1], region_name='us-east-1', aws_access_key_id=sys.argv[2], aws_secret_access_key=sys.argv[3],
                   config=botocore.config.Config(retries={'max_attempts': 1}))
role = iam.create_service_linked_role(AWSServiceName='shield.amazonaws.com', Description='py')['Role']
task = iam.delete_service_linked_role(RoleName=role['RoleName'])['DeletionTaskId']
status = iam.get_service_linked_role_deletion_status(DeletionTaskId=task)['Status']
print(json.dumps({'path': role['Path'], 'trust': role['AssumeRolePolicyDocument']['Statement'][0]['Principal'], 'status': status}))
`;
    const r = await run(pythonWithBoto3(), ['-c', script, s.url, s.credentials.accessKeyId, s.credentials.secretAccessKey], awsEnv(s));
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { path: '/aws-service-role/shield.amazonaws.com/', trust: { Service: 'shield.amazonaws.com' }, status: 'SUCCEEDED' });
  });
});
