/**
 * Errors of the asymmetric, HMAC and key agreement operations, worded as AWS answers them. Texts
 * marked (unconfirmed) follow recordings of other emulators (local-kms, floci) where AWS's
 * documentation gives none.
 */
import { InvalidCiphertextException, InvalidKeyUsageException, KMSInvalidMacException, KMSInvalidSignatureException, UnsupportedOperationException } from './api.generated.js';
import { validation } from './errors.js';

/** `<arn> key usage is SIGN_VERIFY which is not valid for Encrypt.` (AWS's text, recorded in jwt-kms#4). */
export const wrongUsage = (arn: string, usage: string, op: string) => new InvalidKeyUsageException(`${arn} key usage is ${usage} which is not valid for ${op}.`);
/** An algorithm of another key spec. (unconfirmed: local-kms) */
export const wrongAlgorithm = (alg: string, spec: string) => new InvalidKeyUsageException(`Algorithm ${alg} is incompatible with key spec ${spec}.`);
/** An encryption algorithm the key does not have (as crypto.ts words it for symmetric keys). (unconfirmed) */
export const wrongEncryptionAlgorithm = (alg: string, arn: string) => new InvalidKeyUsageException(`The encryption algorithm ${alg} is not compatible with the KMS key ${arn}.`);
/** A key spec that cannot do the operation although its usage is ENCRYPT_DECRYPT (RSA keys and GenerateDataKey*). (unconfirmed) */
export const wrongSpec = (arn: string, spec: string, op: string) => new InvalidKeyUsageException(`${arn} key spec is ${spec} which is not valid for ${op}.`);
/** DIGEST of the wrong length (AWS's text, probed against AWS by others). */
export const digestLength = (alg: string) => validation(`Digest is invalid length for algorithm ${alg}.`);
/** (unconfirmed: floci) */
export const messageTypeForAlgorithm = (type: string, alg: string) => validation(`Message type ${type} is incompatible with algorithm ${alg}.`);
/** AWS returns KMSInvalidSignatureException without a text. */
export const invalidSignature = () => new KMSInvalidSignatureException('');
/** AWS returns KMSInvalidMacException without a text. */
export const invalidMac = () => new KMSInvalidMacException('');
/** (unconfirmed) */
export const plaintextTooLong = (alg: string, spec: string, max: number) => validation(`Plaintext is too long: ${alg} with key spec ${spec} encrypts at most ${max} bytes.`);
/** (unconfirmed) */
export const contextNotSupported = () => validation('EncryptionContext is not supported with asymmetric KMS keys.');
/** Decrypt of an RSA ciphertext needs EncryptionAlgorithm. (unconfirmed) */
export const algorithmRequired = (arn: string) => new InvalidKeyUsageException(`The encryption algorithm SYMMETRIC_DEFAULT is not compatible with the KMS key ${arn}.`);
/** GetPublicKey of a symmetric or HMAC key. (unconfirmed) */
export const noPublicKey = (arn: string) => new UnsupportedOperationException(`${arn} is not an asymmetric KMS key: it has no public key.`);
/** DeriveSharedSecret with a PublicKey that is not a DER SubjectPublicKeyInfo of the key's curve. (unconfirmed) */
export const badPublicKey = (spec: string) => validation(`PublicKey must be a DER-encoded X.509 SubjectPublicKeyInfo of key spec ${spec}.`);
export const notServedSpec = (what: string, why: string) => new UnsupportedOperationException(`${what} is not supported by Rampart: ${why}.`);
export const invalidCiphertext = () => new InvalidCiphertextException('');
