import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { DataKeyPairSpecValues, KeySpecValues, KeyUsageTypeValues, SigningAlgorithmSpecValues } from './api.generated.js';
import { DATA_KEY_PAIR_SPECS, KEY_SPECS, NOT_SERVED_SPECS, SIGNING, algorithmsOf, oaepMaxPlaintext } from './key-specs.js';
import { checkCreateKeySpec } from './spec-check.js';
import { AwsError } from '../../shared/aws-error.js';

/** AWS's key spec reference: spec → usages (KMS developer guide, "Key spec reference"). */
const AWS_USAGES: Record<string, string[]> = {
  SYMMETRIC_DEFAULT: ['ENCRYPT_DECRYPT'],
  RSA_2048: ['ENCRYPT_DECRYPT', 'SIGN_VERIFY'],
  RSA_3072: ['ENCRYPT_DECRYPT', 'SIGN_VERIFY'],
  RSA_4096: ['ENCRYPT_DECRYPT', 'SIGN_VERIFY'],
  ECC_NIST_P256: ['SIGN_VERIFY', 'KEY_AGREEMENT'],
  ECC_NIST_P384: ['SIGN_VERIFY', 'KEY_AGREEMENT'],
  ECC_NIST_P521: ['SIGN_VERIFY', 'KEY_AGREEMENT'],
  ECC_SECG_P256K1: ['SIGN_VERIFY'],
  ECC_NIST_EDWARDS25519: ['SIGN_VERIFY'],
  HMAC_224: ['GENERATE_VERIFY_MAC'],
  HMAC_256: ['GENERATE_VERIFY_MAC'],
  HMAC_384: ['GENERATE_VERIFY_MAC'],
  HMAC_512: ['GENERATE_VERIFY_MAC'],
};

const code = (f: () => unknown): string => {
  try {
    f();
    return 'OK';
  } catch (e) {
    return e instanceof AwsError ? `${e.code}: ${e.message}` : String(e);
  }
};

describe('KMS key specs', () => {
  it('every key spec of the model is served or listed as not served with a reason', () => {
    for (const spec of KeySpecValues) assert.ok(KEY_SPECS[spec] !== undefined || NOT_SERVED_SPECS[spec] !== undefined, spec);
    assert.deepEqual(Object.keys(KEY_SPECS).sort(), Object.keys(AWS_USAGES).sort());
  });

  it('each spec admits the usages AWS documents, and CreateKey refuses every other pair as AWS words it', () => {
    for (const [spec, usages] of Object.entries(AWS_USAGES)) {
      assert.deepEqual([...KEY_SPECS[spec as keyof typeof KEY_SPECS]!.usages].sort(), [...usages].sort(), spec);
      for (const usage of KeyUsageTypeValues) {
        const got = code(() => checkCreateKeySpec({ KeySpec: spec as never, KeyUsage: usage }));
        assert.equal(got, usages.includes(usage) ? 'OK' : `ValidationException: KeyUsage ${usage} is not compatible with KeySpec ${spec}`, `${spec} ${usage}`);
      }
    }
  });

  it('KeyUsage defaults to ENCRYPT_DECRYPT: fine for RSA, refused for ECC and HMAC', () => {
    assert.equal(checkCreateKeySpec({ KeySpec: 'RSA_2048' }).usage, 'ENCRYPT_DECRYPT');
    assert.equal(checkCreateKeySpec({}).spec, 'SYMMETRIC_DEFAULT');
    assert.equal(checkCreateKeySpec({ CustomerMasterKeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' }).spec, 'ECC_NIST_P256');
    assert.match(code(() => checkCreateKeySpec({ KeySpec: 'ECC_NIST_P256' })), /^ValidationException: KeyUsage ENCRYPT_DECRYPT is not compatible with KeySpec ECC_NIST_P256$/);
    assert.match(code(() => checkCreateKeySpec({ KeySpec: 'HMAC_256' })), /^ValidationException/);
    for (const spec of ['SM2', 'ML_DSA_44', 'ML_DSA_65', 'ML_DSA_87'] as const) assert.match(code(() => checkCreateKeySpec({ KeySpec: spec, KeyUsage: 'SIGN_VERIFY' })), new RegExp(`^UnsupportedOperationException: KeySpec ${spec}`));
  });

  it('every signing algorithm a served spec lists has its hash, and a DIGEST length equal to that hash\'s output', () => {
    for (const info of Object.values(KEY_SPECS)) for (const alg of info.signing ?? []) assert.ok(SIGNING[alg], alg);
    for (const [alg, s] of Object.entries(SIGNING)) {
      assert.ok((SigningAlgorithmSpecValues as readonly string[]).includes(alg));
      assert.equal(createHash(s.hash).digest().length, s.digest, alg);
    }
  });

  it('metadata algorithm lists per spec and usage, as DescribeKey shows them', () => {
    assert.deepEqual(algorithmsOf('SYMMETRIC_DEFAULT', 'ENCRYPT_DECRYPT'), { EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'] });
    assert.deepEqual(algorithmsOf('RSA_3072', 'ENCRYPT_DECRYPT'), { EncryptionAlgorithms: ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256'] });
    assert.deepEqual(algorithmsOf('RSA_3072', 'SIGN_VERIFY').SigningAlgorithms?.length, 6);
    assert.deepEqual(algorithmsOf('ECC_NIST_P384', 'SIGN_VERIFY'), { SigningAlgorithms: ['ECDSA_SHA_384'] });
    assert.deepEqual(algorithmsOf('ECC_NIST_P521', 'SIGN_VERIFY'), { SigningAlgorithms: ['ECDSA_SHA_512'] });
    assert.deepEqual(algorithmsOf('ECC_SECG_P256K1', 'SIGN_VERIFY'), { SigningAlgorithms: ['ECDSA_SHA_256'] });
    assert.deepEqual(algorithmsOf('ECC_NIST_P256', 'KEY_AGREEMENT'), { KeyAgreementAlgorithms: ['ECDH'] });
    assert.deepEqual(algorithmsOf('ECC_NIST_EDWARDS25519', 'SIGN_VERIFY'), { SigningAlgorithms: ['ED25519_SHA_512'] });
    assert.deepEqual(algorithmsOf('HMAC_224', 'GENERATE_VERIFY_MAC'), { MacAlgorithms: ['HMAC_SHA_224'] });
  });

  it('RSAES-OAEP plaintext limits are AWS\'s', () => {
    const limits: [number, string, number][] = [[2048, 'RSAES_OAEP_SHA_1', 214], [2048, 'RSAES_OAEP_SHA_256', 190], [3072, 'RSAES_OAEP_SHA_1', 342], [3072, 'RSAES_OAEP_SHA_256', 318], [4096, 'RSAES_OAEP_SHA_1', 470], [4096, 'RSAES_OAEP_SHA_256', 446]];
    for (const [bits, alg, max] of limits) assert.equal(oaepMaxPlaintext(bits, alg as never), max);
  });

  it('every data key pair spec but SM2 is served', () => {
    assert.deepEqual(DataKeyPairSpecValues.filter((s) => !DATA_KEY_PAIR_SPECS[s]), ['SM2']);
  });
});
