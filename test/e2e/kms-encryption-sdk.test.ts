/**
 * Interoperability with the AWS Encryption SDK for JavaScript (`@aws-crypto/client-node`): its KMS
 * keyring pointed at Rampart encrypts and decrypts messages (GenerateDataKey, Encrypt for every
 * further key, Decrypt with the key id), streamed and whole, with the committing algorithm suite and
 * a signing one, across two keys where either one alone decrypts, and refuses what it must: a message
 * whose key Rampart will not use for the caller, a tampered message, a disabled key. The Python
 * Encryption SDK does not install here (PyPI is not reachable; Debian has no package), so the
 * cross-language check is not made.
 */
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { AlgorithmSuiteIdentifier, buildClient, CommitmentPolicy, getClient, KMS, KmsKeyringNode } from '@aws-crypto/client-node';
import { CreateKeyCommand, DisableKeyCommand, EnableKeyCommand, KMSClient, PutKeyPolicyCommand } from '@aws-sdk/client-kms';
import { startTestServer, type TestServer } from '../helpers/rampart.js';

let s: TestServer;
const { encrypt, decrypt, encryptStream, decryptStream } = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);
const clientProvider = () => getClient(KMS, { endpoint: s.url, credentials: s.credentials, maxAttempts: 1 });
const keyring = (generatorKeyId: string, keyIds: string[] = []) => new KmsKeyringNode({ clientProvider: clientProvider(), generatorKeyId, keyIds });
const kms = () => new KMSClient({ endpoint: s.url, region: 'us-east-1', credentials: s.credentials, maxAttempts: 1 });
const newKey = async () => (await kms().send(new CreateKeyCommand({ Description: 'esdk' }))).KeyMetadata!.Arn!;
const context = { purpose: 'interop', tenant: 'rampart' };

before(async () => {
  s = await startTestServer();
});
after(() => s.close());

describe('AWS Encryption SDK for JavaScript with a KMS keyring on Rampart', () => {
  it('encrypts and decrypts with the committing suite; the message carries the encryption context', async () => {
    const arn = await newKey();
    const plaintext = Buffer.from('a secret for the Encryption SDK '.repeat(100));
    const { result } = await encrypt(keyring(arn), plaintext, { encryptionContext: context });
    assert.equal(result.indexOf(plaintext.subarray(0, 32)), -1);
    const { plaintext: back, messageHeader } = await decrypt(keyring(arn), result);
    assert.deepEqual(back, plaintext);
    assert.equal(messageHeader.encryptedDataKeys.length, 1);
    assert.equal(messageHeader.encryptedDataKeys[0]!.providerInfo, arn);
    for (const [k, v] of Object.entries(context)) assert.equal(messageHeader.encryptionContext[k], v);
  });

  it('the signing committing suite (ECDSA P-384) and the unsigned committing suite both round-trip', async () => {
    const arn = await newKey();
    for (const suiteId of [AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY_ECDSA_P384, AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY]) {
      const { result, messageHeader } = await encrypt(keyring(arn), 'signed or not', { suiteId, encryptionContext: context });
      assert.equal(messageHeader.suiteId, suiteId);
      const back = await decrypt(keyring(arn), result);
      assert.equal(back.plaintext.toString(), 'signed or not');
      assert.equal(back.messageHeader.suiteId, suiteId);
    }
  });

  it('streams a 5 MiB message through encryptStream and back', async () => {
    const arn = await newKey();
    const big = Buffer.alloc(5 * 1024 * 1024, 7);
    const chunks: Buffer[] = [];
    for await (const c of Readable.from([big]).pipe(encryptStream(keyring(arn), { encryptionContext: context }))) chunks.push(c as Buffer);
    const out: Buffer[] = [];
    for await (const c of Readable.from([Buffer.concat(chunks)]).pipe(decryptStream(keyring(arn)))) out.push(c as Buffer);
    assert.ok(Buffer.concat(out).equals(big));
  });

  it('with two keys, either key alone decrypts (GenerateDataKey on one, Encrypt on the other)', async () => {
    const a = await newKey();
    const b = await newKey();
    const { result, messageHeader } = await encrypt(keyring(a, [b]), 'two keys', { encryptionContext: context });
    assert.deepEqual(messageHeader.encryptedDataKeys.map((k) => k.providerInfo), [a, b]);
    assert.equal((await decrypt(keyring(a), result)).plaintext.toString(), 'two keys');
    assert.equal((await decrypt(keyring(b), result)).plaintext.toString(), 'two keys');
  });

  it('refuses: a key the caller may not use, a disabled key, a tampered message', async () => {
    const arn = await newKey();
    const { result } = await encrypt(keyring(arn), 'guarded', { encryptionContext: context });
    const other = await newKey();
    await assert.rejects(decrypt(keyring(other), result), 'a keyring of another key finds no data key it can decrypt');

    await kms().send(new DisableKeyCommand({ KeyId: arn }));
    await assert.rejects(decrypt(keyring(arn), result));
    await kms().send(new EnableKeyCommand({ KeyId: arn }));
    assert.equal((await decrypt(keyring(arn), result)).plaintext.toString(), 'guarded');

    const tampered = Buffer.from(result);
    tampered[tampered.length - 40]! ^= 1;
    await assert.rejects(decrypt(keyring(arn), tampered));

    // A key policy that no longer lets the account use the key: the SDK's Decrypt call is denied.
    const policy = { Version: '2012-10-17', Statement: [{ Sid: 'admin only', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${s.accountId}:root` }, Action: ['kms:PutKeyPolicy', 'kms:GetKeyPolicy', 'kms:DescribeKey'], Resource: '*' }] };
    await kms().send(new PutKeyPolicyCommand({ KeyId: arn, PolicyName: 'default', Policy: JSON.stringify(policy) }));
    await assert.rejects(decrypt(keyring(arn), result), /not authorized to perform: kms:Decrypt|AccessDenied/);
  });
});
