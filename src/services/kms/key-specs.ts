/**
 * What each KMS key spec is, as data (AWS's "Key spec reference" of the KMS developer guide): the
 * key usages it admits, the algorithms of each usage (as DescribeKey and GetPublicKey list them),
 * and what Rampart needs to make and use its key material (RSA modulus size, curve, HMAC key size,
 * hash of each algorithm). Checked against Node's crypto in key-specs.test.ts.
 *
 * Not served: SM2 (China Regions only), ML_DSA_44/65/87 (Node 20 has no ML-DSA) and the
 * ED25519_PH_SHA_512 algorithm of ECC_NIST_EDWARDS25519 keys (Node 20 has no Ed25519ph).
 */
import { CustomerMasterKeySpecValues, type CustomerMasterKeySpec, type DataKeyPairSpec, type EncryptionAlgorithmSpec, type KeyAgreementAlgorithmSpec, type KeySpec, type KeyUsageType, type MacAlgorithmSpec, type SigningAlgorithmSpec } from './api.generated.js';

export type Hash = 'sha256' | 'sha384' | 'sha512' | 'sha224';
export type Curve = 'P-256' | 'P-384' | 'P-521' | 'secp256k1';

export type KeyKind =
  | { readonly kind: 'symmetric' }
  | { readonly kind: 'rsa'; readonly bits: 2048 | 3072 | 4096 }
  | { readonly kind: 'ec'; readonly curve: Curve }
  | { readonly kind: 'ed25519' }
  | { readonly kind: 'hmac'; readonly bytes: number; readonly algorithm: MacAlgorithmSpec; readonly hash: Hash };

export interface SpecInfo {
  readonly key: KeyKind;
  /** The usages CreateKey accepts for this spec. */
  readonly usages: readonly KeyUsageType[];
  readonly signing?: readonly SigningAlgorithmSpec[];
  readonly encryption?: readonly EncryptionAlgorithmSpec[];
  readonly agreement?: readonly KeyAgreementAlgorithmSpec[];
}

const RSA_SIGNING: readonly SigningAlgorithmSpec[] = ['RSASSA_PSS_SHA_256', 'RSASSA_PSS_SHA_384', 'RSASSA_PSS_SHA_512', 'RSASSA_PKCS1_V1_5_SHA_256', 'RSASSA_PKCS1_V1_5_SHA_384', 'RSASSA_PKCS1_V1_5_SHA_512'];
const RSA_ENCRYPTION: readonly EncryptionAlgorithmSpec[] = ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256'];
const rsa = (bits: 2048 | 3072 | 4096): SpecInfo => ({ key: { kind: 'rsa', bits }, usages: ['ENCRYPT_DECRYPT', 'SIGN_VERIFY'], signing: RSA_SIGNING, encryption: RSA_ENCRYPTION });
const nist = (curve: Curve, alg: SigningAlgorithmSpec): SpecInfo => ({ key: { kind: 'ec', curve }, usages: ['SIGN_VERIFY', 'KEY_AGREEMENT'], signing: [alg], agreement: ['ECDH'] });
const hmac = (bytes: number, algorithm: MacAlgorithmSpec, hash: Hash): SpecInfo => ({ key: { kind: 'hmac', bytes, algorithm, hash }, usages: ['GENERATE_VERIFY_MAC'] });

/** The key specs Rampart serves. */
export const KEY_SPECS: Readonly<Partial<Record<KeySpec, SpecInfo>>> = {
  SYMMETRIC_DEFAULT: { key: { kind: 'symmetric' }, usages: ['ENCRYPT_DECRYPT'], encryption: ['SYMMETRIC_DEFAULT'] },
  RSA_2048: rsa(2048),
  RSA_3072: rsa(3072),
  RSA_4096: rsa(4096),
  ECC_NIST_P256: nist('P-256', 'ECDSA_SHA_256'),
  ECC_NIST_P384: nist('P-384', 'ECDSA_SHA_384'),
  ECC_NIST_P521: nist('P-521', 'ECDSA_SHA_512'),
  ECC_SECG_P256K1: { key: { kind: 'ec', curve: 'secp256k1' }, usages: ['SIGN_VERIFY'], signing: ['ECDSA_SHA_256'] },
  ECC_NIST_EDWARDS25519: { key: { kind: 'ed25519' }, usages: ['SIGN_VERIFY'], signing: ['ED25519_SHA_512'] },
  HMAC_224: hmac(28, 'HMAC_SHA_224', 'sha224'),
  HMAC_256: hmac(32, 'HMAC_SHA_256', 'sha256'),
  HMAC_384: hmac(48, 'HMAC_SHA_384', 'sha384'),
  HMAC_512: hmac(64, 'HMAC_SHA_512', 'sha512'),
};

/** Key specs AWS has that Rampart does not serve, and why (CreateKey answers UnsupportedOperationException). */
export const NOT_SERVED_SPECS: Readonly<Partial<Record<KeySpec, string>>> = {
  SM2: 'SM2 keys are available only in AWS China Regions',
  ML_DSA_44: 'Node.js 20 has no ML-DSA',
  ML_DSA_65: 'Node.js 20 has no ML-DSA',
  ML_DSA_87: 'Node.js 20 has no ML-DSA',
};

/** How each signing algorithm hashes and pads; `digest` is the length a DIGEST message must have. */
export interface SigningInfo {
  readonly hash: Hash;
  readonly digest: number;
  readonly scheme: 'pss' | 'pkcs1' | 'ecdsa' | 'ed25519';
}
export const SIGNING: Readonly<Partial<Record<SigningAlgorithmSpec, SigningInfo>>> = {
  RSASSA_PSS_SHA_256: { hash: 'sha256', digest: 32, scheme: 'pss' },
  RSASSA_PSS_SHA_384: { hash: 'sha384', digest: 48, scheme: 'pss' },
  RSASSA_PSS_SHA_512: { hash: 'sha512', digest: 64, scheme: 'pss' },
  RSASSA_PKCS1_V1_5_SHA_256: { hash: 'sha256', digest: 32, scheme: 'pkcs1' },
  RSASSA_PKCS1_V1_5_SHA_384: { hash: 'sha384', digest: 48, scheme: 'pkcs1' },
  RSASSA_PKCS1_V1_5_SHA_512: { hash: 'sha512', digest: 64, scheme: 'pkcs1' },
  ECDSA_SHA_256: { hash: 'sha256', digest: 32, scheme: 'ecdsa' },
  ECDSA_SHA_384: { hash: 'sha384', digest: 48, scheme: 'ecdsa' },
  ECDSA_SHA_512: { hash: 'sha512', digest: 64, scheme: 'ecdsa' },
  ED25519_SHA_512: { hash: 'sha512', digest: 64, scheme: 'ed25519' },
};

/** RSAES-OAEP: the hash of OAEP and MGF1. */
export const OAEP_HASH: Readonly<Partial<Record<EncryptionAlgorithmSpec, 'sha1' | 'sha256'>>> = { RSAES_OAEP_SHA_1: 'sha1', RSAES_OAEP_SHA_256: 'sha256' };

/** The largest plaintext RSAES-OAEP takes: k − 2·hLen − 2 bytes (RSA_2048: 214 / 190, RSA_3072: 342 / 318, RSA_4096: 470 / 446, as AWS lists). */
export function oaepMaxPlaintext(bits: number, alg: EncryptionAlgorithmSpec): number {
  const hLen = OAEP_HASH[alg] === 'sha1' ? 20 : 32;
  return bits / 8 - 2 * hLen - 2;
}

/** The data key pair specs GenerateDataKeyPair serves (SM2: China Regions only). */
export const DATA_KEY_PAIR_SPECS: Readonly<Partial<Record<DataKeyPairSpec, KeySpec>>> = {
  RSA_2048: 'RSA_2048',
  RSA_3072: 'RSA_3072',
  RSA_4096: 'RSA_4096',
  ECC_NIST_P256: 'ECC_NIST_P256',
  ECC_NIST_P384: 'ECC_NIST_P384',
  ECC_NIST_P521: 'ECC_NIST_P521',
  ECC_SECG_P256K1: 'ECC_SECG_P256K1',
  ECC_NIST_EDWARDS25519: 'ECC_NIST_EDWARDS25519',
};

/** The algorithm lists of KeyMetadata (DescribeKey, CreateKey) for a key of this spec and usage, as AWS lists them. */
export function algorithmsOf(spec: KeySpec, usage: KeyUsageType): { EncryptionAlgorithms?: EncryptionAlgorithmSpec[]; SigningAlgorithms?: SigningAlgorithmSpec[]; MacAlgorithms?: MacAlgorithmSpec[]; KeyAgreementAlgorithms?: KeyAgreementAlgorithmSpec[] } {
  const info = KEY_SPECS[spec];
  if (!info) return {};
  if (usage === 'ENCRYPT_DECRYPT' && info.encryption) return { EncryptionAlgorithms: [...info.encryption] };
  if (usage === 'SIGN_VERIFY' && info.signing) return { SigningAlgorithms: [...info.signing] };
  if (usage === 'KEY_AGREEMENT' && info.agreement) return { KeyAgreementAlgorithms: [...info.agreement] };
  if (usage === 'GENERATE_VERIFY_MAC' && info.key.kind === 'hmac') return { MacAlgorithms: [info.key.algorithm] };
  return {};
}

/** The deprecated CustomerMasterKeySpec member, for the specs it has a value for (none for specs added since: ECC_NIST_EDWARDS25519, ML-DSA). */
export function customerMasterKeySpec(spec: KeySpec): { CustomerMasterKeySpec?: CustomerMasterKeySpec } {
  return (CustomerMasterKeySpecValues as readonly string[]).includes(spec) ? { CustomerMasterKeySpec: spec as CustomerMasterKeySpec } : {};
}
