/**
 * KMS through the AWS SDK v3: symmetric keys, round trips with encryption context, tampered,
 * truncated and wrong-context ciphertexts, key states (every row of AWS's key state table for the
 * operations served), aliases, key policies that must grant (an identity policy alone does not
 * allow), the lockout safety check, cross-account Decrypt only when both sides allow, and the data
 * dir holding neither a known plaintext nor the key material.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  CancelKeyDeletionCommand,
  CreateAliasCommand,
  CreateKeyCommand,
  DecryptCommand,
  DeleteAliasCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
  EnableKeyCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
  GenerateDataKeyWithoutPlaintextCommand,
  GenerateRandomCommand,
  GetKeyPolicyCommand,
  KMSServiceException,
  ListAliasesCommand,
  ListKeyPoliciesCommand,
  ListKeysCommand,
  ListResourceTagsCommand,
  PutKeyPolicyCommand,
  ReEncryptCommand,
  ScheduleKeyDeletionCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateAliasCommand,
  UpdateKeyDescriptionCommand,
} from '@aws-sdk/client-kms';
import { createAccount, type RootCredentials } from '../../src/authz/bootstrap-account.js';
import { kmsClient, kmsFailure } from './kms-support.js';
import { startTestServer, type TestServer } from '../helpers/rampart.js';
import { allow, doc, userWithKey, type Creds } from './authz-support.js';

let s: TestServer;
const kms = (creds: Creds = s.credentials) => kmsClient(s, creds);
const fail = kmsFailure;
const newKey = async (c = kms(), extra: Record<string, unknown> = {}) => (await c.send(new CreateKeyCommand({ Description: 'test', ...extra }))).KeyMetadata!;
const enc = new TextEncoder();

before(async () => {
  s = await startTestServer();
});
after(() => s.close());

describe('KMS keys and symmetric cryptography', () => {
  it('creates a symmetric key with AWS\'s metadata and default key policy', async () => {
    const m = await newKey(kms(), { Tags: [{ TagKey: 'team', TagValue: 'a' }] });
    assert.match(m.KeyId!, /^[0-9a-f-]{36}$/);
    assert.equal(m.Arn, `arn:aws:kms:us-east-1:${s.accountId}:key/${m.KeyId}`);
    assert.equal(m.KeyState, 'Enabled');
    assert.equal(m.Enabled, true);
    assert.equal(m.KeySpec, 'SYMMETRIC_DEFAULT');
    assert.equal(m.KeyUsage, 'ENCRYPT_DECRYPT');
    assert.equal(m.Origin, 'AWS_KMS');
    assert.equal(m.KeyManager, 'CUSTOMER');
    assert.deepEqual(m.EncryptionAlgorithms, ['SYMMETRIC_DEFAULT']);
    assert.ok(m.CreationDate instanceof Date);
    const p = await kms().send(new GetKeyPolicyCommand({ KeyId: m.KeyId!, PolicyName: 'default' }));
    const policy = JSON.parse(p.Policy!) as { Id: string; Statement: { Sid: string; Principal: { AWS: string }; Action: string; Resource: string }[] };
    assert.equal(policy.Id, 'key-default-1');
    assert.deepEqual(policy.Statement, [{ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${s.accountId}:root` }, Action: 'kms:*', Resource: '*' }]);
    assert.deepEqual((await kms().send(new ListKeyPoliciesCommand({ KeyId: m.KeyId! }))).PolicyNames, ['default']);
    assert.deepEqual((await kms().send(new ListResourceTagsCommand({ KeyId: m.KeyId! }))).Tags, [{ TagKey: 'team', TagValue: 'a' }]);
    const listed = await kms().send(new ListKeysCommand({}));
    assert.ok(listed.Keys!.some((k) => k.KeyId === m.KeyId && k.KeyArn === m.Arn));
  });

  it('refuses key specs not served yet with UnsupportedOperationException naming the spec', async () => {
    const e = await fail(kms().send(new CreateKeyCommand({ KeySpec: 'ML_DSA_44', KeyUsage: 'SIGN_VERIFY' })));
    assert.equal(e.name, 'UnsupportedOperationException');
    assert.match(e.message, /ML_DSA_44/);
  });

  it('round-trips with an encryption context; a wrong context, a tampered or truncated blob is InvalidCiphertextException', async () => {
    const m = await newKey();
    const ec = { purpose: 'test', tenant: 'a' };
    const e = await kms().send(new EncryptCommand({ KeyId: m.KeyId!, Plaintext: enc.encode('hello kms'), EncryptionContext: ec }));
    assert.equal(e.KeyId, m.Arn);
    assert.equal(e.EncryptionAlgorithm, 'SYMMETRIC_DEFAULT');
    const blob = e.CiphertextBlob!;
    // KeyId is optional: the blob names its key.
    const d = await kms().send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: { tenant: 'a', purpose: 'test' } }));
    assert.equal(Buffer.from(d.Plaintext!).toString(), 'hello kms');
    assert.equal(d.KeyId, m.Arn);
    const wrongs: (Record<string, string> | undefined)[] = [undefined, { purpose: 'test' }, { purpose: 'test', tenant: 'A' }, { purpose: 'test', tenant: 'a', x: '' }];
    for (const wrong of wrongs) {
      const err = await fail(kms().send(new DecryptCommand({ CiphertextBlob: blob, ...(wrong ? { EncryptionContext: wrong } : {}) })));
      assert.equal(err.name, 'InvalidCiphertextException', JSON.stringify(wrong));
    }
    for (const at of [0, 20, blob.length - 20, blob.length - 1]) {
      const t = Buffer.from(blob);
      t[at]! ^= 1;
      const err = await fail(kms().send(new DecryptCommand({ CiphertextBlob: t, EncryptionContext: ec })));
      assert.ok(['InvalidCiphertextException', 'NotFoundException'].includes(err.name), `byte ${at}: ${err.name}`);
      if (at !== 20) assert.equal(err.name, 'InvalidCiphertextException', `byte ${at}`);
    }
    for (const len of [1, 30, blob.length - 1]) {
      const err = await fail(kms().send(new DecryptCommand({ CiphertextBlob: blob.subarray(0, len), EncryptionContext: ec })));
      assert.equal(err.name, 'InvalidCiphertextException', `length ${len}`);
    }
    const other = await newKey();
    const inc = await fail(kms().send(new DecryptCommand({ CiphertextBlob: blob, KeyId: other.KeyId!, EncryptionContext: ec })));
    assert.equal(inc.name, 'IncorrectKeyException');
  });

  it('ReEncrypt, GenerateDataKey (KeySpec or NumberOfBytes), WithoutPlaintext and GenerateRandom', async () => {
    const a = await newKey();
    const b = await newKey();
    const blob = (await kms().send(new EncryptCommand({ KeyId: a.Arn!, Plaintext: enc.encode('move me'), EncryptionContext: { k: 'v' } }))).CiphertextBlob!;
    const r = await kms().send(new ReEncryptCommand({ CiphertextBlob: blob, SourceEncryptionContext: { k: 'v' }, DestinationKeyId: b.KeyId!, DestinationEncryptionContext: { k: 'w' } }));
    assert.equal(r.SourceKeyId, a.Arn);
    assert.equal(r.KeyId, b.Arn);
    const back = await kms().send(new DecryptCommand({ CiphertextBlob: r.CiphertextBlob!, EncryptionContext: { k: 'w' } }));
    assert.equal(Buffer.from(back.Plaintext!).toString(), 'move me');
    const dk = await kms().send(new GenerateDataKeyCommand({ KeyId: a.KeyId!, KeySpec: 'AES_256', EncryptionContext: { f: '1' } }));
    assert.equal(dk.Plaintext!.length, 32);
    const dkBack = await kms().send(new DecryptCommand({ CiphertextBlob: dk.CiphertextBlob!, EncryptionContext: { f: '1' } }));
    assert.deepEqual(Buffer.from(dkBack.Plaintext!), Buffer.from(dk.Plaintext!));
    assert.equal((await kms().send(new GenerateDataKeyCommand({ KeyId: a.KeyId!, KeySpec: 'AES_128' }))).Plaintext!.length, 16);
    assert.equal((await kms().send(new GenerateDataKeyCommand({ KeyId: a.KeyId!, NumberOfBytes: 7 }))).Plaintext!.length, 7);
    const wp = await kms().send(new GenerateDataKeyWithoutPlaintextCommand({ KeyId: a.KeyId!, KeySpec: 'AES_256' }));
    assert.equal((wp as { Plaintext?: unknown }).Plaintext, undefined);
    assert.equal((await kms().send(new DecryptCommand({ CiphertextBlob: wp.CiphertextBlob! }))).Plaintext!.length, 32);
    const both = await fail(kms().send(new GenerateDataKeyCommand({ KeyId: a.KeyId!, KeySpec: 'AES_256', NumberOfBytes: 32 })));
    assert.equal(both.name, 'ValidationException');
    assert.equal((await kms().send(new GenerateRandomCommand({ NumberOfBytes: 1024 }))).Plaintext!.length, 1024);
    assert.equal((await fail(kms().send(new GenerateRandomCommand({ NumberOfBytes: 1025 })))).name, 'ValidationException');
    assert.equal((await fail(kms().send(new EncryptCommand({ KeyId: a.KeyId!, Plaintext: new Uint8Array(4097) })))).name, 'ValidationException');
    await kms().send(new EncryptCommand({ KeyId: a.KeyId!, Plaintext: new Uint8Array(4096) }));
  });

  it('disabled key: DisabledException, then works after EnableKey; pending deletion: KMSInvalidStateException; cancel leaves it Disabled', async () => {
    const m = await newKey();
    await kms().send(new DisableKeyCommand({ KeyId: m.KeyId! }));
    const d = await fail(kms().send(new EncryptCommand({ KeyId: m.KeyId!, Plaintext: enc.encode('x') })));
    assert.equal(d.name, 'DisabledException');
    assert.equal(d.message, `${m.Arn} is disabled.`);
    await kms().send(new EnableKeyCommand({ KeyId: m.KeyId! }));
    await kms().send(new EncryptCommand({ KeyId: m.KeyId!, Plaintext: enc.encode('x') }));
    const tooShort = await fail(kms().send(new ScheduleKeyDeletionCommand({ KeyId: m.KeyId!, PendingWindowInDays: 6 })));
    assert.equal(tooShort.name, 'ValidationException');
    const sch = await kms().send(new ScheduleKeyDeletionCommand({ KeyId: m.KeyId!, PendingWindowInDays: 7 }));
    assert.equal(sch.KeyState, 'PendingDeletion');
    assert.equal(sch.PendingWindowInDays, 7);
    assert.equal(sch.KeyId, m.Arn);
    const p = await fail(kms().send(new EncryptCommand({ KeyId: m.KeyId!, Plaintext: enc.encode('x') })));
    assert.equal(p.name, 'KMSInvalidStateException');
    assert.equal(p.message, `${m.Arn} is pending deletion.`);
    const desc = (await kms().send(new DescribeKeyCommand({ KeyId: m.KeyId! }))).KeyMetadata!;
    assert.equal(desc.KeyState, 'PendingDeletion');
    assert.ok(desc.DeletionDate instanceof Date);
    await kms().send(new CancelKeyDeletionCommand({ KeyId: m.KeyId! }));
    const after = (await kms().send(new DescribeKeyCommand({ KeyId: m.KeyId! }))).KeyMetadata!;
    assert.equal(after.KeyState, 'Disabled');
    assert.equal(after.DeletionDate, undefined);
  });

  it('aliases: DescribeKey and Encrypt by alias name and alias ARN; reserved and malformed names; ListAliases', async () => {
    const a = await newKey();
    const b = await newKey();
    await kms().send(new CreateAliasCommand({ AliasName: 'alias/app', TargetKeyId: a.KeyId! }));
    assert.equal((await fail(kms().send(new CreateAliasCommand({ AliasName: 'alias/app', TargetKeyId: b.KeyId! })))).name, 'AlreadyExistsException');
    const aliasArn = `arn:aws:kms:us-east-1:${s.accountId}:alias/app`;
    assert.equal((await kms().send(new DescribeKeyCommand({ KeyId: 'alias/app' }))).KeyMetadata!.KeyId, a.KeyId);
    assert.equal((await kms().send(new DescribeKeyCommand({ KeyId: aliasArn }))).KeyMetadata!.KeyId, a.KeyId);
    assert.equal((await kms().send(new EncryptCommand({ KeyId: 'alias/app', Plaintext: enc.encode('x') }))).KeyId, a.Arn);
    await kms().send(new UpdateAliasCommand({ AliasName: 'alias/app', TargetKeyId: b.KeyId! }));
    assert.equal((await kms().send(new DescribeKeyCommand({ KeyId: 'alias/app' }))).KeyMetadata!.KeyId, b.KeyId);
    const reserved = await fail(kms().send(new CreateAliasCommand({ AliasName: 'alias/aws/s3', TargetKeyId: a.KeyId! })));
    assert.equal(reserved.name, 'NotAuthorizedException');
    const noPrefix = await fail(kms().send(new CreateAliasCommand({ AliasName: 'app2', TargetKeyId: a.KeyId! })));
    assert.equal(noPrefix.name, 'ValidationException');
    assert.match(noPrefix.message, /Alias must start with the prefix "alias\/"/);
    const listed = (await kms().send(new ListAliasesCommand({ KeyId: b.KeyId! }))).Aliases!;
    assert.deepEqual(listed.map((x) => [x.AliasName, x.AliasArn, x.TargetKeyId]), [['alias/app', aliasArn, b.KeyId]]);
    await kms().send(new DeleteAliasCommand({ AliasName: 'alias/app' }));
    const gone = await fail(kms().send(new DescribeKeyCommand({ KeyId: 'alias/app' })));
    assert.equal(gone.name, 'NotFoundException');
    const missing = await fail(kms().send(new DescribeKeyCommand({ KeyId: `arn:aws:kms:us-east-1:${s.accountId}:key/00000000-0000-0000-0000-000000000000` })));
    assert.equal(missing.name, 'NotFoundException');
    assert.equal(missing.message, `Key 'arn:aws:kms:us-east-1:${s.accountId}:key/00000000-0000-0000-0000-000000000000' does not exist`);
  });
});

/** Every row of AWS's key state table for the operations served, in the states a symmetric key reaches. */
describe('KMS key states (AWS key state table)', () => {
  type Row = [op: string, enabled: string, disabled: string, pending: string];
  // From kms-key-state-table.tsv: OK, or the error code of the note.
  const TABLE: Row[] = [
    ['CancelKeyDeletion', 'KMSInvalidStateException', 'KMSInvalidStateException', 'OK'],
    ['CreateAlias', 'OK', 'OK', 'KMSInvalidStateException'],
    ['Decrypt', 'OK', 'DisabledException', 'KMSInvalidStateException'],
    ['DeleteAlias', 'OK', 'OK', 'OK'],
    ['DescribeKey', 'OK', 'OK', 'OK'],
    ['DisableKey', 'OK', 'OK', 'KMSInvalidStateException'],
    ['EnableKey', 'OK', 'OK', 'KMSInvalidStateException'],
    ['Encrypt', 'OK', 'DisabledException', 'KMSInvalidStateException'],
    ['GenerateDataKey', 'OK', 'DisabledException', 'KMSInvalidStateException'],
    ['GenerateDataKeyWithoutPlaintext', 'OK', 'DisabledException', 'KMSInvalidStateException'],
    ['GetKeyPolicy', 'OK', 'OK', 'OK'],
    ['ListAliases', 'OK', 'OK', 'OK'],
    ['ListKeyPolicies', 'OK', 'OK', 'OK'],
    ['ListResourceTags', 'OK', 'OK', 'OK'],
    ['PutKeyPolicy', 'OK', 'OK', 'OK'],
    ['ReEncrypt', 'OK', 'DisabledException', 'KMSInvalidStateException'],
    ['ScheduleKeyDeletion', 'OK', 'OK', 'KMSInvalidStateException'],
    ['TagResource', 'OK', 'OK', 'KMSInvalidStateException'],
    ['UntagResource', 'OK', 'OK', 'KMSInvalidStateException'],
    ['UpdateAlias', 'OK', 'OK', 'KMSInvalidStateException'],
    ['UpdateKeyDescription', 'OK', 'OK', 'KMSInvalidStateException'],
  ];
  let n = 0;
  /** A key in `state`, with a ciphertext made while it was enabled and an alias to it. */
  const keyIn = async (state: string) => {
    const m = await newKey();
    const blob = (await kms().send(new EncryptCommand({ KeyId: m.KeyId!, Plaintext: enc.encode('s') }))).CiphertextBlob!;
    const alias = `alias/state-${++n}`;
    await kms().send(new CreateAliasCommand({ AliasName: alias, TargetKeyId: m.KeyId! }));
    if (state === 'Disabled') await kms().send(new DisableKeyCommand({ KeyId: m.KeyId! }));
    if (state === 'PendingDeletion') await kms().send(new ScheduleKeyDeletionCommand({ KeyId: m.KeyId!, PendingWindowInDays: 7 }));
    return { id: m.KeyId!, arn: m.Arn!, blob, alias };
  };
  const call = async (op: string, k: { id: string; blob: Uint8Array; alias: string }, other: string) => {
    const c = kms();
    const id = k.id;
    switch (op) {
      case 'CancelKeyDeletion': return c.send(new CancelKeyDeletionCommand({ KeyId: id }));
      case 'CreateAlias': return c.send(new CreateAliasCommand({ AliasName: `${k.alias}-new`, TargetKeyId: id }));
      case 'Decrypt': return c.send(new DecryptCommand({ CiphertextBlob: k.blob }));
      case 'DeleteAlias': return c.send(new DeleteAliasCommand({ AliasName: k.alias }));
      case 'DescribeKey': return c.send(new DescribeKeyCommand({ KeyId: id }));
      case 'DisableKey': return c.send(new DisableKeyCommand({ KeyId: id }));
      case 'EnableKey': return c.send(new EnableKeyCommand({ KeyId: id }));
      case 'Encrypt': return c.send(new EncryptCommand({ KeyId: id, Plaintext: enc.encode('x') }));
      case 'GenerateDataKey': return c.send(new GenerateDataKeyCommand({ KeyId: id, KeySpec: 'AES_256' }));
      case 'GenerateDataKeyWithoutPlaintext': return c.send(new GenerateDataKeyWithoutPlaintextCommand({ KeyId: id, NumberOfBytes: 16 }));
      case 'GetKeyPolicy': return c.send(new GetKeyPolicyCommand({ KeyId: id }));
      case 'ListAliases': return c.send(new ListAliasesCommand({ KeyId: id }));
      case 'ListKeyPolicies': return c.send(new ListKeyPoliciesCommand({ KeyId: id }));
      case 'ListResourceTags': return c.send(new ListResourceTagsCommand({ KeyId: id }));
      case 'PutKeyPolicy': return c.send(new PutKeyPolicyCommand({ KeyId: id, Policy: (await c.send(new GetKeyPolicyCommand({ KeyId: id }))).Policy! }));
      case 'ReEncrypt': return c.send(new ReEncryptCommand({ CiphertextBlob: k.blob, DestinationKeyId: other }));
      case 'ScheduleKeyDeletion': return c.send(new ScheduleKeyDeletionCommand({ KeyId: id, PendingWindowInDays: 7 }));
      case 'TagResource': return c.send(new TagResourceCommand({ KeyId: id, Tags: [{ TagKey: 'a', TagValue: 'b' }] }));
      case 'UntagResource': return c.send(new UntagResourceCommand({ KeyId: id, TagKeys: ['a'] }));
      // Note 10: the alias's new key is the one in `state`.
      case 'UpdateAlias': {
        const fresh = await newKey();
        const alias = `${k.alias}-upd`;
        await c.send(new CreateAliasCommand({ AliasName: alias, TargetKeyId: fresh.KeyId! }));
        return c.send(new UpdateAliasCommand({ AliasName: alias, TargetKeyId: id }));
      }
      case 'UpdateKeyDescription': return c.send(new UpdateKeyDescriptionCommand({ KeyId: id, Description: 'd' }));
      default: throw new Error(op);
    }
  };
  for (const [i, state] of (['Enabled', 'Disabled', 'PendingDeletion'] as const).entries()) {
    it(`${state}: every served operation answers as the table says`, async () => {
      const other = (await newKey()).KeyId!;
      for (const row of TABLE) {
        const k = await keyIn(state);
        const want = row[i + 1]!;
        const got = await call(row[0], k, other).then(() => 'OK', (e: unknown) => (e instanceof KMSServiceException ? e.name : String(e)));
        assert.equal(got, want, `${row[0]} on a ${state} key`);
      }
    });
  }
  it('ReEncrypt: a source pending deletion fails too; UpdateAlias away from a key pending deletion works (note 10)', async () => {
    const k = await keyIn('PendingDeletion');
    const e = await fail(kms().send(new ReEncryptCommand({ CiphertextBlob: k.blob, DestinationKeyId: (await newKey()).KeyId! })));
    assert.equal(e.name, 'KMSInvalidStateException');
    await kms().send(new UpdateAliasCommand({ AliasName: k.alias, TargetKeyId: (await newKey()).KeyId! }));
  });
});

describe('KMS key policies', () => {
  it('an identity policy allowing kms:Decrypt does not help a user the key policy does not trust; the default policy delegates to IAM', async () => {
    const user = await userWithKey(s, 'kms-reader', { policy: doc(allow(['kms:Decrypt', 'kms:Encrypt', 'kms:DescribeKey'], '*')) });
    const untrusting = await newKey(kms(), {
      Policy: doc({ Sid: 'root only', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${s.accountId}:user/nobody-else` }, Action: 'kms:*', Resource: '*' }),
      BypassPolicyLockoutSafetyCheck: true,
    });
    const e = await fail(kms(user).send(new EncryptCommand({ KeyId: untrusting.KeyId!, Plaintext: enc.encode('x') })));
    assert.equal(e.name, 'AccessDeniedException');
    assert.equal(e.$metadata.httpStatusCode, 400);
    assert.equal(e.message, `User: arn:aws:iam::${s.accountId}:user/kms-reader is not authorized to perform: kms:Encrypt on resource: ${untrusting.Arn} because no resource-based policy allows the kms:Encrypt action`);
    // The default key policy lets the account's IAM policies grant.
    const delegating = await newKey();
    const blob = (await kms(user).send(new EncryptCommand({ KeyId: delegating.KeyId!, Plaintext: enc.encode('ok'), EncryptionContext: { app: 'a' } }))).CiphertextBlob!;
    assert.equal(Buffer.from((await kms(user).send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: { app: 'a' } }))).Plaintext!).toString(), 'ok');
    // ...and only for what they allow.
    const denied = await fail(kms(user).send(new ScheduleKeyDeletionCommand({ KeyId: delegating.KeyId! })));
    assert.equal(denied.name, 'AccessDeniedException');
    assert.match(denied.message, /because no identity-based policy allows the kms:ScheduleKeyDeletion action/);
  });

  it('kms:EncryptionContext and kms:RequestAlias conditions in the key policy', async () => {
    const user = await userWithKey(s, 'kms-ctx', { policy: doc(allow('kms:GetPublicKey', '*')) });
    const m = await newKey(kms(), {
      Policy: doc(
        { Sid: 'admin', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${s.accountId}:root` }, Action: 'kms:*', Resource: '*' },
        { Sid: 'ctx', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${s.accountId}:user/kms-ctx` }, Action: 'kms:Encrypt', Resource: '*', Condition: { StringEquals: { 'kms:EncryptionContext:tenant': 'blue' } } },
        { Sid: 'alias', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${s.accountId}:user/kms-ctx` }, Action: 'kms:DescribeKey', Resource: '*', Condition: { StringEquals: { 'kms:RequestAlias': 'alias/ctx-key' } } },
      ),
    });
    await kms().send(new CreateAliasCommand({ AliasName: 'alias/ctx-key', TargetKeyId: m.KeyId! }));
    await kms(user).send(new EncryptCommand({ KeyId: m.KeyId!, Plaintext: enc.encode('x'), EncryptionContext: { tenant: 'blue' } }));
    assert.equal((await fail(kms(user).send(new EncryptCommand({ KeyId: m.KeyId!, Plaintext: enc.encode('x'), EncryptionContext: { tenant: 'red' } })))).name, 'AccessDeniedException');
    assert.equal((await fail(kms(user).send(new EncryptCommand({ KeyId: m.KeyId!, Plaintext: enc.encode('x') })))).name, 'AccessDeniedException');
    await kms(user).send(new DescribeKeyCommand({ KeyId: 'alias/ctx-key' }));
    assert.equal((await fail(kms(user).send(new DescribeKeyCommand({ KeyId: m.KeyId! })))).name, 'AccessDeniedException');
  });

  it('kms:ResourceAliases: an IAM policy allowing the keys with an alias of a prefix follows the aliases as they change', async () => {
    // AWS's ABAC example: access by the key's aliases, whatever key id the request names.
    const user = await userWithKey(s, 'kms-abac', { policy: doc(allow('kms:Encrypt', `arn:aws:kms:us-east-1:${s.accountId}:key/*`, { 'ForAnyValue:StringLike': { 'kms:ResourceAliases': 'alias/finance-*' } })) });
    const m = await newKey();
    const other = await newKey();
    const encrypt = () => kms(user).send(new EncryptCommand({ KeyId: m.KeyId!, Plaintext: enc.encode('x') }));
    assert.equal((await fail(encrypt())).name, 'AccessDeniedException', 'no alias yet');
    await kms().send(new CreateAliasCommand({ AliasName: 'alias/finance-payroll', TargetKeyId: m.KeyId! }));
    await encrypt();
    await kms().send(new CreateAliasCommand({ AliasName: 'alias/hr-records', TargetKeyId: m.KeyId! }));
    await encrypt();
    await kms().send(new UpdateAliasCommand({ AliasName: 'alias/finance-payroll', TargetKeyId: other.KeyId! }));
    assert.equal((await fail(encrypt())).name, 'AccessDeniedException', 'its finance alias moved to another key');
    await kms(user).send(new EncryptCommand({ KeyId: other.KeyId!, Plaintext: enc.encode('x') }));
    await kms().send(new DeleteAliasCommand({ AliasName: 'alias/finance-payroll' }));
    assert.equal((await fail(kms(user).send(new EncryptCommand({ KeyId: other.KeyId!, Plaintext: enc.encode('x') })))).name, 'AccessDeniedException');
  });

  it('aws:RequestTag on CreateKey and TagResource reads KMS\'s TagKey/TagValue', async () => {
    const user = await userWithKey(s, 'kms-tagger', { policy: doc(allow(['kms:CreateKey', 'kms:TagResource'], '*', { StringEquals: { 'aws:RequestTag/team': 'blue' } })) });
    const m = (await kms(user).send(new CreateKeyCommand({ Tags: [{ TagKey: 'team', TagValue: 'blue' }] }))).KeyMetadata!;
    assert.equal((await fail(kms(user).send(new CreateKeyCommand({ Tags: [{ TagKey: 'team', TagValue: 'red' }] })))).name, 'AccessDeniedException');
    await kms(user).send(new TagResourceCommand({ KeyId: m.KeyId!, Tags: [{ TagKey: 'team', TagValue: 'blue' }] }));
    assert.equal((await fail(kms(user).send(new TagResourceCommand({ KeyId: m.KeyId!, Tags: [{ TagKey: 'team', TagValue: 'red' }] })))).name, 'AccessDeniedException');
  });

  it('lockout safety check: a policy that does not let the caller PutKeyPolicy later is refused unless bypassed', async () => {
    const locked = doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${s.accountId}:user/someone` }, Action: 'kms:*', Resource: '*' });
    const e = await fail(kms().send(new CreateKeyCommand({ Policy: locked })));
    assert.equal(e.name, 'MalformedPolicyDocumentException');
    assert.equal(e.message, 'The new key policy will not allow you to update the key policy in the future.');
    const m = await newKey();
    assert.equal((await fail(kms().send(new PutKeyPolicyCommand({ KeyId: m.KeyId!, Policy: locked })))).name, 'MalformedPolicyDocumentException');
    const noPrincipal = await fail(kms().send(new PutKeyPolicyCommand({ KeyId: m.KeyId!, Policy: doc({ Effect: 'Allow', Action: 'kms:*', Resource: '*' }) })));
    assert.equal(noPrincipal.name, 'MalformedPolicyDocumentException');
    await kms().send(new PutKeyPolicyCommand({ KeyId: m.KeyId!, Policy: locked, BypassPolicyLockoutSafetyCheck: true }));
    // Now even root is locked out: the key policy must grant, and it names someone else.
    const root = await fail(kms().send(new EncryptCommand({ KeyId: m.KeyId!, Plaintext: enc.encode('x') })));
    assert.equal(root.name, 'AccessDeniedException');
  });
});

describe('KMS across accounts', () => {
  let B: RootCredentials;
  before(async () => {
    B = await createAccount(s.runtime.store, { now: Date.now() });
  });

  it('Decrypt of a key of another account only when its key policy and the caller\'s identity policy both allow', async () => {
    const A = s.accountId;
    const shared = await newKey(kms(), {
      Policy: doc(
        { Sid: 'admin', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'kms:*', Resource: '*' },
        { Sid: 'b', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${B.accountId}:root` }, Action: ['kms:Decrypt', 'kms:Encrypt'], Resource: '*' },
      ),
    });
    const privateKey = await newKey();
    const blob = (await kms().send(new EncryptCommand({ KeyId: shared.KeyId!, Plaintext: enc.encode('shared secret') }))).CiphertextBlob!;
    const blobPrivate = (await kms().send(new EncryptCommand({ KeyId: privateKey.KeyId!, Plaintext: enc.encode('mine') }))).CiphertextBlob!;
    const bRoot: Creds = { accessKeyId: B.accessKeyId, secretAccessKey: B.secretAccessKey };
    // B's root is allowed by its own account; A's key policy grants B.
    assert.equal(Buffer.from((await kms(bRoot).send(new DecryptCommand({ CiphertextBlob: blob }))).Plaintext!).toString(), 'shared secret');
    assert.equal((await kms(bRoot).send(new EncryptCommand({ KeyId: shared.Arn!, Plaintext: enc.encode('x') }))).KeyId, shared.Arn);
    // A's private key (default policy: A only) is not B's.
    const e = await fail(kms(bRoot).send(new DecryptCommand({ CiphertextBlob: blobPrivate })));
    assert.equal(e.name, 'AccessDeniedException');
    // A user of B needs its own identity policy too.
    const bIam = new (await import('@aws-sdk/client-iam')).IAMClient({ endpoint: s.url, region: 'us-east-1', credentials: bRoot, maxAttempts: 1 });
    const { CreateUserCommand, CreateAccessKeyCommand, PutUserPolicyCommand } = await import('@aws-sdk/client-iam');
    for (const name of ['with-policy', 'without']) {
      await bIam.send(new CreateUserCommand({ UserName: name }));
      if (name === 'with-policy') await bIam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'p', PolicyDocument: doc(allow('kms:Decrypt', shared.Arn!)) }));
    }
    const key = async (name: string): Promise<Creds> => {
      const k = (await bIam.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey!;
      return { accessKeyId: k.AccessKeyId!, secretAccessKey: k.SecretAccessKey! };
    };
    assert.equal(Buffer.from((await kms(await key('with-policy')).send(new DecryptCommand({ CiphertextBlob: blob }))).Plaintext!).toString(), 'shared secret');
    const without = await fail(kms(await key('without')).send(new DecryptCommand({ CiphertextBlob: blob })));
    assert.equal(without.name, 'AccessDeniedException');
    assert.match(without.message, /because no identity-based policy allows the kms:Decrypt action/);
    // Key management is not cross-account.
    const mgmt = await fail(kms(bRoot).send(new DisableKeyCommand({ KeyId: shared.Arn! })));
    assert.ok(['AccessDeniedException', 'NotFoundException'].includes(mgmt.name), mgmt.name);
  });
});

describe('KMS at rest', () => {
  it('the data dir holds neither a known plaintext nor a ciphertext\'s plaintext key material', async () => {
    const marker = 'PLAINTEXT-MARKER-8d1f0c2e-never-stored';
    const m = await newKey();
    await kms().send(new EncryptCommand({ KeyId: m.KeyId!, Plaintext: enc.encode(marker) }));
    const dk = await kms().send(new GenerateDataKeyCommand({ KeyId: m.KeyId!, KeySpec: 'AES_256' }));
    // The key material, as the server opens it (test-only access to the store), must not appear either.
    const { material, materialKey, regionScope } = await import('../../src/services/kms/store.js');
    const where = { table: 'kms.key-material', scope: regionScope(s.accountId, 'us-east-1'), key: materialKey(m.KeyId!, 1) };
    const sealed = (await material.get(s.runtime.store, where.scope, where.key))!.sealed;
    const keyBytes = s.runtime.store.sealer.open(sealed, where);
    assert.equal(keyBytes.length, 32);
    const needles = [Buffer.from(marker), keyBytes, Buffer.from(keyBytes.toString('base64')), Buffer.from(keyBytes.toString('hex')), Buffer.from(dk.Plaintext!), Buffer.from(Buffer.from(dk.Plaintext!).toString('base64'))];
    const files: string[] = [];
    const walk = (d: string) => {
      for (const n of readdirSync(d)) {
        const p = join(d, n);
        if (statSync(p).isDirectory()) walk(p);
        else files.push(p);
      }
    };
    walk(s.dataDir);
    assert.ok(files.length > 0);
    for (const f of files) {
      const bytes = readFileSync(f);
      for (const needle of needles) assert.equal(bytes.indexOf(needle), -1, `${f} holds a secret`);
    }
  });
});
