import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { generateKeyPairSync } from 'node:crypto';
import { CreateRoleCommand, CreateSAMLProviderCommand, GetSAMLProviderCommand, PutRolePolicyCommand, UpdateSAMLProviderCommand } from '@aws-sdk/client-iam';
import type { STSServiceException } from '@aws-sdk/client-sts';
import { AssumeRoleWithSAMLCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { TestSamlIdp, type TestAssertion } from '../../src/shared/testing/saml-test-idp.js';
import { awsEnv, startTestServer, type TestServer } from '../helpers/rampart.js';
import { pythonWithBoto3 } from '../helpers/python.js';
import { runAsync } from '../helpers/run-async.js';
import { allow, doc, iam, sts } from './authz-support.js';

describe('STS AssumeRoleWithSAML with a local SAML IdP (SDK v3, AWS CLI, boto3)', () => {
  let s: TestServer;
  let providerArn: string;
  let roleArn: string;
  let good: TestAssertion;
  const idp = new TestSamlIdp('https://idp.rampart.test/saml');
  /** An STS client with no credentials at all: the call is unsigned, as in AWS. */
  const anonymous = () => new STSClient({ endpoint: s.url, region: 'us-east-1', maxAttempts: 1 });

  before(async () => {
    s = await startTestServer();
    providerArn = (await iam(s).send(new CreateSAMLProviderCommand({ Name: 'RampartIdP', SAMLMetadataDocument: idp.metadata() }))).SAMLProviderArn!;
    roleArn = `arn:aws:iam::${s.accountId}:role/Federated`;
    const trust = doc({ Effect: 'Allow', Principal: { Federated: providerArn }, Action: 'sts:AssumeRoleWithSAML', Condition: { StringEquals: { 'saml:aud': 'https://signin.aws.amazon.com/saml' } } });
    await iam(s).send(new CreateRoleCommand({ RoleName: 'Federated', AssumeRolePolicyDocument: trust }));
    await iam(s).send(new PutRolePolicyCommand({ RoleName: 'Federated', PolicyName: 'p', PolicyDocument: doc(allow('iam:GetSAMLProvider')) }));
    good = { roleArn, providerArn, subject: 'user-1234', sessionName: 'alice@example.test' };
  });
  after(async () => s.close());

  it('SDK v3 without credentials: a role assumed with a signed response; the credentials work', async () => {
    const out = await anonymous().send(new AssumeRoleWithSAMLCommand({ RoleArn: roleArn, PrincipalArn: providerArn, SAMLAssertion: idp.response(good) }));
    assert.equal(out.AssumedRoleUser?.Arn, `arn:aws:sts::${s.accountId}:assumed-role/Federated/alice@example.test`);
    assert.deepEqual([out.Subject, out.SubjectType, out.Issuer, out.Audience], ['user-1234', 'persistent', idp.entityId, 'https://signin.aws.amazon.com/saml']);
    assert.match(out.NameQualifier!, /^[A-Za-z0-9+/]{27}=$/);
    const c = out.Credentials!;
    const session = { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
    const me = await sts(s, session).send(new GetCallerIdentityCommand({}));
    assert.equal(me.Arn, out.AssumedRoleUser?.Arn);
    // The role's permissions apply: it may read the provider, nothing more.
    assert.equal((await iam(s, session).send(new GetSAMLProviderCommand({ SAMLProviderArn: providerArn }))).SAMLMetadataDocument, idp.metadata());
  });

  it('SDK v3: refused when one byte of the signed assertion changes, or the signer is another key', async () => {
    const xml = idp.signedXml(good);
    const tampered = Buffer.from(xml.replace('user-1234', 'user-1235'), 'utf8').toString('base64');
    for (const SAMLAssertion of [tampered, new TestSamlIdp(idp.entityId).response(good)]) {
      const e = await anonymous()
        .send(new AssumeRoleWithSAMLCommand({ RoleArn: roleArn, PrincipalArn: providerArn, SAMLAssertion }))
        .then(() => assert.fail('assumed'), (x: unknown) => x as STSServiceException);
      assert.deepEqual([e.name, e.$metadata.httpStatusCode, e.message], ['InvalidIdentityTokenException', 400, 'Response signature invalid']);
    }
  });

  describe('encrypted assertions (a provider with a private key)', () => {
    const sp = generateKeyPairSync('rsa', { modulusLength: 2048 });
    let encProviderArn: string;
    let enc: TestAssertion;
    const failure = (SAMLAssertion: string) =>
      anonymous()
        .send(new AssumeRoleWithSAMLCommand({ RoleArn: enc.roleArn, PrincipalArn: encProviderArn, SAMLAssertion }))
        .then(() => assert.fail('assumed'), (x: unknown) => x as STSServiceException)
        .then((e) => [e.name, e.$metadata.httpStatusCode, e.message]);

    before(async () => {
      const pem = sp.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
      const created = await iam(s).send(new CreateSAMLProviderCommand({ Name: 'EncryptingIdP', SAMLMetadataDocument: idp.metadata(), AssertionEncryptionMode: 'Required', AddPrivateKey: pem }));
      encProviderArn = created.SAMLProviderArn!;
      const trust = doc({ Effect: 'Allow', Principal: { Federated: encProviderArn }, Action: 'sts:AssumeRoleWithSAML' });
      await iam(s).send(new CreateRoleCommand({ RoleName: 'EncFederated', AssumeRolePolicyDocument: trust }));
      enc = { roleArn: `arn:aws:iam::${s.accountId}:role/EncFederated`, providerArn: encProviderArn, subject: 'enc-user', sessionName: 'carol' };
    });

    it('SDK v3: an encrypted, signed assertion is decrypted with the provider\'s key and the role assumed', async () => {
      for (const content of ['aes256-gcm', 'aes128-cbc'] as const) {
        const out = await anonymous().send(new AssumeRoleWithSAMLCommand({ RoleArn: enc.roleArn, PrincipalArn: encProviderArn, SAMLAssertion: idp.encryptedResponse(enc, sp.publicKey, 'assertion', { content }) }));
        assert.deepEqual([out.AssumedRoleUser?.Arn, out.Subject], [`arn:aws:sts::${s.accountId}:assumed-role/EncFederated/carol`, 'enc-user']);
        const c = out.Credentials!;
        const me = await sts(s, { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! }).send(new GetCallerIdentityCommand({}));
        assert.equal(me.Arn, out.AssumedRoleUser?.Arn);
      }
    });

    it('SDK v3: refused when one byte of the ciphertext changes, or it was encrypted for another key (one answer)', async () => {
      const xml = Buffer.from(idp.encryptedResponse(enc, sp.publicKey), 'base64').toString('utf8');
      const at = xml.lastIndexOf('<xenc:CipherValue>') + '<xenc:CipherValue>'.length + 40;
      const tampered = Buffer.from(xml.slice(0, at) + (xml[at] === 'A' ? 'B' : 'A') + xml.slice(at + 1), 'utf8').toString('base64');
      const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey;
      const expected = ['InvalidIdentityTokenException', 400, 'Invalid SAML response: the encrypted assertion could not be decrypted.'];
      assert.deepEqual(await failure(tampered), expected);
      assert.deepEqual(await failure(idp.encryptedResponse(enc, otherKey)), expected);
    });

    it('SDK v3: Required refuses a plain assertion; Allowed accepts it', async () => {
      assert.deepEqual(await failure(idp.response(enc)), ['InvalidIdentityTokenException', 400, 'Invalid SAML response: the SAML provider requires encrypted assertions.']);
      await iam(s).send(new UpdateSAMLProviderCommand({ SAMLProviderArn: encProviderArn, AssertionEncryptionMode: 'Allowed' }));
      const out = await anonymous().send(new AssumeRoleWithSAMLCommand({ RoleArn: enc.roleArn, PrincipalArn: encProviderArn, SAMLAssertion: idp.response(enc) }));
      assert.equal(out.Subject, 'enc-user');
    });
  });

  it('the AWS CLI assumes the role (unsigned) and is refused a tampered response', async () => {
    const env = { ...awsEnv(s), AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '' };
    const cli = (assertion: string) => runAsync('aws', ['--endpoint-url', s.url, 'sts', 'assume-role-with-saml', '--role-arn', roleArn, '--principal-arn', providerArn, '--saml-assertion', assertion, '--output', 'json'], { env });
    const ok = await cli(idp.response(good));
    assert.equal(ok.status, 0, ok.stderr);
    const out = JSON.parse(ok.stdout) as { AssumedRoleUser: { Arn: string }; Credentials: { AccessKeyId: string; SecretAccessKey: string; SessionToken: string } };
    assert.equal(out.AssumedRoleUser.Arn, `arn:aws:sts::${s.accountId}:assumed-role/Federated/alice@example.test`);
    const who = await runAsync('aws', ['--endpoint-url', s.url, 'sts', 'get-caller-identity', '--output', 'json'], {
      env: { ...env, AWS_ACCESS_KEY_ID: out.Credentials.AccessKeyId, AWS_SECRET_ACCESS_KEY: out.Credentials.SecretAccessKey, AWS_SESSION_TOKEN: out.Credentials.SessionToken },
    });
    assert.equal(who.status, 0, who.stderr);
    assert.equal((JSON.parse(who.stdout) as { Arn: string }).Arn, out.AssumedRoleUser.Arn);
    const bad = await cli(Buffer.from(idp.signedXml(good).replace('alice@example.test', 'mallory@example.test'), 'utf8').toString('base64'));
    assert.notEqual(bad.status, 0);
    assert.match(bad.stderr, /\(InvalidIdentityToken\) when calling the AssumeRoleWithSAML operation: Response signature invalid/);
  });

  it('boto3 assumes the role without credentials and is refused a tampered response', async () => {
    const script = `
import boto3, json, sys, botocore
from botocore import UNSIGNED
sts = boto3.client('sts', endpoint_url=sys.argv[1], region_name='us-east-1', config=botocore.config.Config(signature_version=UNSIGNED, retries={'max_attempts': 1}))
out = {}
r = sts.assume_role_with_saml(RoleArn=sys.argv[2], PrincipalArn=sys.argv[3], SAMLAssertion=sys.argv[4])
c = r['Credentials']
me = boto3.client('sts', endpoint_url=sys.argv[1], region_name='us-east-1', aws_access_key_id=c['AccessKeyId'], aws_secret_access_key=c['SecretAccessKey'], aws_session_token=c['SessionToken']).get_caller_identity()
out['arn'] = me['Arn']
out['subject'] = r['Subject']
try:
    sts.assume_role_with_saml(RoleArn=sys.argv[2], PrincipalArn=sys.argv[3], SAMLAssertion=sys.argv[5])
except botocore.exceptions.ClientError as e:
    out['bad'] = [e.response['Error']['Code'], e.response['ResponseMetadata']['HTTPStatusCode']]
print(json.dumps(out))
`;
    const tampered = Buffer.from(idp.signedXml(good).replace(roleArn, roleArn.replace('Federated', 'Federatee')), 'utf8').toString('base64');
    const r = await runAsync(pythonWithBoto3(), ['-c', script, s.url, roleArn, providerArn, idp.response(good, 'response'), tampered], { env: { ...awsEnv(s), AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '' } });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { arn: `arn:aws:sts::${s.accountId}:assumed-role/Federated/alice@example.test`, subject: 'user-1234', bad: ['InvalidIdentityToken', 400] });
  });
});
