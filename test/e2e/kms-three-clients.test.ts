/**
 * Every KMS operation Rampart serves, through the AWS SDK v3, boto3 and the AWS CLI alike: one
 * scenario per client (test/helpers/three-clients.ts), each checking the answers it got, and a check
 * that the scenarios together call every operation /_rampart/health lists for KMS (a new operation
 * fails this test until it is added here).
 */
import assert from 'node:assert/strict';
import { constants, createPublicKey, diffieHellman, generateKeyPairSync, publicEncrypt, randomBytes, verify } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { boto3Caller, cliCaller, sdkCaller, type ApiCaller, type CallResult, type Json } from '../helpers/three-clients.js';
import { startTestServer, type TestServer } from '../helpers/rampart.js';

let s: TestServer;
const called = new Set<string>();
before(async () => {
  s = await startTestServer();
});
after(() => s.close());

type Ok = Record<string, Json>;
/** A call that must succeed; returns its normalized output. */
async function ok(c: ApiCaller, op: string, input: Record<string, unknown> = {}): Promise<Ok> {
  called.add(op);
  const r = await c.call(op, input);
  if ('error' in r) assert.fail(`${c.name} ${op}: ${r.error.code} ${r.error.message}`);
  return r.ok;
}
/** A call that must fail with `code` (and `status` where the client reports one). */
async function fails(c: ApiCaller, op: string, input: Record<string, unknown>, code: string, status = 400): Promise<string> {
  called.add(op);
  const r: CallResult = await c.call(op, input);
  if (!('error' in r)) return assert.fail(`${c.name} ${op}: expected ${code}, got success`);
  assert.equal(r.error.code, code, `${c.name} ${op}: ${r.error.message}`);
  if (r.error.status !== -1) assert.equal(r.error.status, status, `${c.name} ${op} status`);
  return r.error.message;
}

async function scenario(c: ApiCaller): Promise<void> {
  const tag = c.name;
  const key = (await ok(c, 'CreateKey', { Description: `three ${tag}`, Tags: [{ TagKey: 'client', TagValue: tag }] }))['KeyMetadata'] as Ok;
  const keyId = key['KeyId'] as string;
  const arn = key['Arn'] as string;
  assert.equal(key['KeyState'], 'Enabled');
  assert.equal(key['KeySpec'], 'SYMMETRIC_DEFAULT');
  assert.equal(typeof key['CreationDate'], 'number');
  assert.equal(((await ok(c, 'DescribeKey', { KeyId: arn }))['KeyMetadata'] as Ok)['Description'], `three ${tag}`);
  await ok(c, 'UpdateKeyDescription', { KeyId: keyId, Description: 'changed' });
  const listed = (await ok(c, 'ListKeys', { Limit: 1000 }))['Keys'] as Ok[];
  assert.ok(listed.some((k) => k['KeyId'] === keyId));

  await ok(c, 'CreateAlias', { AliasName: `alias/three-${tag}`, TargetKeyId: keyId });
  const other = ((await ok(c, 'CreateKey', {}))['KeyMetadata'] as Ok)['KeyId'] as string;
  await ok(c, 'UpdateAlias', { AliasName: `alias/three-${tag}`, TargetKeyId: other });
  const aliases = (await ok(c, 'ListAliases', { KeyId: other }))['Aliases'] as Ok[];
  assert.deepEqual(aliases.map((a) => a['AliasName']), [`alias/three-${tag}`]);
  await ok(c, 'DeleteAlias', { AliasName: `alias/three-${tag}` });
  await fails(c, 'DeleteAlias', { AliasName: `alias/three-${tag}` }, 'NotFoundException');

  await ok(c, 'TagResource', { KeyId: keyId, Tags: [{ TagKey: 'team', TagValue: 'red' }] });
  await ok(c, 'UntagResource', { KeyId: keyId, TagKeys: ['client'] });
  assert.deepEqual((await ok(c, 'ListResourceTags', { KeyId: keyId }))['Tags'], [{ TagKey: 'team', TagValue: 'red' }]);
  assert.deepEqual((await ok(c, 'ListKeyPolicies', { KeyId: keyId }))['PolicyNames'], ['default']);
  const policy = JSON.parse((await ok(c, 'GetKeyPolicy', { KeyId: keyId, PolicyName: 'default' }))['Policy'] as string) as { Statement: object[] };
  policy.Statement.push({ Sid: 'nobody', Effect: 'Deny', Principal: { AWS: `arn:aws:iam::${s.accountId}:root` }, Action: 'kms:Sign', Resource: '*' });
  await ok(c, 'PutKeyPolicy', { KeyId: keyId, PolicyName: 'default', Policy: JSON.stringify(policy) });

  const plaintext = Buffer.from(`secret of ${tag}`);
  const enc = await ok(c, 'Encrypt', { KeyId: keyId, Plaintext: plaintext, EncryptionContext: { client: tag } });
  assert.equal(enc['KeyId'], arn);
  const blob = Buffer.from(enc['CiphertextBlob'] as string, 'base64');
  const dec = await ok(c, 'Decrypt', { CiphertextBlob: blob, EncryptionContext: { client: tag } });
  assert.equal(Buffer.from(dec['Plaintext'] as string, 'base64').toString(), plaintext.toString());
  await fails(c, 'Decrypt', { CiphertextBlob: blob, EncryptionContext: { client: 'other' } }, 'InvalidCiphertextException');
  const re = await ok(c, 'ReEncrypt', { CiphertextBlob: blob, SourceEncryptionContext: { client: tag }, DestinationKeyId: other });
  assert.equal(re['SourceKeyId'], arn);
  const back = await ok(c, 'Decrypt', { CiphertextBlob: Buffer.from(re['CiphertextBlob'] as string, 'base64') });
  assert.equal(Buffer.from(back['Plaintext'] as string, 'base64').toString(), plaintext.toString());
  const dk = await ok(c, 'GenerateDataKey', { KeyId: keyId, KeySpec: 'AES_256' });
  assert.equal(Buffer.from(dk['Plaintext'] as string, 'base64').length, 32);
  const dk2 = await ok(c, 'GenerateDataKeyWithoutPlaintext', { KeyId: keyId, NumberOfBytes: 16 });
  assert.equal(dk2['Plaintext'], undefined);
  assert.equal(Buffer.from((await ok(c, 'Decrypt', { CiphertextBlob: Buffer.from(dk2['CiphertextBlob'] as string, 'base64') }))['Plaintext'] as string, 'base64').length, 16);
  assert.equal(Buffer.from((await ok(c, 'GenerateRandom', { NumberOfBytes: 24 }))['Plaintext'] as string, 'base64').length, 24);

  // Grants: the account's root as grantee (the grant's principal check is all that matters here).
  const grantee = `arn:aws:iam::${s.accountId}:root`;
  const grant = await ok(c, 'CreateGrant', { KeyId: keyId, GranteePrincipal: grantee, RetiringPrincipal: grantee, Operations: ['Decrypt', 'RetireGrant'], Constraints: { EncryptionContextSubset: { client: tag } }, Name: `g-${tag}` });
  assert.equal(typeof grant['GrantToken'], 'string');
  const grants = (await ok(c, 'ListGrants', { KeyId: keyId }))['Grants'] as Ok[];
  assert.deepEqual(grants.map((g) => [g['GrantId'], g['Name'], g['Operations']]), [[grant['GrantId'], `g-${tag}`, ['Decrypt', 'RetireGrant']]]);
  const retirable = (await ok(c, 'ListRetirableGrants', { RetiringPrincipal: grantee }))['Grants'] as Ok[];
  assert.ok(retirable.some((g) => g['GrantId'] === grant['GrantId']));
  await ok(c, 'Decrypt', { CiphertextBlob: blob, EncryptionContext: { client: tag }, GrantTokens: [grant['GrantToken']] });
  await fails(c, 'Decrypt', { CiphertextBlob: blob, EncryptionContext: { client: tag }, GrantTokens: ['not-a-grant-token'] }, 'InvalidGrantTokenException');
  await ok(c, 'RetireGrant', { GrantToken: grant['GrantToken'] });
  const second = await ok(c, 'CreateGrant', { KeyId: keyId, GranteePrincipal: grantee, Operations: ['Encrypt'] });
  await ok(c, 'RevokeGrant', { KeyId: keyId, GrantId: second['GrantId'] });
  assert.deepEqual((await ok(c, 'ListGrants', { KeyId: keyId }))['Grants'], []);

  // Rotation: old ciphertexts still decrypt after an on-demand rotation.
  await ok(c, 'EnableKeyRotation', { KeyId: keyId, RotationPeriodInDays: 180 });
  const status = await ok(c, 'GetKeyRotationStatus', { KeyId: keyId });
  assert.deepEqual([status['KeyRotationEnabled'], status['RotationPeriodInDays']], [true, 180]);
  await ok(c, 'RotateKeyOnDemand', { KeyId: keyId });
  assert.equal(((await ok(c, 'ListKeyRotations', { KeyId: keyId }))['Rotations'] as Ok[]).length, 1);
  assert.equal(Buffer.from((await ok(c, 'Decrypt', { CiphertextBlob: blob, EncryptionContext: { client: tag } }))['Plaintext'] as string, 'base64').toString(), plaintext.toString());
  await ok(c, 'DisableKeyRotation', { KeyId: keyId });

  // Imported material, wrapped here as a customer wraps it.
  const external = ((await ok(c, 'CreateKey', { Origin: 'EXTERNAL' }))['KeyMetadata'] as Ok)['KeyId'] as string;
  const params = await ok(c, 'GetParametersForImport', { KeyId: external, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' });
  const wrappingKey = createPublicKey({ key: Buffer.from(params['PublicKey'] as string, 'base64'), format: 'der', type: 'spki' });
  const wrapped = publicEncrypt({ key: wrappingKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, randomBytes(32));
  await ok(c, 'ImportKeyMaterial', { KeyId: external, ImportToken: Buffer.from(params['ImportToken'] as string, 'base64'), EncryptedKeyMaterial: wrapped, ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' });
  await ok(c, 'Encrypt', { KeyId: external, Plaintext: plaintext });
  await ok(c, 'DeleteImportedKeyMaterial', { KeyId: external });
  assert.equal(((await ok(c, 'DescribeKey', { KeyId: external }))['KeyMetadata'] as Ok)['KeyState'], 'PendingImport');

  // A multi-Region key: its replica in eu-west-1 becomes the primary.
  const mrk = (await ok(c, 'CreateKey', { MultiRegion: true }))['KeyMetadata'] as Ok;
  const replica = (await ok(c, 'ReplicateKey', { KeyId: mrk['Arn'], ReplicaRegion: 'eu-west-1' }))['ReplicaKeyMetadata'] as Ok;
  assert.equal(replica['Arn'], (mrk['Arn'] as string).replace(':us-east-1:', ':eu-west-1:'));
  await ok(c, 'UpdatePrimaryRegion', { KeyId: mrk['Arn'], PrimaryRegion: 'eu-west-1' });
  const config = ((await ok(c, 'DescribeKey', { KeyId: mrk['KeyId'] }))['KeyMetadata'] as Ok)['MultiRegionConfiguration'] as Ok;
  assert.equal(config['MultiRegionKeyType'], 'REPLICA');

  // Asymmetric and HMAC keys: a signature checked by Node with the public key, a MAC, ECDH, data key pairs.
  const signer = ((await ok(c, 'CreateKey', { KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' }))['KeyMetadata'] as Ok)['KeyId'] as string;
  const message = Buffer.from(`signed by ${tag}`);
  const signature = Buffer.from((await ok(c, 'Sign', { KeyId: signer, Message: message, SigningAlgorithm: 'ECDSA_SHA_256' }))['Signature'] as string, 'base64');
  assert.equal((await ok(c, 'Verify', { KeyId: signer, Message: message, Signature: signature, SigningAlgorithm: 'ECDSA_SHA_256' }))['SignatureValid'], true);
  const spki = Buffer.from((await ok(c, 'GetPublicKey', { KeyId: signer }))['PublicKey'] as string, 'base64');
  assert.ok(verify('sha256', message, createPublicKey({ key: spki, format: 'der', type: 'spki' }), signature));
  const macKey = ((await ok(c, 'CreateKey', { KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' }))['KeyMetadata'] as Ok)['KeyId'] as string;
  const mac = Buffer.from((await ok(c, 'GenerateMac', { KeyId: macKey, Message: message, MacAlgorithm: 'HMAC_SHA_256' }))['Mac'] as string, 'base64');
  assert.equal((await ok(c, 'VerifyMac', { KeyId: macKey, Message: message, Mac: mac, MacAlgorithm: 'HMAC_SHA_256' }))['MacValid'], true);
  await fails(c, 'VerifyMac', { KeyId: macKey, Message: Buffer.from('other'), Mac: mac, MacAlgorithm: 'HMAC_SHA_256' }, 'KMSInvalidMacException');
  const agreeing = ((await ok(c, 'CreateKey', { KeySpec: 'ECC_NIST_P256', KeyUsage: 'KEY_AGREEMENT' }))['KeyMetadata'] as Ok)['KeyId'] as string;
  const mine = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const shared = Buffer.from((await ok(c, 'DeriveSharedSecret', { KeyId: agreeing, KeyAgreementAlgorithm: 'ECDH', PublicKey: mine.publicKey.export({ type: 'spki', format: 'der' }) }))['SharedSecret'] as string, 'base64');
  const theirs = createPublicKey({ key: Buffer.from((await ok(c, 'GetPublicKey', { KeyId: agreeing }))['PublicKey'] as string, 'base64'), format: 'der', type: 'spki' });
  assert.deepEqual(shared, diffieHellman({ privateKey: mine.privateKey, publicKey: theirs }));
  const pair = await ok(c, 'GenerateDataKeyPair', { KeyId: keyId, KeyPairSpec: 'ECC_NIST_P256' });
  const pairPrivate = Buffer.from((await ok(c, 'Decrypt', { CiphertextBlob: Buffer.from(pair['PrivateKeyCiphertextBlob'] as string, 'base64') }))['Plaintext'] as string, 'base64');
  assert.deepEqual(pairPrivate, Buffer.from(pair['PrivateKeyPlaintext'] as string, 'base64'));
  assert.equal((await ok(c, 'GenerateDataKeyPairWithoutPlaintext', { KeyId: keyId, KeyPairSpec: 'RSA_2048' }))['PrivateKeyPlaintext'], undefined);

  await ok(c, 'DisableKey', { KeyId: keyId });
  assert.equal(await fails(c, 'Encrypt', { KeyId: keyId, Plaintext: plaintext }, 'DisabledException'), `${arn} is disabled.`);
  await ok(c, 'EnableKey', { KeyId: keyId });
  const scheduled = await ok(c, 'ScheduleKeyDeletion', { KeyId: keyId, PendingWindowInDays: 7 });
  assert.equal(scheduled['KeyState'], 'PendingDeletion');
  assert.equal(await fails(c, 'Decrypt', { CiphertextBlob: blob, EncryptionContext: { client: tag } }, 'KMSInvalidStateException'), `${arn} is pending deletion.`);
  await ok(c, 'CancelKeyDeletion', { KeyId: keyId });
  assert.equal(((await ok(c, 'DescribeKey', { KeyId: keyId }))['KeyMetadata'] as Ok)['KeyState'], 'Disabled');
}

describe('KMS through three clients', () => {
  for (const make of [
    async () => sdkCaller(s, (await import('@aws-sdk/client-kms')) as Record<string, unknown>, 'KMSClient'),
    async () => boto3Caller(s, 'kms'),
    async () => cliCaller(s, 'kms'),
  ]) {
    it('runs the scenario', async (t) => {
      const c = await make();
      t.diagnostic(c.name);
      try {
        await scenario(c);
      } finally {
        await c.close();
      }
    });
  }

  it('the scenarios called every KMS operation Rampart serves', async () => {
    const health = (await (await fetch(`${s.url}/_rampart/health`)).json()) as { services: Record<string, string[]> };
    const missing = health.services['kms']!.filter((op) => !called.has(op));
    assert.deepEqual(missing, [], 'operations served but not exercised through the three clients');
  });
});
