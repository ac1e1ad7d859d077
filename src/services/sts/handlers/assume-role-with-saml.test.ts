import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Authorizer } from '../../../authz/authorizer.js';
import { REFERENCE_GAPS } from '../../../authz/catalog/operation-overrides.js';
import { MemoryIdentitySource } from '../../../authz/memory-identity-source.js';
import { PolicyInformationPoint } from '../../../authz/pip/policy-information-point.js';
import { SAML_PROVIDERS_TABLE, type SamlProviderRecord } from '../../../authz/saml-provider-records.js';
import { getSession } from '../../../authz/session-store.js';
import { ServiceRules } from '../../../authz/service-rules.js';
import { REJECT_ALL_MFA } from '../../../authz/sources.js';
import type { HandlerContext } from '../../../protocol/service-definition.js';
import { isAwsError, type AwsError } from '../../../shared/aws-error.js';
import { TestSamlIdp, type TestAssertion } from '../../../shared/testing/saml-test-idp.js';
import { openStore } from '../../../storage/open-store.js';
import type { JsonValue, Store } from '../../../storage/types.js';
import type { AssumeRoleWithSAMLRequest, AssumeRoleWithSAMLResponse } from '../api.generated.js';
import { STS_AUTHORIZATION } from '../authz.js';
import { assumeRoleWithSaml } from './assume-role-with-saml.js';

const ACCT = '111122223333';
const PROVIDER = `arn:aws:iam::${ACCT}:saml-provider/Okta`;
const ROLE = `arn:aws:iam::${ACCT}:role/Fed`;
const doc = (...s: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: s });
const anonymous: HandlerContext['caller'] = { principal: { accountId: '', arn: 'anonymous', userId: 'anonymous', type: 'anonymous' }, region: 'us-east-1', now: Date.now(), sourceIp: '127.0.0.1', secureTransport: false };

describe('STS AssumeRoleWithSAML', () => {
  let dir: string;
  let store: Store;
  let call: (input: Partial<AssumeRoleWithSAMLRequest> & { SAMLAssertion: string }) => Promise<AssumeRoleWithSAMLResponse>;
  const idp = new TestSamlIdp();
  const good: TestAssertion = { roleArn: ROLE, providerArn: PROVIDER, subject: 'user-1234', sessionName: 'alice@example.test' };
  const fails = async (p: Promise<unknown>): Promise<AwsError> => {
    const e = await p.then(() => undefined, (x: unknown) => x);
    assert.ok(isAwsError(e), `expected an AwsError, got ${String(e)}`);
    return e;
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rampart-saml-'));
    store = await openStore({ kind: 'sqlite', dataDir: dir });
    const src = new MemoryIdentitySource();
    const pip = new PolicyInformationPoint(src.feed, src);
    const deps = { store, authorizer: new Authorizer(pip, store.sealer, new ServiceRules([...REFERENCE_GAPS, STS_AUTHORIZATION])), mfa: REJECT_ALL_MFA };
    const trustFed = (extra: object = {}) => ({ id: 't', name: 't', document: doc({ Effect: 'Allow', Principal: { Federated: PROVIDER }, Action: 'sts:AssumeRoleWithSAML', Condition: { StringEquals: { 'saml:aud': 'https://signin.aws.amazon.com/saml', ...extra } } }) });
    src.putRole(ACCT, 'Fed', { id: 'AROAFEDFEDFEDFEDFED12', identityPolicies: [], tags: {}, trustPolicy: trustFed(), maxSessionDuration: 7200 });
    src.putRole(ACCT, 'OnlyBob', { identityPolicies: [], tags: {}, trustPolicy: trustFed({ 'saml:sub': 'bob' }) });
    src.putRole(ACCT, 'Other', { identityPolicies: [], tags: {}, trustPolicy: { id: 't', name: 't', document: doc({ Effect: 'Allow', Principal: { AWS: ACCT }, Action: 'sts:AssumeRole' }) } });
    src.putRole(ACCT, 'Tagged', { identityPolicies: [], tags: {}, trustPolicy: { id: 't', name: 't', document: doc({ Effect: 'Allow', Principal: { Federated: PROVIDER }, Action: ['sts:AssumeRoleWithSAML', 'sts:TagSession', 'sts:SetSourceIdentity'] }) } });
    const rec: SamlProviderRecord = {
      name: 'Okta', arn: PROVIDER, uuid: 'SAMLSPABCDEFGHIJKLMNOP', metadataDocument: idp.metadata(), entityId: idp.entityId, certificates: [idp.identity.certificatePem],
      createDate: new Date().toISOString(), validUntil: '2999-01-01T00:00:00.000Z', assertionEncryptionMode: 'Allowed', privateKeys: [], tags: [],
    };
    await store.put(SAML_PROVIDERS_TABLE, { kind: 'account', accountId: ACCT }, 'okta', rec as unknown as JsonValue);
    const handler = assumeRoleWithSaml(deps);
    call = async (input) => handler({ RoleArn: ROLE, PrincipalArn: PROVIDER, ...input }, { requestId: 'r', caller: { ...anonymous, now: Date.now() } });
  });
  after(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('issues a role session for a signed response the trust policy accepts, answered as AWS does', async () => {
    const out = await call({ SAMLAssertion: idp.response(good), DurationSeconds: 1800 });
    assert.deepEqual(out.AssumedRoleUser, { AssumedRoleId: 'AROAFEDFEDFEDFEDFED12:alice@example.test', Arn: `arn:aws:sts::${ACCT}:assumed-role/Fed/alice@example.test` });
    assert.equal(out.Subject, 'user-1234');
    assert.equal(out.SubjectType, 'persistent');
    assert.equal(out.Issuer, idp.entityId);
    assert.equal(out.Audience, 'https://signin.aws.amazon.com/saml');
    assert.equal(out.NameQualifier, createHash('sha1').update(`${idp.entityId}${ACCT}/Okta`).digest('base64'));
    assert.match(out.Credentials!.AccessKeyId, /^ASIA/);
    assert.ok(Math.abs(out.Credentials!.Expiration.getTime() - Date.now() - 1_800_000) < 5000);
    const s = await getSession(store, out.Credentials!.AccessKeyId);
    assert.equal(s?.roleArn, ROLE);
    assert.equal(s?.sessionName, 'alice@example.test');
  });

  it('refuses a response changed by one byte, and an unknown provider', async () => {
    const xml = idp.signedXml(good);
    assert.equal((await fails(call({ SAMLAssertion: Buffer.from(xml.replace('user-1234', 'user-1235')).toString('base64') }))).code, 'InvalidIdentityToken');
    const e = await fails(call({ SAMLAssertion: idp.response(good), PrincipalArn: `arn:aws:iam::${ACCT}:saml-provider/Nope` }));
    assert.equal(e.code, 'InvalidIdentityToken');
    assert.equal(e.message, "Specified provider doesn't exist.");
  });

  it('refuses a role the response does not name, a role that does not trust the provider, and unmet conditions', async () => {
    const denied = 'Not authorized to perform sts:AssumeRoleWithSAML';
    const other = `arn:aws:iam::${ACCT}:role/Other`;
    // The response names Fed; the request asks for Other.
    let e = await fails(call({ SAMLAssertion: idp.response(good), RoleArn: other }));
    assert.equal(e.code, 'AccessDenied');
    assert.equal(e.message, denied);
    // The response names another provider for the role.
    e = await fails(call({ SAMLAssertion: idp.response({ ...good, roleValues: [`${ROLE},arn:aws:iam::${ACCT}:saml-provider/Else`] }) }));
    assert.equal(e.message, denied);
    e = await fails(call({ SAMLAssertion: idp.response({ ...good, roleArn: other }), RoleArn: other }));
    assert.equal(e.message, denied);
    const bob = `arn:aws:iam::${ACCT}:role/OnlyBob`;
    e = await fails(call({ SAMLAssertion: idp.response({ ...good, roleArn: bob }), RoleArn: bob }));
    assert.equal(e.message, denied);
    await call({ SAMLAssertion: idp.response({ ...good, roleArn: bob, subject: 'bob' }), RoleArn: bob });
    e = await fails(call({ SAMLAssertion: idp.response({ ...good, roleArn: `arn:aws:iam::${ACCT}:role/Missing` }), RoleArn: `arn:aws:iam::${ACCT}:role/Missing` }));
    assert.equal(e.message, denied);
  });

  it('requires a valid RoleSessionName and SourceIdentity, with AWS\'s messages', async () => {
    assert.equal((await fails(call({ SAMLAssertion: idp.response({ ...good, sessionName: null }) }))).message, 'RoleSessionName is required in AuthnResponse');
    for (const sessionName of ['a', 'x'.repeat(65), 'John Doe']) {
      assert.equal((await fails(call({ SAMLAssertion: idp.response({ ...good, sessionName }) }))).message, 'RoleSessionName in AuthnResponse must match [a-zA-Z_0-9+=,.@-]{2,64}');
    }
    assert.match((await fails(call({ SAMLAssertion: idp.response({ ...good, sourceIdentity: 'aws:me' }) }))).message, /^Source Identity must match/);
  });

  it('caps the duration with SessionDuration and MaxSessionDuration', async () => {
    const out = await call({ SAMLAssertion: idp.response({ ...good, sessionDuration: 900 }), DurationSeconds: 3600 });
    assert.ok(out.Credentials!.Expiration.getTime() - Date.now() <= 900_000);
    const e = await fails(call({ SAMLAssertion: idp.response(good), DurationSeconds: 7201 }));
    assert.equal(e.code, 'ValidationError');
  });

  it('passes PrincipalTag attributes as session tags (sts:TagSession) and SourceIdentity (sts:SetSourceIdentity)', async () => {
    // Fed's trust policy grants neither.
    assert.equal((await fails(call({ SAMLAssertion: idp.response({ ...good, tags: { Project: 'x' } }) }))).code, 'AccessDenied');
    assert.equal((await fails(call({ SAMLAssertion: idp.response({ ...good, sourceIdentity: 'alice' }) }))).code, 'AccessDenied');
    const tagged = `arn:aws:iam::${ACCT}:role/Tagged`;
    const out = await call({ SAMLAssertion: idp.response({ ...good, roleArn: tagged, tags: { Project: 'x' }, sourceIdentity: 'alice' }), RoleArn: tagged });
    assert.equal(out.SourceIdentity, 'alice');
    const s = await getSession(store, out.Credentials!.AccessKeyId);
    assert.deepEqual(s?.tags, { Project: 'x' });
    assert.equal(s?.sourceIdentity, 'alice');
  });
});
