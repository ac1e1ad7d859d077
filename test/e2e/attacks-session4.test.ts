/**
 * A low-privilege caller against what session 4 added (IAM providers and certificates, Organizations,
 * KMS, Cost Explorer): names in another case, forged ARNs and paths, ARNs smuggled into other members,
 * omitted members that default to the caller, NUL, forged pagination markers, one huge request. Each
 * answer is AWS's 4xx, decided on the canonical entity, never a 5xx.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateOrganizationCommand, CreateAccountCommand, DescribeCreateAccountStatusCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { rootCredentialsOf } from '../../src/authz/bootstrap-account.js';
import { startTestServer, type TestServer } from '../helpers/rampart.js';
import { signedJson, signedQuery, xmlValue } from '../helpers/signed-fetch.js';
import { doc, userWithKey, type Creds } from './authz-support.js';

describe('attacks on the session-4 surfaces: AWS 4xx, canonical entities, never 5xx', () => {
  let s: TestServer;
  let low: Creds;
  let member: Creds & { accountId: string };
  const unexpected: string[] = [];
  before(async () => {
    s = await startTestServer({ log: (msg, err) => unexpected.push(`${msg} ${err instanceof Error ? err.stack : String(err)}`) });
    // A low-privilege user: may only read OIDC providers under one host, and list its own KMS aliases.
    low = await userWithKey(s, 'low', { policy: doc({ Effect: 'Allow', Action: 'iam:GetOpenIDConnectProvider', Resource: `arn:aws:iam::${s.accountId}:oidc-provider/allowed.example.com` }, { Effect: 'Allow', Action: ['kms:ListAliases', 'ce:GetCostAndUsage'], Resource: '*' }) });
    const orgs = new OrganizationsClient({ endpoint: s.url, region: 'us-east-1', credentials: s.credentials, maxAttempts: 1 });
    await orgs.send(new CreateOrganizationCommand({}));
    const c = await orgs.send(new CreateAccountCommand({ Email: 'victim@example.com', AccountName: 'victim' }));
    const id = (await orgs.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: c.CreateAccountStatus!.Id! }))).CreateAccountStatus!.AccountId!;
    member = { ...(await rootCredentialsOf(s.runtime.store, id))!, accountId: id };
  });
  after(async () => {
    await s.close();
    assert.deepEqual(unexpected, [], 'no request failed unexpectedly on the server');
  });

  const iamCall = async (params: Record<string, string>, creds: Creds) => {
    const r = await signedQuery(s.url, { Version: '2010-05-08', ...params }, { ...creds, service: 'iam' });
    return { status: r.status, code: xmlValue(r.body, 'Code'), message: xmlValue(r.body, 'Message') };
  };
  const json = async (target: string, input: unknown, creds: Creds, service: string) => {
    const r = await signedJson(s.url, target, input, { ...creds, service });
    return { status: r.status, body: JSON.parse(r.body) as { __type?: string; message?: string; Message?: string } };
  };

  it('IAM: a provider ARN in another case, with a forged path, or smuggled into the policy member names no other provider', async () => {
    await iamCall({ Action: 'CreateOpenIDConnectProvider', Url: 'https://allowed.example.com', 'ThumbprintList.member.1': 'a'.repeat(40) }, s.credentials);
    await iamCall({ Action: 'CreateOpenIDConnectProvider', Url: 'https://secret.example.com', 'ThumbprintList.member.1': 'b'.repeat(40) }, s.credentials);
    assert.equal((await iamCall({ Action: 'GetOpenIDConnectProvider', OpenIDConnectProviderArn: `arn:aws:iam::${s.accountId}:oidc-provider/allowed.example.com` }, low)).status, 200);
    for (const arn of [`arn:aws:iam::${s.accountId}:oidc-provider/secret.example.com`, `arn:aws:iam::${s.accountId}:oidc-provider/ALLOWED.example.com/../secret.example.com`, `arn:aws:iam::${s.accountId}:oidc-provider/allowed.example.com\u0000`]) {
      const r = await iamCall({ Action: 'GetOpenIDConnectProvider', OpenIDConnectProviderArn: arn }, low);
      assert.ok(r.status >= 400 && r.status < 500, `${arn}: ${r.status} ${r.code}`);
      assert.notEqual(r.code, undefined);
    }
    // Another case of an existing name is another (missing) provider, never the stored one.
    const upper = await iamCall({ Action: 'GetOpenIDConnectProvider', OpenIDConnectProviderArn: `arn:aws:iam::${s.accountId}:oidc-provider/ALLOWED.example.com` }, low);
    assert.equal(upper.status, 403);
    // An ARN smuggled into another member (the client id) authorizes nothing: the provider named is the one checked.
    const smuggled = await iamCall({ Action: 'AddClientIDToOpenIDConnectProvider', OpenIDConnectProviderArn: `arn:aws:iam::${s.accountId}:oidc-provider/secret.example.com`, ClientID: `arn:aws:iam::${s.accountId}:oidc-provider/allowed.example.com` }, low);
    assert.deepEqual([smuggled.status, smuggled.code], [403, 'AccessDenied']);
  });

  it('IAM: omitted UserName defaults to the caller only (SSH keys, signing certificates, service credentials)', async () => {
    for (const Action of ['ListSSHPublicKeys', 'ListSigningCertificates', 'ListServiceSpecificCredentials']) {
      const r = await iamCall({ Action }, low);
      assert.equal(r.status, 403, `${Action}: ${r.code}`);
      assert.match(r.message ?? '', new RegExp(`on resource: arn:aws:iam::${s.accountId}:user/low`));
    }
    const marker = await iamCall({ Action: 'ListServerCertificates', Marker: 'AA' }, s.credentials);
    assert.deepEqual([marker.status, marker.code], [400, 'ValidationError']);
  });

  it('Organizations: a member cannot act on the organization; forged ids, NUL and tokens are 400s', async () => {
    for (const [op, input] of [
      ['ListAccounts', {}],
      ['CreateOrganizationalUnit', { ParentId: 'r-abcd', Name: 'x' }],
      ['AttachPolicy', { PolicyId: 'p-FullAWSAccess', TargetId: member.accountId }],
      ['RemoveAccountFromOrganization', { AccountId: s.accountId }],
    ] as const) {
      const r = await json(`AWSOrganizationsV20161128.${op}`, input, member, 'organizations');
      assert.equal(r.status, 400, `${op}: ${JSON.stringify(r.body)}`);
      assert.equal(r.body.__type, 'AccessDeniedException', op);
    }
    for (const [op, input] of [
      ['DescribeAccount', { AccountId: '1234567890\u000012' }],
      ['ListAccounts', { NextToken: 'AAAA' }],
      ['DescribePolicy', { PolicyId: 'p-FULLAWSACCESS' }],
      ['ListChildren', { ParentId: 'ou-abcd-12345678', ChildType: 'ACCOUNT' }],
      ['CreatePolicy', { Name: 'big', Description: 'd', Type: 'SERVICE_CONTROL_POLICY', Content: `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:${'a'.repeat(1_000_000)}","Resource":"*"}]}` }],
    ] as const) {
      const r = await json(`AWSOrganizationsV20161128.${op}`, input, s.credentials, 'organizations');
      assert.ok(r.status >= 400 && r.status < 500, `${op}: ${r.status}`);
      assert.equal(typeof r.body.__type, 'string', op);
    }
  });

  it('KMS and Cost Explorer: another account\'s key by forged ARN, NUL, a huge plaintext, a forged token are 4xx; a member sees only its own costs', async () => {
    const key = await json('TrentService.CreateKey', {}, s.credentials, 'kms');
    const keyArn = (key.body as unknown as { KeyMetadata: { Arn: string } }).KeyMetadata.Arn;
    for (const input of [
      { KeyId: keyArn, Plaintext: Buffer.from('x').toString('base64') },
      { KeyId: keyArn.replace(s.accountId, member.accountId), Plaintext: Buffer.from('x').toString('base64') },
      { KeyId: `alias/aws/../${keyArn}`, Plaintext: Buffer.from('x').toString('base64') },
      { KeyId: 'key\u0000id', Plaintext: Buffer.from('x').toString('base64') },
      { KeyId: keyArn, Plaintext: Buffer.alloc(5000).toString('base64') },
    ]) {
      const r = await json('TrentService.Encrypt', input, member, 'kms');
      assert.ok(r.status >= 400 && r.status < 500, `${input.KeyId}: ${r.status} ${JSON.stringify(r.body)}`);
    }
    for (const [op, Marker] of [['ListAliases', 'forged'], ['ListAliases', 'alias/\u0000'], ['ListKeys', '\u0000'], ['ListKeys', 'AAAA']] as const) {
      const listed = await json(`TrentService.${op}`, { Marker }, op === 'ListKeys' ? s.credentials : low, 'kms');
      assert.ok(listed.status >= 400 && listed.status < 500, `${op} ${JSON.stringify(Marker)}: ${listed.status} ${JSON.stringify(listed.body)}`);
    }
    const cost = await json('AWSInsightsIndexService.GetCostAndUsage', { TimePeriod: { Start: '2026-12-01', End: '2026-12-31' }, Granularity: 'MONTHLY', Metrics: ['UnblendedCost'], GroupBy: [{ Type: 'DIMENSION', Key: 'LINKED_ACCOUNT' }] }, member, 'ce');
    assert.equal(cost.status, 200, JSON.stringify(cost.body));
    const keys = JSON.stringify(cost.body);
    assert.ok(!keys.includes(s.accountId), 'a member sees no other account');
    const token = await json('AWSInsightsIndexService.GetCostAndUsage', { TimePeriod: { Start: '2026-12-01', End: '2026-12-31' }, Granularity: 'MONTHLY', Metrics: ['UnblendedCost'], NextPageToken: 'forged' }, low, 'ce');
    assert.ok(token.status >= 400 && token.status < 500, String(token.status));
  });
});
