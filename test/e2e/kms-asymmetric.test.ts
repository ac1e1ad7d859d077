/**
 * KMS asymmetric and HMAC keys through the AWS SDK v3, with interoperability checked by Node's
 * crypto: every signing algorithm of every key spec (RAW and DIGEST) verifies with crypto.verify
 * and GetPublicKey's key; data encrypted locally with an RSA public key (OAEP SHA-1, SHA-256)
 * decrypts with Decrypt; GenerateDataKeyPair's private key decrypts to the PKCS#8 of its public
 * key; DeriveSharedSecret equals Node's ECDH; GenerateMac checked with VerifyMac and tampering.
 */
import assert from 'node:assert/strict';
import { constants, createPrivateKey, createPublicKey, diffieHellman, generateKeyPairSync, publicEncrypt, sign, verify } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import {
  DecryptCommand,
  DeriveSharedSecretCommand,
  DescribeKeyCommand,
  EncryptCommand,
  GenerateDataKeyPairCommand,
  GenerateDataKeyPairWithoutPlaintextCommand,
  GenerateMacCommand,
  GetPublicKeyCommand,
  ReEncryptCommand,
  SignCommand,
  VerifyCommand,
  VerifyMacCommand,
  type DataKeyPairSpec,
  type KeySpec,
  type SigningAlgorithmSpec,
} from '@aws-sdk/client-kms';
import { startTestServer, type TestServer } from '../helpers/rampart.js';
import { client, createKey, digestOf, fail, nodeVerifies, spki } from './kms-asymmetric-support.js';

let s: TestServer;
const kms = () => client(s);
const msg = new TextEncoder().encode('the message KMS signs');

before(async () => {
  s = await startTestServer();
});
after(() => s.close());

describe('KMS Sign and Verify interoperate with Node\'s crypto', () => {
  const SPECS: [KeySpec, SigningAlgorithmSpec[]][] = [
    ['RSA_2048', ['RSASSA_PSS_SHA_256', 'RSASSA_PSS_SHA_384', 'RSASSA_PSS_SHA_512', 'RSASSA_PKCS1_V1_5_SHA_256', 'RSASSA_PKCS1_V1_5_SHA_384', 'RSASSA_PKCS1_V1_5_SHA_512']],
    ['RSA_3072', ['RSASSA_PSS_SHA_384', 'RSASSA_PKCS1_V1_5_SHA_256']],
    ['ECC_NIST_P256', ['ECDSA_SHA_256']],
    ['ECC_NIST_P384', ['ECDSA_SHA_384']],
    ['ECC_NIST_P521', ['ECDSA_SHA_512']],
    ['ECC_SECG_P256K1', ['ECDSA_SHA_256']],
    ['ECC_NIST_EDWARDS25519', ['ED25519_SHA_512']],
  ];
  for (const [spec, algs] of SPECS) {
    it(`${spec}: ${algs.join(', ')}, RAW${spec.includes('EDWARDS') ? '' : ' and DIGEST'}`, async () => {
      const m = await createKey(kms(), spec, 'SIGN_VERIFY');
      assert.equal(m.KeySpec, spec);
      assert.equal(m.CustomerMasterKeySpec, spec === 'ECC_NIST_EDWARDS25519' ? undefined : spec);
      assert.equal(m.KeyUsage, 'SIGN_VERIFY');
      assert.equal(m.EncryptionAlgorithms, undefined);
      if (spec.startsWith('RSA')) assert.equal(m.SigningAlgorithms!.length, 6);
      else assert.deepEqual(m.SigningAlgorithms, algs);
      const pk = await kms().send(new GetPublicKeyCommand({ KeyId: m.KeyId! }));
      assert.equal(pk.KeyId, m.Arn);
      assert.equal(pk.KeySpec, spec);
      assert.equal(pk.KeyUsage, 'SIGN_VERIFY');
      assert.deepEqual(pk.SigningAlgorithms, m.SigningAlgorithms);
      const pub = spki(pk.PublicKey!);
      for (const alg of algs) {
        const raw = await kms().send(new SignCommand({ KeyId: m.KeyId!, Message: msg, SigningAlgorithm: alg }));
        assert.equal(raw.KeyId, m.Arn);
        assert.equal(raw.SigningAlgorithm, alg);
        assert.ok(nodeVerifies(pub, alg, msg, raw.Signature!), `${alg} RAW`);
        const ok = await kms().send(new VerifyCommand({ KeyId: m.KeyId!, Message: msg, Signature: raw.Signature!, SigningAlgorithm: alg }));
        assert.equal(ok.SignatureValid, true);
        const tampered = Buffer.from(raw.Signature!);
        tampered[tampered.length - 3]! ^= 0x10;
        assert.equal((await fail(kms().send(new VerifyCommand({ KeyId: m.KeyId!, Message: msg, Signature: tampered, SigningAlgorithm: alg })))).name, 'KMSInvalidSignatureException');
        const otherMsg = await fail(kms().send(new VerifyCommand({ KeyId: m.KeyId!, Message: new TextEncoder().encode('another'), Signature: raw.Signature!, SigningAlgorithm: alg })));
        assert.equal(otherMsg.name, 'KMSInvalidSignatureException');
        if (alg === 'ED25519_SHA_512') continue;
        const digest = digestOf(alg, msg);
        const dsig = await kms().send(new SignCommand({ KeyId: m.KeyId!, Message: digest, MessageType: 'DIGEST', SigningAlgorithm: alg }));
        assert.ok(nodeVerifies(pub, alg, msg, dsig.Signature!), `${alg} DIGEST`);
        // A DIGEST signature verifies as RAW over the message and the other way round.
        await kms().send(new VerifyCommand({ KeyId: m.KeyId!, Message: msg, Signature: dsig.Signature!, SigningAlgorithm: alg }));
        await kms().send(new VerifyCommand({ KeyId: m.KeyId!, Message: digest, MessageType: 'DIGEST', Signature: raw.Signature!, SigningAlgorithm: alg }));
        const short = await fail(kms().send(new SignCommand({ KeyId: m.KeyId!, Message: digest.subarray(1), MessageType: 'DIGEST', SigningAlgorithm: alg })));
        assert.deepEqual([short.name, short.message], ['ValidationException', `Digest is invalid length for algorithm ${alg}.`]);
      }
    });
  }
});

describe('KMS RSA encryption', () => {
  it('Decrypt opens what Node encrypts with GetPublicKey\'s key (OAEP SHA-1 and SHA-256); AWS\'s limits, algorithms and KeyId rules', async () => {
    const m = await createKey(kms(), 'RSA_2048', 'ENCRYPT_DECRYPT');
    assert.deepEqual(m.EncryptionAlgorithms, ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256']);
    assert.equal(m.SigningAlgorithms, undefined);
    const pk = await kms().send(new GetPublicKeyCommand({ KeyId: m.Arn! }));
    assert.deepEqual(pk.EncryptionAlgorithms, ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256']);
    const pub = spki(pk.PublicKey!);
    for (const [alg, hash, max] of [['RSAES_OAEP_SHA_1', 'sha1', 214], ['RSAES_OAEP_SHA_256', 'sha256', 190]] as const) {
      const pt = Buffer.alloc(max, 0x5a);
      const ct = publicEncrypt({ key: pub, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: hash }, pt);
      const d = await kms().send(new DecryptCommand({ KeyId: m.KeyId!, CiphertextBlob: ct, EncryptionAlgorithm: alg }));
      assert.deepEqual(Buffer.from(d.Plaintext!), pt);
      assert.equal(d.EncryptionAlgorithm, alg);
      const e = await kms().send(new EncryptCommand({ KeyId: m.KeyId!, Plaintext: pt, EncryptionAlgorithm: alg }));
      assert.equal(e.CiphertextBlob!.length, 256);
      assert.deepEqual(Buffer.from((await kms().send(new DecryptCommand({ KeyId: m.KeyId!, CiphertextBlob: e.CiphertextBlob!, EncryptionAlgorithm: alg }))).Plaintext!), pt);
      const tooLong = await fail(kms().send(new EncryptCommand({ KeyId: m.KeyId!, Plaintext: Buffer.alloc(max + 1), EncryptionAlgorithm: alg })));
      assert.equal(tooLong.name, 'ValidationException');
    }
    const ct = publicEncrypt({ key: pub, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, Buffer.from('x'));
    const noAlg = await fail(kms().send(new DecryptCommand({ KeyId: m.KeyId!, CiphertextBlob: ct })));
    assert.deepEqual([noAlg.name, noAlg.message], ['InvalidKeyUsageException', 'Algorithm SYMMETRIC_DEFAULT is incompatible with key spec RSA_2048.']);
    assert.equal((await fail(kms().send(new DecryptCommand({ CiphertextBlob: ct, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' })))).name, 'InvalidCiphertextException');
    assert.equal((await fail(kms().send(new DecryptCommand({ KeyId: m.KeyId!, CiphertextBlob: ct, EncryptionAlgorithm: 'RSAES_OAEP_SHA_1' })))).name, 'IncorrectKeyException');
    assert.equal((await fail(kms().send(new DecryptCommand({ KeyId: m.KeyId!, CiphertextBlob: ct.subarray(1), EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' })))).name, 'InvalidCiphertextException');
    const other = await createKey(kms(), 'RSA_2048', 'ENCRYPT_DECRYPT');
    assert.equal((await fail(kms().send(new DecryptCommand({ KeyId: other.KeyId!, CiphertextBlob: ct, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' })))).name, 'IncorrectKeyException');
    const bad = Buffer.from(ct);
    bad[100]! ^= 1;
    assert.equal((await fail(kms().send(new DecryptCommand({ KeyId: m.KeyId!, CiphertextBlob: bad, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' })))).name, 'IncorrectKeyException');
    assert.equal((await fail(kms().send(new EncryptCommand({ KeyId: m.KeyId!, Plaintext: Buffer.from('x'), EncryptionAlgorithm: 'RSAES_OAEP_SHA_256', EncryptionContext: { a: 'b' } })))).name, 'ValidationException');
    assert.equal((await fail(kms().send(new SignCommand({ KeyId: m.KeyId!, Message: msg, SigningAlgorithm: 'RSASSA_PSS_SHA_256' })))).message, `${m.Arn} key usage is ENCRYPT_DECRYPT which is not valid for Sign.`);
  });

  it('ReEncrypt between RSA and symmetric keys both ways, and RSA to RSA', async () => {
    const rsa = await createKey(kms(), 'RSA_3072', 'ENCRYPT_DECRYPT');
    const rsa2 = await createKey(kms(), 'RSA_2048', 'ENCRYPT_DECRYPT');
    const sym = (await kms().send(new DescribeKeyCommand({ KeyId: (await createKey(kms(), 'SYMMETRIC_DEFAULT', 'ENCRYPT_DECRYPT')).KeyId! }))).KeyMetadata!;
    const symBlob = (await kms().send(new EncryptCommand({ KeyId: sym.KeyId!, Plaintext: msg, EncryptionContext: { k: 'v' } }))).CiphertextBlob!;
    const toRsa = await kms().send(new ReEncryptCommand({ CiphertextBlob: symBlob, SourceEncryptionContext: { k: 'v' }, DestinationKeyId: rsa.KeyId!, DestinationEncryptionAlgorithm: 'RSAES_OAEP_SHA_256' }));
    assert.deepEqual([toRsa.SourceKeyId, toRsa.KeyId, toRsa.SourceEncryptionAlgorithm, toRsa.DestinationEncryptionAlgorithm], [sym.Arn, rsa.Arn, 'SYMMETRIC_DEFAULT', 'RSAES_OAEP_SHA_256']);
    const toRsa2 = await kms().send(new ReEncryptCommand({ CiphertextBlob: toRsa.CiphertextBlob!, SourceKeyId: rsa.KeyId!, SourceEncryptionAlgorithm: 'RSAES_OAEP_SHA_256', DestinationKeyId: rsa2.Arn!, DestinationEncryptionAlgorithm: 'RSAES_OAEP_SHA_1' }));
    const back = await kms().send(new ReEncryptCommand({ CiphertextBlob: toRsa2.CiphertextBlob!, SourceKeyId: rsa2.KeyId!, SourceEncryptionAlgorithm: 'RSAES_OAEP_SHA_1', DestinationKeyId: sym.KeyId!, DestinationEncryptionContext: { k: 'w' } }));
    assert.equal(back.SourceKeyId, rsa2.Arn);
    assert.deepEqual(Buffer.from((await kms().send(new DecryptCommand({ CiphertextBlob: back.CiphertextBlob!, EncryptionContext: { k: 'w' } }))).Plaintext!), Buffer.from(msg));
  });
});

describe('KMS HMAC keys', () => {
  for (const [spec, alg, len] of [['HMAC_224', 'HMAC_SHA_224', 28], ['HMAC_256', 'HMAC_SHA_256', 32], ['HMAC_384', 'HMAC_SHA_384', 48], ['HMAC_512', 'HMAC_SHA_512', 64]] as const) {
    it(`${spec}: GenerateMac checked by VerifyMac; tampered MAC, message or key: KMSInvalidMacException`, async () => {
      const m = await createKey(kms(), spec, 'GENERATE_VERIFY_MAC');
      assert.deepEqual(m.MacAlgorithms, [alg]);
      const g = await kms().send(new GenerateMacCommand({ KeyId: m.KeyId!, Message: msg, MacAlgorithm: alg }));
      assert.equal(g.Mac!.length, len);
      assert.equal(g.KeyId, m.Arn);
      assert.deepEqual(Buffer.from((await kms().send(new GenerateMacCommand({ KeyId: m.KeyId!, Message: msg, MacAlgorithm: alg }))).Mac!), Buffer.from(g.Mac!));
      assert.equal((await kms().send(new VerifyMacCommand({ KeyId: m.KeyId!, Message: msg, Mac: g.Mac!, MacAlgorithm: alg }))).MacValid, true);
      const t = Buffer.from(g.Mac!);
      t[0]! ^= 1;
      for (const [message, mac] of [[msg, t], [new TextEncoder().encode('other'), g.Mac!], [msg, g.Mac!.subarray(1)]] as const)
        assert.equal((await fail(kms().send(new VerifyMacCommand({ KeyId: m.KeyId!, Message: message, Mac: mac, MacAlgorithm: alg })))).name, 'KMSInvalidMacException');
      const other = await createKey(kms(), spec, 'GENERATE_VERIFY_MAC');
      assert.equal((await fail(kms().send(new VerifyMacCommand({ KeyId: other.KeyId!, Message: msg, Mac: g.Mac!, MacAlgorithm: alg })))).name, 'KMSInvalidMacException');
      const wrong = await fail(kms().send(new GenerateMacCommand({ KeyId: m.KeyId!, Message: msg, MacAlgorithm: alg === 'HMAC_SHA_256' ? 'HMAC_SHA_512' : 'HMAC_SHA_256' })));
      assert.equal(wrong.name, 'InvalidKeyUsageException');
      assert.equal((await fail(kms().send(new GenerateMacCommand({ KeyId: m.KeyId!, Message: new Uint8Array(4097), MacAlgorithm: alg })))).name, 'ValidationException');
      await kms().send(new GenerateMacCommand({ KeyId: m.KeyId!, Message: new Uint8Array(4096), MacAlgorithm: alg }));
      assert.equal((await fail(kms().send(new GetPublicKeyCommand({ KeyId: m.KeyId! })))).name, 'UnsupportedOperationException');
    });
  }
});

describe('KMS GenerateDataKeyPair and DeriveSharedSecret', () => {
  const PAIRS: DataKeyPairSpec[] = ['RSA_2048', 'ECC_NIST_P256', 'ECC_NIST_P384', 'ECC_NIST_P521', 'ECC_SECG_P256K1', 'ECC_NIST_EDWARDS25519'];
  it(`${PAIRS.join(', ')}: the private key decrypts to the PKCS#8 of the public key, under the encryption context`, async () => {
    const sym = await createKey(kms(), 'SYMMETRIC_DEFAULT', 'ENCRYPT_DECRYPT');
    for (const spec of PAIRS) {
      const p = await kms().send(new GenerateDataKeyPairCommand({ KeyId: sym.KeyId!, KeyPairSpec: spec, EncryptionContext: { pair: spec } }));
      assert.deepEqual([p.KeyId, p.KeyPairSpec], [sym.Arn, spec]);
      const opened = await kms().send(new DecryptCommand({ CiphertextBlob: p.PrivateKeyCiphertextBlob!, EncryptionContext: { pair: spec } }));
      assert.deepEqual(Buffer.from(opened.Plaintext!), Buffer.from(p.PrivateKeyPlaintext!));
      const priv = createPrivateKey({ key: Buffer.from(opened.Plaintext!), format: 'der', type: 'pkcs8' });
      assert.deepEqual(createPublicKey(priv).export({ format: 'der', type: 'spki' }), Buffer.from(p.PublicKey!));
      const alg = spec === 'ECC_NIST_EDWARDS25519' ? null : 'sha256';
      assert.ok(verify(alg, msg, spki(p.PublicKey!), sign(alg, msg, priv)), spec);
      assert.equal((await fail(kms().send(new DecryptCommand({ CiphertextBlob: p.PrivateKeyCiphertextBlob! })))).name, 'InvalidCiphertextException');
      const w = await kms().send(new GenerateDataKeyPairWithoutPlaintextCommand({ KeyId: sym.Arn!, KeyPairSpec: spec }));
      assert.equal((w as { PrivateKeyPlaintext?: unknown }).PrivateKeyPlaintext, undefined);
      const wPriv = createPrivateKey({ key: Buffer.from((await kms().send(new DecryptCommand({ CiphertextBlob: w.PrivateKeyCiphertextBlob! }))).Plaintext!), format: 'der', type: 'pkcs8' });
      assert.deepEqual(createPublicKey(wPriv).export({ format: 'der', type: 'spki' }), Buffer.from(w.PublicKey!));
    }
    const sm2 = await fail(kms().send(new GenerateDataKeyPairCommand({ KeyId: sym.KeyId!, KeyPairSpec: 'SM2' })));
    assert.equal(sm2.name, 'UnsupportedOperationException');
    const rsa = await createKey(kms(), 'RSA_2048', 'ENCRYPT_DECRYPT');
    assert.equal((await fail(kms().send(new GenerateDataKeyPairCommand({ KeyId: rsa.KeyId!, KeyPairSpec: 'ECC_NIST_P256' })))).name, 'InvalidKeyUsageException');
  });

  for (const [spec, curve] of [['ECC_NIST_P256', 'P-256'], ['ECC_NIST_P384', 'P-384'], ['ECC_NIST_P521', 'P-521']] as const) {
    it(`${spec}: DeriveSharedSecret equals Node's ECDH with the other side; another curve or a malformed key is refused`, async () => {
      const m = await createKey(kms(), spec, 'KEY_AGREEMENT');
      assert.deepEqual(m.KeyAgreementAlgorithms, ['ECDH']);
      assert.equal(m.SigningAlgorithms, undefined);
      const kmsPub = spki((await kms().send(new GetPublicKeyCommand({ KeyId: m.KeyId! }))).PublicKey!);
      const mine = generateKeyPairSync('ec', { namedCurve: curve });
      const d = await kms().send(new DeriveSharedSecretCommand({ KeyId: m.KeyId!, KeyAgreementAlgorithm: 'ECDH', PublicKey: mine.publicKey.export({ format: 'der', type: 'spki' }) }));
      assert.deepEqual(Buffer.from(d.SharedSecret!), diffieHellman({ privateKey: mine.privateKey, publicKey: kmsPub }));
      assert.deepEqual([d.KeyId, d.KeyAgreementAlgorithm, d.KeyOrigin], [m.Arn, 'ECDH', 'AWS_KMS']);
      const other = generateKeyPairSync('ec', { namedCurve: curve === 'P-256' ? 'P-384' : 'P-256' }).publicKey.export({ format: 'der', type: 'spki' });
      for (const PublicKey of [other, Buffer.from('not a key'), generateKeyPairSync('ed25519').publicKey.export({ format: 'der', type: 'spki' })])
        assert.equal((await fail(kms().send(new DeriveSharedSecretCommand({ KeyId: m.KeyId!, KeyAgreementAlgorithm: 'ECDH', PublicKey })))).name, 'ValidationException');
      assert.equal((await fail(kms().send(new SignCommand({ KeyId: m.KeyId!, Message: msg, SigningAlgorithm: 'ECDSA_SHA_256' })))).name, 'InvalidKeyUsageException');
    });
  }
});
