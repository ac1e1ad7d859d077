/**
 * Password policy, credential report and policy simulator end to end with @aws-sdk/client-iam.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateLoginProfileCommand,
  CreateUserCommand,
  DeleteAccountPasswordPolicyCommand,
  GenerateCredentialReportCommand,
  GenerateServiceLastAccessedDetailsCommand,
  GetAccountPasswordPolicyCommand,
  GetContextKeysForPrincipalPolicyCommand,
  GetCredentialReportCommand,
  GetServiceLastAccessedDetailsCommand,
  IAMClient,
  PutUserPolicyCommand,
  SimulateCustomPolicyCommand,
  SimulatePrincipalPolicyCommand,
  UpdateAccountPasswordPolicyCommand,
} from '@aws-sdk/client-iam';
import { startTestServer, type TestServer } from '../helpers/rampart.js';
import { failure } from '../helpers/iam-failure.js';

const BUCKET = 'arn:aws:s3:::AWSDOC-EXAMPLE-BUCKET';

describe('IAM password policy, credential report and policy simulator through the AWS SDK', () => {
  let s: TestServer;
  let iam: IAMClient;
  before(async () => {
    s = await startTestServer();
    iam = new IAMClient({ endpoint: s.url, region: 'us-east-1', credentials: s.credentials, maxAttempts: 1 });
  });
  after(async () => s.close());

  it('enforces the account password policy on CreateLoginProfile', async () => {
    const none = await failure(iam.send(new GetAccountPasswordPolicyCommand({})));
    assert.deepEqual([none.name, none.message, none.$metadata.httpStatusCode], ['NoSuchEntityException', `The Password Policy with domain name ${s.accountId} cannot be found.`, 404]);
    const range = await failure(iam.send(new UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: 5 })));
    assert.equal(range.$metadata.httpStatusCode, 400);
    await iam.send(new UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: 14, RequireSymbols: true, RequireNumbers: true, AllowUsersToChangePassword: true, MaxPasswordAge: 90, PasswordReusePrevention: 5 }));
    const got = await iam.send(new GetAccountPasswordPolicyCommand({}));
    assert.deepEqual(
      [got.PasswordPolicy?.MinimumPasswordLength, got.PasswordPolicy?.RequireSymbols, got.PasswordPolicy?.ExpirePasswords, got.PasswordPolicy?.MaxPasswordAge, got.PasswordPolicy?.PasswordReusePrevention],
      [14, true, true, 90, 5],
    );
    await iam.send(new CreateUserCommand({ UserName: 'cashier' }));
    const weak = await failure(iam.send(new CreateLoginProfileCommand({ UserName: 'cashier', Password: 'Password123' })));
    assert.deepEqual([weak.name, weak.$metadata.httpStatusCode], ['PasswordPolicyViolationException', 400]);
    await iam.send(new CreateLoginProfileCommand({ UserName: 'cashier', Password: 'a-much-longer-passphrase-9' }));
  });

  it('generates the credential report with AWS’s columns', async () => {
    const missing = await failure(iam.send(new GetCredentialReportCommand({})));
    assert.deepEqual([missing.name, missing.$metadata.httpStatusCode], ['CredentialReportNotPresentException', 410]);
    assert.equal((await iam.send(new GenerateCredentialReportCommand({}))).State, 'STARTED');
    assert.equal((await iam.send(new GenerateCredentialReportCommand({}))).State, 'COMPLETE');
    const report = await iam.send(new GetCredentialReportCommand({}));
    assert.equal(report.ReportFormat, 'text/csv');
    assert.ok(report.GeneratedTime instanceof Date);
    const lines = new TextDecoder().decode(report.Content).split('\n');
    assert.equal(
      lines[0],
      'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,' +
        'access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,' +
        'access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,' +
        'cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated',
    );
    assert.match(lines[1]!, new RegExp(`^<root_account>,arn:aws:iam::${s.accountId}:root,[0-9T:+-]+,not_supported,`));
    const cashier = lines[2]!.split(',');
    assert.deepEqual(cashier.slice(0, 2), ['cashier', `arn:aws:iam::${s.accountId}:user/cashier`]);
    assert.equal(cashier[3], 'true');
    assert.match(cashier[6]!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/, 'next rotation under MaxPasswordAge');
    await iam.send(new DeleteAccountPasswordPolicyCommand({}));
  });

  it('simulates the cashier’s policies', async () => {
    const policy = `{"Version":"2012-10-17","Statement":[{"Sid":"ListBucket","Effect":"Allow","Action":"s3:ListBucket","Resource":"${BUCKET}"}]}`;
    await iam.send(new PutUserPolicyCommand({ UserName: 'cashier', PolicyName: 'CashierAccess', PolicyDocument: policy }));
    const out = await iam.send(
      new SimulatePrincipalPolicyCommand({ PolicySourceArn: `arn:aws:iam::${s.accountId}:user/cashier`, ActionNames: ['s3:ListBucket', 'iam:ListUsers'], ResourceArns: [BUCKET] }),
    );
    const [list, users] = out.EvaluationResults ?? [];
    assert.deepEqual([list?.EvalActionName, list?.EvalResourceName, list?.EvalDecision], ['s3:ListBucket', BUCKET, 'allowed']);
    assert.deepEqual(list?.MatchedStatements?.map((m) => [m.SourcePolicyId, m.SourcePolicyType, m.StartPosition?.Line]), [['CashierAccess', 'user', 1]]);
    assert.deepEqual([users?.EvalActionName, users?.EvalDecision, users?.MatchedStatements], ['iam:ListUsers', 'implicitDeny', []]);
    assert.equal(out.IsTruncated, false);

    const custom = await iam.send(new SimulateCustomPolicyCommand({ PolicyInputList: [policy], ActionNames: ['s3:ListBucket'], ResourceArns: [`${BUCKET}-2`] }));
    assert.equal(custom.EvaluationResults?.[0]?.EvalDecision, 'implicitDeny');
    const keys = await iam.send(new GetContextKeysForPrincipalPolicyCommand({ PolicySourceArn: `arn:aws:iam::${s.accountId}:user/cashier`, PolicyInputList: ['{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}}'] }));
    assert.deepEqual(keys.ContextKeyNames, ['aws:SecureTransport']);
  });

  it('reports service last accessed data', async () => {
    const job = await iam.send(new GenerateServiceLastAccessedDetailsCommand({ Arn: `arn:aws:iam::${s.accountId}:user/cashier` }));
    const got = await iam.send(new GetServiceLastAccessedDetailsCommand({ JobId: job.JobId! }));
    assert.equal(got.JobStatus, 'COMPLETED');
    assert.deepEqual(got.ServicesLastAccessed?.map((x) => [x.ServiceNamespace, x.TotalAuthenticatedEntities]), [['s3', 0]]);
  });
});
