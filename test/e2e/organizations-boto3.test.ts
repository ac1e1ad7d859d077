/**
 * Organizations through boto3: an organization, a member account made by CreateAccount, an OU, an
 * SCP denying iam:CreateUser attached to it; the member's root user (its key from
 * `rampart credentials --account`-equivalent storage) is denied with AWS's message; errors carry
 * AWS's codes and HTTP statuses in botocore.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { pythonWithBoto3 } from '../helpers/python.js';
import { awsEnv, startTestServer, type TestServer } from '../helpers/rampart.js';
import { rootCredentialsOf } from '../../src/authz/bootstrap-account.js';
import { run } from './authz-support.js';

describe('Organizations through boto3', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer({});
  });
  after(() => s.close());

  it('creates an organization, an account and an OU, and an SCP denies the member\'s root user', async () => {
    const setup = `
import boto3, json, sys, botocore
cfg = botocore.config.Config(retries={'max_attempts': 1})
org = boto3.client('organizations', endpoint_url=sys.argv[1], region_name='us-east-1', aws_access_key_id=sys.argv[2], aws_secret_access_key=sys.argv[3], config=cfg)
out = {}
try:
    org.describe_organization()
except botocore.exceptions.ClientError as e:
    out['before'] = [e.response['Error']['Code'], e.response['ResponseMetadata']['HTTPStatusCode']]
org.create_organization(FeatureSet='ALL')
root = org.list_roots()['Roots'][0]['Id']
org.enable_policy_type(RootId=root, PolicyType='SERVICE_CONTROL_POLICY')
req = org.create_account(Email='py@example.com', AccountName='py')['CreateAccountStatus']['Id']
status = org.describe_create_account_status(CreateAccountRequestId=req)['CreateAccountStatus']
ou = org.create_organizational_unit(ParentId=root, Name='Py')['OrganizationalUnit']['Id']
org.move_account(AccountId=status['AccountId'], SourceParentId=root, DestinationParentId=ou)
deny = json.dumps({'Version': '2012-10-17', 'Statement': [{'Effect': 'Deny', 'Action': 'iam:CreateUser', 'Resource': '*'}]})
pid = org.create_policy(Name='NoUsers', Description='d', Type='SERVICE_CONTROL_POLICY', Content=deny)['Policy']['PolicySummary']['Id']
org.attach_policy(PolicyId=pid, TargetId=ou)
out['state'] = status['State']
out['account'] = status['AccountId']
out['children'] = [c['Id'] for c in org.list_children(ParentId=ou, ChildType='ACCOUNT')['Children']]
out['policies'] = sorted(p['Name'] for p in org.list_policies_for_target(TargetId=ou, Filter='SERVICE_CONTROL_POLICY')['Policies'])
print(json.dumps(out))
`;
    const env = awsEnv(s);
    const r = await run(pythonWithBoto3(), ['-c', setup, s.url, s.credentials.accessKeyId, s.credentials.secretAccessKey], env);
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { before: [string, number]; state: string; account: string; children: string[]; policies: string[] };
    assert.deepEqual(out.before, ['AWSOrganizationsNotInUseException', 400]);
    assert.equal(out.state, 'SUCCEEDED');
    assert.deepEqual(out.children, [out.account]);
    assert.deepEqual(out.policies, ['FullAWSAccess', 'NoUsers']);
    const member = (await rootCredentialsOf(s.runtime.store, out.account))!;
    const denied = `
import boto3, sys, botocore
iam = boto3.client('iam', endpoint_url=sys.argv[1], region_name='us-east-1', aws_access_key_id=sys.argv[2], aws_secret_access_key=sys.argv[3], config=botocore.config.Config(retries={'max_attempts': 1}))
try:
    iam.create_user(UserName='x')
except botocore.exceptions.ClientError as e:
    print(e.response['Error']['Code'], e.response['ResponseMetadata']['HTTPStatusCode'], e.response['Error']['Message'])
`;
    const d = await run(pythonWithBoto3(), ['-c', denied, s.url, member.accessKeyId, member.secretAccessKey], env);
    assert.equal(d.status, 0, d.stderr);
    assert.equal(d.stdout.trim(), `AccessDenied 403 User: arn:aws:iam::${out.account}:root is not authorized to perform: iam:CreateUser on resource: arn:aws:iam::${out.account}:user/x with an explicit deny in a service control policy`);
  });
});
