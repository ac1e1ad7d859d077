import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { pythonWithBoto3 } from '../helpers/python.js';
import { awsEnv, startTestServer, type TestServer } from '../helpers/rampart.js';

// botocore decodes IAM's URL-encoded policy documents into objects (its json_decode_policies
// handler): this checks that Rampart encodes them as AWS does, so the CLI and boto3 see policies.
const POLICY = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:Get*', Resource: 'arn:aws:s3:::b/*' }] };

interface RunResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs a command WITHOUT blocking the event loop: the server under test lives in this process, so
 * spawnSync would freeze it and the client would hang until its timeout.
 */
function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, timeout: 60_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

describe('IAM through the AWS CLI and boto3 (as root)', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer();
  });
  after(async () => s.close());

  const cli = (args: string[]) => run('aws', ['--endpoint-url', s.url, '--output', 'json', ...args], awsEnv(s));

  it('aws iam decodes policy documents and reports IAM errors', async () => {
    assert.equal((await cli(['iam', 'create-user', '--user-name', 'cli-user'])).status, 0);
    const put = await cli(['iam', 'put-user-policy', '--user-name', 'cli-user', '--policy-name', 'p', '--policy-document', JSON.stringify(POLICY)]);
    assert.equal(put.status, 0, put.stderr);
    const got = await cli(['iam', 'get-user-policy', '--user-name', 'cli-user', '--policy-name', 'p']);
    assert.equal(got.status, 0, got.stderr);
    assert.deepEqual((JSON.parse(got.stdout) as { PolicyDocument: unknown }).PolicyDocument, POLICY);
    const missing = await cli(['iam', 'get-role', '--role-name', 'nope']);
    assert.notEqual(missing.status, 0);
    assert.match(missing.stderr, /\(NoSuchEntity\) when calling the GetRole operation: The role with name nope cannot be found\./);
  });

  it('boto3 decodes trust policies and sees AWS status codes', async () => {
    const script = `
import boto3, json, sys, botocore
iam = boto3.client('iam', endpoint_url=sys.argv[1], region_name='us-east-1', aws_access_key_id=sys.argv[2], aws_secret_access_key=sys.argv[3],
                   config=botocore.config.Config(retries={'max_attempts': 1}))
trust = {'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Principal': {'Service': 'lambda.amazonaws.com'}, 'Action': 'sts:AssumeRole'}]}
iam.create_role(RoleName='py-role', AssumeRolePolicyDocument=json.dumps(trust))
out = {'same': iam.get_role(RoleName='py-role')['Role']['AssumeRolePolicyDocument'] == trust}
try:
    iam.create_role(RoleName='PY-ROLE', AssumeRolePolicyDocument=json.dumps(trust))
except botocore.exceptions.ClientError as e:
    out['dup'] = [e.response['Error']['Code'], e.response['ResponseMetadata']['HTTPStatusCode']]
print(json.dumps(out))
`;
    const r = await run(pythonWithBoto3(), ['-c', script, s.url, s.credentials.accessKeyId, s.credentials.secretAccessKey], awsEnv(s));
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { same: true, dup: ['EntityAlreadyExists', 409] });
  });
});
