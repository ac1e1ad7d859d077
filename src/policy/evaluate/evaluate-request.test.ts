import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compilePolicyJson } from '../index.js';
import type { CompiledPolicy, PolicyType } from '../index.js';
import { evaluate } from './evaluate-request.js';
import { explainDenial } from './explain.js';
import { roleOwnsSession } from './principal-match.js';
import type { AuthzRequest, RequestPrincipal } from '../model/request.js';

const P = (statements: unknown[], type: PolicyType = 'identity', id = type): CompiledPolicy => {
  const c = compilePolicyJson(JSON.stringify({ Version: '2012-10-17', Statement: statements }), id, type);
  assert.ok(c);
  return c;
};
const user = { arn: 'arn:aws:iam::111122223333:user/cashier', accountId: '111122223333', type: 'user' as const };
const session = {
  arn: 'arn:aws:sts::111122223333:assumed-role/App/s',
  accountId: '111122223333',
  type: 'assumed-role' as const,
  roleArn: 'arn:aws:iam::111122223333:role/team/App',
};
const req = (principal: RequestPrincipal = user, extra: Partial<AuthzRequest> = {}): AuthzRequest => ({ principal, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', ...extra });
const allowS3 = { Effect: 'Allow', Action: 's3:*', Resource: '*' };

test('matched statements cite policy, sid, index and effect', () => {
  const d = evaluate(req(), { identityPolicies: [P([{ Sid: 'A', ...allowS3 }, { Effect: 'Deny', Action: 's3:Put*', Resource: '*' }])] });
  assert.deepEqual(d, { decision: 'Allow', matched: [{ policyId: 'identity', policyType: 'identity', sid: 'A', statementIndex: 0, effect: 'Allow' }] });
});

test('resource policy naming the role is capped by the boundary, naming the session is not', () => {
  const boundary = P([{ Effect: 'Allow', Action: 'sqs:*', Resource: '*' }], 'boundary');
  const byRole = P([{ ...allowS3, Principal: { AWS: session.roleArn } }], 'resource');
  const bySession = P([{ ...allowS3, Principal: { AWS: session.arn } }], 'resource');
  assert.equal(evaluate(req(session), { identityPolicies: [], permissionsBoundary: boundary, resourcePolicy: byRole }).deniedBy, 'boundary');
  assert.equal(evaluate(req(session), { identityPolicies: [], permissionsBoundary: boundary, resourcePolicy: bySession }).decision, 'Allow');
  assert.equal(evaluate(req(session), { identityPolicies: [], resourcePolicy: byRole }).decision, 'Allow');
});

test('cross-account needs both sides', () => {
  const r = req(user, { resourceAccountId: '444455556666' });
  const grant = P([{ ...allowS3, Principal: { AWS: '111122223333' } }], 'resource');
  assert.equal(evaluate(r, { identityPolicies: [P([allowS3])] }).deniedBy, 'resource');
  assert.equal(evaluate(r, { identityPolicies: [], resourcePolicy: grant }).deniedBy, 'identity');
  assert.equal(evaluate(r, { identityPolicies: [P([allowS3])], resourcePolicy: grant }).decision, 'Allow');
});

test('explainDenial renders AWS texts', () => {
  const r = req(user, { action: 'iam:ListUsers', resource: 'arn:aws:iam::111122223333:user/' });
  assert.equal(
    explainDenial(r, evaluate(r, { identityPolicies: [] })),
    'User: arn:aws:iam::111122223333:user/cashier is not authorized to perform: iam:ListUsers on resource: arn:aws:iam::111122223333:user/ because no identity-based policy allows the iam:ListUsers action',
  );
  const scp = evaluate(r, { identityPolicies: [P([allowS3])], scps: [[P([{ Effect: 'Deny', Action: '*', Resource: '*' }], 'scp')]] });
  assert.match(explainDenial(r, scp) ?? '', /with an explicit deny in a service control policy$/);
  assert.equal(explainDenial(req(), evaluate(req(), { identityPolicies: [P([allowS3])] })), undefined);
});

test('role ARN owns its sessions regardless of path and name case', () => {
  assert.equal(roleOwnsSession('arn:aws:iam::111122223333:role/team/App', 'arn:aws:sts::111122223333:assumed-role/app/s'), true);
  assert.equal(roleOwnsSession('arn:aws:iam::111122223333:role/App', 'arn:aws:sts::444455556666:assumed-role/App/s'), false);
});

test('a short Resource ARN covers what its missing parts (wildcards) cover; a null entry covers nothing', () => {
  const on = (resource: string, Resource: unknown) => evaluate(req(user, { action: 'quantumledger:Get', resource }), { identityPolicies: [P([{ Effect: 'Allow', Action: '*', Resource }])] }).decision;
  // AWS stores arn:aws:quantumledger and reads it as arn:aws:quantumledger:*:*:* (its messages fill missing parts with *).
  assert.equal(on('arn:aws:quantumledger:us-east-1:111122223333:thing/1', 'arn:aws:quantumledger'), 'Allow');
  assert.equal(on('arn:aws:other:us-east-1:111122223333:thing/1', 'arn:aws:quantumledger'), 'ImplicitDeny');
  assert.equal(on('arn:aws:quantumledger:us-east-1:111122223333:thing/1', 'arn:aws:quantumledger:us-east-1'), 'Allow');
  assert.equal(on('arn:aws:quantumledger:eu-west-1:111122223333:thing/1', 'arn:aws:quantumledger:us-east-1'), 'ImplicitDeny');
  // A URL-encoded resource is not decoded.
  assert.equal(on('arn:aws:ledger:x:y:z', 'arn:aws:ledger%3Ajournal%3Amain'), 'ImplicitDeny');
  assert.equal(on('arn:aws:ledger%3Ajournal%3Amain:x:y:z', 'arn:aws:ledger%3Ajournal%3Amain'), 'Allow');
  // null entries of a Resource list name nothing; a list of nulls does not widen the statement.
  assert.equal(on('arn:aws:s3:::b', ['arn:aws:s3:::b', null]), 'Allow');
  assert.equal(on('arn:aws:s3:::b', [null]), 'ImplicitDeny');
});
