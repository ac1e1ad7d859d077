import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createAuthorization, type AuthzCaller, type RequestFacts } from '../../../authz/index.js';
import { isAwsError } from '../../../shared/aws-error.js';
import { ACCOUNT, openHarness, type Harness } from '../test-harness.js';
import { createIdentitySource } from '../identity-source.js';
import { iamAuthorization } from './operation-rules.js';

const IAM = { prefix: 'iam', protocol: 'query' } as const;
const FACTS: RequestFacts = { now: Date.UTC(2025, 0, 1), sourceIp: '203.0.113.7', secureTransport: false, region: 'us-east-1' };
const doc = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const allow = (Action: string | string[], Resource: string | string[] = '*', Condition?: object) => ({ Effect: 'Allow', Action, Resource, ...(Condition ? { Condition } : {}) });
const slr = (service: string, name: string) => `arn:aws:iam::${ACCOUNT}:role/aws-service-role/${service}/${name}`;

let h: Harness;
let authorize: (op: string, input: Record<string, unknown>, caller: AuthzCaller) => Promise<void>;
let n = 0;

async function userCaller(name: string, policy: string): Promise<AuthzCaller> {
  const { User } = await h.call('CreateUser', { UserName: name });
  await h.call('PutUserPolicy', { UserName: name, PolicyName: 'p', PolicyDocument: policy });
  return { accessKeyId: `AKIASLRTEST${String(++n).padStart(9, '0')}`, principal: { accountId: ACCOUNT, arn: User!.Arn!, userId: User!.UserId!, type: 'user' } };
}

async function deniedResource(p: Promise<unknown>): Promise<string | undefined> {
  const e = await p.then(() => undefined, (x: unknown) => x);
  assert.ok(isAwsError(e) && e.code === 'AccessDenied', `expected AccessDenied, got ${String(e)}`);
  return / on resource: (\S+)/.exec(e.message)?.[1];
}

before(async () => {
  h = await openHarness();
  const authz = createAuthorization(h.store, { identity: createIdentitySource(h.store), services: [iamAuthorization(h.store)] });
  authorize = (op, input, caller) => authz.authorizer.authorizeOperation(IAM, op, input, caller, FACTS);
});
after(() => h.close());

describe('service-linked role authorization', () => {
  it("CreateServiceLinkedRole acts on the role it would create: one service's path allows no other", async () => {
    const gd = await userCaller('gd', doc(allow('iam:CreateServiceLinkedRole', 'arn:aws:iam::*:role/aws-service-role/guardduty.amazonaws.com/*')));
    await authorize('CreateServiceLinkedRole', { AWSServiceName: 'guardduty.amazonaws.com' }, gd);
    assert.equal(await deniedResource(authorize('CreateServiceLinkedRole', { AWSServiceName: 'inspector2.amazonaws.com' }, gd)), slr('inspector2.amazonaws.com', 'AWSServiceRoleForAmazonInspector2'));
    // Attacks: another case, a suffix, a look-alike principal: each names another role, outside the path.
    await deniedResource(authorize('CreateServiceLinkedRole', { AWSServiceName: 'GuardDuty.amazonaws.com' }, gd));
    assert.equal(
      await deniedResource(authorize('CreateServiceLinkedRole', { AWSServiceName: 'autoscaling.amazonaws.com', CustomSuffix: 'guardduty.amazonaws.com' }, gd)),
      slr('autoscaling.amazonaws.com', 'AWSServiceRoleForAutoScaling_guardduty.amazonaws.com'),
    );
    await deniedResource(authorize('CreateServiceLinkedRole', { AWSServiceName: 'malware-protection.guardduty.amazonaws.com' }, gd));
  });

  it('iam:AWSServiceName is the requested service; a custom suffix stays within the named role', async () => {
    const cond = await userCaller('cond', doc(allow('iam:CreateServiceLinkedRole', '*', { StringEquals: { 'iam:AWSServiceName': 'autoscaling.amazonaws.com' } })));
    await authorize('CreateServiceLinkedRole', { AWSServiceName: 'autoscaling.amazonaws.com', CustomSuffix: 'web' }, cond);
    await deniedResource(authorize('CreateServiceLinkedRole', { AWSServiceName: 'elasticloadbalancing.amazonaws.com' }, cond));
    const exact = await userCaller('exact', doc(allow('iam:CreateServiceLinkedRole', slr('autoscaling.amazonaws.com', 'AWSServiceRoleForAutoScaling'))));
    await authorize('CreateServiceLinkedRole', { AWSServiceName: 'autoscaling.amazonaws.com' }, exact);
    await deniedResource(authorize('CreateServiceLinkedRole', { AWSServiceName: 'autoscaling.amazonaws.com', CustomSuffix: 'x' }, exact));
  });

  it('DeleteServiceLinkedRole and GetServiceLinkedRoleDeletionStatus act on the service-linked role', async () => {
    await h.call('CreateServiceLinkedRole', { AWSServiceName: 'shield.amazonaws.com' });
    const arn = slr('shield.amazonaws.com', 'AWSServiceRoleForAWSShield');
    const del = await userCaller('del', doc(allow(['iam:DeleteServiceLinkedRole', 'iam:GetServiceLinkedRoleDeletionStatus'], arn)));
    // Named in another case: authorized on the stored name and path.
    await authorize('DeleteServiceLinkedRole', { RoleName: 'AWSSERVICEROLEFORAWSSHIELD' }, del);
    const task = `task/aws-service-role/shield.amazonaws.com/AWSServiceRoleForAWSShield/0f9a1b7c-1111-4222-8333-944445555666`;
    await authorize('GetServiceLinkedRoleDeletionStatus', { DeletionTaskId: task }, del);
    const other = task.replace('shield.amazonaws.com/AWSServiceRoleForAWSShield', 'guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDuty');
    assert.equal(await deniedResource(authorize('GetServiceLinkedRoleDeletionStatus', { DeletionTaskId: other }, del)), slr('guardduty.amazonaws.com', 'AWSServiceRoleForAmazonGuardDuty'));
    // Not a task id: authorized as `*`, which a role-scoped grant does not cover.
    await deniedResource(authorize('GetServiceLinkedRoleDeletionStatus', { DeletionTaskId: 'task/../x' }, del));
  });
});
