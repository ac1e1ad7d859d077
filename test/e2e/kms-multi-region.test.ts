/**
 * KMS multi-Region keys through the AWS SDK v3: CreateKey MultiRegion (mrk- ids, the configuration in
 * DescribeKey), ReplicateKey (its own policy, description and tags; AlreadyExistsException), a
 * ciphertext made in us-east-1 decrypting in eu-west-1 through the replica and back, rotation of the
 * primary applying to the set, UpdatePrimaryRegion, deletion (PendingReplicaDeletion of a primary
 * with replicas) and the kms:MultiRegion / kms:MultiRegionKeyType condition keys.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateKeyCommand,
  DecryptCommand,
  DescribeKeyCommand,
  EnableKeyRotationCommand,
  EncryptCommand,
  GetKeyRotationStatusCommand,
  KMSClient,
  ListKeyRotationsCommand,
  ReEncryptCommand,
  ReplicateKeyCommand,
  RotateKeyOnDemandCommand,
  ScheduleKeyDeletionCommand,
  UpdatePrimaryRegionCommand,
} from '@aws-sdk/client-kms';
import { keys, regionScope } from '../../src/services/kms/store.js';
import { kmsFailure } from './kms-support.js';
import { startTestServer, type TestServer } from '../helpers/rampart.js';
import { allow, doc, userWithKey, type Creds } from './authz-support.js';

let s: TestServer;
const kms = (region = 'us-east-1', creds: Creds = s.credentials) => new KMSClient({ endpoint: s.url, region, credentials: creds, maxAttempts: 1 });
const fail = kmsFailure;
const enc = new TextEncoder();
const text = (b: Uint8Array | undefined) => Buffer.from(b!).toString();
const mrk = async () => (await kms().send(new CreateKeyCommand({ MultiRegion: true, Description: 'primary' }))).KeyMetadata!;

before(async () => {
  s = await startTestServer();
});
after(() => s.close());

describe('KMS multi-Region keys', () => {
  it('CreateKey MultiRegion: an mrk- id and the PRIMARY configuration', async () => {
    const m = await mrk();
    assert.match(m.KeyId!, /^mrk-[0-9a-f]{32}$/);
    assert.equal(m.Arn, `arn:aws:kms:us-east-1:${s.accountId}:key/${m.KeyId}`);
    assert.equal(m.MultiRegion, true);
    assert.deepEqual(m.MultiRegionConfiguration, { MultiRegionKeyType: 'PRIMARY', PrimaryKey: { Arn: m.Arn, Region: 'us-east-1' }, ReplicaKeys: [] });
    const single = (await kms().send(new CreateKeyCommand({}))).KeyMetadata!;
    assert.equal(single.MultiRegion, false);
    assert.equal(single.MultiRegionConfiguration, undefined);
  });

  it('ReplicateKey: a replica in eu-west-1 with its own policy, description and tags; encrypt here, decrypt there and back', async () => {
    const m = await mrk();
    const r = await kms().send(new ReplicateKeyCommand({ KeyId: m.KeyId!, ReplicaRegion: 'eu-west-1', Description: 'replica', Tags: [{ TagKey: 'site', TagValue: 'eu' }] }));
    const replicaArn = `arn:aws:kms:eu-west-1:${s.accountId}:key/${m.KeyId}`;
    assert.equal(r.ReplicaKeyMetadata!.Arn, replicaArn);
    assert.equal(r.ReplicaKeyMetadata!.KeyId, m.KeyId);
    assert.equal(r.ReplicaKeyMetadata!.Description, 'replica');
    assert.equal(r.ReplicaKeyMetadata!.MultiRegionConfiguration!.MultiRegionKeyType, 'REPLICA');
    assert.deepEqual(r.ReplicaTags, [{ TagKey: 'site', TagValue: 'eu' }]);
    assert.match(r.ReplicaPolicy!, /Enable IAM User Permissions/);
    const primary = (await kms().send(new DescribeKeyCommand({ KeyId: m.KeyId! }))).KeyMetadata!;
    assert.deepEqual(primary.MultiRegionConfiguration!.ReplicaKeys, [{ Arn: replicaArn, Region: 'eu-west-1' }]);
    assert.equal(primary.Description, 'primary');
    const replica = (await kms('eu-west-1').send(new DescribeKeyCommand({ KeyId: m.KeyId! }))).KeyMetadata!;
    assert.deepEqual(replica.MultiRegionConfiguration, { MultiRegionKeyType: 'REPLICA', PrimaryKey: { Arn: m.Arn, Region: 'us-east-1' }, ReplicaKeys: [{ Arn: replicaArn, Region: 'eu-west-1' }] });

    const blob = (await kms().send(new EncryptCommand({ KeyId: m.KeyId!, Plaintext: enc.encode('from us-east-1'), EncryptionContext: { c: '1' } }))).CiphertextBlob!;
    const there = await kms('eu-west-1').send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: { c: '1' } }));
    assert.equal(text(there.Plaintext), 'from us-east-1');
    assert.equal(there.KeyId, replicaArn);
    // With the replica's ARN as KeyId too; a single-Region key of eu-west-1 is the wrong key.
    assert.equal(text((await kms('eu-west-1').send(new DecryptCommand({ CiphertextBlob: blob, KeyId: replicaArn, EncryptionContext: { c: '1' } }))).Plaintext), 'from us-east-1');
    const other = (await kms('eu-west-1').send(new CreateKeyCommand({}))).KeyMetadata!;
    assert.equal((await fail(kms('eu-west-1').send(new DecryptCommand({ CiphertextBlob: blob, KeyId: other.KeyId!, EncryptionContext: { c: '1' } })))).name, 'IncorrectKeyException');
    const back = (await kms('eu-west-1').send(new EncryptCommand({ KeyId: m.KeyId!, Plaintext: enc.encode('from eu-west-1') }))).CiphertextBlob!;
    assert.equal(text((await kms().send(new DecryptCommand({ CiphertextBlob: back }))).Plaintext), 'from eu-west-1');
    // A Region without a key of the set does not decrypt it.
    assert.equal((await fail(kms('ap-southeast-2').send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: { c: '1' } })))).name, 'NotFoundException');
    const re = await kms('eu-west-1').send(new ReEncryptCommand({ CiphertextBlob: blob, SourceEncryptionContext: { c: '1' }, DestinationKeyId: other.KeyId! }));
    assert.equal(re.SourceKeyId, replicaArn);

    const dup = await fail(kms().send(new ReplicateKeyCommand({ KeyId: m.KeyId!, ReplicaRegion: 'eu-west-1' })));
    assert.equal(dup.name, 'AlreadyExistsException');
    assert.equal((await fail(kms().send(new ReplicateKeyCommand({ KeyId: m.KeyId!, ReplicaRegion: 'us-east-1' })))).name, 'AlreadyExistsException');
    assert.equal((await fail(kms().send(new ReplicateKeyCommand({ KeyId: m.KeyId!, ReplicaRegion: 'cn-north-1' })))).name, 'ValidationException', 'another partition');
    assert.equal((await fail(kms('eu-west-1').send(new ReplicateKeyCommand({ KeyId: m.KeyId!, ReplicaRegion: 'us-west-2' })))).name, 'UnsupportedOperationException', 'from a replica');
    const single = (await kms().send(new CreateKeyCommand({}))).KeyMetadata!;
    assert.equal((await fail(kms().send(new ReplicateKeyCommand({ KeyId: single.KeyId!, ReplicaRegion: 'eu-west-1' })))).name, 'UnsupportedOperationException', 'a single-Region key');
  });

  it('rotation of the primary applies to the set; replicas do not rotate themselves; old ciphertexts decrypt everywhere', async () => {
    const m = await mrk();
    const before = (await kms().send(new EncryptCommand({ KeyId: m.KeyId!, Plaintext: enc.encode('v1') }))).CiphertextBlob!;
    await kms().send(new ReplicateKeyCommand({ KeyId: m.KeyId!, ReplicaRegion: 'eu-west-1' }));
    await kms().send(new EnableKeyRotationCommand({ KeyId: m.KeyId!, RotationPeriodInDays: 180 }));
    await kms().send(new RotateKeyOnDemandCommand({ KeyId: m.KeyId! }));
    const after = (await kms('eu-west-1').send(new EncryptCommand({ KeyId: m.KeyId!, Plaintext: enc.encode('v2') }))).CiphertextBlob!;
    assert.equal(text((await kms().send(new DecryptCommand({ CiphertextBlob: after }))).Plaintext), 'v2');
    assert.equal(text((await kms('eu-west-1').send(new DecryptCommand({ CiphertextBlob: before }))).Plaintext), 'v1');
    const replicaRotations = await kms('eu-west-1').send(new ListKeyRotationsCommand({ KeyId: m.KeyId! }));
    const primaryRotations = await kms().send(new ListKeyRotationsCommand({ KeyId: m.KeyId! }));
    assert.deepEqual(replicaRotations.Rotations!.map((r) => r.KeyMaterialId), primaryRotations.Rotations!.map((r) => r.KeyMaterialId));
    const st = await kms('eu-west-1').send(new GetKeyRotationStatusCommand({ KeyId: m.KeyId! }));
    assert.deepEqual([st.KeyRotationEnabled, st.RotationPeriodInDays], [true, 180]);
    for (const cmd of [new RotateKeyOnDemandCommand({ KeyId: m.KeyId! }), new EnableKeyRotationCommand({ KeyId: m.KeyId! })]) {
      assert.equal((await fail(kms('eu-west-1').send(cmd as RotateKeyOnDemandCommand))).name, 'UnsupportedOperationException');
    }
  });

  it('UpdatePrimaryRegion swaps the roles (rotation settings follow the primary); NotFoundException for a Region without a replica', async () => {
    const m = await mrk();
    await kms().send(new ReplicateKeyCommand({ KeyId: m.KeyId!, ReplicaRegion: 'eu-west-1' }));
    await kms().send(new EnableKeyRotationCommand({ KeyId: m.KeyId!, RotationPeriodInDays: 100 }));
    assert.equal((await fail(kms().send(new UpdatePrimaryRegionCommand({ KeyId: m.KeyId!, PrimaryRegion: 'ap-south-1' })))).name, 'NotFoundException');
    await kms().send(new UpdatePrimaryRegionCommand({ KeyId: m.KeyId!, PrimaryRegion: 'eu-west-1' }));
    const eu = (await kms('eu-west-1').send(new DescribeKeyCommand({ KeyId: m.KeyId! }))).KeyMetadata!;
    assert.equal(eu.MultiRegionConfiguration!.MultiRegionKeyType, 'PRIMARY');
    assert.deepEqual(eu.MultiRegionConfiguration!.ReplicaKeys!.map((r) => r.Region), ['us-east-1']);
    const us = (await kms().send(new DescribeKeyCommand({ KeyId: m.KeyId! }))).KeyMetadata!;
    assert.equal(us.MultiRegionConfiguration!.MultiRegionKeyType, 'REPLICA');
    assert.equal((await kms('eu-west-1').send(new GetKeyRotationStatusCommand({ KeyId: m.KeyId! }))).RotationPeriodInDays, 100);
    assert.equal((await fail(kms().send(new UpdatePrimaryRegionCommand({ KeyId: m.KeyId!, PrimaryRegion: 'eu-west-1' })))).name, 'UnsupportedOperationException', 'no longer the primary');
  });

  it('ScheduleKeyDeletion of a primary with replicas: PendingReplicaDeletion until its last replica is deleted', async () => {
    const m = await mrk();
    await kms().send(new ReplicateKeyCommand({ KeyId: m.KeyId!, ReplicaRegion: 'eu-west-1' }));
    const sch = await kms().send(new ScheduleKeyDeletionCommand({ KeyId: m.KeyId!, PendingWindowInDays: 7 }));
    assert.deepEqual([sch.KeyState, sch.DeletionDate, sch.PendingWindowInDays], ['PendingReplicaDeletion', undefined, 7]);
    const d = (await kms().send(new DescribeKeyCommand({ KeyId: m.KeyId! }))).KeyMetadata!;
    assert.deepEqual([d.KeyState, d.PendingDeletionWindowInDays, d.DeletionDate], ['PendingReplicaDeletion', 7, undefined]);
    assert.equal((await fail(kms().send(new EncryptCommand({ KeyId: m.KeyId!, Plaintext: enc.encode('x') })))).name, 'KMSInvalidStateException');
    const rep = await kms('eu-west-1').send(new ScheduleKeyDeletionCommand({ KeyId: m.KeyId!, PendingWindowInDays: 7 }));
    assert.equal(rep.KeyState, 'PendingDeletion');
    // The replica's waiting period ends (moved there in the store: test-only access); its deletion starts the primary's.
    const scope = regionScope(s.accountId, 'eu-west-1');
    const r = (await keys.get(s.runtime.store, scope, m.KeyId!))!;
    await keys.put(s.runtime.store, scope, m.KeyId!, { ...r, deletionDate: Date.now() - 1 });
    assert.equal((await fail(kms('eu-west-1').send(new DescribeKeyCommand({ KeyId: m.KeyId! })))).name, 'NotFoundException');
    const p = (await kms().send(new DescribeKeyCommand({ KeyId: m.KeyId! }))).KeyMetadata!;
    assert.equal(p.KeyState, 'PendingDeletion');
    assert.ok(Math.abs(p.DeletionDate!.getTime() - (Date.now() + 7 * 86_400_000)) < 60_000);
    assert.deepEqual(p.MultiRegionConfiguration!.ReplicaKeys, []);
  });

  it('kms:MultiRegion and kms:MultiRegionKeyType in policies', async () => {
    const user = await userWithKey(s, 'mrk-only', { policy: doc(allow('kms:Encrypt', '*', { Bool: { 'kms:MultiRegion': 'true' }, StringEquals: { 'kms:MultiRegionKeyType': 'PRIMARY' } })) });
    const m = await mrk();
    await kms('eu-west-1').send(new CreateKeyCommand({}));
    await kms().send(new ReplicateKeyCommand({ KeyId: m.KeyId!, ReplicaRegion: 'eu-west-1' }));
    await kms('us-east-1', user).send(new EncryptCommand({ KeyId: m.KeyId!, Plaintext: enc.encode('x') }));
    assert.equal((await fail(kms('eu-west-1', user).send(new EncryptCommand({ KeyId: m.KeyId!, Plaintext: enc.encode('x') })))).name, 'AccessDeniedException', 'a replica');
    const single = (await kms().send(new CreateKeyCommand({}))).KeyMetadata!;
    assert.equal((await fail(kms('us-east-1', user).send(new EncryptCommand({ KeyId: single.KeyId!, Plaintext: enc.encode('x') })))).name, 'AccessDeniedException', 'a single-Region key');
  });
});

describe('KMS ReplicateKey permissions', () => {
  it('needs kms:ReplicateKey on the primary and kms:CreateKey (kms:TagResource with Tags) in IAM', async () => {
    const m = await mrk();
    const only = await userWithKey(s, 'replicator-only', { policy: doc(allow('kms:ReplicateKey', '*')) });
    const e = await fail(kms('us-east-1', only).send(new ReplicateKeyCommand({ KeyId: m.KeyId!, ReplicaRegion: 'eu-west-1' })));
    assert.equal(e.name, 'AccessDeniedException');
    assert.match(e.message, /kms:CreateKey/);
    const full = await userWithKey(s, 'replicator', { policy: doc(allow(['kms:ReplicateKey', 'kms:CreateKey'], '*')) });
    assert.equal((await fail(kms('us-east-1', full).send(new ReplicateKeyCommand({ KeyId: m.KeyId!, ReplicaRegion: 'eu-west-1', Tags: [{ TagKey: 'a', TagValue: 'b' }] })))).name, 'AccessDeniedException', 'Tags need kms:TagResource');
    await kms('us-east-1', full).send(new ReplicateKeyCommand({ KeyId: m.KeyId!, ReplicaRegion: 'eu-west-1' }));
  });
});
