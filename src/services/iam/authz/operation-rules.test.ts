import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createAuthorization, type AuthzCaller, type RequestFacts } from '../../../authz/index.js';
import { isAwsError } from '../../../shared/aws-error.js';
import { ACCOUNT, openHarness, type Harness } from '../test-harness.js';
import { createIdentitySource } from '../identity-source.js';
import { iamAuthorization, iamOperationRules } from './operation-rules.js';
import { IamTargets } from './targets.js';
import { implementedOperations } from '../../../protocol/service-definition.js';
import { createIamService } from '../index.js';

const IAM = { prefix: 'iam', protocol: 'query' } as const;
const FACTS: RequestFacts = { now: Date.UTC(2025, 0, 1), sourceIp: '203.0.113.7', secureTransport: false, region: 'us-east-1' };
const doc = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const allow = (Action: string | string[], Resource: string | string[] = '*', Condition?: object) => ({ Effect: 'Allow', Action, Resource, ...(Condition ? { Condition } : {}) });
const arn = (kind: string, rest: string) => `arn:aws:iam::${ACCOUNT}:${kind}/${rest}`;

let h: Harness;
let authorize: (op: string, input: Record<string, unknown>, caller: AuthzCaller) => Promise<void>;
let n = 0;

/** A user with an inline policy, as the caller authorization sees. */
async function userCaller(name: string, policy: string, path = '/'): Promise<AuthzCaller> {
  const { User } = await h.call('CreateUser', { UserName: name, Path: path });
  await h.call('PutUserPolicy', { UserName: name, PolicyName: 'p', PolicyDocument: policy });
  return { accessKeyId: `AKIATEST${String(++n).padStart(12, '0')}`, principal: { accountId: ACCOUNT, arn: User!.Arn!, userId: User!.UserId!, type: 'user' } };
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

describe('IAM authorization rules', () => {
  it('declare every operation IAM serves', () => {
    const rules = iamOperationRules(new IamTargets(h.store));
    for (const op of implementedOperations(createIamService({ store: h.store }).definition)) assert.ok(Object.prototype.hasOwnProperty.call(rules, op), op);
  });

  it('GetUser without UserName is authorized on the caller with its stored path; another user on theirs', async () => {
    const bob = await userCaller('bob', doc(allow('iam:GetUser', `arn:aws:iam::${ACCOUNT}:user/eng/\${aws:username}`)), '/eng/');
    await h.call('CreateUser', { UserName: 'alice', Path: '/ops/' });
    await authorize('GetUser', {}, bob);
    await authorize('GetUser', { UserName: 'BOB' }, bob);
    assert.equal(await deniedResource(authorize('GetUser', { UserName: 'alice' }, bob)), arn('user', 'ops/alice'));
  });

  it('a role session without UserName gets IAM\'s ValidationError before any decision', async () => {
    const session: AuthzCaller = { accessKeyId: 'ASIATESTSESSION00001', principal: { accountId: ACCOUNT, arn: `arn:aws:sts::${ACCOUNT}:assumed-role/r/s`, userId: 'AROAEXAMPLE:s', type: 'assumed-role' } };
    const e = await authorize('ListAccessKeys', {}, session).then(() => undefined, (x: unknown) => x);
    assert.ok(isAwsError(e));
    assert.deepEqual([e.code, e.message], ['ValidationError', 'Must specify userName when calling with non-User credentials']);
  });

  it('ABAC: aws:ResourceTag / iam:ResourceTag of the target and aws:PrincipalTag of the caller', async () => {
    const policy = doc(allow('iam:UpdateLoginProfile', '*', { StringEquals: { 'aws:ResourceTag/team': '${aws:PrincipalTag/team}', 'iam:ResourceTag/team': 'red' } }));
    const lead = await userCaller('lead', policy);
    await h.call('TagUser', { UserName: 'lead', Tags: [{ Key: 'team', Value: 'red' }] });
    await h.call('CreateUser', { UserName: 'member', Tags: [{ Key: 'team', Value: 'red' }] });
    await h.call('CreateUser', { UserName: 'other', Tags: [{ Key: 'team', Value: 'blue' }] });
    await authorize('UpdateLoginProfile', { UserName: 'Member' }, lead);
    assert.equal(await deniedResource(authorize('UpdateLoginProfile', { UserName: 'other' }, lead)), arn('user', 'other'));
  });

  it('iam:PermissionsBoundary is the target\'s boundary for AttachUserPolicy, the input\'s for CreateUser', async () => {
    await h.call('CreatePolicy', { PolicyName: 'Boundary', PolicyDocument: doc(allow('s3:*')) });
    const B = arn('policy', 'Boundary');
    const admin = await userCaller('admin', doc(allow(['iam:AttachUserPolicy', 'iam:CreateUser'], '*', { StringEquals: { 'iam:PermissionsBoundary': B } })));
    await h.call('CreateUser', { UserName: 'bounded', PermissionsBoundary: B });
    await h.call('CreateUser', { UserName: 'free' });
    const managed = 'arn:aws:iam::aws:policy/AdministratorAccess';
    await authorize('AttachUserPolicy', { UserName: 'bounded', PolicyArn: managed }, admin);
    await deniedResource(authorize('AttachUserPolicy', { UserName: 'free', PolicyArn: managed }, admin));
    await authorize('CreateUser', { UserName: 'n', PermissionsBoundary: B }, admin);
    assert.equal(await deniedResource(authorize('CreateUser', { UserName: 'n', Path: '/x/' }, admin)), arn('user', 'x/n'));
  });

  it('an entity named by ARN must be named exactly; its stored ARN is the resource', async () => {
    await h.call('CreateRole', { RoleName: 'Exact', Path: '/svc/', AssumeRolePolicyDocument: doc({ Effect: 'Allow', Principal: { AWS: ACCOUNT }, Action: 'sts:AssumeRole' }) });
    const sim = await userCaller('sim', doc(allow('iam:SimulatePrincipalPolicy', arn('role', 'svc/Exact'))));
    await authorize('SimulatePrincipalPolicy', { PolicySourceArn: arn('role', 'svc/Exact'), ActionNames: ['s3:ListBucket'] }, sim);
    // Another path or case names no role: authorized as named (and IAM then answers NoSuchEntity).
    assert.equal(await deniedResource(authorize('SimulatePrincipalPolicy', { PolicySourceArn: arn('role', 'Exact'), ActionNames: ['s3:ListBucket'] }, sim)), arn('role', 'Exact'));
    assert.equal(await deniedResource(authorize('SimulatePrincipalPolicy', { PolicySourceArn: arn('role', 'svc/exact'), ActionNames: ['s3:ListBucket'] }, sim)), arn('role', 'svc/exact'));
    // ... and the handler acts on the entity authorization resolved, or on none.
    assert.equal((await h.fail('SimulatePrincipalPolicy', { PolicySourceArn: arn('role', 'Exact'), ActionNames: ['s3:ListBucket'] })).code, 'NoSuchEntity');
    assert.equal((await h.fail('SimulatePrincipalPolicy', { PolicySourceArn: arn('role', 'svc/exact'), ActionNames: ['s3:ListBucket'] })).code, 'NoSuchEntity');
  });
});
