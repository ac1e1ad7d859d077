/**
 * KMS grants, continued: cross-account grants (the grantee account's IAM must allow too; retiring
 * across accounts; ListRetirableGrants in the retiring principal's account), grants to a role used
 * by its sessions, grants made through a grant (operations and constraints within the parent), the
 * CreateGrant condition keys, AWS's validation of CreateGrant, key states, and grants deleted with
 * their key.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type {
  KMSClient} from '@aws-sdk/client-kms';
import {
  CreateGrantCommand,
  CreateKeyCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
  EncryptCommand,
  PutKeyPolicyCommand,
  ReEncryptCommand,
  ListGrantsCommand,
  ListRetirableGrantsCommand,
  RetireGrantCommand,
  ScheduleKeyDeletionCommand,
  type CreateGrantCommandInput,
} from '@aws-sdk/client-kms';
import { CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { AttachPolicyCommand, CreateAccountCommand, CreateOrganizationCommand, CreatePolicyCommand, DescribeCreateAccountStatusCommand, EnablePolicyTypeCommand, ListRootsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { createAccount, rootCredentialsOf, type RootCredentials } from '../../src/authz/bootstrap-account.js';
import { GRANT_TOKEN_KEY_TABLE } from '../../src/services/kms/grant-tokens.js';
import { grants, grantsByGrantee, grantsByRetiree, keys, regionScope } from '../../src/services/kms/store.js';
import { kmsClient, kmsFailure } from './kms-support.js';
import { startTestServer, type TestServer } from '../helpers/rampart.js';
import { allow, doc, iam, sts, userWithKey, type Creds } from './authz-support.js';

let s: TestServer;
let B: RootCredentials;
const kms = (creds: Creds = s.credentials) => kmsClient(s, creds);
const fail = kmsFailure;
const newKey = async () => (await kms().send(new CreateKeyCommand({ Description: 'grants' }))).KeyMetadata!;
const enc = new TextEncoder();
const userArn = (name: string, account = s.accountId) => `arn:aws:iam::${account}:user/${name}`;
const grant = async (input: Partial<CreateGrantCommandInput> & { KeyId: string; GranteePrincipal: string }, c = kms()) => c.send(new CreateGrantCommand({ Operations: ['Encrypt'], ...input }));
const encrypt = (c: KMSClient, keyId: string, ec?: Record<string, string>) => c.send(new EncryptCommand({ KeyId: keyId, Plaintext: enc.encode('x'), ...(ec ? { EncryptionContext: ec } : {}) }));

before(async () => {
  s = await startTestServer();
  B = await createAccount(s.runtime.store, { now: Date.now() });
});
after(() => s.close());

/** A user of account B with an access key (and an inline policy). */
async function bUser(name: string, policy?: string): Promise<Creds> {
  const bIam = iam(s, { accessKeyId: B.accessKeyId, secretAccessKey: B.secretAccessKey });
  await bIam.send(new CreateUserCommand({ UserName: name }));
  if (policy) await bIam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'p', PolicyDocument: policy }));
  const k = (await bIam.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey!;
  return { accessKeyId: k.AccessKeyId!, secretAccessKey: k.SecretAccessKey! };
}

describe('KMS grants across accounts and to roles', () => {
  it('a grant to another account\'s user needs that user\'s own IAM allow too', async () => {
    const k = await newKey();
    const without = await bUser('x-without');
    const withIam = await bUser('x-with', doc(allow('kms:Encrypt', k.Arn!)));
    for (const n of ['x-without', 'x-with']) await grant({ KeyId: k.KeyId!, GranteePrincipal: userArn(n, B.accountId), Operations: ['Encrypt'], RetiringPrincipal: userArn('x-with', B.accountId) });
    const denied = await fail(encrypt(kms(without), k.Arn!));
    assert.equal(denied.name, 'AccessDeniedException');
    assert.match(denied.message, /because no identity-based policy allows the kms:Encrypt action/);
    assert.equal((await encrypt(kms(withIam), k.Arn!)).KeyId, k.Arn);
    // The retiring principal in B lists its retirable grants in its own account, and retires one with no permission for it.
    const bRoot = kms({ accessKeyId: B.accessKeyId, secretAccessKey: B.secretAccessKey });
    const listed = await bRoot.send(new ListRetirableGrantsCommand({ RetiringPrincipal: userArn('x-with', B.accountId) }));
    assert.equal(listed.Grants!.length, 2);
    assert.equal(listed.Grants![0]!.KeyId, k.Arn);
    assert.deepEqual((await kms().send(new ListRetirableGrantsCommand({ RetiringPrincipal: userArn('x-with', B.accountId) }))).Grants, []);
    await kms(withIam).send(new RetireGrantCommand({ KeyId: k.Arn!, GrantId: listed.Grants![0]!.GrantId! }));
    assert.equal((await bRoot.send(new ListRetirableGrantsCommand({ RetiringPrincipal: userArn('x-with', B.accountId) }))).Grants!.length, 1);
  });

  it('a grant to a role is used by its sessions; a grant to one session by that session only', async () => {
    const k = await newKey();
    const alice = await userWithKey(s, 'role-user', { policy: doc(allow('sts:AssumeRole')) });
    await iam(s).send(new CreateRoleCommand({ RoleName: 'grant-role', Path: '/apps/', AssumeRolePolicyDocument: doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${s.accountId}:root` }, Action: 'sts:AssumeRole' }) }));
    const session = async (name: string): Promise<Creds> => {
      const c = (await sts(s, alice).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${s.accountId}:role/apps/grant-role`, RoleSessionName: name }))).Credentials!;
      return { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
    };
    const one = await session('one');
    const two = await session('two');
    assert.equal((await fail(encrypt(kms(one), k.KeyId!))).name, 'AccessDeniedException');
    await grant({ KeyId: k.KeyId!, GranteePrincipal: `arn:aws:sts::${s.accountId}:assumed-role/grant-role/one`, Operations: ['Encrypt'] });
    await encrypt(kms(one), k.KeyId!);
    assert.equal((await fail(encrypt(kms(two), k.KeyId!))).name, 'AccessDeniedException');
    await grant({ KeyId: k.KeyId!, GranteePrincipal: `arn:aws:iam::${s.accountId}:role/apps/grant-role`, Operations: ['Encrypt'] });
    await encrypt(kms(two), k.KeyId!);
  });
});

describe('KMS grants: CreateGrant through a grant, condition keys, validation', () => {
  it('ReEncryptFrom and ReEncryptTo grants, each constrained by its own side\'s encryption context', async () => {
    const a = await newKey();
    const b = await newKey();
    const u = kms(await userWithKey(s, 're-user'));
    await grant({ KeyId: a.KeyId!, GranteePrincipal: userArn('re-user'), Operations: ['ReEncryptFrom'], Constraints: { EncryptionContextSubset: { side: 'src' } } });
    await grant({ KeyId: b.KeyId!, GranteePrincipal: userArn('re-user'), Operations: ['ReEncryptTo'], Constraints: { EncryptionContextEquals: { side: 'dst' } } });
    const blob = (await kms().send(new EncryptCommand({ KeyId: a.KeyId!, Plaintext: enc.encode('r'), EncryptionContext: { side: 'src' } }))).CiphertextBlob!;
    const re = (dst: Record<string, string>) => u.send(new ReEncryptCommand({ CiphertextBlob: blob, SourceEncryptionContext: { side: 'src' }, DestinationKeyId: b.Arn!, DestinationEncryptionContext: dst }));
    assert.equal((await re({ side: 'dst' })).KeyId, b.Arn);
    const e = await fail(re({ side: 'src' }));
    assert.equal(e.name, 'AccessDeniedException');
    assert.match(e.message, /kms:ReEncryptTo/);
  });

  it('a grant holding CreateGrant lets its grantee make grants within its operations and constraints', async () => {
    const k = await newKey();
    const delegator = await userWithKey(s, 'delegator');
    const d = kms(delegator);
    await grant({ KeyId: k.KeyId!, GranteePrincipal: userArn('delegator'), Operations: ['Encrypt', 'Decrypt', 'CreateGrant'], Constraints: { EncryptionContextSubset: { app: 'a' } } });
    await grant({ KeyId: k.Arn!, GranteePrincipal: userArn('delegate'), Operations: ['Encrypt'], Constraints: { EncryptionContextSubset: { app: 'a', x: 'y' } } }, d);
    await grant({ KeyId: k.Arn!, GranteePrincipal: userArn('delegate'), Operations: ['Decrypt'], Constraints: { EncryptionContextEquals: { APP: 'a' } } }, d);
    for (const bad of [{ Operations: ['Encrypt' as const] }, { Operations: ['GenerateDataKey' as const], Constraints: { EncryptionContextSubset: { app: 'a' } } }, { Operations: ['Encrypt' as const], Constraints: { EncryptionContextSubset: { app: 'b' } } }]) {
      const e = await fail(grant({ KeyId: k.Arn!, GranteePrincipal: userArn('delegate'), ...bad }, d));
      assert.equal(e.name, 'AccessDeniedException', JSON.stringify(bad));
    }
    const delegate = await userWithKey(s, 'delegate');
    await encrypt(kms(delegate), k.KeyId!, { app: 'a', x: 'y' });
    assert.equal((await fail(encrypt(kms(delegate), k.KeyId!, { app: 'a' }))).name, 'AccessDeniedException');
  });

  it('kms:GrantOperations, kms:GranteePrincipal, kms:GrantConstraintType, kms:EncryptionContext:* and kms:GrantIsForAWSResource', async () => {
    const k = await newKey();
    const cond = (c: object) => doc(allow('kms:CreateGrant', k.Arn!, c));
    const ops = kms(await userWithKey(s, 'cg-ops', { policy: cond({ 'ForAllValues:StringEquals': { 'kms:GrantOperations': ['Decrypt', 'DescribeKey'] } }) }));
    await grant({ KeyId: k.KeyId!, GranteePrincipal: userArn('g1'), Operations: ['Decrypt'] }, ops);
    assert.equal((await fail(grant({ KeyId: k.KeyId!, GranteePrincipal: userArn('g1'), Operations: ['Decrypt', 'Encrypt'] }, ops))).name, 'AccessDeniedException');
    const who = kms(await userWithKey(s, 'cg-who', { policy: cond({ StringEquals: { 'kms:GranteePrincipal': userArn('g1') } }) }));
    await grant({ KeyId: k.KeyId!, GranteePrincipal: userArn('g1') }, who);
    assert.equal((await fail(grant({ KeyId: k.KeyId!, GranteePrincipal: userArn('g2') }, who))).name, 'AccessDeniedException');
    const constrained = kms(await userWithKey(s, 'cg-type', { policy: cond({ StringEquals: { 'kms:GrantConstraintType': 'EncryptionContextEquals', 'kms:EncryptionContext:tenant': 'red' } }) }));
    await grant({ KeyId: k.KeyId!, GranteePrincipal: userArn('g1'), Constraints: { EncryptionContextEquals: { tenant: 'red' } } }, constrained);
    for (const c of [undefined, { EncryptionContextSubset: { tenant: 'red' } }, { EncryptionContextEquals: { tenant: 'blue' } }]) {
      assert.equal((await fail(grant({ KeyId: k.KeyId!, GranteePrincipal: userArn('g1'), ...(c ? { Constraints: c } : {}) }, constrained))).name, 'AccessDeniedException', JSON.stringify(c));
    }
    const forAws = kms(await userWithKey(s, 'cg-aws', { policy: cond({ Bool: { 'kms:GrantIsForAWSResource': 'true' } }) }));
    assert.equal((await fail(grant({ KeyId: k.KeyId!, GranteePrincipal: userArn('g1') }, forAws))).name, 'AccessDeniedException');
    const notAws = kms(await userWithKey(s, 'cg-notaws', { policy: cond({ Bool: { 'kms:GrantIsForAWSResource': 'false' } }) }));
    await grant({ KeyId: k.KeyId!, GranteePrincipal: userArn('g1') }, notAws);
  });

  it('AWS\'s validation: principals, operations for the key, constraints, DryRun, aliases, key states', async () => {
    const k = await newKey();
    const bad = async (input: Partial<CreateGrantCommandInput>, code: string) => {
      const e = await fail(grant({ KeyId: k.KeyId!, GranteePrincipal: userArn('v'), ...input }));
      assert.equal(e.name, code, JSON.stringify(input));
      assert.equal(e.$metadata.httpStatusCode, 400);
    };
    for (const p of ['*', `arn:aws:iam::${s.accountId}:user/*`, 'bob', '123456789012', `arn:aws:iam::${s.accountId}:group/admins`, `arn:aws:s3:::bucket`, `arn:aws:iam::12345:root`, `arn:aws-cn:iam::${s.accountId}:root`]) await bad({ GranteePrincipal: p }, 'ValidationException');
    await bad({ RetiringPrincipal: 'nobody' }, 'ValidationException');
    await bad({ Operations: ['Sign'] }, 'ValidationException');
    await bad({ Operations: ['GenerateMac'] }, 'ValidationException');
    await bad({ Operations: [] }, 'ValidationException');
    const only = await fail(grant({ KeyId: k.KeyId!, GranteePrincipal: userArn('v'), Operations: ['CreateGrant', 'CreateGrant'] }));
    assert.deepEqual([only.name, only.message], ['ValidationException', 'Grants must not contain only the CreateGrant operation.']);
    await bad({ Constraints: { EncryptionContextSubset: Object.fromEntries([...Array(9).keys()].map((i) => [`k${i}`, 'v'])) } }, 'ValidationException');
    await bad({ KeyId: 'alias/nothing' }, 'NotFoundException');
    await bad({ DryRun: true }, 'DryRunOperationException');
    assert.deepEqual((await kms().send(new ListGrantsCommand({ KeyId: k.KeyId! }))).Grants, []);
    // Service principals, constraints with DescribeKey/RetireGrant (not applied to them).
    await grant({ KeyId: k.KeyId!, GranteePrincipal: 'dynamodb.us-east-1.amazonaws.com', RetiringPrincipal: 'dynamodb.us-east-1.amazonaws.com', Operations: ['Decrypt', 'DescribeKey', 'RetireGrant'], Constraints: { EncryptionContextSubset: { table: 't' } } });
    const descr = await userWithKey(s, 'describer');
    await grant({ KeyId: k.KeyId!, GranteePrincipal: userArn('describer'), Operations: ['DescribeKey'], Constraints: { EncryptionContextEquals: { a: 'b' } } });
    assert.equal((await kms(descr).send(new DescribeKeyCommand({ KeyId: k.Arn! }))).KeyMetadata!.KeyId, k.KeyId);
    // A disabled key takes no new grant (key state table) but lists its grants.
    await kms().send(new DisableKeyCommand({ KeyId: k.KeyId! }));
    await bad({}, 'DisabledException');
    assert.equal((await kms().send(new ListGrantsCommand({ KeyId: k.KeyId! }))).Grants!.length, 2);
  });

  it('deleting the key deletes its grants and their index entries', async () => {
    const k = await newKey();
    await grant({ KeyId: k.KeyId!, GranteePrincipal: userArn('del-a'), RetiringPrincipal: userArn('del-r') });
    await grant({ KeyId: k.KeyId!, GranteePrincipal: `arn:aws:iam::${s.accountId}:root`, RetiringPrincipal: userArn('del-r') });
    assert.equal((await kms().send(new ListRetirableGrantsCommand({ RetiringPrincipal: userArn('del-r') }))).Grants!.length, 2);
    await kms().send(new ScheduleKeyDeletionCommand({ KeyId: k.KeyId!, PendingWindowInDays: 7 }));
    // The waiting period ends (the record's deletion date moved into the past).
    const store = s.runtime.store;
    const scope = regionScope(s.accountId, 'us-east-1');
    const rec = (await keys.get(store, scope, k.KeyId!))!;
    await keys.put(store, scope, k.KeyId!, { ...rec, deletionDate: Date.now() - 1000 });
    // ListRetirableGrants is an access too: the key and its grants go.
    assert.deepEqual((await kms().send(new ListRetirableGrantsCommand({ RetiringPrincipal: userArn('del-r') }))).Grants, []);
    assert.equal(await keys.get(store, scope, k.KeyId!), undefined);
    assert.equal((await fail(kms().send(new DescribeKeyCommand({ KeyId: k.KeyId! })))).name, 'NotFoundException');
    assert.equal(await grants.count(store, scope, `${k.KeyId!}/`), 0);
    assert.equal(await grantsByGrantee.count(store, scope, `${k.KeyId!}/`), 0);
    assert.equal((await grantsByRetiree.list(store, scope)).filter((r) => r.value.keyId === k.KeyId).length, 0);
    assert.deepEqual((await kms().send(new ListRetirableGrantsCommand({ RetiringPrincipal: userArn('del-r') }))).Grants, []);
    // The grant token key is stored sealed only.
    const tokenKey = await store.get(GRANT_TOKEN_KEY_TABLE, { kind: 'global' }, 'v1');
    assert.match(String((tokenKey!.value as { sealed: string }).sealed), /^rs2:/);
  });
});

describe('KMS grants: attacks', () => {
  it('a token does not carry its grant to another key or another caller', async () => {
    const a = await newKey();
    const b = await newKey();
    const x = await userWithKey(s, 'atk-x');
    await userWithKey(s, 'atk-y');
    const gx = await grant({ KeyId: a.KeyId!, GranteePrincipal: userArn('atk-x') });
    const gy = await grant({ KeyId: a.KeyId!, GranteePrincipal: userArn('atk-y'), Operations: ['Decrypt'] });
    assert.equal((await fail(kms(x).send(new EncryptCommand({ KeyId: b.KeyId!, Plaintext: enc.encode('x'), GrantTokens: [gx.GrantToken!] })))).name, 'AccessDeniedException');
    const blob = (await kms().send(new EncryptCommand({ KeyId: a.KeyId!, Plaintext: enc.encode('y') }))).CiphertextBlob!;
    const { DecryptCommand } = await import('@aws-sdk/client-kms');
    assert.equal((await fail(kms(x).send(new DecryptCommand({ CiphertextBlob: blob, GrantTokens: [gy.GrantToken!] })))).name, 'AccessDeniedException');
  });

  it('an explicit deny in the key policy beats a grant', async () => {
    const k = await newKey();
    const u = await userWithKey(s, 'atk-kp');
    await kms().send(
      new PutKeyPolicyCommand({
        KeyId: k.KeyId!,
        Policy: doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${s.accountId}:root` }, Action: 'kms:*', Resource: '*' }, { Effect: 'Deny', Principal: { AWS: userArn('atk-kp') }, Action: 'kms:Encrypt', Resource: '*' }),
      }),
    );
    await grant({ KeyId: k.KeyId!, GranteePrincipal: userArn('atk-kp') });
    const e = await fail(encrypt(kms(u), k.KeyId!));
    assert.equal(e.name, 'AccessDeniedException');
    assert.match(e.message, /explicit deny in a resource-based policy/);
  });

  it('an SCP deny beats a grant to a member account', async () => {
    const orgs = new OrganizationsClient({ endpoint: s.url, region: 'us-east-1', credentials: s.credentials, maxAttempts: 1 });
    await orgs.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    const rootId = (await orgs.send(new ListRootsCommand({}))).Roots![0]!.Id!;
    await orgs.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: 'SERVICE_CONTROL_POLICY' }));
    const c = await orgs.send(new CreateAccountCommand({ Email: 'kms-member@example.com', AccountName: 'kms-member' }));
    const member = (await orgs.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: c.CreateAccountStatus!.Id! }))).CreateAccountStatus!.AccountId!;
    const memberRoot = (await rootCredentialsOf(s.runtime.store, member))!;
    const k = await newKey();
    await kms().send(new PutKeyPolicyCommand({ KeyId: k.KeyId!, Policy: doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${s.accountId}:root` }, Action: 'kms:*', Resource: '*' }) }));
    await grant({ KeyId: k.KeyId!, GranteePrincipal: `arn:aws:iam::${member}:root` });
    await encrypt(kms(memberRoot), k.Arn!);
    const scp = await orgs.send(new CreatePolicyCommand({ Name: 'NoEncrypt', Description: 'no kms:Encrypt', Type: 'SERVICE_CONTROL_POLICY', Content: doc({ Effect: 'Allow', Action: '*', Resource: '*' }, { Effect: 'Deny', Action: 'kms:Encrypt', Resource: '*' }) }));
    await orgs.send(new AttachPolicyCommand({ PolicyId: scp.Policy!.PolicySummary!.Id!, TargetId: member }));
    const e = await fail(encrypt(kms(memberRoot), k.Arn!));
    assert.equal(e.name, 'AccessDeniedException');
    assert.match(e.message, /explicit deny in a service control policy/);
  });
});
