import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ACCOUNT, openHarness, type Harness } from '../test-harness.js';

const BUCKET = 'arn:aws:s3:::AWSDOC-EXAMPLE-BUCKET';
const CASHIER = `{
  "Version": "2012-10-17",
  "Statement": [
    {"Sid": "List", "Effect": "Allow", "Action": "s3:ListBucket", "Resource": "${BUCKET}"},
    {"Sid": "NoDelete", "Effect": "Deny", "Action": "s3:DeleteBucket", "Resource": "*"},
    {"Sid": "Own", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "${BUCKET}/\${aws:username}/*",
     "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}}
  ]
}`;

describe('policy simulator', () => {
  let h: Harness;
  before(async () => {
    h = await openHarness();
    await h.call('CreateUser', { UserName: 'cashier' });
    await h.call('PutUserPolicy', { UserName: 'cashier', PolicyName: 'Cashier', PolicyDocument: CASHIER });
    await h.call('CreateGroup', { GroupName: 'staff' });
    await h.call('AddUserToGroup', { GroupName: 'staff', UserName: 'cashier' });
    const p = await h.call('CreatePolicy', { PolicyName: 'ReadSqs', PolicyDocument: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sqs:Get*","Resource":"*"}]}' });
    await h.call('AttachGroupPolicy', { GroupName: 'staff', PolicyArn: p.Policy!.Arn! });
  });
  after(async () => h.close());

  const userArn = `arn:aws:iam::${ACCOUNT}:user/cashier`;

  it('decides each action as enforcement would, citing the deciding statements', async () => {
    const out = await h.call('SimulatePrincipalPolicy', { PolicySourceArn: userArn, ActionNames: ['s3:ListBucket', 'iam:ListUsers', 's3:DeleteBucket'], ResourceArns: [BUCKET] });
    const [list, users, del] = out.EvaluationResults!;
    assert.deepEqual([list!.EvalDecision, users!.EvalDecision, del!.EvalDecision], ['allowed', 'implicitDeny', 'explicitDeny']);
    assert.equal(list!.EvalResourceName, BUCKET);
    assert.deepEqual(list!.MatchedStatements, [{ SourcePolicyId: 'Cashier', SourcePolicyType: 'user', StartPosition: { Line: 4, Column: 5 }, EndPosition: { Line: 4, Column: 116 } }]);
    assert.deepEqual(users!.MatchedStatements, []);
    assert.equal(del!.MatchedStatements![0]!.StartPosition!.Line, 5);
    assert.deepEqual(list!.ResourceSpecificResults!.map((r) => [r.EvalResourceName, r.EvalResourceDecision]), [[BUCKET, 'allowed']]);
    assert.deepEqual(list!.EvalDecisionDetails, {});
    const group = await h.call('SimulatePrincipalPolicy', { PolicySourceArn: userArn, ActionNames: ['sqs:GetQueueUrl'] });
    assert.deepEqual(group.EvaluationResults![0]!.MatchedStatements!.map((s) => [s.SourcePolicyId, s.SourcePolicyType]), [['ReadSqs', 'user-managed']]);
    assert.equal(group.EvaluationResults![0]!.EvalResourceName, '*');
  });

  it('reports missing context keys and uses the ones given', async () => {
    const obj = `${BUCKET}/cashier/receipt.txt`;
    const missing = await h.call('SimulatePrincipalPolicy', { PolicySourceArn: userArn, ActionNames: ['s3:GetObject'] });
    assert.deepEqual(missing.EvaluationResults![0]!.MissingContextValues, ['aws:SourceIp']);
    const denied = await h.call('SimulatePrincipalPolicy', { PolicySourceArn: userArn, ActionNames: ['s3:GetObject'], ResourceArns: [obj] });
    assert.equal(denied.EvaluationResults![0]!.EvalDecision, 'implicitDeny');
    assert.deepEqual(denied.EvaluationResults![0]!.ResourceSpecificResults![0]!.MissingContextValues, ['aws:SourceIp']);
    const ok = await h.call('SimulatePrincipalPolicy', {
      PolicySourceArn: userArn,
      ActionNames: ['s3:GetObject'],
      ResourceArns: [obj, `${BUCKET}/someone-else/x`],
      ContextEntries: [{ ContextKeyName: 'aws:SourceIp', ContextKeyValues: ['10.1.2.3'], ContextKeyType: 'ip' }],
    });
    const r = ok.EvaluationResults![0]!;
    assert.equal(r.EvalDecision, 'implicitDeny', 'the most restrictive decision over the resources');
    assert.equal(r.EvalResourceName, undefined);
    assert.deepEqual(r.ResourceSpecificResults!.map((x) => x.EvalResourceDecision), ['allowed', 'implicitDeny']);
  });

  it('applies a permissions boundary and pages results', async () => {
    const out = await h.call('SimulatePrincipalPolicy', {
      PolicySourceArn: userArn,
      ActionNames: ['s3:ListBucket', 'sqs:GetQueueUrl'],
      PermissionsBoundaryPolicyInputList: ['{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sqs:*","Resource":"*"}]}'],
      MaxItems: 1,
    });
    assert.equal(out.IsTruncated, true);
    const first = out.EvaluationResults![0]!;
    assert.deepEqual([first.EvalDecision, first.PermissionsBoundaryDecisionDetail], ['implicitDeny', { AllowedByPermissionsBoundary: false }]);
    const next = await h.call('SimulatePrincipalPolicy', { PolicySourceArn: userArn, ActionNames: ['s3:ListBucket', 'sqs:GetQueueUrl'], PermissionsBoundaryPolicyInputList: ['{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sqs:*","Resource":"*"}]}'], MaxItems: 1, Marker: out.Marker! });
    assert.deepEqual([next.IsTruncated, next.EvaluationResults![0]!.EvalDecision], [false, 'allowed']);
  });

  it('simulates custom policies, with a cross-account resource policy', async () => {
    const out = await h.call('SimulateCustomPolicy', {
      PolicyInputList: ['{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}}'],
      ActionNames: ['s3:GetObject'],
      ResourceArns: [`${BUCKET}/k`],
      ResourceOwner: 'arn:aws:iam::210987654321:root',
      CallerArn: userArn,
      ResourcePolicy: `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"${userArn}"},"Action":"s3:GetObject","Resource":"${BUCKET}/*"}}`,
    });
    const r = out.EvaluationResults![0]!;
    assert.equal(r.EvalDecision, 'allowed');
    // UNCONFIRMED AWS TEXT: EvalDecisionDetails keys for cross-account; decided without evidence, see src/services/iam/README.md ("Checked against AWS")
    assert.deepEqual(r.EvalDecisionDetails, { 'IAM Policy': 'allowed', 'Resource Policy': 'allowed' });
    assert.deepEqual(r.MatchedStatements!.map((s) => s.SourcePolicyId).sort(), ['PolicyInputList.1', 'ResourcePolicy']);
    assert.equal((await h.fail('SimulateCustomPolicy', { PolicyInputList: ['{"Statement":'], ActionNames: ['s3:GetObject'] })).code, 'InvalidInput');
    assert.equal((await h.fail('SimulatePrincipalPolicy', { PolicySourceArn: `arn:aws:iam::${ACCOUNT}:user/nobody`, ActionNames: ['s3:GetObject'] })).code, 'NoSuchEntity');
  });

  it('without ResourceOwner, the resources belong to the account of CallerArn (another account here)', async () => {
    // SimulateCustomPolicy: "If the ResourceOwner parameter is not specified, then the owner of the
    // resources and the resource policy defaults to the account of the identity provided in CallerArn."
    const other = 'arn:aws:iam::210987654321:user/bob';
    const allowGet = '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}}';
    const custom = await h.call('SimulateCustomPolicy', { PolicyInputList: [allowGet], ActionNames: ['s3:GetObject'], ResourceArns: [`${BUCKET}/k`], CallerArn: other });
    assert.equal(custom.EvaluationResults![0]!.EvalDecision, 'allowed');
    const principal = await h.call('SimulatePrincipalPolicy', { PolicySourceArn: userArn, ActionNames: ['s3:ListBucket'], ResourceArns: [BUCKET], CallerArn: other });
    assert.equal(principal.EvaluationResults![0]!.EvalDecision, 'allowed');
    // Named explicitly, another owner than the caller's account needs the resource policy again.
    const owned = await h.call('SimulateCustomPolicy', { PolicyInputList: [allowGet], ActionNames: ['s3:GetObject'], ResourceArns: [`${BUCKET}/k`], CallerArn: other, ResourceOwner: ACCOUNT });
    assert.equal(owned.EvaluationResults![0]!.EvalDecision, 'implicitDeny');
  });

  it('lists the context keys of policies', async () => {
    const p = await h.call('GetContextKeysForPrincipalPolicy', { PolicySourceArn: userArn, PolicyInputList: ['{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"},"IpAddress":{"AWS:SOURCEIP":"1.2.3.4"}}}}'] });
    assert.deepEqual(p.ContextKeyNames, ['aws:username', 'aws:SourceIp', 'aws:MultiFactorAuthPresent']);
    const c = await h.call('GetContextKeysForCustomPolicy', { PolicyInputList: ['{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringEquals":{"s3:prefix":"${aws:userid}/"}}}}'] });
    assert.deepEqual(c.ContextKeyNames, ['s3:prefix', 'aws:userid']);
  });
});
