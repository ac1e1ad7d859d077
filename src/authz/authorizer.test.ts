import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isAwsError } from '../shared/aws-error.js';
import { createSecretSealer } from '../storage/secret-sealer.js';
import { decodeAuthorizationMessage } from './authorization-message.js';
import { Authorizer, type ServiceRef } from './authorizer.js';
import type { AuthzCaller } from './caller-policies.js';
import { MemoryIdentitySource } from './memory-identity-source.js';
import { REFERENCE_GAPS } from './catalog/operation-overrides.js';
import { PolicyInformationPoint } from './pip/policy-information-point.js';
import type { RequestFacts } from './request/global-keys.js';
import { ServiceRules, type ServiceAuthorization } from './service-rules.js';

const ACCT = '111122223333';
const IAM: ServiceRef = { prefix: 'iam', protocol: 'query' };
const S3: ServiceRef = { prefix: 's3', protocol: 'rest-xml' };
const EC2: ServiceRef = { prefix: 'ec2', protocol: 'ec2' };
const KMS: ServiceRef = { prefix: 'kms', protocol: 'json' };
const FACTS: RequestFacts = { now: Date.UTC(2025, 0, 1), sourceIp: '203.0.113.7', secureTransport: true, region: 'us-east-1' };
const sealer = createSecretSealer('k'.repeat(64));

const doc = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const allow = (Action: string | string[], Resource: string | string[] = '*', Condition?: object) => ({ Effect: 'Allow', Action, Resource, ...(Condition ? { Condition } : {}) });
const deny = (Action: string | string[], Resource: string | string[] = '*') => ({ Effect: 'Deny', Action, Resource });

/**
 * IAM- and STS-shaped rules for these tests (the real ones live with the services, which authz does
 * not import): List operations on a path, the rest by the reference's templates.
 */
const FIXTURE_RULES: ServiceAuthorization[] = [
  {
    prefix: 'iam',
    operations: {
      ListUsers: { resource: 'arn:${Partition}:iam::${Account}:user${PathPrefix}' },
      ListRoles: { resource: 'arn:${Partition}:iam::${Account}:role${PathPrefix}' },
      ListPolicies: { resource: 'policy path ${PathPrefix}' },
    },
  },
  { prefix: 'sts', operations: { GetCallerIdentity: { none: true }, GetSessionToken: { none: true } } },
];

function setup() {
  const src = new MemoryIdentitySource();
  const pip = new PolicyInformationPoint(src.feed, src);
  return { src, pip, authz: new Authorizer(pip, sealer, new ServiceRules([...REFERENCE_GAPS, ...FIXTURE_RULES])) };
}

const user = (name: string, path = '/'): AuthzCaller => ({ accessKeyId: `AKIA${name.toUpperCase().padEnd(16, 'X')}`, principal: { accountId: ACCT, arn: `arn:aws:iam::${ACCT}:user${path}${name}`, userId: `AIDA${name.toUpperCase()}`, type: 'user' } });
const ROOT: AuthzCaller = { accessKeyId: 'AKIAROOTROOTROOTROOT', principal: { accountId: ACCT, arn: `arn:aws:iam::${ACCT}:root`, userId: ACCT, type: 'root' } };

async function denied(p: Promise<unknown>): Promise<{ code: string; message: string; status: number }> {
  const e = await p.then(() => undefined, (x: unknown) => x);
  assert.ok(isAwsError(e), `expected an AwsError, got ${String(e)}`);
  return { code: e.code, message: e.message, status: e.httpStatus };
}

describe('Authorizer: the cashier of the IAM course', () => {
  const { src, authz } = setup();
  src.putUser(ACCT, 'cashier', { identityPolicies: [{ id: 'arn:aws:iam::111122223333:policy/ListBucketOnly', name: 'ListBucketOnly', document: doc(allow('s3:ListBucket', 'arn:aws:s3:::AWSDOC-EXAMPLE-BUCKET')) }], tags: {} });
  const cashier = user('cashier');

  it('is denied iam:ListUsers with AWS exact message', async () => {
    const e = await denied(authz.authorizeOperation(IAM, 'ListUsers', {}, cashier, FACTS));
    const pol = await denied(authz.authorizeOperation(IAM, 'ListPolicies', {}, cashier, FACTS));
    assert.equal(pol.message, 'User: arn:aws:iam::111122223333:user/cashier is not authorized to perform: iam:ListPolicies on resource: policy path / because no identity-based policy allows the iam:ListPolicies action');
    const roles = await denied(authz.authorizeOperation(IAM, 'ListRoles', { PathPrefix: '/app/' }, cashier, FACTS));
    assert.match(roles.message, /on resource: arn:aws:iam::111122223333:role\/app\/ because/);
    assert.deepEqual(e, {
      code: 'AccessDenied',
      status: 403,
      message: 'User: arn:aws:iam::111122223333:user/cashier is not authorized to perform: iam:ListUsers on resource: arn:aws:iam::111122223333:user/ because no identity-based policy allows the iam:ListUsers action',
    });
  });

  it('may list AWSDOC-EXAMPLE-BUCKET (ListObjectsV2 -> s3:ListBucket) and nothing else', async () => {
    await authz.authorizeOperation(S3, 'ListObjectsV2', { Bucket: 'AWSDOC-EXAMPLE-BUCKET' }, cashier, FACTS);
    const e = await denied(authz.authorizeOperation(S3, 'ListObjectsV2', { Bucket: 'other' }, cashier, FACTS));
    assert.equal(e.message, 'User: arn:aws:iam::111122223333:user/cashier is not authorized to perform: s3:ListBucket on resource: "arn:aws:s3:::other" because no identity-based policy allows the s3:ListBucket action');
    const get = await denied(authz.authorizeOperation(S3, 'GetObject', { Bucket: 'AWSDOC-EXAMPLE-BUCKET', Key: 'a.txt' }, cashier, FACTS));
    assert.match(get.message, /s3:GetObject on resource: "arn:aws:s3:::AWSDOC-EXAMPLE-BUCKET\/a.txt"/);
  });

  it('JSON services answer AccessDeniedException 400 without a resource clause for `*` actions', async () => {
    const e = await denied(authz.authorizeOperation(KMS, 'CreateKey', {}, cashier, FACTS));
    assert.deepEqual(e, { code: 'AccessDeniedException', status: 400, message: 'User: arn:aws:iam::111122223333:user/cashier is not authorized to perform: kms:CreateKey because no identity-based policy allows the kms:CreateKey action' });
  });

  it('EC2 answers UnauthorizedOperation with a message STS can decode', async () => {
    const e = await denied(authz.authorizeOperation(EC2, 'DescribeInstances', {}, cashier, FACTS));
    assert.equal(e.code, 'UnauthorizedOperation');
    const m = /^You are not authorized to perform this operation\. User: .* because no identity-based policy allows the ec2:DescribeInstances action\. Encoded authorization failure message: ([A-Za-z0-9_-]+)$/.exec(e.message);
    assert.ok(m, e.message);
    const decoded = decodeAuthorizationMessage(sealer, ACCT, m[1]!);
    assert.equal(decoded?.allowed, false);
    assert.equal(decoded?.explicitDeny, false);
    assert.equal(decoded?.context.action, 'ec2:DescribeInstances');
    assert.equal(decoded?.context.principal.arn, 'arn:aws:iam::111122223333:user/cashier');
    assert.ok(decoded?.context.conditions.items.some((c) => c.key === 'aws:SourceIp' && c.values.items[0]?.value === '203.0.113.7'));
    assert.equal(decodeAuthorizationMessage(sealer, '999999999999', m[1]!), undefined, 'another account cannot decode it');
  });

  it('root is allowed', async () => {
    await authz.authorizeOperation(IAM, 'ListUsers', {}, ROOT, FACTS);
  });
});

describe('Authorizer: resources, condition keys and caps', () => {
  it('a permissions boundary caps an administrator policy', async () => {
    const { src, authz } = setup();
    src.putUser(ACCT, 'dev', {
      identityPolicies: [{ id: 'arn:aws:iam::aws:policy/AdministratorAccess', name: 'AdministratorAccess', document: doc(allow('*')) }],
      permissionsBoundary: { id: 'arn:aws:iam::111122223333:policy/OnlyS3', name: 'OnlyS3', document: doc(allow('s3:*')) },
      tags: {},
    });
    await authz.authorizeOperation(S3, 'ListBuckets', {}, user('dev'), FACTS);
    const e = await denied(authz.authorizeOperation(IAM, 'CreateUser', { UserName: 'x' }, user('dev'), FACTS));
    assert.equal(e.message, 'User: arn:aws:iam::111122223333:user/dev is not authorized to perform: iam:CreateUser on resource: arn:aws:iam::111122223333:user/x because no permissions boundary allows the iam:CreateUser action');
  });

  it('explicit deny wins and says so', async () => {
    const { src, authz } = setup();
    src.putUser(ACCT, 'u', { identityPolicies: [{ id: 'p', name: 'p', document: doc(allow('*'), deny('iam:DeleteUser')) }], tags: {} });
    const e = await denied(authz.authorizeOperation(IAM, 'DeleteUser', { UserName: 'v' }, user('u'), FACTS));
    assert.equal(e.message, 'User: arn:aws:iam::111122223333:user/u is not authorized to perform: iam:DeleteUser on resource: arn:aws:iam::111122223333:user/v with an explicit deny in an identity-based policy');
  });

  it('aws:SourceIp, aws:CurrentTime and aws:RequestedRegion are in the context', async () => {
    const { src, authz } = setup();
    src.putUser(ACCT, 'u', { identityPolicies: [{ id: 'p', name: 'p', document: doc(allow('iam:ListRoles', '*', { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' }, DateGreaterThan: { 'aws:CurrentTime': '2024-12-31T00:00:00Z' }, StringEquals: { 'aws:RequestedRegion': 'us-east-1', 'aws:PrincipalType': 'User', 'aws:username': 'u' } })) }], tags: {} });
    await authz.authorizeOperation(IAM, 'ListRoles', {}, user('u'), FACTS);
    await denied(authz.authorizeOperation(IAM, 'ListRoles', {}, user('u'), { ...FACTS, sourceIp: '198.51.100.1' }));
    await denied(authz.authorizeOperation(IAM, 'ListRoles', {}, user('u'), { ...FACTS, now: Date.UTC(2024, 0, 1) }));
  });
});

describe('Authorizer: role sessions and temporary credentials', () => {
  let n = 0;
  const roleSession = (extra: object = {}): AuthzCaller => ({
    accessKeyId: `ASIAROLESESSION${String(n++).padStart(5, '0')}`,
    principal: { accountId: ACCT, arn: `arn:aws:sts::${ACCT}:assumed-role/Reader/s1`, userId: 'AROAREADER:s1', type: 'assumed-role' },
    session: { kind: 'assume-role', issuedAt: FACTS.now - 1000, roleArn: `arn:aws:iam::${ACCT}:role/Reader`, roleName: 'Reader', sessionName: 's1', ...extra },
  });

  it('a role session has the role\'s permissions, capped by its session policy', async () => {
    const { src, authz } = setup();
    src.putRole(ACCT, 'Reader', { identityPolicies: [{ id: 'r', name: 'r', document: doc(allow(['iam:List*', 'iam:Get*'])) }], tags: { team: 'red' } });
    await authz.authorizeOperation(IAM, 'ListUsers', {}, roleSession(), FACTS);
    const e = await denied(authz.authorizeOperation(IAM, 'CreateUser', { UserName: 'x' }, roleSession(), FACTS));
    assert.match(e.message, /^User: arn:aws:sts::111122223333:assumed-role\/Reader\/s1 is not authorized to perform: iam:CreateUser/);
    const capped = roleSession({ policy: doc(allow('iam:ListRoles')) });
    const { authz: a2, src: s2 } = setup();
    s2.putRole(ACCT, 'Reader', { identityPolicies: [{ id: 'r', name: 'r', document: doc(allow(['iam:List*'])) }], tags: {} });
    await a2.authorizeOperation(IAM, 'ListRoles', {}, capped, FACTS);
    const e2 = await denied(a2.authorizeOperation(IAM, 'ListUsers', {}, capped, FACTS));
    assert.match(e2.message, /because no session policy allows the iam:ListUsers action$/);
  });

  it('session keys: MFA, token issue time, principal ARN is the role, tags merge', async () => {
    const { src, authz } = setup();
    const cond = { Bool: { 'aws:MultiFactorAuthPresent': 'true' }, NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' }, StringEquals: { 'aws:PrincipalArn': `arn:aws:iam::${ACCT}:role/Reader`, 'aws:PrincipalTag/team': 'blue', 'aws:PrincipalType': 'AssumedRole' } };
    src.putRole(ACCT, 'Reader', { identityPolicies: [{ id: 'r', name: 'r', document: doc(allow('iam:ListUsers', '*', cond)) }], tags: { team: 'red' } });
    await authz.authorizeOperation(IAM, 'ListUsers', {}, roleSession({ mfaAuthenticatedAt: FACTS.now - 60_000, tags: { team: 'blue' } }), FACTS);
    await denied(authz.authorizeOperation(IAM, 'ListUsers', {}, roleSession({ tags: { team: 'blue' } }), FACTS));
  });

});

describe('Authorizer: iam:PassRole', () => {
  it('checks iam:PassRole on the role with iam:PassedToService', async () => {
    const { src, authz } = setup();
    const role = `arn:aws:iam::${ACCT}:role/EventsInvoke`;
    src.putUser(ACCT, 'ops', { identityPolicies: [{ id: 'p', name: 'p', document: doc(allow('iam:PassRole', role, { StringEquals: { 'iam:PassedToService': 'events.amazonaws.com' } })) }], tags: {} });
    const events: ServiceRef = { prefix: 'events', protocol: 'json' };
    await authz.authorizePassRole(events, user('ops'), FACTS, role, 'events.amazonaws.com');
    const e = await denied(authz.authorizePassRole(events, user('ops'), FACTS, role, 'ec2.amazonaws.com'));
    assert.equal(e.message, `User: arn:aws:iam::${ACCT}:user/ops is not authorized to perform: iam:PassRole on resource: ${role} because no identity-based policy allows the iam:PassRole action`);
    await denied(authz.authorizePassRole(events, user('ops'), FACTS, `arn:aws:iam::${ACCT}:role/Admin`, 'events.amazonaws.com'));
  });
});

describe('PIP cache invalidation', () => {
  it('caches lookups and drops them on a relevant write', async () => {
    const { src, authz } = setup();
    src.putUser(ACCT, 'u', { identityPolicies: [{ id: 'p', name: 'p', document: doc(allow('iam:ListUsers')) }], tags: {} });
    await authz.authorizeOperation(IAM, 'ListUsers', {}, user('u'), FACTS);
    const before = src.lookups;
    await authz.authorizeOperation(IAM, 'ListUsers', {}, user('u'), FACTS);
    assert.equal(src.lookups, before, 'second call served from cache');
    src.putUser(ACCT, 'u', { identityPolicies: [], tags: {} });
    await denied(authz.authorizeOperation(IAM, 'ListUsers', {}, user('u'), FACTS));
  });

  it('a reset event drops everything; writes to other tables do not', async () => {
    const listeners: ((e: { table: string; op: 'put' | 'delete' | 'reset'; scope: { kind: 'global' }; key: string }) => void)[] = [];
    const src = new MemoryIdentitySource();
    const pip = new PolicyInformationPoint({ onChange: (l) => (listeners.push(l), () => {}) }, src);
    src.putUser(ACCT, 'u', { identityPolicies: [], tags: {} });
    await pip.entity('user', ACCT, 'u');
    for (const l of listeners) l({ table: 'kms.keys', op: 'put', scope: { kind: 'global' }, key: 'k' });
    assert.equal(pip.stats.invalidations, 0);
    for (const l of listeners) l({ table: '*', op: 'reset', scope: { kind: 'global' }, key: '*' });
    assert.equal(pip.stats.invalidations, 1);
  });
});

describe('Authorizer: via-service keys', () => {
  it('sets the service\'s via-service key and turns its flags true when another service calls; leaves them otherwise', async () => {
    const rules: ServiceAuthorization = {
      prefix: 'kms',
      viaServiceKey: 'kms:ViaService',
      viaServiceFlags: ['kms:GrantIsForAWSResource'],
      operations: { ListGrants: { resolve: async () => [{ arn: '*', keys: { 'kms:GrantIsForAWSResource': 'false' } }] } },
    };
    const src = new MemoryIdentitySource();
    const authz = new Authorizer(new PolicyInformationPoint(src.feed, src), sealer, new ServiceRules([rules]));
    src.putUser(ACCT, 'svc', { identityPolicies: [{ id: 'p', name: 'p', document: doc(allow('kms:ListGrants', '*', { Bool: { 'kms:GrantIsForAWSResource': 'true' }, StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } })) }], tags: {} });
    const u = user('svc');
    assert.equal((await denied(authz.authorizeOperation(KMS, 'ListGrants', {}, u, FACTS))).code, 'AccessDeniedException');
    await authz.authorizeOperation(KMS, 'ListGrants', {}, u, { ...FACTS, calledVia: ['s3.amazonaws.com'] });
  });
});

describe('Authorizer: the other accounts a request reached (CloudTrail sharedEventID)', () => {
  const OTHER = '444455556666';
  const KMS_X: ServiceRef = { prefix: 'kms', protocol: 'json' };
  /** kms:Encrypt on a key of OTHER: `shared` has a key policy granting ACCT, `private` one granting nobody else, `ghost` none (absent). */
  const keyRules: ServiceAuthorization = {
    prefix: 'kms',
    operations: {
      Encrypt: {
        resolve: async (input) => {
          const id = String(input['KeyId']);
          const grantee = id === 'shared' ? `arn:aws:iam::${ACCT}:root` : `arn:aws:iam::${OTHER}:root`;
          const policy = id === 'ghost' ? {} : { policy: { record: { id: `k/${id}`, name: 'default', document: doc({ Effect: 'Allow', Principal: { AWS: grantee }, Action: 'kms:*', Resource: '*' }) }, mustGrant: true } };
          return [{ arn: `arn:aws:kms:us-east-1:${OTHER}:key/${id}`, type: 'key', accountId: OTHER, ...policy }];
        },
      },
    },
  };
  function xsetup() {
    const src = new MemoryIdentitySource();
    const pip = new PolicyInformationPoint(src.feed, src);
    const rules = new ServiceRules([...REFERENCE_GAPS.filter((r) => r.prefix !== 'kms'), ...FIXTURE_RULES, keyRules]);
    src.putUser(ACCT, 'enc', { identityPolicies: [{ id: 'p', name: 'p', document: doc(allow(['kms:Encrypt', 'iam:GetUser'])) }], tags: {} });
    return { authz: new Authorizer(pip, sealer, rules), caller: user('enc') };
  }
  const facts = (): RequestFacts => ({ ...FACTS });

  it('names the owner when its resource policy allowed the request, also on the cached fast path', async () => {
    const { authz, caller } = xsetup();
    const f1 = facts();
    await authz.authorizeOperation(KMS_X, 'Encrypt', { KeyId: 'shared' }, caller, f1);
    assert.deepEqual(authz.resourceOwnersReached(f1), [OTHER]);
    // The same request again within the second is allowed from the cache: the owner is still named.
    const f2 = facts();
    await authz.authorizeOperation(KMS_X, 'Encrypt', { KeyId: 'shared' }, caller, f2);
    assert.deepEqual(authz.resourceOwnersReached(f2), [OTHER]);
  });

  it('names nobody for a same-account request, a denied one, or a resource that does not exist', async () => {
    const { authz, caller } = xsetup();
    const own = facts();
    await authz.authorizeOperation(IAM, 'GetUser', { UserName: 'enc' }, caller, own);
    assert.deepEqual(authz.resourceOwnersReached(own), []);
    for (const id of ['private', 'ghost']) {
      const f = facts();
      await denied(authz.authorizeOperation(KMS_X, 'Encrypt', { KeyId: id }, caller, f));
      assert.deepEqual(authz.resourceOwnersReached(f), [], id);
    }
  });

  it('a denial anywhere in the request withdraws the owners an earlier check reached', async () => {
    const { authz, caller } = xsetup();
    const f = facts();
    await authz.authorizeOperation(KMS_X, 'Encrypt', { KeyId: 'shared' }, caller, f);
    await denied(authz.enforce(KMS_X, caller, f, [{ action: 'iam:DeleteUser', resource: `arn:aws:iam::${ACCT}:user/x` }]));
    assert.deepEqual(authz.resourceOwnersReached(f), []);
  });
});
