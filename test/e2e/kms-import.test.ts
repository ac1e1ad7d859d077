/**
 * KMS imported key material through the AWS SDK v3: CreateKey Origin EXTERNAL, GetParametersForImport
 * and ImportKeyMaterial with each wrapping algorithm served (the material wrapped locally with Node's
 * crypto as a customer would), the errors (tokens, wrapping, expiration model), DeleteImportedKeyMaterial
 * and re-import of the same material only, and expiry at ValidTo.
 */
import assert from 'node:assert/strict';
import { constants, createCipheriv, publicEncrypt, randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import {
  CreateKeyCommand,
  DecryptCommand,
  DeleteImportedKeyMaterialCommand,
  DescribeKeyCommand,
  EncryptCommand,
  GetParametersForImportCommand,
  ImportKeyMaterialCommand,
  KMSClient,
  type AlgorithmSpec,
  type WrappingKeySpec,
} from '@aws-sdk/client-kms';
import { importParams, regionScope } from '../../src/services/kms/store.js';
import { kmsFailure } from './kms-support.js';
import { startTestServer, type TestServer } from '../helpers/rampart.js';

const DAY = 86_400_000;
const enc = new TextEncoder();
let s: TestServer;
const kms = () => new KMSClient({ endpoint: s.url, region: 'us-east-1', credentials: s.credentials, maxAttempts: 1 });
const fail = kmsFailure;
const newKey = async (extra: Record<string, unknown> = {}) => (await kms().send(new CreateKeyCommand({ Description: 'import', ...extra }))).KeyMetadata!;
const text = (b: Uint8Array | undefined) => Buffer.from(b!).toString();

before(async () => {
  s = await startTestServer();
});
after(() => s.close());

/** What a customer does with GetParametersForImport's answer: wraps 32 bytes of material under the public key. */
function wrap(alg: AlgorithmSpec, publicKeyDer: Uint8Array, materialBytes: Buffer): Buffer {
  const key = { key: Buffer.from(publicKeyDer), format: 'der' as const, type: 'spki' as const };
  const hash = alg.endsWith('SHA_1') ? 'sha1' : 'sha256';
  const oaep = (data: Buffer) => publicEncrypt({ ...key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: hash }, data);
  if (alg.startsWith('RSAES_OAEP')) return oaep(materialBytes);
  const aes = randomBytes(32);
  const c = createCipheriv('id-aes256-wrap-pad', aes, Buffer.from('a65959a6', 'hex'));
  return Buffer.concat([oaep(aes), c.update(materialBytes), c.final()]);
}

describe('KMS imported key material', () => {
  const importInto = async (keyId: string, materialBytes: Buffer, alg: AlgorithmSpec = 'RSAES_OAEP_SHA_256', spec: WrappingKeySpec = 'RSA_2048', extra: Record<string, unknown> = { ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' }) => {
    const p = await kms().send(new GetParametersForImportCommand({ KeyId: keyId, WrappingAlgorithm: alg, WrappingKeySpec: spec }));
    return kms().send(new ImportKeyMaterialCommand({ KeyId: keyId, ImportToken: p.ImportToken!, EncryptedKeyMaterial: wrap(alg, p.PublicKey!, materialBytes), ...extra }));
  };

  const cases: [AlgorithmSpec, WrappingKeySpec][] = [['RSAES_OAEP_SHA_1', 'RSA_2048'], ['RSAES_OAEP_SHA_256', 'RSA_3072'], ['RSA_AES_KEY_WRAP_SHA_1', 'RSA_2048'], ['RSA_AES_KEY_WRAP_SHA_256', 'RSA_2048']];
  for (const [alg, spec] of cases) {
    it(`round trip with ${alg} / ${spec}`, async () => {
      const m = await newKey({ Origin: 'EXTERNAL' });
      assert.deepEqual([m.Origin, m.KeyState, m.Enabled], ['EXTERNAL', 'PendingImport', false]);
      const pending = await fail(kms().send(new EncryptCommand({ KeyId: m.KeyId!, Plaintext: enc.encode('x') })));
      assert.deepEqual([pending.name, pending.message], ['KMSInvalidStateException', `${m.Arn} is pending import.`]);
      const t0 = Date.now();
      const p = await kms().send(new GetParametersForImportCommand({ KeyId: m.KeyId!, WrappingAlgorithm: alg, WrappingKeySpec: spec }));
      assert.equal(p.KeyId, m.Arn);
      assert.ok(Math.abs(p.ParametersValidTo!.getTime() - (t0 + DAY)) < 60_000);
      const material = randomBytes(32);
      const r = await kms().send(new ImportKeyMaterialCommand({ KeyId: m.KeyId!, ImportToken: p.ImportToken!, EncryptedKeyMaterial: wrap(alg, p.PublicKey!, material), ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' }));
      assert.equal(r.KeyId, m.Arn);
      assert.match(r.KeyMaterialId!, /^[0-9a-f]{64}$/);
      const d = (await kms().send(new DescribeKeyCommand({ KeyId: m.KeyId! }))).KeyMetadata!;
      assert.deepEqual([d.KeyState, d.Origin, d.ExpirationModel, d.ValidTo], ['Enabled', 'EXTERNAL', 'KEY_MATERIAL_DOES_NOT_EXPIRE', undefined]);
      const blob = (await kms().send(new EncryptCommand({ KeyId: m.KeyId!, Plaintext: enc.encode(`imported ${alg}`) }))).CiphertextBlob!;
      assert.equal(text((await kms().send(new DecryptCommand({ CiphertextBlob: blob }))).Plaintext), `imported ${alg}`);
    });
  }

  it('refuses RSAES_PKCS1_V1_5 (no longer supported by AWS), keys not of origin EXTERNAL, bad tokens and bad wrapping', async () => {
    const m = await newKey({ Origin: 'EXTERNAL' });
    assert.equal((await fail(kms().send(new GetParametersForImportCommand({ KeyId: m.KeyId!, WrappingAlgorithm: 'RSAES_PKCS1_V1_5', WrappingKeySpec: 'RSA_2048' })))).name, 'ValidationException');
    const own = await newKey();
    const ne = await fail(kms().send(new GetParametersForImportCommand({ KeyId: own.KeyId!, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' })));
    assert.deepEqual([ne.name, ne.message], ['UnsupportedOperationException', `${own.Arn} origin is AWS_KMS which is not valid for this operation.`]);
    assert.equal((await fail(kms().send(new DeleteImportedKeyMaterialCommand({ KeyId: own.KeyId! })))).name, 'UnsupportedOperationException');
    const other = await newKey({ Origin: 'EXTERNAL' });
    const p = await kms().send(new GetParametersForImportCommand({ KeyId: m.KeyId!, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' }));
    const wrapped = wrap('RSAES_OAEP_SHA_256', p.PublicKey!, randomBytes(32));
    const import_ = (keyId: string, token: Uint8Array, blob: Uint8Array, extra: Record<string, unknown> = { ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' }) => kms().send(new ImportKeyMaterialCommand({ KeyId: keyId, ImportToken: token, EncryptedKeyMaterial: blob, ...extra }));
    assert.equal((await fail(import_(other.KeyId!, p.ImportToken!, wrapped))).name, 'InvalidImportTokenException', 'token of another key');
    assert.equal((await fail(import_(m.KeyId!, randomBytes(29), wrapped))).name, 'InvalidImportTokenException', 'forged token');
    assert.equal((await fail(import_(m.KeyId!, p.ImportToken!, randomBytes(256)))).name, 'InvalidCiphertextException', 'garbage');
    assert.equal((await fail(import_(m.KeyId!, p.ImportToken!, wrap('RSAES_OAEP_SHA_256', p.PublicKey!, randomBytes(16))))).name, 'ValidationException', '16 bytes');
    assert.equal((await fail(import_(m.KeyId!, p.ImportToken!, wrapped, {}))).name, 'ValidationException', 'KEY_MATERIAL_EXPIRES (default) without ValidTo');
    assert.equal((await fail(import_(m.KeyId!, p.ImportToken!, wrapped, { ValidTo: new Date(Date.now() + 366 * DAY) }))).name, 'ValidationException', 'ValidTo beyond 365 days');
    assert.equal((await fail(import_(m.KeyId!, p.ImportToken!, wrapped, { ValidTo: new Date(Date.now() - 1000) }))).name, 'ValidationException', 'ValidTo past');
    // The token expires 24 hours after it was issued (moved there in the store: test-only access).
    const scope = regionScope(s.accountId, 'us-east-1');
    const rec = (await importParams.get(s.runtime.store, scope, m.KeyId!))!;
    await importParams.put(s.runtime.store, scope, m.KeyId!, { ...rec, validTo: Date.now() - 1 });
    assert.equal((await fail(import_(m.KeyId!, p.ImportToken!, wrapped))).name, 'ExpiredImportTokenException');
    assert.equal((await kms().send(new DescribeKeyCommand({ KeyId: m.KeyId! }))).KeyMetadata!.KeyState, 'PendingImport');
  });

  it('DeleteImportedKeyMaterial: PendingImport; the same material re-imports (old ciphertexts decrypt), other material is refused', async () => {
    const m = await newKey({ Origin: 'EXTERNAL' });
    const material = randomBytes(32);
    const first = await importInto(m.KeyId!, material, 'RSA_AES_KEY_WRAP_SHA_256');
    const blob = (await kms().send(new EncryptCommand({ KeyId: m.KeyId!, Plaintext: enc.encode('keep me') }))).CiphertextBlob!;
    const del = await kms().send(new DeleteImportedKeyMaterialCommand({ KeyId: m.KeyId! }));
    assert.equal(del.KeyId, m.Arn);
    assert.equal((await kms().send(new DescribeKeyCommand({ KeyId: m.KeyId! }))).KeyMetadata!.KeyState, 'PendingImport');
    assert.equal((await fail(kms().send(new DecryptCommand({ CiphertextBlob: blob })))).name, 'KMSInvalidStateException');
    const wrong = await fail(importInto(m.KeyId!, randomBytes(32)));
    assert.equal(wrong.name, 'IncorrectKeyMaterialException');
    const again = await importInto(m.KeyId!, material);
    assert.equal(again.KeyMaterialId, first.KeyMaterialId);
    assert.equal(text((await kms().send(new DecryptCommand({ CiphertextBlob: blob }))).Plaintext), 'keep me');
    // Re-importing into a key that has its material: the same material only.
    assert.equal((await fail(importInto(m.KeyId!, randomBytes(32)))).name, 'IncorrectKeyMaterialException');
  });

  it('material with a ValidTo expires: PendingImport at access, ValidTo and ExpirationModel in DescribeKey before', async () => {
    const m = await newKey({ Origin: 'EXTERNAL' });
    const validTo = new Date(Date.now() + 2500);
    await importInto(m.KeyId!, randomBytes(32), 'RSAES_OAEP_SHA_1', 'RSA_2048', { ExpirationModel: 'KEY_MATERIAL_EXPIRES', ValidTo: validTo });
    const d = (await kms().send(new DescribeKeyCommand({ KeyId: m.KeyId! }))).KeyMetadata!;
    assert.deepEqual([d.KeyState, d.ExpirationModel, d.ValidTo?.getTime()], ['Enabled', 'KEY_MATERIAL_EXPIRES', Math.floor(validTo.getTime() / 1000) * 1000 === validTo.getTime() ? validTo.getTime() : d.ValidTo?.getTime()]);
    assert.ok(Math.abs(d.ValidTo!.getTime() - validTo.getTime()) < 1000);
    await kms().send(new EncryptCommand({ KeyId: m.KeyId!, Plaintext: enc.encode('x') }));
    await new Promise((r) => setTimeout(r, validTo.getTime() - Date.now() + 200));
    const e = await fail(kms().send(new EncryptCommand({ KeyId: m.KeyId!, Plaintext: enc.encode('x') })));
    assert.deepEqual([e.name, e.message], ['KMSInvalidStateException', `${m.Arn} is pending import.`]);
    const after = (await kms().send(new DescribeKeyCommand({ KeyId: m.KeyId! }))).KeyMetadata!;
    assert.deepEqual([after.KeyState, after.ValidTo, after.ExpirationModel], ['PendingImport', undefined, undefined]);
  });
});

