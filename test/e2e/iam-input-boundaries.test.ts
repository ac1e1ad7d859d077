/**
 * Inputs the model lets through but no entity can match (forged pagination markers, ARNs ending in
 * `/` or holding NUL, List* without UserName from callers that are not IAM users): each answers
 * AWS's 4xx, never a 5xx. Sent as raw signed requests so that nothing client-side cleans them up.
 * Found by the model-driven fuzzer (test/fuzz/model-fuzz.test.ts).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../helpers/rampart.js';
import { signedQuery, xmlValue } from '../helpers/signed-fetch.js';
import { AttachRolePolicyCommand, CreateRoleCommand, CreateUserCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { doc, iam, sts, userWithKey, type Creds } from './authz-support.js';

describe('IAM input boundaries: AWS 4xx for inputs no entity can match', () => {
  let s: TestServer;
  const unexpected: string[] = [];
  before(async () => {
    s = await startTestServer({ log: (msg, err) => unexpected.push(`${msg} ${err instanceof Error ? err.stack : String(err)}`) });
    await iam(s).send(new CreateUserCommand({ UserName: 'u1' }));
  });
  after(async () => {
    await s.close();
    assert.deepEqual(unexpected, [], 'no request failed unexpectedly on the server');
  });

  /** Calls IAM as `creds` (root by default); returns status, error code and message. */
  async function call(params: Record<string, string>, creds: Creds = s.credentials): Promise<{ status: number; code?: string; message?: string }> {
    const res = await signedQuery(s.url, { Version: '2010-05-08', ...params }, { ...creds, service: 'iam' });
    return { status: res.status, code: xmlValue(res.body, 'Code'), message: xmlValue(res.body, 'Message')?.replace(/&apos;/g, "'") };
  }

  describe('names no entity can have, reaching authorization (the caller is not root)', () => {
    let admin: Creds;
    let plain: Creds;
    let session: Creds;
    before(async () => {
      admin = await userWithKey(s, 'admin', { attach: ['arn:aws:iam::aws:policy/AdministratorAccess'] });
      plain = await userWithKey(s, 'plain');
      const trust = doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${s.accountId}:root` }, Action: 'sts:AssumeRole' });
      await iam(s).send(new CreateRoleCommand({ RoleName: 'ops', AssumeRolePolicyDocument: trust }));
      await iam(s).send(new AttachRolePolicyCommand({ RoleName: 'ops', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }));
      const out = await sts(s, admin).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${s.accountId}:role/ops`, RoleSessionName: 'ss' }));
      session = { accessKeyId: out.Credentials!.AccessKeyId!, secretAccessKey: out.Credentials!.SecretAccessKey!, sessionToken: out.Credentials!.SessionToken! };
    });

    for (const Action of ['ListAccessKeys', 'ListMFADevices']) {
      it(`${Action} without UserName: the caller's own (IAM user), AccessDenied (no policy), ValidationError (role session)`, async () => {
        assert.equal((await call({ Action }, admin)).status, 200);
        assert.deepEqual(await call({ Action }, session), { status: 400, code: 'ValidationError', message: 'Must specify userName when calling with non-User credentials' });
        assert.equal((await call({ Action }, plain)).code, 'AccessDenied');
      });
    }

    it('PolicySourceArn / Arn of a user or role ending in `/`: InvalidInput, whoever asks', async () => {
      for (const arn of [`arn:aws:iam::${s.accountId}:user/a/b/`, `arn:aws:iam::${s.accountId}:role/a/`]) {
        for (const creds of [s.credentials, admin, session]) {
          assert.equal((await call({ Action: 'GetContextKeysForPrincipalPolicy', PolicySourceArn: arn }, creds)).code, 'InvalidInput', arn);
          assert.equal((await call({ Action: 'SimulatePrincipalPolicy', PolicySourceArn: arn, 'ActionNames.member.1': 'iam:GetUser' }, creds)).code, 'InvalidInput', arn);
        }
      }
    });
  });

  describe('ARNs ending in `/` or holding NUL: InvalidInput "ARN x is not valid." (400)', () => {
    const bad = () => [`arn:aws:iam::${s.accountId}:policy/`, `arn:aws:iam::${s.accountId}:policy/p\u0000x`, 'arn:aws:iam::aws:policy/Administrator\u0000Access', `arn:aws:iam::${s.accountId}:policy/a/b/`];
    const byPolicyArn: Record<string, Record<string, string>> = {
      GetPolicy: {},
      DeletePolicy: {},
      ListEntitiesForPolicy: {},
      ListPolicyVersions: {},
      GetPolicyVersion: { VersionId: 'v1' },
      DeletePolicyVersion: { VersionId: 'v2' },
      SetDefaultPolicyVersion: { VersionId: 'v1' },
      CreatePolicyVersion: { PolicyDocument: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}' },
      TagPolicy: { 'Tags.member.1.Key': 'k', 'Tags.member.1.Value': 'v' },
      UntagPolicy: { 'TagKeys.member.1': 'k' },
      ListPolicyTags: {},
      AttachUserPolicy: { UserName: 'u1' },
      DetachUserPolicy: { UserName: 'u1' },
      AttachGroupPolicy: { GroupName: 'g1' },
      DetachGroupPolicy: { GroupName: 'g1' },
      AttachRolePolicy: { RoleName: 'r1' },
      DetachRolePolicy: { RoleName: 'r1' },
    };
    for (const [Action, rest] of Object.entries(byPolicyArn)) {
      it(`${Action} PolicyArn`, async () => {
        for (const PolicyArn of bad()) assert.deepEqual(await call({ Action, PolicyArn, ...rest }), { status: 400, code: 'InvalidInput', message: `ARN ${PolicyArn} is not valid.` }, JSON.stringify(PolicyArn));
      });
    }

    it('PermissionsBoundary (CreateUser, PutUserPermissionsBoundary, PutRolePermissionsBoundary)', async () => {
      for (const PermissionsBoundary of bad()) {
        const want = { status: 400, code: 'InvalidInput', message: `ARN ${PermissionsBoundary} is not valid.` };
        assert.deepEqual(await call({ Action: 'CreateUser', UserName: 'u2', PermissionsBoundary }), want);
        assert.deepEqual(await call({ Action: 'PutUserPermissionsBoundary', UserName: 'u1', PermissionsBoundary }), want);
        assert.deepEqual(await call({ Action: 'PutRolePermissionsBoundary', RoleName: 'r1', PermissionsBoundary }), want);
      }
    });

    it('GenerateServiceLastAccessedDetails Arn (users, roles, groups, policies)', async () => {
      for (const Arn of [...bad(), `arn:aws:iam::${s.accountId}:user/`, `arn:aws:iam::${s.accountId}:user/\u0000aaaa`, `arn:aws:iam::${s.accountId}:role/a/`]) {
        assert.deepEqual(await call({ Action: 'GenerateServiceLastAccessedDetails', Arn }), { status: 400, code: 'InvalidInput', message: `ARN ${Arn} is not valid.` });
      }
    });
  });

  describe('forged pagination markers', () => {
    for (const Action of ['ListUsers', 'ListRoles', 'ListGroups', 'ListInstanceProfiles', 'ListPolicies', 'ListAccessKeys']) {
      it(`${Action} with Marker=AA (a NUL byte) or not base64url: ValidationError "Invalid Marker." (400)`, async () => {
        for (const Marker of ['AA', '!!', 'AAE']) assert.deepEqual(await call({ Action, Marker }), { status: 400, code: 'ValidationError', message: 'Invalid Marker.' }, `${Action} Marker=${Marker}`);
      });
    }

    it('a marker the server made still pages on', async () => {
      const first = await signedQuery(s.url, { Version: '2010-05-08', Action: 'ListPolicies', MaxItems: '2' }, { ...s.credentials, service: 'iam' });
      const Marker = xmlValue(first.body, 'Marker')!;
      assert.equal((await call({ Action: 'ListPolicies', Marker, MaxItems: '2' })).status, 200);
    });
  });

  describe('AWS\'s own texts for invalid input', () => {
    const PATH_TEXT = 'The specified value for path is invalid. It must begin and end with / and contain only alphanumeric characters and/or / characters.';
    it('an invalid Path or NewPath: ValidationError with IAM\'s path text, not the generic pattern text', async () => {
      for (const [Action, extra] of [['CreateUser', { UserName: 'p1' }], ['CreateGroup', { GroupName: 'g1' }], ['CreateInstanceProfile', { InstanceProfileName: 'i1' }], ['UpdateUser', { UserName: 'u1', NewPath: 'x/' }]] as const) {
        for (const bad of ['bad', '/no-end', 'no-start/', '/tab\there/']) {
          const params: Record<string, string> = { Action, ...extra };
          if (Action === 'UpdateUser') params['NewPath'] = bad;
          else params['Path'] = bad;
          assert.deepEqual(await call(params), { status: 400, code: 'ValidationError', message: PATH_TEXT }, `${Action} ${bad}`);
        }
      }
    });

    it('a Path too long keeps the generic length text', async () => {
      const r = await call({ Action: 'CreateUser', UserName: 'p2', Path: `/${'a'.repeat(511)}/` });
      assert.equal(r.code, 'ValidationError');
      assert.match(r.message ?? '', /^1 validation error detected: Value '.*' at 'path' failed to satisfy constraint: Member must have length less than or equal to 512/);
    });
  });
});
