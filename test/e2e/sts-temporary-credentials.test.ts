import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AssumeRoleCommand,
  DecodeAuthorizationMessageCommand,
  GetAccessKeyInfoCommand,
  GetCallerIdentityCommand,
  GetFederationTokenCommand,
  GetSessionTokenCommand,
  STSClient,
  STSServiceException,
} from '@aws-sdk/client-sts';
import { fixedClock } from '../../src/shared/clock.js';
import { pythonWithBoto3 } from '../helpers/python.js';
import { awsEnv, startTestServer, type TestServer } from '../helpers/rampart.js';
import { run } from './authz-support.js';

type Creds = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };

describe('STS temporary credentials (root of the default account)', () => {
  const clock = fixedClock(Date.now());
  let s: TestServer;
  before(async () => {
    s = await startTestServer({ clock });
  });
  after(async () => s.close());

  // The SDK signs with the server's (injected) time, as a client with a synchronised clock would.
  const sts = (credentials: Creds) => new STSClient({ endpoint: s.url, region: 'us-east-1', credentials, maxAttempts: 1, systemClockOffset: clock() - Date.now() });
  const fails = async (p: Promise<unknown>) => {
    const e = await p.then(() => undefined, (x: unknown) => x);
    assert.ok(e instanceof STSServiceException, `expected an STS error, got ${String(e)}`);
    return e;
  };
  const asCreds = (c: { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string } | undefined): Creds => ({ accessKeyId: c!.AccessKeyId!, secretAccessKey: c!.SecretAccessKey!, sessionToken: c!.SessionToken! });

  it('GetSessionToken: ASIA credentials that identify as root, capped at one hour for root', async () => {
    const out = await sts(s.credentials).send(new GetSessionTokenCommand({ DurationSeconds: 7200 }));
    assert.match(out.Credentials!.AccessKeyId!, /^ASIA[A-Z2-7]{16}$/);
    assert.equal(out.Credentials!.Expiration!.getTime(), Math.floor((clock() + 3600_000) / 1000) * 1000);
    const me = await sts(asCreds(out.Credentials)).send(new GetCallerIdentityCommand({}));
    assert.equal(me.Arn, `arn:aws:iam::${s.accountId}:root`);
    const e = await fails(sts(asCreds(out.Credentials)).send(new GetSessionTokenCommand({})));
    assert.deepEqual([e.name, e.message, e.$metadata.httpStatusCode], ['AccessDenied', 'Cannot call GetSessionToken with session credentials', 403]);
  });

  it('a wrong session token is refused; a missing one too', async () => {
    const out = await sts(s.credentials).send(new GetSessionTokenCommand({}));
    const creds = asCreds(out.Credentials);
    const wrong = await fails(sts({ ...creds, sessionToken: `${creds.sessionToken!.slice(0, -4)}AAAA` }).send(new GetCallerIdentityCommand({})));
    assert.equal(wrong.name, 'InvalidClientTokenId');
    const missing = await fails(sts({ accessKeyId: creds.accessKeyId, secretAccessKey: creds.secretAccessKey }).send(new GetCallerIdentityCommand({})));
    assert.equal(missing.$metadata.httpStatusCode, 403);
  });

  it('temporary credentials really expire: ExpiredToken after DurationSeconds=900', async () => {
    const out = await sts(s.credentials).send(new GetSessionTokenCommand({ DurationSeconds: 900 }));
    const creds = asCreds(out.Credentials);
    clock.advance(899_000);
    await sts(creds).send(new GetCallerIdentityCommand({}));
    clock.advance(2_000);
    const e = await fails(sts(creds).send(new GetCallerIdentityCommand({})));
    assert.deepEqual([e.name, e.$metadata.httpStatusCode], ['ExpiredToken', 403]);
    assert.equal(e.message, 'The security token included in the request is expired');
  });

  it('AssumeRole with root credentials: "Roles may not be assumed by root accounts."', async () => {
    const e = await fails(sts(s.credentials).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${s.accountId}:role/Any`, RoleSessionName: 'xx' })));
    assert.deepEqual([e.name, e.message, e.$metadata.httpStatusCode], ['AccessDenied', 'Roles may not be assumed by root accounts.', 403]);
  });

  it('GetFederationToken: a federated-user identity; its credentials cannot call STS but GetCallerIdentity', async () => {
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:ListBucket', Resource: '*' }] });
    const out = await sts(s.credentials).send(new GetFederationTokenCommand({ Name: 'Bob', Policy: policy }));
    assert.deepEqual(out.FederatedUser, { FederatedUserId: `${s.accountId}:Bob`, Arn: `arn:aws:sts::${s.accountId}:federated-user/Bob` });
    assert.ok((out.PackedPolicySize ?? 0) >= 1);
    const fed = asCreds(out.Credentials);
    const me = await sts(fed).send(new GetCallerIdentityCommand({}));
    assert.deepEqual([me.Arn, me.UserId, me.Account], [`arn:aws:sts::${s.accountId}:federated-user/Bob`, `${s.accountId}:Bob`, s.accountId]);
    const e = await fails(sts(fed).send(new GetAccessKeyInfoCommand({ AccessKeyId: fed.accessKeyId })));
    assert.equal(e.name, 'AccessDenied');
  });

  it('GetAccessKeyInfo answers the account of stored and unknown keys', async () => {
    const out = await sts(s.credentials).send(new GetAccessKeyInfoCommand({ AccessKeyId: s.credentials.accessKeyId }));
    assert.equal(out.Account, s.accountId);
    const other = await sts(s.credentials).send(new GetAccessKeyInfoCommand({ AccessKeyId: 'AKIAQYLPMN5HHHFPZAM2' }));
    assert.equal(other.Account, '052310077262');
  });

  it('DecodeAuthorizationMessage refuses a message it did not make', async () => {
    const e = await fails(sts(s.credentials).send(new DecodeAuthorizationMessageCommand({ EncodedMessage: 'x'.repeat(64) })));
    assert.equal(e.name, 'InvalidAuthorizationMessageException');
    assert.equal(e.$metadata.httpStatusCode, 400);
  });

});

describe('STS temporary credentials through the AWS CLI and boto3', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer();
  });
  after(async () => s.close());

  it('the AWS CLI and boto3 get and use session credentials', async () => {
    const env = { ...awsEnv(s), AWS_MAX_ATTEMPTS: '1' };
    const r = await run('aws', ['--endpoint-url', s.url, 'sts', 'get-session-token', '--duration-seconds', '900', '--output', 'json'], env);
    assert.equal(r.status, 0, r.stderr);
    const c = (JSON.parse(r.stdout) as { Credentials: { AccessKeyId: string; SecretAccessKey: string; SessionToken: string } }).Credentials;
    const script = `
import boto3, json, sys, botocore
cfg = botocore.config.Config(retries={'max_attempts': 1})
c = boto3.client('sts', endpoint_url=sys.argv[1], region_name='us-east-1', aws_access_key_id=sys.argv[2], aws_secret_access_key=sys.argv[3], aws_session_token=sys.argv[4], config=cfg)
out = {'me': c.get_caller_identity()['Arn']}
try:
    c.get_federation_token(Name='x1')
except botocore.exceptions.ClientError as e:
    out['fed'] = [e.response['Error']['Code'], e.response['Error']['Message'], e.response['ResponseMetadata']['HTTPStatusCode']]
print(json.dumps(out))
`;
    const py = await run(pythonWithBoto3(), ['-c', script, s.url, c.AccessKeyId, c.SecretAccessKey, c.SessionToken], env);
    assert.equal(py.status, 0, py.stderr);
    assert.deepEqual(JSON.parse(py.stdout), { me: `arn:aws:iam::${s.accountId}:root`, fed: ['AccessDenied', 'Cannot call GetFederationToken with session credentials', 403] });
  });
});
