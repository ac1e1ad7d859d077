/**
 * KMS asymmetric and HMAC keys: CreateKey's spec/usage rules, bad input (wrong algorithm or usage,
 * DIGEST of the wrong length, messages over 4096 bytes, malformed signatures and keys: AWS's 4xx,
 * never a 5xx), key states, key policies with the condition keys AWS documents for these
 * operations, cross-account use, and the data dir holding no private or HMAC key.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  CreateKeyCommand,
  DecryptCommand,
  DeriveSharedSecretCommand,
  DisableKeyCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
  GenerateDataKeyPairCommand,
  GenerateDataKeyPairWithoutPlaintextCommand,
  GenerateMacCommand,
  GetPublicKeyCommand,
  ScheduleKeyDeletionCommand,
  SignCommand,
  VerifyCommand,
  VerifyMacCommand,
  type KeySpec,
  type KeyUsageType,
} from '@aws-sdk/client-kms';
import { createAccount } from '../../src/authz/bootstrap-account.js';
import { startTestServer, type TestServer } from '../helpers/rampart.js';
import { allow, doc, userWithKey, type Creds } from './authz-support.js';
import { client, createKey, fail } from './kms-asymmetric-support.js';

let s: TestServer;
const kms = (creds?: Creds) => client(s, creds);
const msg = new TextEncoder().encode('m');

before(async () => {
  s = await startTestServer();
});
after(() => s.close());

describe('KMS CreateKey key specs and usages', () => {
  it('refuses the pairs AWS refuses with its ValidationException text; KeyUsage defaults to ENCRYPT_DECRYPT', async () => {
    const bad: [KeySpec, KeyUsageType | undefined][] = [['ECC_NIST_P256', undefined], ['ECC_NIST_P256', 'ENCRYPT_DECRYPT'], ['ECC_SECG_P256K1', 'KEY_AGREEMENT'], ['HMAC_256', undefined], ['HMAC_256', 'SIGN_VERIFY'], ['RSA_2048', 'KEY_AGREEMENT'], ['SYMMETRIC_DEFAULT', 'SIGN_VERIFY'], ['ECC_NIST_EDWARDS25519', 'KEY_AGREEMENT']];
    for (const [KeySpec, KeyUsage] of bad) {
      const e = await fail(kms().send(new CreateKeyCommand({ KeySpec, ...(KeyUsage ? { KeyUsage } : {}) })));
      assert.deepEqual([e.name, e.message, e.$metadata.httpStatusCode], ['ValidationException', `KeyUsage ${KeyUsage ?? 'ENCRYPT_DECRYPT'} is not compatible with KeySpec ${KeySpec}`, 400]);
    }
    const rsa = (await kms().send(new CreateKeyCommand({ KeySpec: 'RSA_2048' }))).KeyMetadata!;
    assert.deepEqual([rsa.KeyUsage, rsa.EncryptionAlgorithms], ['ENCRYPT_DECRYPT', ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256']]);
    for (const KeySpec of ['SM2', 'ML_DSA_65'] as const) assert.equal((await fail(kms().send(new CreateKeyCommand({ KeySpec, KeyUsage: 'SIGN_VERIFY' })))).name, 'UnsupportedOperationException');
  });
});

describe('KMS asymmetric bad input', () => {
  it('wrong algorithm, wrong usage, DIGEST length, message size, Ed25519 DIGEST: AWS\'s errors', async () => {
    const p256 = await createKey(kms(), 'ECC_NIST_P256', 'SIGN_VERIFY');
    const ed = await createKey(kms(), 'ECC_NIST_EDWARDS25519', 'SIGN_VERIFY');
    const sym = await createKey(kms(), 'SYMMETRIC_DEFAULT', 'ENCRYPT_DECRYPT');
    const hmac = await createKey(kms(), 'HMAC_256', 'GENERATE_VERIFY_MAC');
    const wrongAlg = await fail(kms().send(new SignCommand({ KeyId: p256.KeyId!, Message: msg, SigningAlgorithm: 'ECDSA_SHA_384' })));
    assert.deepEqual([wrongAlg.name, wrongAlg.message], ['InvalidKeyUsageException', 'Algorithm ECDSA_SHA_384 is incompatible with key spec ECC_NIST_P256.']);
    assert.equal((await fail(kms().send(new SignCommand({ KeyId: p256.KeyId!, Message: msg, SigningAlgorithm: 'RSASSA_PSS_SHA_256' })))).name, 'InvalidKeyUsageException');
    const onSym = await fail(kms().send(new SignCommand({ KeyId: sym.KeyId!, Message: msg, SigningAlgorithm: 'ECDSA_SHA_256' })));
    assert.deepEqual([onSym.name, onSym.message], ['InvalidKeyUsageException', `${sym.Arn} key usage is ENCRYPT_DECRYPT which is not valid for Sign.`]);
    const encSign = await fail(kms().send(new EncryptCommand({ KeyId: p256.KeyId!, Plaintext: msg })));
    assert.deepEqual([encSign.name, encSign.message], ['InvalidKeyUsageException', `${p256.Arn} key usage is SIGN_VERIFY which is not valid for Encrypt.`]);
    assert.equal((await fail(kms().send(new GenerateDataKeyCommand({ KeyId: p256.KeyId!, KeySpec: 'AES_256' })))).name, 'InvalidKeyUsageException');
    assert.equal((await fail(kms().send(new GenerateMacCommand({ KeyId: p256.KeyId!, Message: msg, MacAlgorithm: 'HMAC_SHA_256' })))).name, 'InvalidKeyUsageException');
    assert.equal((await fail(kms().send(new SignCommand({ KeyId: hmac.KeyId!, Message: msg, SigningAlgorithm: 'ECDSA_SHA_256' })))).name, 'InvalidKeyUsageException');
    assert.equal((await fail(kms().send(new DeriveSharedSecretCommand({ KeyId: p256.KeyId!, KeyAgreementAlgorithm: 'ECDH', PublicKey: msg })))).name, 'InvalidKeyUsageException');
    for (const n of [0, 31, 33, 64]) {
      const e = await fail(kms().send(new SignCommand({ KeyId: p256.KeyId!, Message: new Uint8Array(n), MessageType: 'DIGEST', SigningAlgorithm: 'ECDSA_SHA_256' })));
      assert.equal(e.name, 'ValidationException', `digest of ${n} bytes`);
    }
    assert.equal((await fail(kms().send(new SignCommand({ KeyId: p256.KeyId!, Message: new Uint8Array(4097), SigningAlgorithm: 'ECDSA_SHA_256' })))).name, 'ValidationException');
    await kms().send(new SignCommand({ KeyId: p256.KeyId!, Message: new Uint8Array(4096), SigningAlgorithm: 'ECDSA_SHA_256' }));
    assert.equal((await fail(kms().send(new SignCommand({ KeyId: ed.KeyId!, Message: new Uint8Array(64), MessageType: 'DIGEST', SigningAlgorithm: 'ED25519_SHA_512' })))).name, 'ValidationException');
    assert.equal((await fail(kms().send(new SignCommand({ KeyId: ed.KeyId!, Message: msg, SigningAlgorithm: 'ED25519_PH_SHA_512' })))).name, 'UnsupportedOperationException');
    assert.equal((await fail(kms().send(new GetPublicKeyCommand({ KeyId: sym.KeyId! })))).name, 'UnsupportedOperationException');
  });

  it('garbage signatures, MACs and public keys are answered 4xx, never 5xx', async () => {
    const keys = await Promise.all([createKey(kms(), 'RSA_2048', 'SIGN_VERIFY'), createKey(kms(), 'ECC_NIST_P521', 'SIGN_VERIFY'), createKey(kms(), 'ECC_NIST_EDWARDS25519', 'SIGN_VERIFY')]);
    const algs = ['RSASSA_PSS_SHA_512', 'ECDSA_SHA_512', 'ED25519_SHA_512'] as const;
    const sigs = [new Uint8Array(1), randomBytes(256), randomBytes(6000), Buffer.from('3006020100020100', 'hex'), Buffer.from('30820000', 'hex'), randomBytes(64), randomBytes(132)];
    for (const [i, k] of keys.entries())
      for (const sig of sigs)
        for (const MessageType of ['RAW', 'DIGEST'] as const) {
          const e = await fail(kms().send(new VerifyCommand({ KeyId: k.KeyId!, Message: new Uint8Array(64), MessageType, Signature: sig, SigningAlgorithm: algs[i]! })));
          assert.ok(e.$metadata.httpStatusCode! >= 400 && e.$metadata.httpStatusCode! < 500, `${e.name} ${e.$metadata.httpStatusCode}`);
        }
    const ka = await createKey(kms(), 'ECC_NIST_P384', 'KEY_AGREEMENT');
    for (const PublicKey of [new Uint8Array(1), randomBytes(120), Buffer.from('3076301006072a8648ce3d020106052b81040022036200', 'hex')]) {
      const e = await fail(kms().send(new DeriveSharedSecretCommand({ KeyId: ka.KeyId!, KeyAgreementAlgorithm: 'ECDH', PublicKey })));
      assert.equal(e.name, 'ValidationException');
    }
    const hmac = await createKey(kms(), 'HMAC_512', 'GENERATE_VERIFY_MAC');
    for (const Mac of [new Uint8Array(1), randomBytes(64), randomBytes(1000)])
      assert.equal((await fail(kms().send(new VerifyMacCommand({ KeyId: hmac.KeyId!, Message: msg, Mac, MacAlgorithm: 'HMAC_SHA_512' })))).name, 'KMSInvalidMacException');
  });
});

describe('KMS asymmetric key states', () => {
  it('Sign, Verify, GetPublicKey, GenerateMac, VerifyMac, DeriveSharedSecret, GenerateDataKeyPair* on a disabled key: DisabledException; pending deletion: KMSInvalidStateException', async () => {
    const sign = await createKey(kms(), 'ECC_NIST_P256', 'SIGN_VERIFY');
    const mac = await createKey(kms(), 'HMAC_256', 'GENERATE_VERIFY_MAC');
    const ka = await createKey(kms(), 'ECC_NIST_P256', 'KEY_AGREEMENT');
    const sym = await createKey(kms(), 'SYMMETRIC_DEFAULT', 'ENCRYPT_DECRYPT');
    const sig = (await kms().send(new SignCommand({ KeyId: sign.KeyId!, Message: msg, SigningAlgorithm: 'ECDSA_SHA_256' }))).Signature!;
    const tag = (await kms().send(new GenerateMacCommand({ KeyId: mac.KeyId!, Message: msg, MacAlgorithm: 'HMAC_SHA_256' }))).Mac!;
    const pub = (await kms().send(new GetPublicKeyCommand({ KeyId: ka.KeyId! }))).PublicKey!;
    const calls = () => [
      kms().send(new SignCommand({ KeyId: sign.KeyId!, Message: msg, SigningAlgorithm: 'ECDSA_SHA_256' })),
      kms().send(new VerifyCommand({ KeyId: sign.KeyId!, Message: msg, Signature: sig, SigningAlgorithm: 'ECDSA_SHA_256' })),
      kms().send(new GetPublicKeyCommand({ KeyId: sign.KeyId! })),
      kms().send(new GenerateMacCommand({ KeyId: mac.KeyId!, Message: msg, MacAlgorithm: 'HMAC_SHA_256' })),
      kms().send(new DeriveSharedSecretCommand({ KeyId: ka.KeyId!, KeyAgreementAlgorithm: 'ECDH', PublicKey: pub })),
      kms().send(new VerifyMacCommand({ KeyId: mac.KeyId!, Message: msg, Mac: tag, MacAlgorithm: 'HMAC_SHA_256' })),
      kms().send(new GenerateDataKeyPairCommand({ KeyId: sym.KeyId!, KeyPairSpec: 'ECC_NIST_P256' })),
      kms().send(new GenerateDataKeyPairWithoutPlaintextCommand({ KeyId: sym.KeyId!, KeyPairSpec: 'ECC_NIST_P256' })),
    ];
    for (const k of [sign, mac, ka, sym]) await kms().send(new DisableKeyCommand({ KeyId: k.KeyId! }));
    for (const [i, p] of calls().entries()) {
      const e = await fail(p);
      assert.equal(e.name, 'DisabledException', `call ${i}`);
      assert.match(e.message, / is disabled\.$/);
    }
    for (const k of [sign, mac, ka, sym]) await kms().send(new ScheduleKeyDeletionCommand({ KeyId: k.KeyId!, PendingWindowInDays: 7 }));
    for (const [i, p] of calls().entries()) assert.equal((await fail(p)).name, 'KMSInvalidStateException', `call ${i}`);
  });
});

describe('KMS asymmetric authorization', () => {
  it('key policy conditions kms:SigningAlgorithm, kms:MessageType, kms:MacAlgorithm, kms:EncryptionAlgorithm, kms:DataKeyPairSpec, each granted by naming the user', async () => {
    const A = s.accountId;
    // The user's identity policy grants no KMS action: what it may do, the key policy grants by naming it.
    const user = await userWithKey(s, 'kms-asym', { policy: doc(allow('iam:GetUser', '*')) });
    const u = `arn:aws:iam::${A}:user/kms-asym`;
    const policy = (...st: object[]) => ({ Policy: doc({ Sid: 'admin', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'kms:*', Resource: '*' }, ...st), BypassPolicyLockoutSafetyCheck: true });
    const rsa = await createKey(kms(), 'RSA_2048', 'SIGN_VERIFY', policy({ Effect: 'Allow', Principal: { AWS: u }, Action: ['kms:Sign', 'kms:Verify'], Resource: '*', Condition: { StringEquals: { 'kms:SigningAlgorithm': 'RSASSA_PSS_SHA_256', 'kms:MessageType': 'DIGEST' } } }));
    // Root is allowed by the key policy's admin statement and its account.
    await kms().send(new SignCommand({ KeyId: rsa.KeyId!, Message: msg, SigningAlgorithm: 'RSASSA_PKCS1_V1_5_SHA_256' }));
    await kms(user).send(new SignCommand({ KeyId: rsa.KeyId!, Message: new Uint8Array(32), MessageType: 'DIGEST', SigningAlgorithm: 'RSASSA_PSS_SHA_256' }));
    assert.equal((await fail(kms(user).send(new SignCommand({ KeyId: rsa.KeyId!, Message: msg, SigningAlgorithm: 'RSASSA_PSS_SHA_256' })))).name, 'AccessDeniedException');
    assert.equal((await fail(kms(user).send(new SignCommand({ KeyId: rsa.KeyId!, Message: new Uint8Array(32), MessageType: 'DIGEST', SigningAlgorithm: 'RSASSA_PKCS1_V1_5_SHA_256' })))).name, 'AccessDeniedException');
    // GetPublicKey is not granted to the user by this key policy.
    assert.equal((await fail(kms(user).send(new GetPublicKeyCommand({ KeyId: rsa.KeyId! })))).name, 'AccessDeniedException');

    const macPolicy = policy({ Effect: 'Allow', Principal: { AWS: u }, Action: 'kms:GenerateMac', Resource: '*', Condition: { StringEquals: { 'kms:MacAlgorithm': 'HMAC_SHA_256' } } });
    const hmac256 = await createKey(kms(), 'HMAC_256', 'GENERATE_VERIFY_MAC', macPolicy);
    const hmac512 = await createKey(kms(), 'HMAC_512', 'GENERATE_VERIFY_MAC', macPolicy);
    await kms(user).send(new GenerateMacCommand({ KeyId: hmac256.KeyId!, Message: msg, MacAlgorithm: 'HMAC_SHA_256' }));
    assert.equal((await fail(kms(user).send(new GenerateMacCommand({ KeyId: hmac512.KeyId!, Message: msg, MacAlgorithm: 'HMAC_SHA_512' })))).name, 'AccessDeniedException');

    const enc = await createKey(kms(), 'RSA_2048', 'ENCRYPT_DECRYPT', policy({ Effect: 'Allow', Principal: { AWS: u }, Action: ['kms:Encrypt', 'kms:Decrypt'], Resource: '*', Condition: { StringEquals: { 'kms:EncryptionAlgorithm': 'RSAES_OAEP_SHA_256' } } }));
    const ct = (await kms(user).send(new EncryptCommand({ KeyId: enc.KeyId!, Plaintext: msg, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' }))).CiphertextBlob!;
    assert.equal((await fail(kms(user).send(new EncryptCommand({ KeyId: enc.KeyId!, Plaintext: msg, EncryptionAlgorithm: 'RSAES_OAEP_SHA_1' })))).name, 'AccessDeniedException');
    assert.deepEqual(Buffer.from((await kms(user).send(new DecryptCommand({ KeyId: enc.KeyId!, CiphertextBlob: ct, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' }))).Plaintext!), Buffer.from(msg));
    assert.equal((await fail(kms(user).send(new DecryptCommand({ KeyId: enc.KeyId!, CiphertextBlob: ct, EncryptionAlgorithm: 'RSAES_OAEP_SHA_1' })))).name, 'AccessDeniedException');

    const sym = await createKey(kms(), 'SYMMETRIC_DEFAULT', 'ENCRYPT_DECRYPT', policy({ Effect: 'Allow', Principal: { AWS: u }, Action: 'kms:GenerateDataKeyPair', Resource: '*', Condition: { StringLike: { 'kms:DataKeyPairSpec': 'ECC_*' }, StringEquals: { 'kms:EncryptionContext:app': 'x' } } }));
    await kms(user).send(new GenerateDataKeyPairCommand({ KeyId: sym.KeyId!, KeyPairSpec: 'ECC_NIST_P256', EncryptionContext: { app: 'x' } }));
    assert.equal((await fail(kms(user).send(new GenerateDataKeyPairCommand({ KeyId: sym.KeyId!, KeyPairSpec: 'RSA_2048', EncryptionContext: { app: 'x' } })))).name, 'AccessDeniedException');
    assert.equal((await fail(kms(user).send(new GenerateDataKeyPairCommand({ KeyId: sym.KeyId!, KeyPairSpec: 'ECC_NIST_P256' })))).name, 'AccessDeniedException');
  });

  it('another account signs and reads the public key only where the key policy grants it', async () => {
    const B = await createAccount(s.runtime.store, { now: Date.now() });
    const bRoot: Creds = { accessKeyId: B.accessKeyId, secretAccessKey: B.secretAccessKey };
    const shared = await createKey(kms(), 'ECC_NIST_P384', 'SIGN_VERIFY', {
      Policy: doc({ Sid: 'admin', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${s.accountId}:root` }, Action: 'kms:*', Resource: '*' }, { Sid: 'b', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${B.accountId}:root` }, Action: ['kms:Sign', 'kms:GetPublicKey'], Resource: '*' }),
    });
    const own = await createKey(kms(), 'ECC_NIST_P384', 'SIGN_VERIFY');
    const sig = await kms(bRoot).send(new SignCommand({ KeyId: shared.Arn!, Message: msg, SigningAlgorithm: 'ECDSA_SHA_384' }));
    assert.equal(sig.KeyId, shared.Arn);
    await kms(bRoot).send(new GetPublicKeyCommand({ KeyId: shared.Arn! }));
    assert.equal((await fail(kms(bRoot).send(new VerifyCommand({ KeyId: shared.Arn!, Message: msg, Signature: sig.Signature!, SigningAlgorithm: 'ECDSA_SHA_384' })))).name, 'AccessDeniedException');
    assert.equal((await fail(kms(bRoot).send(new SignCommand({ KeyId: own.Arn!, Message: msg, SigningAlgorithm: 'ECDSA_SHA_384' })))).name, 'AccessDeniedException');
  });
});

describe('KMS asymmetric material at rest', () => {
  it('the data dir holds no private key (PKCS#8) and no HMAC key, in any encoding', async () => {
    const { material, materialKey, regionScope } = await import('../../src/services/kms/store.js');
    const needles: Buffer[] = [];
    for (const [spec, usage] of [['RSA_2048', 'SIGN_VERIFY'], ['ECC_NIST_P256', 'KEY_AGREEMENT'], ['HMAC_384', 'GENERATE_VERIFY_MAC'], ['ECC_NIST_EDWARDS25519', 'SIGN_VERIFY']] as const) {
      const m = await createKey(kms(), spec, usage);
      const where = { table: 'kms.key-material', scope: regionScope(s.accountId, 'us-east-1'), key: materialKey(m.KeyId!, 1) };
      const bytes = s.runtime.store.sealer.open((await material.get(s.runtime.store, where.scope, where.key))!.sealed, where);
      // The private part of a PKCS#8 key: its last 32 bytes are secret for every spec here.
      const secret = bytes.subarray(bytes.length - 32);
      needles.push(secret, Buffer.from(secret.toString('base64').slice(0, 40)), Buffer.from(secret.toString('hex')));
    }
    const files: string[] = [];
    const walk = (d: string) => readdirSync(d).forEach((n) => (statSync(join(d, n)).isDirectory() ? walk(join(d, n)) : files.push(join(d, n))));
    walk(s.dataDir);
    for (const f of files) {
      const bytes = readFileSync(f);
      for (const needle of needles) assert.equal(bytes.indexOf(needle), -1, `${f} holds key material`);
    }
  });
});
