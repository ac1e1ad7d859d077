import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Authorizer } from '../../authz/authorizer.js';
import { REFERENCE_GAPS } from '../../authz/catalog/operation-overrides.js';
import { ServiceRules } from '../../authz/service-rules.js';
import { STS_AUTHORIZATION } from './authz.js';
import { CredentialResolver, type KnownCredential } from '../../authz/credential-resolver.js';
import { MemoryIdentitySource } from '../../authz/memory-identity-source.js';
import { PolicyInformationPoint } from '../../authz/pip/policy-information-point.js';
import { REJECT_ALL_MFA, type MfaVerifier } from '../../authz/sources.js';
import type { HandlerContext } from '../../protocol/service-definition.js';
import { isAwsError } from '../../shared/aws-error.js';
import { openStore } from '../../storage/open-store.js';
import type { Store } from '../../storage/types.js';
import type { AssumeRoleRequest } from './api.generated.js';
import type { StsDeps } from './deps.js';
import { getAccessKeyInfo } from './handlers/access-key-info.js';
import { decodeMessage } from './handlers/decode-message.js';
import { assumeRole } from './handlers/assume-role.js';
import { getFederationToken } from './handlers/federation-token.js';
import { getSessionToken } from './handlers/session-token.js';

const ACCT = '111122223333';
const NOW = Date.UTC(2025, 0, 1, 12);
const doc = (...s: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: s });
const trustAccount = doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCT}:root` }, Action: ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'] });
const IAM = { prefix: 'iam', protocol: 'query' };

const alice: KnownCredential = { accessKeyId: 'AKIAALICEALICEALICE1', secretAccessKey: 'x', active: true, principal: { accountId: ACCT, arn: `arn:aws:iam::${ACCT}:user/alice`, userId: 'AIDAALICE', type: 'user' } };
const root: KnownCredential = { accessKeyId: 'AKIAROOTROOTROOTROO1', secretAccessKey: 'x', active: true, principal: { accountId: ACCT, arn: `arn:aws:iam::${ACCT}:root`, userId: ACCT, type: 'root' } };

describe('STS handlers (real SQLite store, in-memory IAM)', () => {
  let dir: string;
  let store: Store;
  let src: MemoryIdentitySource;
  let deps: StsDeps;
  let resolver: CredentialResolver;
  let mfa: MfaVerifier = REJECT_ALL_MFA;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rampart-sts-'));
    store = await openStore({ kind: 'sqlite', dataDir: dir });
    src = new MemoryIdentitySource();
    const pip = new PolicyInformationPoint(src.feed, src);
    resolver = new CredentialResolver(store);
    deps = { store, authorizer: new Authorizer(pip, store.sealer, new ServiceRules([...REFERENCE_GAPS, STS_AUTHORIZATION])), mfa: { verify: (c) => mfa.verify(c) } };
    src.putUser(ACCT, 'alice', { identityPolicies: [{ id: 'p', name: 'p', document: doc({ Effect: 'Allow', Action: ['sts:AssumeRole', 'sts:TagSession', 's3:ListBucket'], Resource: '*' }) }], tags: { team: 'red' } });
    src.putRole(ACCT, 'Admin', { id: 'AROAADMINADMINADMIN12', identityPolicies: [{ id: 'a', name: 'a', document: doc({ Effect: 'Allow', Action: '*', Resource: '*' }) }], tags: {}, trustPolicy: { id: 'trust', name: 'trust', document: trustAccount }, maxSessionDuration: 7200 });
    src.putRole(ACCT, 'Locked', { identityPolicies: [], tags: {}, trustPolicy: { id: 'trust', name: 'trust', document: doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCT}:user/bob` }, Action: 'sts:AssumeRole' }) } });
    src.putRole(ACCT, 'External', { identityPolicies: [], tags: {}, trustPolicy: { id: 't', name: 't', document: doc({ Effect: 'Allow', Principal: { AWS: ACCT }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': 'secret-42' } } }) } });
    src.putRole(ACCT, 'NeedsMfa', { identityPolicies: [], tags: {}, trustPolicy: { id: 't', name: 't', document: doc({ Effect: 'Allow', Principal: { AWS: ACCT }, Action: 'sts:AssumeRole', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }) } });
  });
  after(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const ctx = (c: KnownCredential, now = NOW): HandlerContext => ({
    requestId: 'r',
    caller: { principal: c.principal, accessKeyId: c.accessKeyId, ...(c.session ? { session: c.session } : {}), region: 'us-east-1', now, sourceIp: '127.0.0.1', secureTransport: false },
  });
  const assume = async (c: KnownCredential, input: Partial<AssumeRoleRequest> = {}) => assumeRole(deps)({ RoleArn: `arn:aws:iam::${ACCT}:role/Admin`, RoleSessionName: 'sess', ...input }, ctx(c));
  const fails = async (p: Promise<unknown>) => {
    const e = await p.then(() => undefined, (x: unknown) => x);
    assert.ok(isAwsError(e), `expected an AwsError, got ${String(e)}`);
    return e;
  };
  const facts = { now: NOW, sourceIp: '127.0.0.1', secureTransport: false, region: 'us-east-1' };

  it('AssumeRole issues ASIA credentials for the role session; the caller\'s permissions are abandoned', async () => {
    const out = await assume(alice, { DurationSeconds: 900 });
    const c = out.Credentials!;
    assert.match(c.AccessKeyId, /^ASIA[A-Z2-7]{16}$/);
    assert.equal(c.SecretAccessKey.length, 40);
    assert.equal(c.Expiration.getTime(), NOW + 900_000);
    assert.deepEqual(out.AssumedRoleUser, { AssumedRoleId: 'AROAADMINADMINADMIN12:sess', Arn: `arn:aws:sts::${ACCT}:assumed-role/Admin/sess` });
    const session = await resolver.resolve(c.AccessKeyId);
    assert.equal(session?.sessionToken, c.SessionToken);
    assert.equal(session?.expiresAt, NOW + 900_000);
    assert.equal(session?.principal.type, 'assumed-role');
    assert.equal(session?.session?.roleArn, `arn:aws:iam::${ACCT}:role/Admin`);
    await deps.authorizer.authorizeOperation(IAM, 'CreateUser', { UserName: 'x' }, session!, facts);
    const e = await fails(deps.authorizer.authorizeOperation(IAM, 'CreateUser', { UserName: 'x' }, alice, facts));
    assert.equal(e.code, 'AccessDenied');
  });

  it('the root user may not assume roles', async () => {
    const e = await fails(assume(root));
    assert.equal(e.code, 'AccessDenied');
    assert.equal(e.message, 'Roles may not be assumed by root accounts.');
  });

  it('a trust policy that does not name the caller denies (and a missing role answers the same way)', async () => {
    const e = await fails(assume(alice, { RoleArn: `arn:aws:iam::${ACCT}:role/Locked` }));
    assert.equal(e.message, `User: arn:aws:iam::${ACCT}:user/alice is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::${ACCT}:role/Locked because no resource-based policy allows the sts:AssumeRole action`);
    const missing = await fails(assume(alice, { RoleArn: `arn:aws:iam::${ACCT}:role/Nope` }));
    assert.equal(missing.code, 'AccessDenied');
  });

  it('sts:ExternalId must match', async () => {
    await fails(assume(alice, { RoleArn: `arn:aws:iam::${ACCT}:role/External` }));
    await fails(assume(alice, { RoleArn: `arn:aws:iam::${ACCT}:role/External`, ExternalId: 'wrong-one' }));
    await assume(alice, { RoleArn: `arn:aws:iam::${ACCT}:role/External`, ExternalId: 'secret-42' });
  });

  it('MFA: refused until IAM verifies codes; with a verifier the trust condition holds and the session carries MFA', async () => {
    const e = await fails(assume(alice, { RoleArn: `arn:aws:iam::${ACCT}:role/NeedsMfa`, SerialNumber: `arn:aws:iam::${ACCT}:mfa/alice`, TokenCode: '123456' }));
    assert.equal(e.message, 'MultiFactorAuthentication failed with invalid MFA one time pass code. ');
    await fails(assume(alice, { RoleArn: `arn:aws:iam::${ACCT}:role/NeedsMfa` }));
    mfa = { verify: async (c) => c.userName === 'alice' && c.tokenCode === '123456' };
    try {
      const out = await assume(alice, { RoleArn: `arn:aws:iam::${ACCT}:role/NeedsMfa`, SerialNumber: `arn:aws:iam::${ACCT}:mfa/alice`, TokenCode: '123456' });
      const s = await resolver.resolve(out.Credentials!.AccessKeyId);
      assert.equal(s?.session?.mfaAuthenticatedAt, NOW);
      await fails(assume(alice, { RoleArn: `arn:aws:iam::${ACCT}:role/NeedsMfa`, SerialNumber: `arn:aws:iam::${ACCT}:mfa/alice`, TokenCode: '000000' }));
    } finally {
      mfa = REJECT_ALL_MFA;
    }
  });

  it('DurationSeconds: at most the role MaxSessionDuration, and one hour when chaining', async () => {
    await assume(alice, { DurationSeconds: 7200 });
    const e = await fails(assume(alice, { DurationSeconds: 7201 }));
    assert.deepEqual([e.code, e.message, e.httpStatus], ['ValidationError', 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.', 400]);
    const first = await resolver.resolve((await assume(alice)).Credentials!.AccessKeyId);
    const chained = await fails(assume(first!, { DurationSeconds: 3601 }));
    assert.equal(chained.message, 'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.');
    const ok = await assume(first!, { RoleSessionName: 'chain' });
    assert.equal(ok.Credentials!.Expiration.getTime(), NOW + 3600_000);
  });

  it('session policy caps the role session; PackedPolicySize is reported; oversized tags are refused', async () => {
    const out = await assume(alice, { Policy: doc({ Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*' }) });
    assert.ok((out.PackedPolicySize ?? 0) > 0 && (out.PackedPolicySize ?? 0) < 100);
    const s = (await resolver.resolve(out.Credentials!.AccessKeyId))!;
    await deps.authorizer.authorizeOperation(IAM, 'ListUsers', {}, s, facts);
    const e = await fails(deps.authorizer.authorizeOperation(IAM, 'ListRoles', {}, s, facts));
    assert.match(e.message, /because no session policy allows the iam:ListRoles action$/);
    const big = Array.from({ length: 50 }, () => ({ Key: randomBytes(64).toString('hex'), Value: randomBytes(128).toString('hex') }));
    const tooBig = await fails(assume(alice, { Tags: big }));
    assert.equal(tooBig.code, 'PackedPolicyTooLarge');
    assert.match(tooBig.message, /^Packed size of session tags consumes \d+% of allotted space\.$/);
    const malformed = await fails(assume(alice, { Policy: '{"Statement":[{"Effect":"Allow"}]}' }));
    assert.equal(malformed.code, 'MalformedPolicyDocument');
  });

  it('session tags become principal tags; transitive ones pass on through role chaining', async () => {
    const out = await assume(alice, { Tags: [{ Key: 'project', Value: 'apollo' }, { Key: 'cost', Value: '7' }], TransitiveTagKeys: ['project'] });
    const s = (await resolver.resolve(out.Credentials!.AccessKeyId))!;
    assert.deepEqual(s.session?.tags, { project: 'apollo', cost: '7' });
    const chained = (await resolver.resolve((await assume(s, { RoleSessionName: 'c2' })).Credentials!.AccessKeyId))!;
    assert.deepEqual(chained.session?.tags, { project: 'apollo' });
    assert.deepEqual(chained.session?.transitiveTagKeys, ['project']);
    const dup = await fails(assume(s, { RoleSessionName: 'c3', Tags: [{ Key: 'PROJECT', Value: 'x' }] }));
    assert.equal(dup.code, 'ValidationError');
  });

  it('GetSessionToken: user default 12 h, root clamped to 1 h; GetAccessKeyInfo decodes the account', async () => {
    const u = await getSessionToken(deps)({}, ctx(alice));
    assert.equal(u.Credentials!.Expiration.getTime(), NOW + 43200_000);
    const r = await getSessionToken(deps)({ DurationSeconds: 129600 }, ctx(root));
    assert.equal(r.Credentials!.Expiration.getTime(), NOW + 3600_000);
    const info = await getAccessKeyInfo(deps)({ AccessKeyId: u.Credentials!.AccessKeyId }, ctx(alice));
    assert.equal(info.Account, ACCT);
    const s = (await resolver.resolve(u.Credentials!.AccessKeyId))!;
    assert.equal(s.principal.arn, alice.principal.arn);
    assert.equal(s.session?.kind, 'session-token');
  });

  it('DecodeAuthorizationMessage decodes an EC2 denial for its own account only', async () => {
    const e = await fails(deps.authorizer.authorizeOperation({ prefix: 'ec2', protocol: 'ec2' }, 'RunInstances', { ImageId: 'ami-1', MinCount: 1, MaxCount: 1 }, alice, facts));
    const encoded = /Encoded authorization failure message: (\S+)$/.exec(e.message)![1]!;
    const out = await decodeMessage(deps)({ EncodedMessage: encoded }, ctx(alice));
    const msg = JSON.parse(out.DecodedMessage!) as { allowed: boolean; context: { action: string; principal: { arn: string } } };
    assert.equal(msg.allowed, false);
    assert.equal(msg.context.action, 'ec2:RunInstances');
    assert.equal(msg.context.principal.arn, alice.principal.arn);
    const other: KnownCredential = { ...root, principal: { ...root.principal, accountId: '999988887777' } };
    assert.equal((await fails(Promise.resolve().then(() => decodeMessage(deps)({ EncodedMessage: encoded }, ctx(other))))).code, 'InvalidAuthorizationMessageException');
  });

  it('GetFederationToken: no session policy means no permissions; with one, the intersection', async () => {
    const none = await getFederationToken(deps)({ Name: 'fed1' }, ctx(alice));
    assert.deepEqual(none.FederatedUser, { FederatedUserId: `${ACCT}:fed1`, Arn: `arn:aws:sts::${ACCT}:federated-user/fed1` });
    const s1 = (await resolver.resolve(none.Credentials!.AccessKeyId))!;
    const s3 = { prefix: 's3', protocol: 'rest-xml' };
    await fails(deps.authorizer.authorizeOperation(s3, 'ListObjectsV2', { Bucket: 'b' }, s1, facts));
    const some = await getFederationToken(deps)({ Name: 'fed2', Policy: doc({ Effect: 'Allow', Action: ['s3:ListBucket', 'iam:ListUsers'], Resource: '*' }) }, ctx(alice));
    const s2 = (await resolver.resolve(some.Credentials!.AccessKeyId))!;
    await deps.authorizer.authorizeOperation(s3, 'ListObjectsV2', { Bucket: 'b' }, s2, facts);
    const viaRoot = (await resolver.resolve((await getFederationToken(deps)({ Name: 'fed3', Policy: doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' }) }, ctx(root))).Credentials!.AccessKeyId))!;
    await deps.authorizer.authorizeOperation(s3, 'ListObjectsV2', { Bucket: 'b' }, viaRoot, facts);
  });
});
