import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateOpenIDConnectProviderCommand, CreateRoleCommand, CreateSAMLProviderCommand, ListGroupsCommand, ListUsersCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { AssumeRoleWithSAMLCommand, AssumeRoleWithWebIdentityCommand, STSClient, type Credentials } from '@aws-sdk/client-sts';
import { TestSamlIdp } from '../../src/shared/testing/saml-test-idp.js';
import { startTestIssuer, type TestIssuer } from '../helpers/oidc-issuer.js';
import { startTestServer, type TestServer } from '../helpers/rampart.js';
import { allow, doc, failure, iam } from './authz-support.js';

/**
 * The federation's keys stay with the role session: its permission policies test `saml:sub`,
 * `saml:sub_type`, `saml:namequalifier` (SAML) and `<provider>:sub`, `aws:FederatedProvider` (OIDC).
 */
describe('keys of federated sessions in the role\'s permission policies (SDK v3)', () => {
  let s: TestServer;
  let issuer: TestIssuer;
  const idp = new TestSamlIdp('https://idp.keys.test/saml');
  let samlProviderArn: string;
  let oidcProviderArn: string;
  const anonymous = () => new STSClient({ endpoint: s.url, region: 'us-east-1', maxAttempts: 1 });
  const creds = (c: Credentials | undefined) => ({ accessKeyId: c!.AccessKeyId!, secretAccessKey: c!.SecretAccessKey!, sessionToken: c!.SessionToken! });
  const listUsers = (c: ReturnType<typeof creds>) => iam(s, c).send(new ListUsersCommand({}));

  before(async () => {
    s = await startTestServer();
    issuer = await startTestIssuer();
    samlProviderArn = (await iam(s).send(new CreateSAMLProviderCommand({ Name: 'KeysIdP', SAMLMetadataDocument: idp.metadata() }))).SAMLProviderArn!;
    await iam(s).send(new CreateRoleCommand({ RoleName: 'SamlScoped', AssumeRolePolicyDocument: doc({ Effect: 'Allow', Principal: { Federated: samlProviderArn }, Action: 'sts:AssumeRoleWithSAML' }) }));
    await iam(s).send(new PutRolePolicyCommand({ RoleName: 'SamlScoped', PolicyName: 'alice-only', PolicyDocument: doc(allow('iam:ListUsers', '*', { StringEquals: { 'saml:sub': 'alice', 'saml:sub_type': 'persistent' } })) }));
    oidcProviderArn = (await iam(s).send(new CreateOpenIDConnectProviderCommand({ Url: issuer.url, ClientIDList: ['sts.amazonaws.com'], ThumbprintList: [issuer.thumbprint] }))).OpenIDConnectProviderArn!;
    await iam(s).send(new CreateRoleCommand({ RoleName: 'OidcScoped', AssumeRolePolicyDocument: doc({ Effect: 'Allow', Principal: { Federated: oidcProviderArn }, Action: 'sts:AssumeRoleWithWebIdentity' }) }));
    const oidcPolicy = allow('iam:ListUsers', '*', { StringEquals: { 'aws:FederatedProvider': oidcProviderArn, [`${issuer.host}:sub`]: 'alice' } });
    await iam(s).send(new PutRolePolicyCommand({ RoleName: 'OidcScoped', PolicyName: 'alice-only', PolicyDocument: doc(oidcPolicy) }));
    const tagTrust = doc({ Effect: 'Allow', Principal: { Federated: oidcProviderArn }, Action: ['sts:AssumeRoleWithWebIdentity', 'sts:TagSession', 'sts:SetSourceIdentity'] });
    await iam(s).send(new CreateRoleCommand({ RoleName: 'OidcTagged', AssumeRolePolicyDocument: tagTrust }));
    const tagPolicy = allow('iam:ListUsers', '*', { StringEquals: { 'aws:PrincipalTag/Project': 'Automation', 'aws:SourceIdentity': 'alice-src' } });
    await iam(s).send(new PutRolePolicyCommand({ RoleName: 'OidcTagged', PolicyName: 'by-tag', PolicyDocument: doc(tagPolicy) }));
  });
  after(async () => {
    await s.close();
    await issuer.close();
  });

  it('SAML: saml:sub = alice is allowed, bob is denied', async () => {
    const roleArn = `arn:aws:iam::${s.accountId}:role/SamlScoped`;
    const session = async (subject: string) =>
      creds((await anonymous().send(new AssumeRoleWithSAMLCommand({ RoleArn: roleArn, PrincipalArn: samlProviderArn, SAMLAssertion: idp.response({ roleArn, providerArn: samlProviderArn, subject, sessionName: subject }) }))).Credentials);
    assert.ok((await listUsers(await session('alice'))).Users);
    const e = await failure(listUsers(await session('bob')));
    assert.equal(e.name, 'AccessDenied');
    assert.match(e.message, /assumed-role\/SamlScoped\/bob is not authorized to perform: iam:ListUsers/);
  });

  it('SAML: saml:namequalifier is the one the response named', async () => {
    const roleArn = `arn:aws:iam::${s.accountId}:role/SamlScoped`;
    const out = await anonymous().send(new AssumeRoleWithSAMLCommand({ RoleArn: roleArn, PrincipalArn: samlProviderArn, SAMLAssertion: idp.response({ roleArn, providerArn: samlProviderArn, subject: 'alice', sessionName: 'alice' }) }));
    await iam(s).send(new PutRolePolicyCommand({ RoleName: 'SamlScoped', PolicyName: 'by-qualifier', PolicyDocument: doc(allow('iam:ListGroups', '*', { StringEquals: { 'saml:namequalifier': out.NameQualifier! } })) }));
    assert.ok((await iam(s, creds(out.Credentials)).send(new ListGroupsCommand({}))).Groups);
  });

  it('web identity: aws:FederatedProvider and <provider>:sub = alice are allowed, bob is denied', async () => {
    const roleArn = `arn:aws:iam::${s.accountId}:role/OidcScoped`;
    const now = Math.floor(Date.now() / 1000);
    const session = async (sub: string) =>
      creds((await anonymous().send(new AssumeRoleWithWebIdentityCommand({ RoleArn: roleArn, RoleSessionName: sub, WebIdentityToken: issuer.token({ iss: issuer.url, aud: 'sts.amazonaws.com', sub, iat: now, exp: now + 600 }) }))).Credentials);
    assert.ok((await listUsers(await session('alice'))).Users);
    assert.equal((await failure(listUsers(await session('bob')))).name, 'AccessDenied');
  });

  it('web identity: the https://aws.amazon.com/tags and source_identity claims become session tags and SourceIdentity', async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = (project: string, extra: Record<string, unknown> = {}) =>
      issuer.token({
        iss: issuer.url, aud: 'sts.amazonaws.com', sub: 'alice', iat: now, exp: now + 600,
        'https://aws.amazon.com/tags': { principal_tags: { Project: [project], CostCenter: ['987654'] }, transitive_tag_keys: ['Project'] },
        'https://aws.amazon.com/source_identity': 'alice-src',
        ...extra,
      });
    const assume = (RoleName: string, WebIdentityToken: string) => anonymous().send(new AssumeRoleWithWebIdentityCommand({ RoleArn: `arn:aws:iam::${s.accountId}:role/${RoleName}`, RoleSessionName: 'tagged', WebIdentityToken }));
    const out = await assume('OidcTagged', token('Automation'));
    assert.equal(out.SourceIdentity, 'alice-src');
    assert.ok((await listUsers(creds(out.Credentials))).Users);
    assert.equal((await failure(listUsers(creds((await assume('OidcTagged', token('Other'))).Credentials)))).name, 'AccessDenied');
    // The trust policy of OidcScoped allows neither sts:TagSession nor sts:SetSourceIdentity.
    const denied = await failure(assume('OidcScoped', token('Automation')));
    assert.deepEqual([denied.name, denied.message], ['AccessDenied', 'Not authorized to perform sts:AssumeRoleWithWebIdentity']);
    // A malformed tags claim is an invalid token.
    const bad = await failure(assume('OidcTagged', token('x', { 'https://aws.amazon.com/tags': { principal_tags: { Project: [1] } } })));
    assert.equal(bad.name, 'InvalidIdentityTokenException');
  });
});
