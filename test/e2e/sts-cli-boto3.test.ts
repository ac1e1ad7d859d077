import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { awsEnv, startTestServer, type TestServer } from '../helpers/rampart.js';
import { pythonWithBoto3 } from '../helpers/python.js';
import { runAsync } from '../helpers/run-async.js';

describe('STS GetCallerIdentity through the AWS CLI and boto3', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer();
  });
  after(async () => s.close());

  const cli = (args: string[], env = awsEnv(s)) => runAsync('aws', ['--endpoint-url', s.url, ...args], { env });

  it('aws sts get-caller-identity returns the root identity', async () => {
    const r = await cli(['sts', 'get-caller-identity', '--output', 'json']);
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { Account: string; Arn: string; UserId: string };
    assert.deepEqual(out, { UserId: s.accountId, Account: s.accountId, Arn: `arn:aws:iam::${s.accountId}:root` });
  });

  it('the AWS CLI reports SignatureDoesNotMatch for a wrong secret and InvalidClientTokenId for an unknown key', async () => {
    const bad = await cli(['sts', 'get-caller-identity'], awsEnv(s, { ...s.credentials, secretAccessKey: 'wrong'.repeat(8) }));
    assert.notEqual(bad.status, 0);
    assert.match(bad.stderr, /\(SignatureDoesNotMatch\) when calling the GetCallerIdentity operation/);
    const unknown = await cli(['sts', 'get-caller-identity'], awsEnv(s, { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'x' }));
    assert.match(unknown.stderr, /\(InvalidClientTokenId\) when calling the GetCallerIdentity operation: The security token included in the request is invalid/);
  });

  it('boto3 returns the root identity and the errors with AWS status codes', async () => {
    const script = `
import boto3, json, sys, botocore
cfg = botocore.config.Config(retries={'max_attempts': 1})
def sts(key, secret):
    return boto3.client('sts', endpoint_url=sys.argv[1], region_name='us-east-1', aws_access_key_id=key, aws_secret_access_key=secret, config=cfg)
out = {'ok': sts(sys.argv[2], sys.argv[3]).get_caller_identity()}
out['ok'].pop('ResponseMetadata')
for name, key, secret in [('bad', sys.argv[2], 'wrong' * 8), ('unknown', 'AKIAIOSFODNN7EXAMPLE', 'x')]:
    try:
        sts(key, secret).get_caller_identity()
    except botocore.exceptions.ClientError as e:
        out[name] = [e.response['Error']['Code'], e.response['ResponseMetadata']['HTTPStatusCode']]
print(json.dumps(out))
`;
    const r = await runAsync(pythonWithBoto3(), ['-c', script, s.url, s.credentials.accessKeyId, s.credentials.secretAccessKey], { env: awsEnv(s) });
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    assert.deepEqual(out['ok'], { UserId: s.accountId, Account: s.accountId, Arn: `arn:aws:iam::${s.accountId}:root` });
    assert.deepEqual(out['bad'], ['SignatureDoesNotMatch', 403]);
    assert.deepEqual(out['unknown'], ['InvalidClientTokenId', 403]);
  });
});
