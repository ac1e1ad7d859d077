import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AttachUserPolicyCommand,
  CreateRoleCommand,
  DetachUserPolicyCommand,
  GetUserCommand,
  ListRolesCommand,
  ListUsersCommand,
  PutRolePolicyCommand,
  PutUserPermissionsBoundaryCommand,
  CreateUserCommand,
  CreatePolicyCommand,
} from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { fixedClock } from '../../src/shared/clock.js';
import { pythonWithBoto3 } from '../helpers/python.js';
import { awsEnv, startTestServer, type TestServer } from '../helpers/rampart.js';
import { allow, doc, failure, iam, run, sts, userWithKey, type Creds } from './authz-support.js';

describe('authorization: the IAM course scenarios through the AWS SDK', () => {
  const clock = fixedClock(Date.now());
  let s: TestServer;
  let off = 0;
  before(async () => {
    s = await startTestServer({ clock });
    off = clock() - Date.now();
  });
  after(async () => s.close());

  const trustAccount = () => doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${s.accountId}:root` }, Action: 'sts:AssumeRole' });
  const asCreds = (c: { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string } | undefined): Creds => ({ accessKeyId: c!.AccessKeyId!, secretAccessKey: c!.SecretAccessKey!, sessionToken: c!.SessionToken! });

  it('the cashier may only list AWSDOC-EXAMPLE-BUCKET: iam:ListUsers is denied with AWS exact message', async () => {
    const cashier = await userWithKey(s, 'cashier', { policy: doc(allow('s3:ListBucket', 'arn:aws:s3:::AWSDOC-EXAMPLE-BUCKET')) });
    const e = await failure(iam(s, cashier, off).send(new ListUsersCommand({})));
    assert.equal(e.name, 'AccessDenied');
    assert.equal(e.$metadata.httpStatusCode, 403);
    assert.equal(e.message, `User: arn:aws:iam::${s.accountId}:user/cashier is not authorized to perform: iam:ListUsers on resource: arn:aws:iam::${s.accountId}:user/ because no identity-based policy allows the iam:ListUsers action`);
    const own = await failure(iam(s, cashier, off).send(new GetUserCommand({})));
    assert.equal(own.message, `User: arn:aws:iam::${s.accountId}:user/cashier is not authorized to perform: iam:GetUser on resource: arn:aws:iam::${s.accountId}:user/cashier because no identity-based policy allows the iam:GetUser action`);
  });

  it('a user who assumes a role has the role\'s permissions only, and GetCallerIdentity names the session', async () => {
    const alice = await userWithKey(s, 'alice', { policy: doc(allow(['sts:AssumeRole', 'iam:ListUsers'])) });
    await iam(s).send(new CreateRoleCommand({ RoleName: 'RoleReader', AssumeRolePolicyDocument: trustAccount() }));
    await iam(s).send(new PutRolePolicyCommand({ RoleName: 'RoleReader', PolicyName: 'read', PolicyDocument: doc(allow('iam:ListRoles')) }));
    await iam(s, alice, off).send(new ListUsersCommand({}));
    const out = await sts(s, alice, off).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${s.accountId}:role/RoleReader`, RoleSessionName: 'alice-session' }));
    const session = asCreds(out.Credentials);
    const me = await sts(s, session, off).send(new GetCallerIdentityCommand({}));
    assert.equal(me.Arn, `arn:aws:sts::${s.accountId}:assumed-role/RoleReader/alice-session`);
    assert.match(me.UserId ?? '', /^AROA[A-Z0-9]{17}:alice-session$/);
    assert.equal(me.UserId, out.AssumedRoleUser?.AssumedRoleId);
    await iam(s, session, off).send(new ListRolesCommand({}));
    const e = await failure(iam(s, session, off).send(new ListUsersCommand({})));
    assert.equal(e.message, `User: arn:aws:sts::${s.accountId}:assumed-role/RoleReader/alice-session is not authorized to perform: iam:ListUsers on resource: arn:aws:iam::${s.accountId}:user/ because no identity-based policy allows the iam:ListUsers action`);
  });

  it('a permissions boundary caps AdministratorAccess', async () => {
    const boundary = await iam(s).send(new CreatePolicyCommand({ PolicyName: 'ReadOnlyIam', PolicyDocument: doc(allow(['iam:Get*', 'iam:List*'])) }));
    const dev = await userWithKey(s, 'dev', { attach: ['arn:aws:iam::aws:policy/AdministratorAccess'] });
    await iam(s, dev, off).send(new CreateUserCommand({ UserName: 'made-by-dev' }));
    await iam(s).send(new PutUserPermissionsBoundaryCommand({ UserName: 'dev', PermissionsBoundary: boundary.Policy!.Arn! }));
    await iam(s, dev, off).send(new ListUsersCommand({}));
    const e = await failure(iam(s, dev, off).send(new CreateUserCommand({ UserName: 'second' })));
    assert.equal(e.message, `User: arn:aws:iam::${s.accountId}:user/dev is not authorized to perform: iam:CreateUser on resource: arn:aws:iam::${s.accountId}:user/second because no permissions boundary allows the iam:CreateUser action`);
  });

  it('detaching a policy denies the very next request (cache invalidated on write)', async () => {
    const bob = await userWithKey(s, 'bob', { attach: ['arn:aws:iam::aws:policy/IAMReadOnlyAccess'] });
    await iam(s, bob, off).send(new ListUsersCommand({}));
    await iam(s).send(new DetachUserPolicyCommand({ UserName: 'bob', PolicyArn: 'arn:aws:iam::aws:policy/IAMReadOnlyAccess' }));
    assert.equal((await failure(iam(s, bob, off).send(new ListUsersCommand({})))).name, 'AccessDenied');
    await iam(s).send(new AttachUserPolicyCommand({ UserName: 'bob', PolicyArn: 'arn:aws:iam::aws:policy/IAMReadOnlyAccess' }));
    await iam(s, bob, off).send(new ListUsersCommand({}));
  });

  it('boto3 and the AWS CLI see the same AccessDenied', async () => {
    const carol = await userWithKey(s, 'carol', { policy: doc(allow('s3:ListBucket', 'arn:aws:s3:::AWSDOC-EXAMPLE-BUCKET')) });
    const env = { ...awsEnv(s, carol), AWS_MAX_ATTEMPTS: '1' };
    // The CLI signs with the real clock: keep the server clock in step for this test.
    clock.set(Date.now());
    const cli = await run('aws', ['--endpoint-url', s.url, 'iam', 'list-users'], env);
    assert.notEqual(cli.status, 0);
    assert.match(cli.stderr, new RegExp(`\\(AccessDenied\\) when calling the ListUsers operation: User: arn:aws:iam::${s.accountId}:user/carol is not authorized to perform: iam:ListUsers on resource: arn:aws:iam::${s.accountId}:user/ because no identity-based policy allows the iam:ListUsers action`));
    const script = `
import boto3, json, sys, botocore
c = boto3.client('iam', endpoint_url=sys.argv[1], region_name='us-east-1', aws_access_key_id=sys.argv[2], aws_secret_access_key=sys.argv[3], config=botocore.config.Config(retries={'max_attempts': 1}))
try:
    c.list_roles()
except botocore.exceptions.ClientError as e:
    print(json.dumps([e.response['Error']['Code'], e.response['ResponseMetadata']['HTTPStatusCode'], e.response['Error']['Message']]))
`;
    const py = await run(pythonWithBoto3(), ['-c', script, s.url, carol.accessKeyId, carol.secretAccessKey], env);
    assert.equal(py.status, 0, py.stderr);
    assert.deepEqual(JSON.parse(py.stdout), ['AccessDenied', 403, `User: arn:aws:iam::${s.accountId}:user/carol is not authorized to perform: iam:ListRoles on resource: arn:aws:iam::${s.accountId}:role/ because no identity-based policy allows the iam:ListRoles action`]);
  });

  it('role session credentials really expire (DurationSeconds=900, injected clock): ExpiredToken', async () => {
    clock.set(Date.now());
    const now = clock();
    const dan = await userWithKey(s, 'dan', { policy: doc(allow('sts:AssumeRole')) });
    await iam(s).send(new CreateRoleCommand({ RoleName: 'ShortLived', AssumeRolePolicyDocument: trustAccount() }));
    await iam(s).send(new PutRolePolicyCommand({ RoleName: 'ShortLived', PolicyName: 'p', PolicyDocument: doc(allow('iam:ListRoles')) }));
    const out = await sts(s, dan, 0).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${s.accountId}:role/ShortLived`, RoleSessionName: 'short', DurationSeconds: 900 }));
    const session = asCreds(out.Credentials);
    clock.set(now + 899_000);
    await iam(s, session, clock() - Date.now()).send(new ListRolesCommand({}));
    clock.set(now + 901_000);
    const e = await failure(iam(s, session, clock() - Date.now()).send(new ListRolesCommand({})));
    assert.deepEqual([e.name, e.$metadata.httpStatusCode, e.message], ['ExpiredToken', 403, 'The security token included in the request is expired']);
  });
});
