/**
 * CloudTrail end to end with the AWS SDK v3: calls by a user, an assumed-role session with MFA and
 * root are in LookupEvents as soon as they are answered (the event is committed before the
 * response), with CloudTrail's identities, parameters and error codes; failed authentication is
 * recorded; no secret or plaintext used by the calls is stored anywhere in the event database; bad
 * input answers CloudTrail's errors; the trail API.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  AddTagsCommand,
  CloudTrailClient,
  CreateTrailCommand,
  DeleteTrailCommand,
  DescribeTrailsCommand,
  GetEventSelectorsCommand,
  GetTrailCommand,
  GetTrailStatusCommand,
  ListPublicKeysCommand,
  ListTagsCommand,
  ListTrailsCommand,
  LookupEventsCommand,
  PutEventSelectorsCommand,
  RemoveTagsCommand,
  StartLoggingCommand,
  StopLoggingCommand,
  UpdateTrailCommand,
  type LookupAttributeKey,
} from '@aws-sdk/client-cloudtrail';
import { CreateAccessKeyCommand, CreateLoginProfileCommand, CreateRoleCommand, CreateUserCommand, CreateVirtualMFADeviceCommand, DeleteUserCommand, EnableMFADeviceCommand, GetUserCommand, IAMClient, PutRolePolicyCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { CreateKeyCommand, EncryptCommand, GenerateDataKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { CreateBucketCommand, PutBucketPolicyCommand, S3Client } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import * as OTPAuth from 'otpauth';
import { dropSchema, freshSchema, PG_URL, requirePostgres } from '../helpers/postgres.js';
import { startTestServer, type TestServer } from '../helpers/rampart.js';

type Creds = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
type Rec = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function failure(p: Promise<unknown>): Promise<{ name: string; message: string; $metadata: { httpStatusCode?: number } }> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  assert.ok(e instanceof Error, 'expected a failure');
  return e as never;
}

describe('CloudTrail: event history and trails through the AWS SDK', () => {
  let s: TestServer;
  let root: Creds;
  let alice: Creds;
  let session: Creds;
  const secrets: string[] = [];
  const PASSWORD = 'Correct-Horse-Battery-9!';
  const PLAINTEXT = 'plaintext-that-must-never-be-stored-7f3a';
  const client = <C>(Ctor: new (cfg: object) => C, c: Creds = root) => new Ctor({ endpoint: s.url, region: 'us-east-1', credentials: c, maxAttempts: 1, forcePathStyle: true });
  const trail = (c: Creds = root) => client(CloudTrailClient, c);
  const lookup = async (key: LookupAttributeKey, value: string) => (await trail().send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: key, AttributeValue: value }] }))).Events ?? [];
  const recordOf = (e: { CloudTrailEvent?: string }) => JSON.parse(e.CloudTrailEvent!) as Rec;

  before(async () => {
    s = await startTestServer();
    root = s.credentials;
    secrets.push(root.secretAccessKey);
    const iam = client(IAMClient);
    await iam.send(new CreateUserCommand({ UserName: 'alice' }));
    const key = await iam.send(new CreateAccessKeyCommand({ UserName: 'alice' }));
    alice = { accessKeyId: key.AccessKey!.AccessKeyId!, secretAccessKey: key.AccessKey!.SecretAccessKey! };
    secrets.push(alice.secretAccessKey);
    await iam.send(new CreateLoginProfileCommand({ UserName: 'alice', Password: PASSWORD }));
    secrets.push(PASSWORD);
    const policy = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:GetUser","sts:AssumeRole"],"Resource":"*"},{"Effect":"Deny","Action":"iam:DeleteUser","Resource":"*"}]}`;
    await iam.send(new PutUserPolicyCommand({ UserName: 'alice', PolicyName: 'p', PolicyDocument: policy }));
    const dev = (await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'alice-mfa' }))).VirtualMFADevice!;
    const seed = new TextDecoder().decode(dev.Base32StringSeed);
    secrets.push(seed);
    const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(seed), algorithm: 'SHA1', digits: 6, period: 30 });
    const at = (steps: number) => totp.generate({ timestamp: Date.now() + steps * 30_000 });
    await iam.send(new EnableMFADeviceCommand({ UserName: 'alice', SerialNumber: dev.SerialNumber!, AuthenticationCode1: at(-1), AuthenticationCode2: at(0) }));
    const trust = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::${s.accountId}:root"},"Action":"sts:AssumeRole","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}`;
    const role = (await iam.send(new CreateRoleCommand({ RoleName: 'Auditor', AssumeRolePolicyDocument: trust }))).Role!;
    await iam.send(new PutRolePolicyCommand({ RoleName: 'Auditor', PolicyName: 'kms', PolicyDocument: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["kms:*","iam:GetUser"],"Resource":"*"}]}' }));
    const assumed = await client(STSClient, alice).send(new AssumeRoleCommand({ RoleArn: role.Arn!, RoleSessionName: 'with-mfa', SerialNumber: dev.SerialNumber!, TokenCode: at(1) }));
    const c = assumed.Credentials!;
    session = { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
    secrets.push(session.secretAccessKey, session.sessionToken!);
  });
  after(async () => s.close());

  it('records calls of a user, an MFA role session and root, at once, with their identities', async () => {
    const kms = client(KMSClient, session);
    const keyId = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
    const enc = await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from(PLAINTEXT) }));
    secrets.push(PLAINTEXT, Buffer.from(PLAINTEXT).toString('base64'));
    assert.ok(enc.CiphertextBlob);
    const dk = await kms.send(new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: 'AES_256' }));
    secrets.push(Buffer.from(dk.Plaintext!).toString('base64'), Buffer.from(dk.Plaintext!).toString('hex'));
    await client(IAMClient, alice).send(new GetUserCommand({}));
    const denied = await failure(client(IAMClient, alice).send(new DeleteUserCommand({ UserName: 'alice' })));
    assert.equal(denied.name, 'AccessDenied');
    const t0 = Date.now();

    // The user: GetUser and the denied DeleteUser, by user name.
    const byAlice = await lookup('Username', 'alice');
    assert.ok(Date.now() - t0 < 1000);
    const del = byAlice.find((e) => e.EventName === 'DeleteUser');
    assert.ok(del, 'the denied call is recorded');
    const delRec = recordOf(del);
    assert.equal(delRec['errorCode'], 'AccessDenied');
    assert.match(String(delRec['errorMessage']), /not authorized/);
    assert.equal(delRec['userIdentity'].type, 'IAMUser');
    assert.equal(delRec['userIdentity'].userName, 'alice');
    assert.equal(delRec['userIdentity'].accessKeyId, alice.accessKeyId);
    assert.equal(delRec['userIdentity'].arn, `arn:aws:iam::${s.accountId}:user/alice`);
    assert.match(delRec['userIdentity'].principalId, /^AIDA/);
    assert.deepEqual(delRec['requestParameters'], { userName: 'alice' });
    assert.equal(delRec['eventSource'], 'iam.amazonaws.com');
    assert.equal(delRec['awsRegion'], 'us-east-1');
    assert.equal(delRec['eventVersion'], '1.11');
    assert.equal(delRec['readOnly'], false);
    assert.equal(delRec['eventType'], 'AwsApiCall');
    assert.equal(delRec['managementEvent'], true);
    assert.equal(delRec['eventCategory'], 'Management');
    assert.equal(delRec['recipientAccountId'], s.accountId);
    assert.equal(del.AccessKeyId, alice.accessKeyId);
    assert.deepEqual(del.Resources, [{ ResourceType: 'AWS::IAM::User', ResourceName: 'alice' }]);
    const get = byAlice.find((e) => e.EventName === 'GetUser')!;
    assert.equal(get.ReadOnly, 'true');
    assert.equal(recordOf(get)['errorCode'], undefined);

    // The role session with MFA: KMS calls.
    const bySession = await lookup('Username', 'with-mfa');
    const names = bySession.map((e) => e.EventName);
    for (const n of ['CreateKey', 'Encrypt', 'GenerateDataKey']) assert.ok(names.includes(n), `${n} by the session`);
    const encRec = recordOf(bySession.find((e) => e.EventName === 'Encrypt')!);
    const id = encRec['userIdentity'];
    assert.equal(id.type, 'AssumedRole');
    assert.equal(id.arn, `arn:aws:sts::${s.accountId}:assumed-role/Auditor/with-mfa`);
    assert.equal(id.accessKeyId, session.accessKeyId);
    assert.equal(id.sessionContext.attributes.mfaAuthenticated, 'true');
    assert.match(id.sessionContext.attributes.creationDate, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.deepEqual({ ...id.sessionContext.sessionIssuer, principalId: undefined }, { type: 'Role', principalId: undefined, arn: `arn:aws:iam::${s.accountId}:role/Auditor`, accountId: s.accountId, userName: 'Auditor' });
    assert.equal(encRec['eventSource'], 'kms.amazonaws.com');
    assert.equal(encRec['readOnly'], true);
    assert.equal(encRec['requestParameters'].plaintext, 'HIDDEN_DUE_TO_SECURITY_REASONS');
    assert.equal(encRec['responseElements'], null);

    // Root: CreateUser, with its response elements; the AssumeRole by alice.
    const created = recordOf((await lookup('EventName', 'CreateUser'))[0]!);
    assert.equal(created['userIdentity'].type, 'Root');
    assert.equal(created['userIdentity'].arn, `arn:aws:iam::${s.accountId}:root`);
    assert.equal(created['responseElements'].user.userName, 'alice');
    const key = recordOf((await lookup('EventName', 'CreateAccessKey'))[0]!);
    assert.equal(key['responseElements'].accessKey.secretAccessKey, 'HIDDEN_DUE_TO_SECURITY_REASONS');
    const ar = recordOf((await lookup('EventName', 'AssumeRole'))[0]!);
    assert.equal(ar['eventSource'], 'sts.amazonaws.com');
    assert.equal(ar['responseElements'].credentials.sessionToken, 'HIDDEN_DUE_TO_SECURITY_REASONS');
    assert.equal(ar['requestParameters'].tokenCode, 'HIDDEN_DUE_TO_SECURITY_REASONS');
    assert.equal((await lookup('ResourceName', 'Auditor')).some((e) => e.EventName === 'CreateRole'), true);
    assert.equal((await lookup('ReadOnly', 'false')).every((e) => e.ReadOnly === 'false'), true);
    assert.equal((await lookup('EventSource', 'kms.amazonaws.com')).length >= 3, true);
    assert.equal((await lookup('AccessKeyId', session.accessKeyId)).length >= 3, true);
    const one = (await lookup('EventName', 'Encrypt'))[0]!;
    assert.deepEqual((await lookup('EventId', one.EventId!)).map((e) => e.EventId), [one.EventId]);
  });

  it('records failed authentication with what is known', async () => {
    const forged = await failure(client(IAMClient, { accessKeyId: alice.accessKeyId, secretAccessKey: 'wrong-secret-wrong-secret-wrong-secret0' }).send(new GetUserCommand({})));
    assert.equal(forged.name, 'SignatureDoesNotMatch');
    const unknown = await failure(client(IAMClient, { accessKeyId: 'AKIAUNKNOWNKEY000000', secretAccessKey: 'x'.repeat(40) }).send(new GetUserCommand({})));
    assert.equal(unknown.name, 'InvalidClientTokenId');
    const [bad] = await lookup('AccessKeyId', 'AKIAUNKNOWNKEY000000');
    const rec = recordOf(bad!);
    assert.deepEqual(rec['userIdentity'], { type: 'Unknown', accessKeyId: 'AKIAUNKNOWNKEY000000' });
    assert.equal(rec['errorCode'], 'InvalidClientTokenId');
    const sig = (await lookup('AccessKeyId', alice.accessKeyId)).find((e) => recordOf(e)['errorCode'] === 'SignatureDoesNotMatch');
    assert.ok(sig, 'a bad signature is recorded');
  });

  it('stores no secret, password, session token, MFA seed or KMS plaintext anywhere in the event database', async () => {
    const files = readdirSync(s.dataDir).filter((f) => f.startsWith('events.db'));
    assert.ok(files.includes('events.db'));
    const raw = Buffer.concat(files.map((f) => readFileSync(join(s.dataDir, f))));
    for (const secret of secrets) assert.equal(raw.includes(secret), false, `a secret (${secret.length} characters) is stored`);
    const all = await s.runtime.events!.after(s.accountId, 'us-east-1', 0, 100_000);
    assert.ok(all.length > 20);
    for (const e of all) for (const secret of secrets) assert.equal(e.record.includes(secret), false);
  });

  it('answers bad LookupEvents input with CloudTrail errors and pages with sealed tokens', async () => {
    const ct = trail();
    const two = await failure(ct.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'a' }, { AttributeKey: 'Username', AttributeValue: 'b' }] })));
    assert.equal(two.name, 'InvalidLookupAttributesException');
    const range = await failure(ct.send(new LookupEventsCommand({ StartTime: new Date(Date.now()), EndTime: new Date(Date.now() - 60_000) })));
    assert.equal(range.name, 'InvalidTimeRangeException');
    for (const MaxResults of [0, 51]) assert.equal((await failure(ct.send(new LookupEventsCommand({ MaxResults })))).name, 'InvalidMaxResultsException');
    const p1 = await ct.send(new LookupEventsCommand({ MaxResults: 2 }));
    assert.equal(p1.Events!.length, 2);
    const p2 = await ct.send(new LookupEventsCommand({ MaxResults: 2, NextToken: p1.NextToken! }));
    assert.equal(p2.Events!.length, 2);
    assert.ok(p2.Events!.every((e) => !p1.Events!.some((f) => f.EventId === e.EventId)));
    assert.ok(p2.Events![0]!.EventTime! <= p1.Events![1]!.EventTime!);
    const forged = p1.NextToken!.slice(0, -4) + (p1.NextToken!.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    for (const NextToken of [forged, 'garbage', `rs2:${'A'.repeat(80)}`]) assert.equal((await failure(ct.send(new LookupEventsCommand({ MaxResults: 2, NextToken })))).name, 'InvalidNextTokenException');
    const other = await failure(ct.send(new LookupEventsCommand({ MaxResults: 2, NextToken: p1.NextToken!, LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'GetUser' }] })));
    assert.equal(other.name, 'InvalidNextTokenException', 'a token is valid only with the query it came from');
    const elsewhere = await failure(new CloudTrailClient({ endpoint: s.url, region: 'eu-west-1', credentials: root, maxAttempts: 1 }).send(new LookupEventsCommand({ MaxResults: 2, NextToken: p1.NextToken! })));
    assert.equal(elsewhere.name, 'InvalidNextTokenException', 'a token is bound to its region');
    const old = await ct.send(new LookupEventsCommand({ StartTime: new Date(Date.now() - 200 * 86400_000), EndTime: new Date(Date.now() - 100 * 86400_000) }));
    assert.deepEqual(old.Events, []);
    const denied = await failure(trail(alice).send(new LookupEventsCommand({})));
    assert.equal(denied.name, 'AccessDeniedException');
  });

  it('serves the trail API: bucket checks, names, status, selectors, tags', async () => {
    const ct = trail();
    const s3 = client(S3Client);
    assert.equal((await failure(ct.send(new CreateTrailCommand({ Name: 'main', S3BucketName: 'no-such-bucket-ct' })))).name, 'S3BucketDoesNotExistException');
    await s3.send(new CreateBucketCommand({ Bucket: 'trail-logs' }));
    assert.equal((await failure(ct.send(new CreateTrailCommand({ Name: 'main', S3BucketName: 'trail-logs' })))).name, 'InsufficientS3BucketPolicyException');
    const bucketPolicy = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:GetBucketAcl', Resource: 'arn:aws:s3:::trail-logs', Condition: { StringEquals: { 'aws:SourceAccount': s.accountId } } },
        { Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:PutObject', Resource: `arn:aws:s3:::trail-logs/AWSLogs/${s.accountId}/*` },
      ],
    };
    await s3.send(new PutBucketPolicyCommand({ Bucket: 'trail-logs', Policy: JSON.stringify(bucketPolicy) }));
    for (const Name of ['ab', 'bad name', '-lead', 'a--b', '192.168.1.1', 'x'.repeat(129)]) assert.equal((await failure(ct.send(new CreateTrailCommand({ Name, S3BucketName: 'trail-logs' })))).name, 'InvalidTrailNameException', Name);
    const created = await ct.send(new CreateTrailCommand({ Name: 'main', S3BucketName: 'trail-logs', EnableLogFileValidation: true, TagsList: [{ Key: 'team', Value: 'sec' }] }));
    const arn = `arn:aws:cloudtrail:us-east-1:${s.accountId}:trail/main`;
    assert.equal(created.TrailARN, arn);
    assert.equal(created.LogFileValidationEnabled, true);
    assert.equal((await failure(ct.send(new CreateTrailCommand({ Name: 'main', S3BucketName: 'trail-logs' })))).name, 'TrailAlreadyExistsException');
    assert.equal((await ct.send(new GetTrailCommand({ Name: arn }))).Trail?.HomeRegion, 'us-east-1');
    assert.deepEqual((await ct.send(new ListTrailsCommand({}))).Trails, [{ TrailARN: arn, Name: 'main', HomeRegion: 'us-east-1' }]);
    assert.equal((await ct.send(new DescribeTrailsCommand({ trailNameList: ['main', 'absent'] }))).trailList?.length, 1);
    assert.equal((await ct.send(new GetTrailStatusCommand({ Name: 'main' }))).IsLogging, false);
    await ct.send(new StartLoggingCommand({ Name: 'main' }));
    const st = await ct.send(new GetTrailStatusCommand({ Name: 'main' }));
    assert.equal(st.IsLogging, true);
    assert.ok(st.StartLoggingTime instanceof Date);
    await ct.send(new StopLoggingCommand({ Name: 'main' }));
    assert.equal((await ct.send(new GetTrailStatusCommand({ Name: 'main' }))).IsLogging, false);
    await ct.send(new UpdateTrailCommand({ Name: 'main', S3KeyPrefix: 'logs' }));
    assert.equal((await ct.send(new GetTrailCommand({ Name: 'main' }))).Trail?.S3KeyPrefix, 'logs');
    assert.equal((await ct.send(new GetEventSelectorsCommand({ TrailName: 'main' }))).EventSelectors?.[0]?.ReadWriteType, 'All');
    await ct.send(new PutEventSelectorsCommand({ TrailName: 'main', EventSelectors: [{ ReadWriteType: 'WriteOnly', IncludeManagementEvents: true, DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3:::trail-logs/'] }] }] }));
    assert.equal((await ct.send(new GetEventSelectorsCommand({ TrailName: 'main' }))).EventSelectors?.[0]?.ReadWriteType, 'WriteOnly');
    await ct.send(new PutEventSelectorsCommand({ TrailName: 'main', AdvancedEventSelectors: [{ Name: 'mgmt', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] }] }));
    assert.equal((await ct.send(new GetEventSelectorsCommand({ TrailName: 'main' }))).AdvancedEventSelectors?.[0]?.Name, 'mgmt');
    assert.equal((await failure(ct.send(new PutEventSelectorsCommand({ TrailName: 'main', AdvancedEventSelectors: [{ FieldSelectors: [{ Field: 'eventName', Equals: ['x'] }] }] })))).name, 'InvalidEventSelectorsException');
    await ct.send(new AddTagsCommand({ ResourceId: arn, TagsList: [{ Key: 'env', Value: 'prod' }] }));
    await ct.send(new RemoveTagsCommand({ ResourceId: arn, TagsList: [{ Key: 'team' }] }));
    assert.deepEqual((await ct.send(new ListTagsCommand({ ResourceIdList: [arn] }))).ResourceTagList, [{ ResourceId: arn, TagsList: [{ Key: 'env', Value: 'prod' }] }]);
    assert.deepEqual((await ct.send(new ListPublicKeysCommand({}))).PublicKeyList, []);
    await ct.send(new DeleteTrailCommand({ Name: 'main' }));
    assert.equal((await failure(ct.send(new GetTrailCommand({ Name: 'main' })))).name, 'TrailNotFoundException');
    const trailEvents = await lookup('ResourceName', 'main');
    assert.ok(trailEvents.some((e) => e.EventName === 'CreateTrail' && e.Resources?.[0]?.ResourceType === 'AWS::CloudTrail::Trail'));
  });
});

describe('CloudTrail on PostgreSQL: the event history of a PostgreSQL installation', () => {
  let s: TestServer;
  const schema = freshSchema();
  before(async () => {
    await requirePostgres();
    s = await startTestServer({ storage: `${PG_URL}?schema=${schema}`, env: { ...process.env, RAMPART_MASTER_KEY: 'test-master-key-0123456789abcdef0123456789' } });
  });
  after(async () => {
    await s?.close();
    await dropSchema(schema);
  });

  it('records and finds calls, committed before the response', async () => {
    const iam = new IAMClient({ endpoint: s.url, region: 'us-east-1', credentials: s.credentials, maxAttempts: 1 });
    await Promise.all(['p1', 'p2', 'p3'].map((UserName) => iam.send(new CreateUserCommand({ UserName }))));
    const ct = new CloudTrailClient({ endpoint: s.url, region: 'us-east-1', credentials: s.credentials, maxAttempts: 1 });
    const found = await ct.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'CreateUser' }] }));
    assert.deepEqual(found.Events?.map((e) => e.Resources?.[0]?.ResourceName).sort(), ['p1', 'p2', 'p3']);
    assert.equal(JSON.parse(found.Events![0]!.CloudTrailEvent!).userIdentity.type, 'Root');
    assert.equal(s.runtime.events?.backend, 'postgres');
  });
});
