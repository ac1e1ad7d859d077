/**
 * Organization trails through the AWS SDK (src/services/cloudtrail/organization-trails.ts,
 * src/gateway/trail-delivery.ts): only the management account of an organization with trusted
 * access for CloudTrail makes one (AWS's errors otherwise); every account of the organization sees
 * it read-only (changes answer NotOrganizationMasterAccountException; an outside account is refused
 * it); delivery writes each account's events under AWSLogs/O-ID/ACCOUNT/ with that account's
 * own signed digest chain, which `rampart audit verify --account` and the AWS CLI's validator
 * (with the organization id, as validate-logs --account-id) both verify; a member's deleted log
 * file is reported. An account that joins is delivered from the time it joined, one that leaves no
 * longer. Converted back, the trail is the management account's own again.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import {
  AddTagsCommand, CloudTrailClient, CreateTrailCommand, DeleteTrailCommand, DescribeTrailsCommand, GetTrailCommand, GetTrailStatusCommand, ListPublicKeysCommand,
  ListTagsCommand, ListTrailsCommand, PutEventSelectorsCommand, StartLoggingCommand, StopLoggingCommand, UpdateTrailCommand,
} from '@aws-sdk/client-cloudtrail';
import { CreateAccessKeyCommand, CreateUserCommand, ListUsersCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import {
  AcceptHandshakeCommand, CreateAccountCommand, CreateOrganizationCommand, DescribeCreateAccountStatusCommand, EnableAWSServiceAccessCommand, InviteAccountToOrganizationCommand, OrganizationsClient,
  RemoveAccountFromOrganizationCommand,
} from '@aws-sdk/client-organizations';
import { CreateBucketCommand, DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command, PutBucketPolicyCommand, S3Client } from '@aws-sdk/client-s3';
import { createAccount, rootCredentialsOf } from '../../src/authz/bootstrap-account.js';
import { cloudTrailBucketPolicy } from '../../src/dataplane/trail/bucket-policy.js';
import { runAwscliValidator } from '../helpers/awscli-validator.js';
import { startTestServer, type TestServer } from '../helpers/rampart.js';
import { runCli } from '../helpers/spawn-cli.js';
import { doc, iam, type Creds } from './authz-support.js';

const BUCKET = 'org-trail-logs';
const TRAIL = 'org-wide';
const DIGEST_MS = 3000;

describe('CloudTrail organization trails', () => {
  let s: TestServer;
  let orgId: string;
  let member: string;
  let memberRoot: Creds;
  let outsider: Creds & { accountId: string };
  const ct = (credentials: Creds, region = 'us-east-1') => new CloudTrailClient({ endpoint: s.url, region, credentials, maxAttempts: 1 });
  const s3 = () => new S3Client({ endpoint: s.url, region: 'us-east-1', credentials: s.credentials, maxAttempts: 1, forcePathStyle: true });
  const failure = async (p: Promise<unknown>): Promise<Error> => p.then(() => assert.fail('expected a failure'), (e: Error) => e);
  const trailArn = () => `arn:aws:cloudtrail:us-east-1:${s.accountId}:trail/${TRAIL}`;
  const keys = async (prefix: string): Promise<string[]> => ((await s3().send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix }))).Contents ?? []).map((o) => o.Key!);
  const object = async (key: string) => {
    const o = await s3().send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
    return { body: Buffer.from(await o.Body!.transformToByteArray()), metadata: o.Metadata ?? {} };
  };

  before(async () => {
    s = await startTestServer({ trailDelivery: { tickMs: 3_600_000, logIntervalMs: 1, digestIntervalMs: DIGEST_MS } });
    outsider = await createAccount(s.runtime.store, { now: Date.now() });
  });
  after(async () => {
    await s?.close();
  });

  it('is refused outside an organization, to a member account and without trusted access, with AWS\'s errors', async () => {
    const create = (c: Creds) => ct(c).send(new CreateTrailCommand({ Name: TRAIL, S3BucketName: BUCKET, IsOrganizationTrail: true }));
    assert.equal((await failure(create(s.credentials))).name, 'OrganizationsNotInUseException');
    const orgs = new OrganizationsClient({ endpoint: s.url, region: 'us-east-1', credentials: s.credentials, maxAttempts: 1 });
    orgId = (await orgs.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }))).Organization!.Id!;
    const c = await orgs.send(new CreateAccountCommand({ Email: 'member@example.com', AccountName: 'member' }));
    member = (await orgs.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: c.CreateAccountStatus!.Id! }))).CreateAccountStatus!.AccountId!;
    memberRoot = (await rootCredentialsOf(s.runtime.store, member))!;
    assert.equal((await failure(create(memberRoot))).name, 'NotOrganizationMasterAccountException');
    assert.equal((await failure(create(s.credentials))).name, 'CloudTrailAccessNotEnabledException');
    await orgs.send(new EnableAWSServiceAccessCommand({ ServicePrincipal: 'cloudtrail.amazonaws.com' }));
    // The bucket policy AWS documents for an organization trail: the account's folder and the organization's.
    await s3().send(new CreateBucketCommand({ Bucket: BUCKET }));
    await s3().send(new PutBucketPolicyCommand({ Bucket: BUCKET, Policy: cloudTrailBucketPolicy({ bucket: BUCKET, accountId: s.accountId, region: 'us-east-1', trailName: TRAIL, organizationId: orgId }) }));
    const made = await create(s.credentials);
    assert.equal(made.IsOrganizationTrail, true);
    assert.equal(made.TrailARN, trailArn());
    await ct(s.credentials).send(new UpdateTrailCommand({ Name: TRAIL, EnableLogFileValidation: true }));
    await ct(s.credentials).send(new StartLoggingCommand({ Name: TRAIL }));
  });

  it('every account of the organization sees it read-only; an outside account is refused it', async () => {
    const m = ct(memberRoot);
    const described = (await m.send(new DescribeTrailsCommand({}))).trailList!;
    assert.deepEqual(described.map((t) => [t.TrailARN, t.IsOrganizationTrail, t.HomeRegion]), [[trailArn(), true, 'us-east-1']]);
    assert.deepEqual((await m.send(new ListTrailsCommand({}))).Trails!.map((t) => t.TrailARN), [trailArn()]);
    assert.equal((await m.send(new GetTrailCommand({ Name: TRAIL }))).Trail?.TrailARN, trailArn(), 'by name in its home region');
    assert.equal((await m.send(new GetTrailCommand({ Name: trailArn() }))).Trail?.IsOrganizationTrail, true);
    // The member account's own ARN with the trail's name names no trail (it would be authorized on that ARN, not the trail's).
    const smuggled = `arn:aws:cloudtrail:us-east-1:${member}:trail/${TRAIL}`;
    assert.equal((await failure(m.send(new GetTrailCommand({ Name: smuggled })))).name, 'TrailNotFoundException');
    assert.equal((await failure(m.send(new StopLoggingCommand({ Name: smuggled })))).name, 'TrailNotFoundException');
    assert.equal((await m.send(new GetTrailStatusCommand({ Name: trailArn() }))).IsLogging, true);
    assert.equal((await m.send(new ListTagsCommand({ ResourceIdList: [trailArn()] }))).ResourceTagList?.[0]?.ResourceId, trailArn());
    assert.equal((await ct(memberRoot, 'eu-west-1').send(new DescribeTrailsCommand({}))).trailList!.length, 0, 'a single-region trail is not seen from another region');
    for (const change of [
      m.send(new StopLoggingCommand({ Name: trailArn() })),
      m.send(new StopLoggingCommand({ Name: TRAIL })),
      m.send(new DeleteTrailCommand({ Name: TRAIL })),
      m.send(new UpdateTrailCommand({ Name: trailArn(), IsOrganizationTrail: false })),
      m.send(new PutEventSelectorsCommand({ TrailName: trailArn(), EventSelectors: [{ ReadWriteType: 'WriteOnly' }] })),
      m.send(new AddTagsCommand({ ResourceId: trailArn(), TagsList: [{ Key: 'k', Value: 'v' }] })),
    ]) {
      assert.equal((await failure(change)).name, 'NotOrganizationMasterAccountException');
    }
    const o = ct(outsider);
    // Another account's trail is refused before it is looked up (cross-account, no resource policy), as before organization trails.
    assert.equal((await failure(o.send(new GetTrailCommand({ Name: trailArn() })))).name, 'AccessDeniedException');
    assert.equal((await failure(o.send(new StopLoggingCommand({ Name: trailArn() })))).name, 'AccessDeniedException');
    assert.equal((await failure(o.send(new GetTrailCommand({ Name: TRAIL })))).name, 'TrailNotFoundException', 'its name names nothing there');
    assert.deepEqual((await o.send(new DescribeTrailsCommand({ trailNameList: [trailArn()] }))).trailList, []);
    assert.equal((await ct(s.credentials).send(new GetTrailStatusCommand({ Name: TRAIL }))).IsLogging, true, 'still logging');
  });

  it('a member account\'s user needs cloudtrail permissions to read it, authorized on the trail\'s own ARN', async () => {
    const user = async (name: string, policy: string): Promise<Creds> => {
      await iam(s, memberRoot).send(new CreateUserCommand({ UserName: name }));
      await iam(s, memberRoot).send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'p', PolicyDocument: policy }));
      const k = (await iam(s, memberRoot).send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey!;
      return { accessKeyId: k.AccessKeyId!, secretAccessKey: k.SecretAccessKey! };
    };
    const none = await user('no-trails', doc({ Effect: 'Allow', Action: 'iam:GetUser', Resource: '*' }));
    const denied = await failure(ct(none).send(new GetTrailCommand({ Name: TRAIL })));
    assert.equal(denied.name, 'AccessDeniedException');
    assert.match(denied.message, new RegExp(`cloudtrail:GetTrail on resource: ${trailArn().replace(/[/.]/g, '\\$&')}`));
    const reader = await user('trail-reader', doc({ Effect: 'Allow', Action: ['cloudtrail:GetTrail', 'cloudtrail:StopLogging'], Resource: trailArn() }));
    assert.equal((await ct(reader).send(new GetTrailCommand({ Name: TRAIL }))).Trail?.TrailARN, trailArn());
    assert.equal((await failure(ct(reader).send(new StopLoggingCommand({ Name: trailArn() })))).name, 'NotOrganizationMasterAccountException', 'allowed by IAM, still not the management account');
  });

  it('delivers every account under AWSLogs/O-ID/ACCOUNT/ with its own digest chain; verify and the AWS CLI validator check each', async () => {
    const scheduler = s.runtime.trailDelivery!;
    await iam(s, memberRoot).send(new ListUsersCommand({ MaxItems: 7 }));
    await iam(s).send(new ListUsersCommand({ MaxItems: 8 }));
    await scheduler.tick();
    await sleep(DIGEST_MS + 100);
    await scheduler.tick();
    const root = `AWSLogs/${orgId}/`;
    const all = await keys(root);
    assert.deepEqual(await keys(`AWSLogs/${s.accountId}/`), [], 'nothing in the account layout');
    for (const [account, maxItems] of [[member, 7], [s.accountId, 8]] as const) {
      const logs = all.filter((k) => k.startsWith(`${root}${account}/CloudTrail/us-east-1/`));
      assert.ok(logs.length >= 1, all.join('\n'));
      for (const k of logs) assert.match(k, new RegExp(`/${account}_CloudTrail_us-east-1_\\d{8}T\\d{4}Z_[A-Za-z0-9]{16}\\.json\\.gz$`));
      const records: Record<string, unknown>[] = [];
      for (const k of logs) records.push(...(JSON.parse(gunzipSync((await object(k)).body).toString()) as { Records: Record<string, unknown>[] }).Records);
      assert.ok(records.every((r) => r['recipientAccountId'] === account), 'each account\'s folder holds its own events only');
      assert.ok(records.some((r) => r['eventName'] === 'ListUsers' && (r['requestParameters'] as Record<string, unknown>)['maxItems'] === maxItems));
      const digests = all.filter((k) => k.startsWith(`${root}${account}/CloudTrail-Digest/us-east-1/`));
      assert.equal(digests.length, 1, digests.join(', '));
      assert.match(digests[0]!, new RegExp(`/${account}_CloudTrail-Digest_us-east-1_${TRAIL}_us-east-1_\\d{8}T\\d{6}Z\\.json\\.gz$`));
      assert.equal((JSON.parse(gunzipSync((await object(digests[0]!)).body).toString()) as { awsAccountId: string }).awsAccountId, account);
    }

    // rampart audit verify: every account of the organization trail, or one with --account.
    const verify = (...extra: string[]) => runCli(['audit', 'verify', '--trail', trailArn(), '--data-dir', s.dataDir, ...extra]);
    const both = verify();
    assert.equal(both.status, 0, both.stderr + both.stdout);
    assert.equal(both.stdout.match(/^Validating log files for trail /gm)?.length, 2);
    const one = verify('--account', member);
    assert.equal(one.status, 0, one.stderr + one.stdout);
    assert.match(one.stdout, new RegExp(`^Validating log files for trail \\S+ \\(account ${member}\\) between `));
    assert.match(one.stdout, /\n1\/1 digest files valid\n(\d+)\/\1 log files valid\n$/);

    // The AWS CLI's own validator, given the organization id (validate-logs --account-id), over a copy of the bucket.
    const copy = mkdtempSync(join(tmpdir(), 'rampart-org-trail-'));
    try {
      for (const k of all) {
        const o = await object(k);
        mkdirSync(dirname(join(copy, BUCKET, k)), { recursive: true });
        writeFileSync(join(copy, BUCKET, k), o.body);
        mkdirSync(dirname(join(copy, '.metadata', BUCKET, k)), { recursive: true });
        writeFileSync(`${join(copy, '.metadata', BUCKET, k)}.json`, JSON.stringify(o.metadata));
      }
      const published = (await ct(s.credentials).send(new ListPublicKeysCommand({}))).PublicKeyList!;
      const [verdict] = runAwscliValidator({
        roots: [copy], bucket: BUCKET, prefix: null, account: member, organization: orgId, region: 'us-east-1', trail: TRAIL,
        start: new Date(Date.now() - 3_600_000).toISOString(), end: new Date(Date.now() + 60_000).toISOString(),
        keys: published.map((k) => ({ Fingerprint: k.Fingerprint, Value: Buffer.from(k.Value!).toString('base64') })),
      });
      assert.equal(verdict!.valid.length, 1, JSON.stringify(verdict));
      assert.deepEqual([verdict!.invalid, verdict!.logsBad], [[], []]);
      assert.ok(verdict!.logsOk >= 1);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }

    // A member's log file deleted: reported for that account only.
    const gone = all.find((k) => k.startsWith(`${root}${member}/CloudTrail/`))!;
    await s3().send(new DeleteObjectCommand({ Bucket: BUCKET, Key: gone }));
    const tampered = verify();
    assert.equal(tampered.status, 1, tampered.stderr + tampered.stdout);
    assert.equal(tampered.stderr.trim(), `Log file\ts3://${BUCKET}/${gone}\tINVALID: not found`);
    assert.equal(verify('--account', s.accountId).status, 0, 'the management account\'s chain is intact');
  });

  it('an account that joins is delivered from the time it joined; one that leaves is no longer delivered', async () => {
    const scheduler = s.runtime.trailDelivery!;
    const joiner = outsider;
    const orgs = (c: Creds) => new OrganizationsClient({ endpoint: s.url, region: 'us-east-1', credentials: c, maxAttempts: 1 });
    await iam(s, joiner).send(new ListUsersCommand({ MaxItems: 11 }));
    await sleep(1100);
    const h = await orgs(s.credentials).send(new InviteAccountToOrganizationCommand({ Target: { Type: 'ACCOUNT', Id: joiner.accountId } }));
    await orgs(joiner).send(new AcceptHandshakeCommand({ HandshakeId: h.Handshake!.Id! }));
    await iam(s, joiner).send(new ListUsersCommand({ MaxItems: 12 }));
    await scheduler.tick();
    const folder = `AWSLogs/${orgId}/${joiner.accountId}/CloudTrail/us-east-1/`;
    const maxItems = async (): Promise<unknown[]> => {
      const out: unknown[] = [];
      for (const k of await keys(folder)) {
        for (const r of (JSON.parse(gunzipSync((await object(k)).body).toString()) as { Records: Record<string, unknown>[] }).Records) {
          if (r['eventName'] === 'ListUsers') out.push((r['requestParameters'] as Record<string, unknown>)['maxItems']);
        }
      }
      return out;
    };
    assert.deepEqual(await maxItems(), [12], 'the call made before joining is not delivered');
    await orgs(s.credentials).send(new RemoveAccountFromOrganizationCommand({ AccountId: joiner.accountId }));
    await iam(s, joiner).send(new ListUsersCommand({ MaxItems: 13 }));
    await scheduler.tick();
    assert.deepEqual(await maxItems(), [12], 'nor those made after leaving');
  });

  it('converted back to an account trail, member accounts no longer see it', async () => {
    const back = await ct(s.credentials).send(new UpdateTrailCommand({ Name: TRAIL, IsOrganizationTrail: false }));
    assert.equal(back.IsOrganizationTrail, false);
    assert.equal((await failure(ct(memberRoot).send(new GetTrailCommand({ Name: trailArn() })))).name, 'AccessDeniedException');
    assert.equal((await failure(ct(memberRoot).send(new GetTrailCommand({ Name: TRAIL })))).name, 'TrailNotFoundException');
    assert.deepEqual((await ct(memberRoot).send(new DescribeTrailsCommand({}))).trailList, []);
  });
});
