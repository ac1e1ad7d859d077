/**
 * AWS managed keys through the AWS SDK v3: `alias/aws/<service>` created on first use (DescribeKey,
 * GenerateDataKey), key manager AWS, yearly rotation always on, AWS's managed-key policy (direct
 * cryptographic use is refused: it needs kms:ViaService), and what customers may not do with it
 * (change its policy, schedule its deletion, its rotation, alias operations on alias/aws/).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateAliasCommand,
  DeleteAliasCommand,
  DescribeKeyCommand,
  DisableKeyRotationCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
  GetKeyPolicyCommand,
  GetKeyRotationStatusCommand,
  KMSClient,
  ListAliasesCommand,
  PutKeyPolicyCommand,
  ScheduleKeyDeletionCommand,
  UpdateAliasCommand,
  CreateKeyCommand,
} from '@aws-sdk/client-kms';
import { kmsFailure } from './kms-support.js';
import { startTestServer, type TestServer } from '../helpers/rampart.js';

let s: TestServer;
const kms = (region = 'us-east-1') => new KMSClient({ endpoint: s.url, region, credentials: s.credentials, maxAttempts: 1 });
const fail = kmsFailure;

before(async () => {
  s = await startTestServer();
});
after(() => s.close());

describe('KMS AWS managed keys', () => {
  it('DescribeKey of alias/aws/s3 creates the key once, per Region, with AWS\'s metadata, policy and rotation', async () => {
    const m = (await kms().send(new DescribeKeyCommand({ KeyId: 'alias/aws/s3' }))).KeyMetadata!;
    assert.deepEqual([m.KeyManager, m.KeyState, m.KeySpec, m.Origin], ['AWS', 'Enabled', 'SYMMETRIC_DEFAULT', 'AWS_KMS']);
    assert.equal((await kms().send(new DescribeKeyCommand({ KeyId: `arn:aws:kms:us-east-1:${s.accountId}:alias/aws/s3` }))).KeyMetadata!.KeyId, m.KeyId, 'the same key');
    const other = (await kms('eu-west-1').send(new DescribeKeyCommand({ KeyId: 'alias/aws/s3' }))).KeyMetadata!;
    assert.notEqual(other.KeyId, m.KeyId);
    const aliases = (await kms().send(new ListAliasesCommand({ KeyId: m.KeyId! }))).Aliases!;
    assert.deepEqual(aliases.map((a) => a.AliasName), ['alias/aws/s3']);
    const policy = JSON.parse((await kms().send(new GetKeyPolicyCommand({ KeyId: m.KeyId! }))).Policy!) as { Statement: { Principal: { AWS: string }; Action: string[]; Condition?: { StringEquals: Record<string, string> } }[] };
    assert.deepEqual(policy.Statement[0]!.Condition!.StringEquals, { 'kms:ViaService': 's3.us-east-1.amazonaws.com', 'kms:CallerAccount': s.accountId });
    assert.equal(policy.Statement[0]!.Principal.AWS, '*');
    assert.deepEqual(policy.Statement[1]!.Action, ['kms:Describe*', 'kms:Get*', 'kms:List*', 'kms:RevokeGrant']);
    const st = await kms().send(new GetKeyRotationStatusCommand({ KeyId: m.KeyId! }));
    assert.deepEqual([st.KeyRotationEnabled, st.RotationPeriodInDays], [true, 365]);
  });

  it('EBS\'s key is used through EC2 (kms:ViaService ec2.<region>.amazonaws.com); GenerateDataKey naming it creates it, then direct use is refused', async () => {
    const e = await fail(kms().send(new GenerateDataKeyCommand({ KeyId: 'alias/aws/ebs', KeySpec: 'AES_256' })));
    assert.equal(e.name, 'AccessDeniedException');
    const m = (await kms().send(new DescribeKeyCommand({ KeyId: 'alias/aws/ebs' }))).KeyMetadata!;
    const policy = (await kms().send(new GetKeyPolicyCommand({ KeyId: m.KeyId! }))).Policy!;
    assert.match(policy, /"kms:ViaService": "ec2\.us-east-1\.amazonaws\.com"/);
    assert.equal((await fail(kms().send(new EncryptCommand({ KeyId: 'alias/aws/ebs', Plaintext: new Uint8Array([1]) })))).name, 'AccessDeniedException');
  });

  it('customers cannot change its policy, schedule its deletion, change its rotation or use alias operations on alias/aws/', async () => {
    const m = (await kms().send(new DescribeKeyCommand({ KeyId: 'alias/aws/rds' }))).KeyMetadata!;
    const policy = (await kms().send(new GetKeyPolicyCommand({ KeyId: m.KeyId! }))).Policy!;
    assert.equal((await fail(kms().send(new PutKeyPolicyCommand({ KeyId: m.KeyId!, Policy: policy })))).name, 'AccessDeniedException');
    assert.equal((await fail(kms().send(new ScheduleKeyDeletionCommand({ KeyId: m.KeyId! })))).name, 'AccessDeniedException');
    assert.equal((await fail(kms().send(new DisableKeyRotationCommand({ KeyId: m.KeyId! })))).name, 'AccessDeniedException');
    const mine = (await kms().send(new CreateKeyCommand({}))).KeyMetadata!;
    // Moving or deleting its alias is authorized on the key first, whose policy grants no alias operation.
    assert.equal((await fail(kms().send(new DeleteAliasCommand({ AliasName: 'alias/aws/rds' })))).name, 'AccessDeniedException');
    assert.equal((await fail(kms().send(new UpdateAliasCommand({ AliasName: 'alias/aws/rds', TargetKeyId: mine.KeyId! })))).name, 'AccessDeniedException');
    // Any other alias/aws/ name is reserved.
    assert.equal((await fail(kms().send(new DeleteAliasCommand({ AliasName: 'alias/aws/not-created' })))).name, 'NotAuthorizedException');
    assert.equal((await fail(kms().send(new CreateAliasCommand({ AliasName: 'alias/aws/lambda', TargetKeyId: mine.KeyId! })))).name, 'NotAuthorizedException');
    assert.equal((await kms().send(new DescribeKeyCommand({ KeyId: 'alias/aws/rds' }))).KeyMetadata!.KeyId, m.KeyId);
  });

  it('an alias/aws/ name of no known service names nothing', async () => {
    const e = await fail(kms().send(new DescribeKeyCommand({ KeyId: 'alias/aws/not-a-service' })));
    assert.equal(e.name, 'NotFoundException');
  });
});
