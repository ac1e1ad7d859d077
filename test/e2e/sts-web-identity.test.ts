import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateOpenIDConnectProviderCommand, CreateRoleCommand, DeleteOpenIDConnectProviderCommand, UpdateOpenIDConnectProviderThumbprintCommand } from '@aws-sdk/client-iam';
import { AssumeRoleWithWebIdentityCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { startTestIssuer, type TestIssuer } from '../helpers/oidc-issuer.js';
import { pythonWithBoto3 } from '../helpers/python.js';
import { awsEnv, startTestServer, type TestServer } from '../helpers/rampart.js';
import { runAsync } from '../helpers/run-async.js';
import { doc, failure, iam, sts } from './authz-support.js';

const SUB = 'repo:acme/app:ref:refs/heads/main';

describe('STS AssumeRoleWithWebIdentity with a real local OIDC issuer', () => {
  let s: TestServer;
  let idp: TestIssuer;
  let providerArn: string;
  let roleArn: string;
  const claims = (extra: Record<string, unknown> = {}) => {
    const now = Math.floor(Date.now() / 1000);
    return { iss: idp.url, aud: 'sts.amazonaws.com', sub: SUB, iat: now, exp: now + 600, ...extra };
  };
  /** An STS client with no credentials at all: the operation is unsigned. */
  const anonymous = () => new STSClient({ endpoint: s.url, region: 'us-east-1', maxAttempts: 1, credentials: () => Promise.reject(new Error('AssumeRoleWithWebIdentity must not need credentials')) });
  const assume = (token: string, session = 'ci-run') => anonymous().send(new AssumeRoleWithWebIdentityCommand({ RoleArn: roleArn, RoleSessionName: session, WebIdentityToken: token }));
  /** The environment of the AWS CLI and boto3 with no credentials anywhere. */
  const noCredentials = () => {
    const env = awsEnv(s);
    delete env['AWS_ACCESS_KEY_ID'];
    delete env['AWS_SECRET_ACCESS_KEY'];
    return env;
  };

  before(async () => {
    s = await startTestServer();
    idp = await startTestIssuer();
    const p = await iam(s).send(new CreateOpenIDConnectProviderCommand({ Url: idp.url, ClientIDList: ['sts.amazonaws.com'], ThumbprintList: [idp.thumbprint] }));
    providerArn = p.OpenIDConnectProviderArn!;
    const trust = doc({
      Effect: 'Allow',
      Principal: { Federated: providerArn },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: { StringEquals: { [`${idp.host}:aud`]: 'sts.amazonaws.com', [`${idp.host}:sub`]: SUB } },
    });
    roleArn = (await iam(s).send(new CreateRoleCommand({ RoleName: 'ci-deploy', AssumeRolePolicyDocument: trust }))).Role!.Arn!;
  });
  after(async () => {
    await s.close();
    await idp.close();
  });

  // SDK v3 names modeled errors by their shape (InvalidIdentityTokenException for the wire code
  // InvalidIdentityToken); the AWS CLI and boto3 cases check the wire codes.
  it('SDK v3 without credentials: a token of the issuer gives a role session that works', async () => {
    const out = await assume(idp.token(claims()));
    assert.equal(providerArn, `arn:aws:iam::${s.accountId}:oidc-provider/${idp.host}`);
    assert.equal(out.AssumedRoleUser?.Arn, `arn:aws:sts::${s.accountId}:assumed-role/ci-deploy/ci-run`);
    assert.deepEqual([out.SubjectFromWebIdentityToken, out.Provider, out.Audience], [SUB, providerArn, 'sts.amazonaws.com']);
    const c = out.Credentials!;
    const me = await sts(s, { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! }).send(new GetCallerIdentityCommand({}));
    assert.equal(me.Arn, `arn:aws:sts::${s.accountId}:assumed-role/ci-deploy/ci-run`);
    assert.equal(me.UserId, out.AssumedRoleUser?.AssumedRoleId);
    // Discovery and JWKS were fetched once, then served from the cache.
    await assume(idp.token(claims()), 'second');
    assert.deepEqual([idp.hits.get('/.well-known/openid-configuration'), idp.hits.get('/jwks')], [1, 1]);
  });

  it('the AWS CLI assumes the role without credentials, and the session works', async () => {
    const env = noCredentials();
    const r = await runAsync('aws', ['sts', 'assume-role-with-web-identity', '--role-arn', roleArn, '--role-session-name', 'cli', '--web-identity-token', idp.token(claims()), '--output', 'json'], { env });
    assert.equal(r.status, 0, r.stderr);
    const c = (JSON.parse(r.stdout) as { Credentials: { AccessKeyId: string; SecretAccessKey: string; SessionToken: string } }).Credentials;
    const me = await runAsync('aws', ['sts', 'get-caller-identity', '--output', 'json'], { env: { ...env, AWS_ACCESS_KEY_ID: c.AccessKeyId, AWS_SECRET_ACCESS_KEY: c.SecretAccessKey, AWS_SESSION_TOKEN: c.SessionToken } });
    assert.equal(me.status, 0, me.stderr);
    assert.equal((JSON.parse(me.stdout) as { Arn: string }).Arn, `arn:aws:sts::${s.accountId}:assumed-role/ci-deploy/cli`);
    const expired = await runAsync('aws', ['sts', 'assume-role-with-web-identity', '--role-arn', roleArn, '--role-session-name', 'cli', '--web-identity-token', idp.token(claims({ exp: 1_600_000_000 }))], { env });
    assert.match(expired.stderr, /\(ExpiredTokenException\) when calling the AssumeRoleWithWebIdentity operation: Token expired: current date\/time \d+ must be before the expiration date\/time 1600000000/);
  });

  it('boto3 assumes the role unsigned and gets the errors with their codes', async () => {
    const script = `
import boto3, json, sys, botocore
from botocore import UNSIGNED
from botocore.config import Config
cfg = Config(signature_version=UNSIGNED, retries={'max_attempts': 1})
sts = boto3.client('sts', endpoint_url=sys.argv[1], region_name='us-east-1', config=cfg)
out = {}
r = sts.assume_role_with_web_identity(RoleArn=sys.argv[2], RoleSessionName='boto', WebIdentityToken=sys.argv[3])
c = r['Credentials']
me = boto3.client('sts', endpoint_url=sys.argv[1], region_name='us-east-1', aws_access_key_id=c['AccessKeyId'], aws_secret_access_key=c['SecretAccessKey'], aws_session_token=c['SessionToken']).get_caller_identity()
out['arn'] = me['Arn']
try:
    sts.assume_role_with_web_identity(RoleArn=sys.argv[2], RoleSessionName='boto', WebIdentityToken=sys.argv[4])
except botocore.exceptions.ClientError as e:
    out['wrong_aud'] = [e.response['Error']['Code'], e.response['Error']['Message'], e.response['ResponseMetadata']['HTTPStatusCode']]
print(json.dumps(out))
`;
    const r = await runAsync(pythonWithBoto3(), ['-c', script, s.url, roleArn, idp.token(claims()), idp.token(claims({ aud: 'someone-else' }))], { env: noCredentials() });
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { arn: string; wrong_aud: unknown };
    assert.equal(out.arn, `arn:aws:sts::${s.accountId}:assumed-role/ci-deploy/boto`);
    assert.deepEqual(out.wrong_aud, ['InvalidIdentityToken', 'Incorrect token audience', 400]);
  });

  it('refuses forged, unsigned, expired, wrong-audience and wrong-subject tokens with AWS errors', async () => {
    const forged = await failure(assume(idp.forged(claims())));
    assert.deepEqual([forged.name, forged.$metadata.httpStatusCode], ['InvalidIdentityTokenException', 400]);
    const [h, p] = idp.token(claims()).split('.');
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', kid: idp.kid })).toString('base64url')}.${p}.`;
    assert.equal((await failure(assume(none))).name, 'InvalidIdentityTokenException');
    const tampered = await failure(assume(`${h}.${Buffer.from(JSON.stringify(claims({ sub: 'repo:evil/app' }))).toString('base64url')}.${idp.token(claims()).split('.')[2]}`));
    assert.equal(tampered.name, 'InvalidIdentityTokenException');
    const expired = await failure(assume(idp.token(claims({ exp: 1_600_000_000 }))));
    assert.deepEqual([expired.name, expired.$metadata.httpStatusCode], ['ExpiredTokenException', 400]);
    assert.match(expired.message, /^Token expired: current date\/time \d+ must be before the expiration date\/time 1600000000$/);
    const aud = await failure(assume(idp.token(claims({ aud: ['other-app'] }))));
    assert.deepEqual([aud.name, aud.message], ['InvalidIdentityTokenException', 'Incorrect token audience']);
    const sub = await failure(assume(idp.token(claims({ sub: 'repo:evil/app:ref:refs/heads/main' }))));
    assert.deepEqual([sub.name, sub.$metadata.httpStatusCode, sub.message], ['AccessDenied', 403, 'Not authorized to perform sts:AssumeRoleWithWebIdentity']);
    const other = await failure(assume(idp.token(claims({ iss: 'https://issuer.invalid' }))));
    assert.deepEqual([other.name, other.message], ['InvalidIdentityTokenException', 'No OpenIDConnect provider found in your account for https://issuer.invalid']);
  });

  it('trusts the issuer only through the registered thumbprint', async () => {
    const wrong = 'ab'.repeat(20);
    await iam(s).send(new UpdateOpenIDConnectProviderThumbprintCommand({ OpenIDConnectProviderArn: providerArn, ThumbprintList: [wrong] }));
    const e = await failure(assume(idp.token(claims())));
    assert.deepEqual([e.name, e.$metadata.httpStatusCode], ['IDPCommunicationErrorException', 400]);
    await iam(s).send(new UpdateOpenIDConnectProviderThumbprintCommand({ OpenIDConnectProviderArn: providerArn, ThumbprintList: [idp.thumbprint] }));
    await assume(idp.token(claims()));
  });

  it('unsigned requests reach STS by Action only for its unsigned operations', async () => {
    const post = (body: string) => fetch(s.url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
    const other = await post('Action=GetCallerIdentity&Version=2011-06-15');
    assert.equal(other.status, 403);
    assert.match(await other.text(), /MissingAuthenticationToken/);
    const params = new URLSearchParams({ Action: 'AssumeRoleWithWebIdentity', Version: '2011-06-15', RoleArn: roleArn, RoleSessionName: 'raw', WebIdentityToken: 'not.a.jwt' });
    const bad = await post(params.toString());
    assert.equal(bad.status, 400);
    assert.match(await bad.text(), /<Code>InvalidIdentityToken<\/Code>/);
    const get = await fetch(`${s.url}/?${params.toString()}`);
    assert.equal(get.status, 400);
    assert.match(await get.text(), /<Code>InvalidIdentityToken<\/Code>/);
  });

  it('a deleted provider trusts nobody', async () => {
    await iam(s).send(new DeleteOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: providerArn }));
    const e = await failure(assume(idp.token(claims())));
    assert.deepEqual([e.name, e.message], ['InvalidIdentityTokenException', `No OpenIDConnect provider found in your account for ${idp.url}`]);
  });
});
