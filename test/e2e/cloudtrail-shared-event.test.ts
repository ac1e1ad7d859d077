/**
 * CloudTrail across accounts with the AWS SDK v3: a user of account A assumes a role of account B,
 * encrypts with B's KMS key and reads an object of B's bucket; each call is in both accounts'
 * histories (LookupEvents as each account's root user; S3 object calls, data events, in the event log
 * that trails deliver), with one sharedEventID, distinct eventIDs and each account as
 * recipientAccountId; one B allowed that then fails is in both with its error. A same-account call
 * has no sharedEventID. Calls that do not reach B's resource (denied by either side, a role or key
 * that does not exist, a validation error) are recorded in A only, and an allowed call puts one
 * record in B, never more.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CloudTrailClient, LookupEventsCommand, type Event as TrailEvent } from '@aws-sdk/client-cloudtrail';
import { CreateRoleCommand } from '@aws-sdk/client-iam';
import { CreateKeyCommand, EncryptCommand, KMSClient } from '@aws-sdk/client-kms';
import { CreateBucketCommand, GetObjectCommand, PutBucketPolicyCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { createAccount, type RootCredentials } from '../../src/authz/bootstrap-account.js';
import { startTestServer, type TestServer } from '../helpers/rampart.js';
import { allow, doc, iam, sts, userWithKey, type Creds } from './authz-support.js';

type Rec = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let s: TestServer;
let A: string;
let B: RootCredentials;
let bRoot: Creds;
let crosser: Creds;
let keyArn: string;
const BUCKET = 'b-shared-events';

const client = <C>(Ctor: new (cfg: object) => C, c: Creds) => new Ctor({ endpoint: s.url, region: 'us-east-1', credentials: c, maxAttempts: 1, forcePathStyle: true });
const roleArn = (name: string) => `arn:aws:iam::${B.accountId}:role/${name}`;
const recordOf = (e: TrailEvent) => JSON.parse(e.CloudTrailEvent!) as Rec;

/** The events named `name` in the history of the account of `creds` (as that account's principal sees it). */
async function history(creds: Creds, name: string): Promise<Rec[]> {
  const out = await client(CloudTrailClient, creds).send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: name }], MaxResults: 50 }));
  return (out.Events ?? []).map((e) => ({ ...recordOf(e), lookupEventId: e.EventId, lookupUsername: e.Username }));
}

/** The error a call fails with. */
async function failure(p: Promise<unknown>): Promise<Error & { name: string }> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  assert.ok(e instanceof Error, 'expected a failure');
  return e;
}

/** The caller's and the owner's copies of one request: same sharedEventID, own eventIDs and recipients. */
function assertShared(mine: Rec | undefined, theirs: Rec | undefined): void {
  assert.ok(mine, 'the event is in the caller\'s account');
  assert.ok(theirs, 'the event is in the resource owner\'s account');
  assert.match(String(mine['sharedEventID']), /^[0-9a-f-]{36}$/);
  assert.equal(theirs['sharedEventID'], mine['sharedEventID']);
  assert.notEqual(theirs['eventID'], mine['eventID']);
  assert.equal(mine['recipientAccountId'], A);
  assert.equal(theirs['recipientAccountId'], B.accountId);
  assert.equal(mine['requestID'], theirs['requestID']);
  assert.equal(mine['userIdentity'].arn, `arn:aws:iam::${A}:user/crosser`);
  assert.equal(mine['userIdentity'].accessKeyId, crosser.accessKeyId);
  // The owner sees another account, as AWS's role-account copy of AssumeRole shows it.
  assert.deepEqual(theirs['userIdentity'], { type: 'AWSAccount', principalId: mine['userIdentity'].principalId, accountId: A });
}

before(async () => {
  s = await startTestServer();
  A = s.accountId;
  B = await createAccount(s.runtime.store, { now: Date.now() });
  bRoot = { accessKeyId: B.accessKeyId, secretAccessKey: B.secretAccessKey };
  const trustA = doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:AssumeRole' });
  await iam(s, bRoot).send(new CreateRoleCommand({ RoleName: 'FromA', AssumeRolePolicyDocument: trustA }));
  const trustOther = doc({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::999999999999:root' }, Action: 'sts:AssumeRole' });
  await iam(s, bRoot).send(new CreateRoleCommand({ RoleName: 'NotForA', AssumeRolePolicyDocument: trustOther }));
  const keyPolicy = doc(
    { Sid: 'owner', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${B.accountId}:root` }, Action: 'kms:*', Resource: '*' },
    { Sid: 'a', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'kms:Encrypt', Resource: '*' },
  );
  keyArn = (await client(KMSClient, bRoot).send(new CreateKeyCommand({ Policy: keyPolicy }))).KeyMetadata!.Arn!;
  const s3b = client(S3Client, bRoot);
  await s3b.send(new CreateBucketCommand({ Bucket: BUCKET }));
  await s3b.send(new PutBucketPolicyCommand({ Bucket: BUCKET, Policy: doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 's3:GetObject', Resource: `arn:aws:s3:::${BUCKET}/*` }) }));
  await s3b.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'shared.txt', Body: 'for A' }));
  crosser = await userWithKey(s, 'crosser', { policy: doc(allow(['sts:AssumeRole', 'kms:Encrypt', 's3:GetObject', 'iam:GetUser'])) });
});
after(() => s.close());

describe('CloudTrail: a cross-account call is recorded in both accounts', () => {
  it('AssumeRole of B\'s role by a user of A: in A\'s and B\'s LookupEvents with one sharedEventID', async () => {
    await sts(s, crosser).send(new AssumeRoleCommand({ RoleArn: roleArn('FromA'), RoleSessionName: 'xacct' }));
    const mine = (await history(s.credentials, 'AssumeRole')).find((r) => r['requestParameters']?.roleArn === roleArn('FromA') && !r['errorCode']);
    const theirs = (await history(bRoot, 'AssumeRole')).find((r) => r['requestParameters']?.roleArn === roleArn('FromA'));
    assertShared(mine, theirs);
    assert.notEqual(mine!['lookupEventId'], theirs!['lookupEventId'], 'LookupEvents answers each copy\'s own EventId');
    assert.equal(mine!['lookupEventId'], mine!['eventID']);
    assert.equal(theirs!['lookupEventId'], theirs!['eventID']);
    assert.equal(theirs!['lookupUsername'], undefined, 'A\'s user name is not B\'s to search');
    assert.equal(theirs!['responseElements'].assumedRoleUser.arn, `arn:aws:sts::${B.accountId}:assumed-role/FromA/xacct`);
    assert.deepEqual(theirs!['resources'], [{ ARN: roleArn('FromA'), accountId: B.accountId, type: 'AWS::IAM::Role' }]);
    // B's copy is not searchable in B by A's user name or key.
    const byUser = await client(CloudTrailClient, bRoot).send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'Username', AttributeValue: 'crosser' }] }));
    assert.equal(byUser.Events?.length ?? 0, 0);
  });

  it('Encrypt with B\'s KMS key by a user of A: in both histories', async () => {
    await client(KMSClient, crosser).send(new EncryptCommand({ KeyId: keyArn, Plaintext: new TextEncoder().encode('x') }));
    const mine = (await history(s.credentials, 'Encrypt')).find((r) => r['requestParameters']?.keyId === keyArn);
    const theirs = (await history(bRoot, 'Encrypt')).find((r) => r['requestParameters']?.keyId === keyArn);
    assertShared(mine, theirs);
  });

  it('GetObject of B\'s object by a user of A: a data event in both accounts\' logs (not in LookupEvents)', async () => {
    await (await client(S3Client, crosser).send(new GetObjectCommand({ Bucket: BUCKET, Key: 'shared.txt' }))).Body!.transformToString();
    const read = async (account: string) => (await s.runtime.events!.after(account, 'us-east-1', 0, 10_000)).map((e) => JSON.parse(e.record) as Rec).filter((r) => r['eventName'] === 'GetObject' && r['requestParameters']?.bucket === BUCKET);
    const mine = (await read(A)).find((r) => r['userIdentity'].arn === `arn:aws:iam::${A}:user/crosser`);
    const [theirs, ...more] = (await read(B.accountId)).filter((r) => r['userIdentity'].accountId === A);
    assert.equal(more.length, 0);
    assertShared(mine, theirs);
    assert.equal(theirs!['eventCategory'], 'Data');
  });

  it('a call B\'s policy allowed that then fails (DurationSeconds over the role\'s maximum) is in both, with its error', async () => {
    const e = await failure(sts(s, crosser).send(new AssumeRoleCommand({ RoleArn: roleArn('FromA'), RoleSessionName: 'too-long', DurationSeconds: 43200 })));
    assert.equal(e.name, 'ValidationError');
    const mine = (await history(s.credentials, 'AssumeRole')).find((r) => r['requestParameters']?.roleSessionName === 'too-long');
    const theirs = (await history(bRoot, 'AssumeRole')).find((r) => r['requestParameters']?.roleSessionName === 'too-long');
    assertShared(mine, theirs);
    assert.equal(theirs!['errorCode'], 'ValidationError');
    assert.equal(theirs!['responseElements'], null);
  });

  it('a same-account call has no sharedEventID and is not in the other account', async () => {
    const before = (await history(bRoot, 'GetUser')).length;
    await iam(s, crosser).send(new (await import('@aws-sdk/client-iam')).GetUserCommand({}));
    const mine = (await history(s.credentials, 'GetUser')).filter((r) => r['userIdentity'].arn === `arn:aws:iam::${A}:user/crosser`);
    assert.ok(mine.length > 0);
    for (const r of mine) assert.equal(r['sharedEventID'], undefined);
    assert.equal((await history(bRoot, 'GetUser')).length, before);
  });
});

describe('CloudTrail: what a caller cannot put in another account\'s history', () => {
  /** B's events of `name`, counted. */
  const countInB = async (name: string) => (await history(bRoot, name)).length;

  it('denied calls (by the trust or key policy, or by the caller\'s own policy) are recorded in the caller\'s account only', async () => {
    const assumes = await countInB('AssumeRole');
    const encrypts = await countInB('Encrypt');
    const powerless = await userWithKey(s, 'powerless', { policy: doc(allow('iam:GetUser')) });
    for (let i = 0; i < 5; i++) {
      assert.equal((await failure(sts(s, crosser).send(new AssumeRoleCommand({ RoleArn: roleArn('NotForA'), RoleSessionName: 'xx' })))).name, 'AccessDenied');
      assert.equal((await failure(sts(s, powerless).send(new AssumeRoleCommand({ RoleArn: roleArn('FromA'), RoleSessionName: 'xx' })))).name, 'AccessDenied');
      assert.equal((await failure(client(KMSClient, powerless).send(new EncryptCommand({ KeyId: keyArn, Plaintext: new Uint8Array([1]) })))).name, 'AccessDeniedException');
    }
    assert.equal(await countInB('AssumeRole'), assumes);
    assert.equal(await countInB('Encrypt'), encrypts);
    // The caller's account has them all, with their errors and no sharedEventID.
    const denied = (await history(s.credentials, 'AssumeRole')).filter((r) => r['requestParameters']?.roleArn === roleArn('NotForA'));
    assert.equal(denied.length, 5);
    for (const r of denied) {
      assert.equal(r['errorCode'], 'AccessDenied');
      assert.equal(r['sharedEventID'], undefined);
    }
  });

  it('a forged role or key ARN of B, or a request refused before authorization, puts nothing in B', async () => {
    const assumes = await countInB('AssumeRole');
    const encrypts = await countInB('Encrypt');
    // A role that does not exist (named with B's account), another case of an existing one, a bad session name.
    assert.equal((await failure(sts(s, crosser).send(new AssumeRoleCommand({ RoleArn: roleArn('NoSuchRole'), RoleSessionName: 'xx' })))).name, 'AccessDenied');
    assert.equal((await failure(sts(s, crosser).send(new AssumeRoleCommand({ RoleArn: roleArn('froma'), RoleSessionName: 'xx' })))).name, 'AccessDenied');
    assert.equal((await failure(sts(s, crosser).send(new AssumeRoleCommand({ RoleArn: roleArn('FromA'), RoleSessionName: 'bad name!' })))).name, 'ValidationError');
    // A key id of B that does not exist; a key ARN of B with a bad id.
    const ghost = keyArn.replace(/key\/.*$/, 'key/11111111-2222-3333-4444-555555555555');
    assert.match((await failure(client(KMSClient, crosser).send(new EncryptCommand({ KeyId: ghost, Plaintext: new Uint8Array([1]) })))).name, /NotFoundException|AccessDeniedException/);
    assert.match((await failure(client(KMSClient, crosser).send(new EncryptCommand({ KeyId: keyArn.replace(/key\/.*$/, 'key/nope'), Plaintext: new Uint8Array([1]) })))).name, /NotFoundException|AccessDeniedException|ValidationException/);
    assert.equal(await countInB('AssumeRole'), assumes);
    assert.equal(await countInB('Encrypt'), encrypts);
    // Each is in A's history.
    assert.ok((await history(s.credentials, 'AssumeRole')).some((r) => r['requestParameters']?.roleArn === roleArn('NoSuchRole') && r['errorCode'] === 'AccessDenied'));
  });

  it('an allowed call puts exactly one record in B per request', async () => {
    const assumes = await countInB('AssumeRole');
    for (let i = 0; i < 3; i++) await sts(s, crosser).send(new AssumeRoleCommand({ RoleArn: roleArn('FromA'), RoleSessionName: `n${i}` }));
    const inB = await history(bRoot, 'AssumeRole');
    assert.equal(inB.length, assumes + 3);
    const ids = inB.map((r) => r['sharedEventID']);
    assert.equal(new Set(ids).size, ids.length, 'one copy per shared event');
  });
});
